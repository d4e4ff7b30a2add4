"""Metric alarms: PutMetricAlarm's validation, the stored alarm, and its evaluation against the
metric data (single-metric alarms and metric-math alarms alike).

Evaluation looks at the ``EvaluationPeriods`` periods ending with the one in progress now, so an
alarm reacts to data as soon as it is put. A period without data is treated as
``TreatMissingData`` says: ``missing`` (the default) and ``ignore`` judge on the periods that have
data (all missing: INSUFFICIENT_DATA, or the current state for ``ignore``), ``breaching`` and
``notBreaching`` count them as such. ALARM needs ``DatapointsToAlarm`` breaching periods (or all
of the periods with data when fewer exist); otherwise the alarm is OK.
"""
from __future__ import annotations

import datetime
import json
import math

from iamulator.services.cloudwatch import statistics
from iamulator.services.cloudwatch.errors import bad_value, combination, exclusive, invalid_value, missing, validation
from iamulator.services.cloudwatch.metrics import dims_key
from iamulator.services.cloudwatch.names import alarm_arn
from iamulator.services.cloudwatch.putdata import check_dimensions
from iamulator.services.errors import AWSError

OPERATORS = {
    "GreaterThanOrEqualToThreshold": (lambda v, t: v >= t, "greater than or equal to"),
    "GreaterThanThreshold": (lambda v, t: v > t, "greater than"),
    "LessThanThreshold": (lambda v, t: v < t, "less than"),
    "LessThanOrEqualToThreshold": (lambda v, t: v <= t, "less than or equal to"),
}
ANOMALY_OPERATORS = ("LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold",
                     "GreaterThanUpperThreshold")
MISSING_DATA = ("breaching", "notBreaching", "ignore", "missing")
ALARM_PERIODS = (10, 20, 30)
MAX_ACTIONS = 5
INITIAL_REASON = "Unchecked: Initial alarm creation"


def not_supported() -> AWSError:
    return AWSError("NotImplemented", "Anomaly detection and PromQL alarms are not implemented by iamulator.", 501)


def stamp(epoch: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)


def iso(epoch: float) -> str:
    return stamp(epoch).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+0000"


class Alarm:
    def __init__(self, region: str, account: str, params: dict, now: float):
        self.name = params["AlarmName"]
        self.arn = alarm_arn(region, account, self.name)
        self.config = params
        self.state = "INSUFFICIENT_DATA"
        self.reason = INITIAL_REASON
        self.reason_data = None
        self.state_updated = now
        self.transitioned = now
        self.configured = now
        self.actions_enabled = params.get("ActionsEnabled", True)

    def reconfigure(self, params: dict, now: float) -> None:
        self.config = params
        self.configured = now
        self.actions_enabled = params.get("ActionsEnabled", True)

    @property
    def period(self) -> int:
        if self.config.get("Period"):
            return self.config["Period"]
        for query in self.config.get("Metrics") or ():
            if query.get("MetricStat"):
                return query["MetricStat"]["Period"]
            if query.get("Period"):
                return query["Period"]
        return 60

    def actions(self, state: str) -> list[str]:
        key = {"ALARM": "AlarmActions", "OK": "OKActions", "INSUFFICIENT_DATA": "InsufficientDataActions"}[state]
        return list(self.config.get(key) or [])

    def watches(self, namespace: str, name: str, dimensions: tuple) -> bool:
        c = self.config
        if c.get("MetricName"):
            return (c.get("Namespace"), c["MetricName"], dims_key(c.get("Dimensions"))) == (namespace, name,
                                                                                           dimensions)
        for query in c.get("Metrics") or ():
            metric = (query.get("MetricStat") or {}).get("Metric")
            if metric and (metric.get("Namespace"), metric.get("MetricName"),
                           dims_key(metric.get("Dimensions"))) == (namespace, name, dimensions):
                return True
        return False

    def describe(self) -> dict:
        c = self.config
        out = {
            "AlarmName": self.name,
            "AlarmArn": self.arn,
            "AlarmConfigurationUpdatedTimestamp": stamp(self.configured),
            "ActionsEnabled": self.actions_enabled,
            "OKActions": list(c.get("OKActions") or []),
            "AlarmActions": list(c.get("AlarmActions") or []),
            "InsufficientDataActions": list(c.get("InsufficientDataActions") or []),
            "StateValue": self.state,
            "StateReason": self.reason,
            "StateUpdatedTimestamp": stamp(self.state_updated),
            "StateTransitionedTimestamp": stamp(self.transitioned),
            "EvaluationPeriods": c.get("EvaluationPeriods"),
            "ComparisonOperator": c.get("ComparisonOperator"),
        }
        if self.reason_data is not None:
            out["StateReasonData"] = self.reason_data
        for key in ("AlarmDescription", "MetricName", "Namespace", "Statistic", "ExtendedStatistic", "Period",
                    "Unit", "DatapointsToAlarm", "Threshold", "ThresholdMetricId", "EvaluateLowSampleCountPercentile"):
            if c.get(key) is not None:
                out[key] = c[key]
        out["Dimensions"] = list(c.get("Dimensions") or [])
        out["TreatMissingData"] = c.get("TreatMissingData") or "missing"
        if c.get("Metrics"):
            out["Metrics"] = c["Metrics"]
        return out


