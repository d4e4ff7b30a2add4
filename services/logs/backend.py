"""CloudWatch Logs for one account in one region: log groups, streams, events, filters, tags
and resource policies."""
from __future__ import annotations

import itertools

from iamulator.services.base import Service
from iamulator.services.errors import AWSError
from iamulator.services.logs import clock, filters, ingest, policies, reading, tagging
from iamulator.services.logs.errors import constraint, group_not_found, invalid, stream_not_found
from iamulator.services.logs.groups import LogGroup, LogStream
from iamulator.services.logs.names import check_group_name, check_stream_name, group_from_identifier, group_param
from iamulator.services.logs.pagination import check_limit, page

RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
                  2922, 3288, 3653)
_RETENTION_SET = frozenset(RETENTION_DAYS)
_RETENTION_TEXT = "[" + ", ".join(map(str, RETENTION_DAYS)) + "]"


class Backend(Service):
    name = "logs"

    def __init__(self, account_id: str, region: str, store=None):
        super().__init__(account_id, region, store)
        self.groups: dict[str, LogGroup] = {}
        self.policies: dict[tuple, dict] = {}
        self._seq = itertools.count(1)

    # -- lookups ------------------------------------------------------------------------
    def group(self, name: str) -> LogGroup:
        group = self.groups.get(name)
        if group is None:
            raise group_not_found()
        return group

    def _named_group(self, params: dict) -> LogGroup:
        return self.group(group_param(params, self.account_id))

    def _stream(self, group: LogGroup, name: str) -> LogStream:
        stream = group.streams.get(name)
        if stream is None:
            raise stream_not_found()
        return stream

    def _group_by_arn(self, arn: str) -> LogGroup:
        if not arn.startswith("arn:"):
            raise invalid(f"Invalid resourceArn: {arn}")
        parts = arn.split(":", 6)
        if len(parts) < 7 or parts[2] != "logs" or parts[5] not in ("log-group", "destination"):
            raise invalid(f"Invalid resourceArn: {arn}")
        if parts[5] == "destination" or parts[3] != self.region:
            raise AWSError("ResourceNotFoundException", "The specified resource does not exist.")
        return self.group(group_from_identifier(arn, self.account_id))

    # -- log groups -----------------------------------------------------------------------
    def create_log_group(self, ctx, params) -> dict:
        name = check_group_name(params.get("logGroupName"))
        if name.startswith("aws/"):
            raise invalid("Log group names can't start with the string aws/.")
        if name in self.groups:
            raise AWSError("ResourceAlreadyExistsException", "The specified log group already exists")
        tags = params.get("tags") or {}
        group = LogGroup(name, self.account_id, self.region, kms_key_id=params.get("kmsKeyId"),
                         log_group_class=params.get("logGroupClass"),
                         deletion_protection=params.get("deletionProtectionEnabled"))
        tagging.add(group.tags, tags)
        self.groups[name] = group
        return {}

    def ensure_group(self, name: str) -> LogGroup:
        """The group, created as the service creates groups on other services' behalf."""
        group = self.groups.get(name)
        if group is None:
            group = self.groups[name] = LogGroup(name, self.account_id, self.region)
        return group

    def delete_log_group(self, ctx, params) -> dict:
        group = self.group(check_group_name(params.get("logGroupName")))
        if group.deletion_protection:
            raise AWSError("ValidationException",
                           "Cannot delete log group with deletion protection enabled. Disable deletion protection first.")
        del self.groups[group.name]
        for key in [k for k in self.policies if k[0] == group.arn]:
            del self.policies[key]
        return {}

    def put_log_group_deletion_protection(self, ctx, params) -> dict:
        name = group_from_identifier(params.get("logGroupIdentifier") or "", self.account_id)
        self.group(name).deletion_protection = bool(params.get("deletionProtectionEnabled"))
        return {}

    def describe_log_groups(self, ctx, params) -> dict:
        prefix = params.get("logGroupNamePrefix")
        pattern = params.get("logGroupNamePattern")
        identifiers = params.get("logGroupIdentifiers")
        if prefix is not None and pattern is not None:
            raise invalid("LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.")
        if identifiers and (prefix is not None or pattern is not None):
            raise invalid("LogGroupIdentifiers and LogGroupNamePrefix/LogGroupNamePattern are mutually "
                          "exclusive parameters.")
        limit = check_limit(params.get("limit"))
        groups = sorted(self.groups.values(), key=lambda g: g.name)
        if prefix is not None:
            groups = [g for g in groups if g.name.startswith(prefix)]
        elif pattern:
            groups = [g for g in groups if pattern in g.name]
        elif identifiers:
            wanted = {group_from_identifier(i, self.account_id) if i.startswith("arn:") else i
                      for i in identifiers}
            groups = [g for g in groups if g.name in wanted]
        if params.get("logGroupClass"):
            groups = [g for g in groups if g.log_group_class == params["logGroupClass"]]
        chosen, token = page(groups, lambda g: g.name, limit, params.get("nextToken"))
        out = {"logGroups": [g.describe(brief=pattern is not None) for g in chosen]}
        if token:
            out["nextToken"] = token
        return out

    def list_log_groups(self, ctx, params) -> dict:
        pattern = params.get("logGroupNamePattern")
        limit = check_limit(params.get("limit"), high=1000)
        groups = sorted(self.groups.values(), key=lambda g: g.name)
        if pattern:
            groups = [g for g in groups if pattern in g.name]
        if params.get("logGroupClass"):
            groups = [g for g in groups if g.log_group_class == params["logGroupClass"]]
        chosen, token = page(groups, lambda g: g.name, limit, params.get("nextToken"))
        out = {"logGroups": [{"logGroupName": g.name, "logGroupArn": g.arn, "logGroupClass": g.log_group_class}
                             for g in chosen]}
        if token:
            out["nextToken"] = token
        return out

    # -- retention ---------------------------------------------------------------------------
    def put_retention_policy(self, ctx, params) -> dict:
        days = params.get("retentionInDays")
        if days not in _RETENTION_SET:
            raise constraint(days, "retentionInDays", f"satisfy enum value set: {_RETENTION_TEXT}")
        self.group(check_group_name(params.get("logGroupName"))).retention = days
        return {}

    def delete_retention_policy(self, ctx, params) -> dict:
        self.group(check_group_name(params.get("logGroupName"))).retention = None
        return {}

    # -- log streams ------------------------------------------------------------------------
    def create_log_stream(self, ctx, params) -> dict:
        group = self.group(check_group_name(params.get("logGroupName")))
        name = check_stream_name(params.get("logStreamName"))
        if name in group.streams:
            raise AWSError("ResourceAlreadyExistsException", "The specified log stream already exists")
        group.streams[name] = LogStream(group, name)
        return {}

    def delete_log_stream(self, ctx, params) -> dict:
        group = self.group(check_group_name(params.get("logGroupName")))
        stream = self._stream(group, check_stream_name(params.get("logStreamName")))
        del group.streams[stream.name]
        return {}

    def describe_log_streams(self, ctx, params) -> dict:
        group = self._named_group(params)
        order = params.get("orderBy") or "LogStreamName"
        prefix = params.get("logStreamNamePrefix")
        if order == "LastEventTime" and prefix is not None:
            raise invalid("Cannot order by LastEventTime with a logStreamNamePrefix.")
        limit = check_limit(params.get("limit"))
        descending = bool(params.get("descending"))
        streams = [s for s in group.streams.values() if prefix is None or s.name.startswith(prefix)]
        now = clock.millis()
        if order == "LastEventTime":
            def key(s):
                events = s.live_events(now)
                return f"{events[-1].timestamp if events else 0:020d}|{s.name}"
        else:
            def key(s):
                return s.name
        streams.sort(key=key, reverse=descending)
        chosen, token = page(streams, key, limit, params.get("nextToken"), descending)
        out = {"logStreams": [self._describe_stream(s, now) for s in chosen]}
        if token:
            out["nextToken"] = token
        return out

    @staticmethod
    def _describe_stream(stream: LogStream, now: int) -> dict:
        out = {"logStreamName": stream.name, "creationTime": stream.created, "arn": stream.arn,
               "storedBytes": 0}
        events = stream.live_events(now)
        if events:
            out["firstEventTimestamp"] = events[0].timestamp
            out["lastEventTimestamp"] = events[-1].timestamp
        if stream.last_ingestion is not None:
            out["lastIngestionTime"] = stream.last_ingestion
            out["uploadSequenceToken"] = stream.upload_token
        return out

    # -- events -------------------------------------------------------------------------------
    def put_log_events(self, ctx, params) -> dict:
        group = self.group(check_group_name(params.get("logGroupName")))
        stream = self._stream(group, check_stream_name(params.get("logStreamName")))
        events = params.get("logEvents") or []
        ingest.check_batch(events)
        # The sequence token is accepted and ignored, as the service now does.
        result, stored = ingest.put(stream, events, clock.millis(), self.next_seq)
        if stored and group.metric_filters:
            self._publish_metrics(ctx, filters.metric_points(group, stored))
        return result

    def next_seq(self) -> int:
        return next(self._seq)

    def _publish_metrics(self, ctx, points: list) -> None:
        if not points or self.store is None:
            return
        from iamulator.services import registry
        if not registry.is_shipped("cloudwatch"):
            return
        cloudwatch = self.store.backend("cloudwatch", self.account_id, self.region)
        record = getattr(cloudwatch, "record_points", None)
        if record is not None:
            with cloudwatch.lock:
                record(points)

    def get_log_events(self, ctx, params) -> dict:
        group = self._named_group(params)
        stream = self._stream(group, check_stream_name(params.get("logStreamName")))
        return reading.get_events(stream, params, clock.millis())

    def filter_log_events(self, ctx, params) -> dict:
        group = self._named_group(params)
        if params.get("limit") is not None:
            check_limit(params["limit"], high=reading.DEFAULT_LIMIT)
        return reading.filter_events(group, params, clock.millis())

    # -- subscription filters ------------------------------------------------------------
    def put_subscription_filter(self, ctx, params) -> dict:
        filters.put_subscription(self.group(check_group_name(params.get("logGroupName"))), params)
        return {}

    def describe_subscription_filters(self, ctx, params) -> dict:
        group = self.group(check_group_name(params.get("logGroupName")))
        prefix = params.get("filterNamePrefix") or ""
        limit = check_limit(params.get("limit"))
        items = sorted((f for n, f in group.subscription_filters.items() if n.startswith(prefix)),
                       key=lambda f: f["filterName"])
        chosen, token = page(items, lambda f: f["filterName"], limit, params.get("nextToken"))
        out = {"subscriptionFilters": [dict(f) for f in chosen]}
        if token:
            out["nextToken"] = token
        return out

    def delete_subscription_filter(self, ctx, params) -> dict:
        group = self.group(check_group_name(params.get("logGroupName")))
        if group.subscription_filters.pop(params.get("filterName"), None) is None:
            raise AWSError("ResourceNotFoundException", "The specified subscription filter does not exist.")
        return {}

    # -- metric filters ----------------------------------------------------------------------
    def put_metric_filter(self, ctx, params) -> dict:
        filters.put_metric(self.group(check_group_name(params.get("logGroupName"))), params)
        return {}

    def describe_metric_filters(self, ctx, params) -> dict:
        name = params.get("logGroupName")
        prefix = params.get("filterNamePrefix")
        metric_name = params.get("metricName")
        namespace = params.get("metricNamespace")
        if prefix is not None and name is None:
            raise invalid("If you specify filterNamePrefix, you must also specify logGroupName.")
        if (metric_name is None) != (namespace is None):
            raise invalid("If you specify metricName or metricNamespace, you must specify both.")
        limit = check_limit(params.get("limit"))
        groups = [self.group(check_group_name(name))] if name is not None else \
            sorted(self.groups.values(), key=lambda g: g.name)
        items = []
        for group in groups:
            for f in sorted(group.metric_filters.values(), key=lambda f: f["filterName"]):
                if prefix is not None and not f["filterName"].startswith(prefix):
                    continue
                t = f["metricTransformations"][0]
                if metric_name is not None and (t["metricName"], t["metricNamespace"]) != (metric_name, namespace):
                    continue
                items.append(f)
        chosen, token = page(items, lambda f: f"{f['logGroupName']}\x00{f['filterName']}", limit,
                             params.get("nextToken"))
        out = {"metricFilters": [dict(f) for f in chosen]}
        if token:
            out["nextToken"] = token
        return out

    def delete_metric_filter(self, ctx, params) -> dict:
        group = self.group(check_group_name(params.get("logGroupName")))
        if group.metric_filters.pop(params.get("filterName"), None) is None:
            raise AWSError("ResourceNotFoundException", "The specified metric filter does not exist.")
        return {}

    def test_metric_filter(self, ctx, params) -> dict:
        messages = params.get("logEventMessages") or []
        if not 1 <= len(messages) <= 50:
            raise constraint("[...]", "logEventMessages", "have length less than or equal to 50"
                             if messages else "have length greater than or equal to 1")
        return {"matches": filters.test_metric_filter(params.get("filterPattern"), messages)}

    # -- tags ----------------------------------------------------------------------------------
    def tag_resource(self, ctx, params) -> dict:
        tagging.add(self._group_by_arn(params.get("resourceArn") or "").tags, params.get("tags") or {})
        return {}

    def untag_resource(self, ctx, params) -> dict:
        tagging.remove(self._group_by_arn(params.get("resourceArn") or "").tags, params.get("tagKeys"))
        return {}

    def list_tags_for_resource(self, ctx, params) -> dict:
        return {"tags": dict(self._group_by_arn(params.get("resourceArn") or "").tags)}

    def tag_log_group(self, ctx, params) -> dict:
        tagging.add(self.group(check_group_name(params.get("logGroupName"))).tags, params.get("tags") or {})
        return {}

    def untag_log_group(self, ctx, params) -> dict:
        tagging.remove(self.group(check_group_name(params.get("logGroupName"))).tags, params.get("tags"))
        return {}

    def list_tags_log_group(self, ctx, params) -> dict:
        return {"tags": dict(self.group(check_group_name(params.get("logGroupName"))).tags)}

    # -- resource policies --------------------------------------------------------------------
    def put_resource_policy(self, ctx, params) -> dict:
        return policies.put(self.policies, params, {g.arn for g in self.groups.values()})

    def describe_resource_policies(self, ctx, params) -> dict:
        limit = check_limit(params.get("limit"))
        items = policies.describe(self.policies, params)
        chosen, token = page(items, lambda p: f"{p.get('resourceArn', '')}\x00{p['policyName']}", limit,
                             params.get("nextToken"))
        out = {"resourcePolicies": chosen}
        if token:
            out["nextToken"] = token
        return out

    def delete_resource_policy(self, ctx, params) -> dict:
        policies.delete(self.policies, params)
        return {}
