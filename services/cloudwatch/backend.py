"""CloudWatch for one account in one region: metric data and its statistics, metric math,
metric listing, metric alarms with their evaluation, history and actions, and tags."""
from __future__ import annotations

import base64

from iamulator.services.base import Service
from iamulator.services.cloudwatch import alarms, clock, history, metricdata, notify, query
from iamulator.services.cloudwatch.errors import (bad_token, bad_value, exclusive, invalid_value, missing,
                                                  validation)
from iamulator.services.cloudwatch.metrics import Sample, Series, dims_key
from iamulator.services.cloudwatch.putdata import check_dimensions, check_request
from iamulator.services.errors import AWSError
from iamulator.services.locks import released

LIST_METRICS_PAGE = 500
RECENT = 3 * 3_600
LISTED_FOR = 14 * 86_400
MAX_TAGS = 50


def _page_token(position: int) -> str:
    return base64.urlsafe_b64encode(f"from:{position}".encode()).decode()


def _page(items: list, limit: int, token: str | None) -> tuple[list, str | None]:
    start = 0
    if token:
        try:
            kind, value = base64.urlsafe_b64decode(token.encode()).decode().split(":")
            if kind != "from":
                raise ValueError(kind)
            start = int(value)
        except (ValueError, UnicodeDecodeError):
            raise bad_token() from None
    chosen = items[start:start + limit]
    return chosen, (_page_token(start + limit) if start + limit < len(items) else None)