def check(params: dict) -> dict:
    """PutMetricAlarm's parameters, validated; returns them with defaults resolved."""
    p = {k: v for k, v in params.items() if v is not None and k != "Tags"}
    if not p.get("AlarmName"):
        raise missing("AlarmName")
    if any(ord(c) < 32 for c in p["AlarmName"]):
        raise bad_value(p["AlarmName"], "AlarmName")
    if p.get("EvaluationCriteria") is not None:
        raise not_supported()
    if p.get("EvaluationPeriods") is None:
        raise missing("EvaluationPeriods")
    if p.get("ComparisonOperator") is None:
        raise missing("ComparisonOperator")
    operator = p["ComparisonOperator"]
    if operator not in OPERATORS and operator not in ANOMALY_OPERATORS:
        raise bad_value(operator, "ComparisonOperator")
    if p["EvaluationPeriods"] < 1:
        raise bad_value(p["EvaluationPeriods"], "EvaluationPeriods")
    to_alarm = p.get("DatapointsToAlarm")
    if to_alarm is not None and not 1 <= to_alarm <= p["EvaluationPeriods"]:
        raise validation("DatapointsToAlarm must be less than or equal to EvaluationPeriods.")
    for key in ("OKActions", "AlarmActions", "InsufficientDataActions"):
        actions = p.get(key) or []
        if len(actions) > MAX_ACTIONS:
            raise invalid_value(f"The collection {key} must not contain more than {MAX_ACTIONS} items.")
        for i, arn in enumerate(actions, 1):
            if not arn.startswith("arn:") or len(arn.split(":")) < 6:
                raise validation(f"Invalid arn syntax: {arn}")
    if p.get("TreatMissingData") is not None and p["TreatMissingData"] not in MISSING_DATA:
        raise bad_value(p["TreatMissingData"], "TreatMissingData")
    if p.get("EvaluateLowSampleCountPercentile") is not None and \
            p["EvaluateLowSampleCountPercentile"] not in ("evaluate", "ignore"):
        raise bad_value(p["EvaluateLowSampleCountPercentile"], "EvaluateLowSampleCountPercentile")
    if p.get("MetricName") and p.get("Metrics"):
        raise exclusive("MetricName", "Metrics")
    if p.get("MetricName"):
        _check_single_metric(p)
    elif p.get("Metrics"):
        _check_math(p)
    else:
        raise combination("One of the parameters MetricName or Metrics must be specified.")
    anomaly = operator in ANOMALY_OPERATORS
    if anomaly:
        if not p.get("ThresholdMetricId"):
            raise validation("ComparisonOperators for ranges require ThresholdMetricId to be set")
        raise not_supported()
    if p.get("Threshold") is None:
        raise validation("Threshold must be set for static threshold alarms.")
    if p.get("ThresholdMetricId"):
        raise validation("ThresholdMetricId can only be used with anomaly detection comparison operators.")
    return p