class Backend(Service):
    name = "cloudwatch"

    def __init__(self, account_id: str, region: str, store=None):
        super().__init__(account_id, region, store)
        self.series: dict[tuple, Series] = {}
        self.alarms: dict[str, alarms.Alarm] = {}
        self.history: list[history.HistoryItem] = []
        self.tags: dict[str, dict[str, str]] = {}     # alarm ARN -> tags

    # -- metric data ------------------------------------------------------------------------
    def put_metric_data(self, ctx, params) -> dict:
        now = clock.now()
        checked = check_request(params, now)
        namespace = params["Namespace"]
        touched = set()
        for datum, sample in checked:
            key = (namespace, datum["MetricName"], dims_key(datum.get("Dimensions")))
            self._store(key, sample, now)
            touched.add(key)
        self._evaluate_watching(ctx, touched, now)
        return {}

    def _store(self, key: tuple, sample: Sample, now: float) -> None:
        series = self.series.get(key)
        if series is None:
            series = self.series[key] = Series(*key)
        series.add(sample, now)

    def record_points(self, points: list[dict]) -> None:
        """Data points other services publish (CloudWatch Logs metric filters), already valid."""
        now = clock.now()
        touched = set()
        for p in points:
            key = (p["namespace"], p["name"], tuple(sorted(p["dimensions"].items())))
            self._store(key, Sample(p["timestamp"] / 1000, p.get("unit") or "None", 60,
                                    values=[(float(p["value"]), 1.0)]), now)
            touched.add(key)
        self._evaluate_watching(None, touched, now)

    def get_metric_statistics(self, ctx, params) -> dict:
        return query.get_metric_statistics(self.series, params, clock.now())

    def get_metric_data(self, ctx, params) -> dict:
        return metricdata.get_metric_data(self.series, params, clock.now())

    def list_metrics(self, ctx, params) -> dict:
        now = clock.now()
        filters = params.get("Dimensions") or []
        if len(filters) > 10:
            raise invalid_value("The collection Dimensions must not contain more than 10 items.")
        recent = params.get("RecentlyActive")
        if recent is not None and recent != "PT3H":
            raise bad_value(recent, "RecentlyActive")
        found = []
        for key in sorted(self.series):
            series = self.series[key]
            namespace, name, dims = key
            if params.get("Namespace") is not None and namespace != params["Namespace"]:
                continue
            if params.get("MetricName") is not None and name != params["MetricName"]:
                continue
            if now - series.last_put > (RECENT if recent else LISTED_FOR):
                continue
            as_dict = dict(dims)
            if any(f["Name"] not in as_dict or (f.get("Value") is not None and as_dict[f["Name"]] != f["Value"])
                   for f in filters):
                continue
            found.append(series.metric())
        chosen, token = _page(found, LIST_METRICS_PAGE, params.get("NextToken"))
        out = {"Metrics": chosen}
        if token:
            out["NextToken"] = token
        if params.get("IncludeLinkedAccounts"):
            out["OwningAccounts"] = [self.account_id] * len(chosen)
        return out

    # -- alarms ---------------------------------------------------------------------------
    def put_metric_alarm(self, ctx, params) -> dict:
        checked = alarms.check(params)
        tags = params.get("Tags") or []
        now = clock.now()
        alarm = self.alarms.get(checked["AlarmName"])
        created = alarm is None
        if created:
            alarm = alarms.Alarm(self.region, self.account_id, checked, now)
            self.alarms[alarm.name] = alarm
        else:
            alarm.reconfigure(checked, now)
        if tags:
            self._add_tags(alarm.arn, tags)
        self.history.append(history.configuration(alarm, created, now))
        pending = []
        self._evaluate(alarm, now, pending)
        self._deliver(ctx, pending)
        return {}

    def _evaluate_watching(self, ctx, keys: set, now: float) -> None:
        pending = []
        for alarm in self.alarms.values():
            if any(alarm.watches(*key) for key in keys):
                self._evaluate(alarm, now, pending)
        self._deliver(ctx, pending)

    def _alarm_values(self, alarm: alarms.Alarm, now: float) -> dict:
        start, end = alarms.evaluation_window(alarm, now)
        c = alarm.config
        if c.get("MetricName"):
            series = self.series.get((c["Namespace"], c["MetricName"], dims_key(c.get("Dimensions"))))
            stat = c.get("Statistic") or c.get("ExtendedStatistic")
            return query.stat_series(series, stat, start, end, c["Period"], now, c.get("Unit"))
        queries = [dict(q) for q in c["Metrics"]]
        metricdata.check_queries(queries, "Metrics")
        results, _, _ = metricdata.evaluate(self.series, queries, start, end, now)
        (returning,) = [q for q in queries if q.get("ReturnData", True)]
        return results[returning["Id"]]

    def _evaluate(self, alarm: alarms.Alarm, now: float, pending: list) -> None:
        outcome = alarms.evaluate(alarm, self._alarm_values(alarm, now), now)
        if outcome is not None:
            self._set_state(alarm, *outcome, now, pending)

    def _set_state(self, alarm: alarms.Alarm, state: str, reason: str, data, now: float, pending: list) -> None:
        old = (alarm.state, alarm.reason, alarm.reason_data)
        alarm.state_updated = now
        if state == alarm.state:
            return
        alarm.state, alarm.reason, alarm.reason_data = state, reason, data
        alarm.transitioned = now
        self.history.append(history.state(alarm, old, now))
        if alarm.actions_enabled:
            actions = alarm.actions(state)
            if actions:
                subject, text = notify.message(alarm, old[0], self.account_id, self.region)
                pending.extend((alarm, arn, subject, text) for arn in actions)

    def _deliver(self, ctx, pending: list) -> None:
        if not pending:
            return
        outcomes = []
        with released(self.lock):
            for alarm, arn, subject, text in pending:
                outcomes.append((alarm, arn, notify.send(self.store, getattr(ctx, "request", None), arn, subject,
                                                         text)))
        now = clock.now()
        for alarm, arn, outcome in outcomes:
            self.history.append(history.action(alarm, arn, outcome, now))

    def describe_alarms(self, ctx, params) -> dict:
        names = params.get("AlarmNames")
        prefix = params.get("AlarmNamePrefix")
        if names and prefix is not None:
            raise exclusive("AlarmNames", "AlarmNamePrefix")
        limit = params.get("MaxRecords") or 50
        if not 1 <= limit <= 100:
            raise bad_value(limit, "MaxRecords")
        types = params.get("AlarmTypes") or ["MetricAlarm"]
        for kind in types:
            if kind not in ("MetricAlarm", "CompositeAlarm"):
                raise bad_value(kind, "AlarmTypes")
        state = params.get("StateValue")
        if state is not None and state not in ("OK", "ALARM", "INSUFFICIENT_DATA"):
            raise bad_value(state, "StateValue")
        action_prefix = params.get("ActionPrefix")
        related = params.get("ChildrenOfAlarmName") or params.get("ParentsOfAlarmName")
        found = []
        if "MetricAlarm" in types and not related:
            for name in sorted(self.alarms):
                alarm = self.alarms[name]
                if names and name not in names:
                    continue
                if prefix is not None and not name.startswith(prefix):
                    continue
                if state is not None and alarm.state != state:
                    continue
                if action_prefix is not None and not any(
                        a.startswith(action_prefix) for s in ("OK", "ALARM", "INSUFFICIENT_DATA")
                        for a in alarm.actions(s)):
                    continue
                found.append(alarm)
        chosen, token = _page(found, limit, params.get("NextToken"))
        out = {"MetricAlarms": [a.describe() for a in chosen], "CompositeAlarms": []}
        if token:
            out["NextToken"] = token
        return out

    def describe_alarms_for_metric(self, ctx, params) -> dict:
        for name in ("MetricName", "Namespace"):
            if not params.get(name):
                raise missing(name)
        dimensions = params.get("Dimensions")
        if dimensions is not None:
            check_dimensions(dimensions, "Dimensions")
        found = []
        for name in sorted(self.alarms):
            c = self.alarms[name].config
            if c.get("MetricName") != params["MetricName"] or c.get("Namespace") != params["Namespace"]:
                continue
            if dimensions is not None and dims_key(c.get("Dimensions")) != dims_key(dimensions):
                continue
            if any(params.get(k) is not None and c.get(k) != params[k]
                   for k in ("Statistic", "ExtendedStatistic", "Period", "Unit")):
                continue
            found.append(self.alarms[name].describe())
        return {"MetricAlarms": found}

    def delete_alarms(self, ctx, params) -> dict:
        names = params.get("AlarmNames")
        if names is None:
            raise missing("AlarmNames")
        if len(names) > 100:
            raise invalid_value("The collection AlarmNames must not contain more than 100 items.")
        unknown = []
        for name in names:
            alarm = self.alarms.pop(name, None)
            if alarm is None:
                unknown.append(name)
            else:
                self.tags.pop(alarm.arn, None)
        if unknown:
            raise AWSError("ResourceNotFound", f"Alarm(s) not found: {', '.join(unknown)}")
        return {}

    def set_alarm_state(self, ctx, params) -> dict:
        for name in ("AlarmName", "StateValue", "StateReason"):
            if params.get(name) is None:
                raise missing(name)
        alarm = self.alarms.get(params["AlarmName"])
        if alarm is None:
            raise AWSError("ResourceNotFound", f"Alarm {params['AlarmName']} not found")
        state = params["StateValue"]
        if state not in ("OK", "ALARM", "INSUFFICIENT_DATA"):
            raise bad_value(state, "StateValue")
        data = params.get("StateReasonData")
        if data is not None:
            import json
            try:
                json.loads(data)
            except ValueError:
                raise AWSError("InvalidFormatFault", "Data was not syntactically valid JSON") from None
        now = clock.now()
        pending = []
        old_state = alarm.state
        self._set_state(alarm, state, params["StateReason"], data, now, pending)
        if old_state == state:
            # The same state again still records why it was set.
            alarm.reason, alarm.reason_data = params["StateReason"], data
        self._deliver(ctx, pending)
        return {}

    def enable_alarm_actions(self, ctx, params) -> dict:
        return self._set_actions(params, True)

    def disable_alarm_actions(self, ctx, params) -> dict:
        return self._set_actions(params, False)

    def _set_actions(self, params: dict, enabled: bool) -> dict:
        names = params.get("AlarmNames")
        if names is None:
            raise missing("AlarmNames")
        if len(names) > 100:
            raise invalid_value("The collection AlarmNames must not contain more than 100 items.")
        for name in names:
            alarm = self.alarms.get(name)
            if alarm is not None:
                alarm.actions_enabled = enabled
        return {}

    def describe_alarm_history(self, ctx, params) -> dict:
        from iamulator.services.cloudwatch.putdata import epoch

        limit = params.get("MaxRecords") or 100
        if not 1 <= limit <= 100:
            raise bad_value(limit, "MaxRecords")
        kind = params.get("HistoryItemType")
        if kind is not None and kind not in ("ConfigurationUpdate", "StateUpdate", "Action"):
            if kind in ("AlarmContributorStateUpdate", "AlarmContributorAction"):
                return {"AlarmHistoryItems": []}
            raise bad_value(kind, "HistoryItemType")
        types = params.get("AlarmTypes") or ["MetricAlarm"]
        scan = params.get("ScanBy") or "TimestampDescending"
        if scan not in ("TimestampDescending", "TimestampAscending"):
            raise bad_value(scan, "ScanBy")
        start = epoch(params["StartDate"]) if params.get("StartDate") is not None else None
        end = epoch(params["EndDate"]) if params.get("EndDate") is not None else None
        items = [h for h in self.history
                 if "MetricAlarm" in types
                 and (params.get("AlarmName") is None or h.alarm == params["AlarmName"])
                 and (kind is None or h.kind == kind)
                 and (start is None or h.timestamp >= start)
                 and (end is None or h.timestamp <= end)]
        if scan == "TimestampDescending":
            items = items[::-1]
        chosen, token = _page(items, limit, params.get("NextToken"))
        out = {"AlarmHistoryItems": [h.describe() for h in chosen]}
        if token:
            out["NextToken"] = token
        return out

    # -- tags -------------------------------------------------------------------------------
    def _tagged(self, arn: str) -> str:
        if not arn:
            raise missing("ResourceARN")
        parts = arn.split(":", 6)
        if len(parts) < 7 or parts[0] != "arn" or parts[2] != "cloudwatch":
            raise bad_value(arn, "ResourceARN")
        if parts[5] == "alarm" and parts[3] == self.region and parts[4] == self.account_id \
                and parts[6] in self.alarms:
            return arn
        raise AWSError("ResourceNotFoundException", "The named resource does not exist.",
                       ResourceType=parts[5], ResourceId=parts[6])

    def _add_tags(self, arn: str, tags: list) -> None:
        current = self.tags.setdefault(arn, {})
        merged = dict(current)
        for tag in tags:
            if tag["Key"].startswith("aws:"):
                raise bad_value(tag["Key"], "Tags.Key")
            merged[tag["Key"]] = tag["Value"]
        if len(merged) > MAX_TAGS:
            raise validation(f"The number of tags on the resource must not exceed {MAX_TAGS}.")
        self.tags[arn] = merged

    def tag_resource(self, ctx, params) -> dict:
        arn = self._tagged(params.get("ResourceARN"))
        tags = params.get("Tags")
        if tags is None:
            raise missing("Tags")
        self._add_tags(arn, tags)
        return {}

    def untag_resource(self, ctx, params) -> dict:
        arn = self._tagged(params.get("ResourceARN"))
        for key in params.get("TagKeys") or ():
            self.tags.get(arn, {}).pop(key, None)
        return {}

    def list_tags_for_resource(self, ctx, params) -> dict:
        arn = self._tagged(params.get("ResourceARN"))
        return {"Tags": [{"Key": k, "Value": v} for k, v in self.tags.get(arn, {}).items()]}