def _check_single_metric(p: dict) -> None:
    if not p.get("Namespace"):
        raise missing("Namespace")
    check_dimensions(p.get("Dimensions") or [], "Dimensions")
    stat, extended = p.get("Statistic"), p.get("ExtendedStatistic")
    if stat and extended:
        raise exclusive("Statistic", "ExtendedStatistic")
    if not stat and not extended:
        raise combination("Exactly one of the parameters Statistic or ExtendedStatistic must be specified.")
    if stat and stat not in statistics.STANDARD:
        raise bad_value(stat, "Statistic")
    if extended and not statistics.is_valid_extended(extended):
        raise bad_value(extended, "ExtendedStatistic")
    period = p.get("Period")
    if period is None:
        raise missing("Period")
    if period not in ALARM_PERIODS and (period < 60 or period % 60):
        raise invalid_value("The parameter Period must be 10, 20, 30 or a multiple of 60.")
    if period * p["EvaluationPeriods"] > 86_400 and period < 3_600:
        raise validation("Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be "
                         "<= 86400).")


def _check_math(p: dict) -> None:
    for key in ("Namespace", "Statistic", "ExtendedStatistic", "Dimensions", "Period", "Unit"):
        if p.get(key) is not None:
            raise exclusive(key, "Metrics")
    from iamulator.services.cloudwatch import metricdata
    queries = metricdata.check_queries(p["Metrics"], "Metrics")
    returning = [q for q in queries if q.get("ReturnData", True)]
    if len(returning) != 1:
        raise validation("Exactly one element of the metrics list should return data.")


def _value_text(value: float) -> str:
    return repr(float(value))


def evaluate(alarm: Alarm, series_values: dict, now: float):
    """The state the data calls for: (state, reason, reason data) or None to keep the current one.
    ``series_values`` is {period start: value} over the evaluation range."""
    c = alarm.config
    period = alarm.period
    n = c["EvaluationPeriods"]
    m = c.get("DatapointsToAlarm") or n
    treat = c.get("TreatMissingData") or "missing"
    compare, words = OPERATORS[c["ComparisonOperator"]]
    threshold = c["Threshold"]
    end = (math.floor(now / period) + 1) * period
    starts = [end - (n - i) * period for i in range(n)]
    present = [(t, series_values[t]) for t in starts if t in series_values]
    if not present and treat in ("missing", "ignore"):
        if treat == "ignore":
            return None
        return ("INSUFFICIENT_DATA", f"Insufficient Data: {n} datapoint{'s' if n > 1 else ''} were unknown.",
                _reason_data(alarm, now, starts[0], [], threshold))
    breaching = sum(1 for _, v in present if compare(v, threshold))
    missing_count = n - len(present)
    if treat == "breaching":
        breaching += missing_count
    needed = m if treat in ("breaching", "notBreaching") else min(m, len(present))
    recent = [v for _, v in sorted(present, reverse=True)]
    shown = ", ".join(f"{_value_text(v)} ({stamp(t):%d/%m/%y %H:%M:%S})" for t, v in sorted(present, reverse=True))
    data = _reason_data(alarm, now, starts[0], present, threshold)
    if breaching >= needed:
        reason = (f"Threshold Crossed: {breaching} out of the last {n} datapoints [{shown}] "
                  f"{'was' if breaching == 1 else 'were'} {words} the threshold ({_value_text(threshold)}) "
                  f"(minimum {m} datapoint{'s' if m > 1 else ''} for OK -> ALARM transition).")
        return "ALARM", reason, data
    reason = (f"Threshold Crossed: {len(recent) - breaching if recent else 0} out of the last {n} datapoints "
              f"[{shown}] {'was' if len(recent) - breaching == 1 else 'were'} not {words} the threshold "
              f"({_value_text(threshold)}) (minimum 1 datapoint for ALARM -> OK transition).")
    return "OK", reason, data


def _reason_data(alarm: Alarm, now: float, start: float, present: list, threshold: float) -> str:
    c = alarm.config
    doc = {
        "version": "1.0",
        "queryDate": iso(now),
        "startDate": iso(start),
        "period": alarm.period,
        "recentDatapoints": [v for _, v in sorted(present)],
        "threshold": threshold,
        "evaluatedDatapoints": [{"timestamp": iso(t), "value": v} for t, v in sorted(present, reverse=True)],
    }
    if c.get("Statistic"):
        doc["statistic"] = c["Statistic"]
    if c.get("Unit"):
        doc["unit"] = c["Unit"]
    return json.dumps(doc, separators=(",", ":"))


def evaluation_window(alarm: Alarm, now: float) -> tuple[float, float]:
    period = alarm.period
    end = (math.floor(now / period) + 1) * period
    return end - alarm.config["EvaluationPeriods"] * period, end
