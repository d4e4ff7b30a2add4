"""Alarm history: configuration changes, state changes and actions, newest first by default."""
from __future__ import annotations

import json

from iamulator.services.cloudwatch.alarms import Alarm, iso, stamp


class HistoryItem:
    __slots__ = ("alarm", "kind", "timestamp", "summary", "data")

    def __init__(self, alarm: str, kind: str, timestamp: float, summary: str, data: str):
        self.alarm = alarm
        self.kind = kind
        self.timestamp = timestamp
        self.summary = summary
        self.data = data

    def describe(self) -> dict:
        return {"AlarmName": self.alarm, "AlarmType": "MetricAlarm", "Timestamp": stamp(self.timestamp),
                "HistoryItemType": self.kind, "HistorySummary": self.summary, "HistoryData": self.data}


def configuration(alarm: Alarm, created: bool, now: float) -> HistoryItem:
    verb = "created" if created else "updated"
    data = {"version": "1.0", "type": "Create" if created else "Update",
            "createdAlarm" if created else "updatedAlarm": _config(alarm)}
    return HistoryItem(alarm.name, "ConfigurationUpdate", now, f'Alarm "{alarm.name}" {verb}',
                       json.dumps(data, separators=(",", ":")))


def state(alarm: Alarm, old: tuple, now: float) -> HistoryItem:
    old_state, old_reason, old_data = old
    data = {
        "version": "1.0",
        "oldState": _state(old_state, old_reason, old_data),
        "newState": _state(alarm.state, alarm.reason, alarm.reason_data),
    }
    return HistoryItem(alarm.name, "StateUpdate", now, f"Alarm updated from {old_state} to {alarm.state}",
                       json.dumps(data, separators=(",", ":")))


def action(alarm: Alarm, arn: str, outcome: str, now: float) -> HistoryItem:
    ok = outcome == "delivered"
    summary = f"{'Successfully executed' if ok else 'Failed to execute'} action {arn}"
    data = {"actionState": "Succeeded" if ok else "Failed", "stateUpdateTimestamp": iso(alarm.state_updated)}
    if not ok:
        data["error"] = outcome
    return HistoryItem(alarm.name, "Action", now, summary, json.dumps(data, separators=(",", ":")))


def _state(value: str, reason: str, reason_data) -> dict:
    out = {"stateValue": value, "stateReason": reason}
    if reason_data:
        try:
            out["stateReasonData"] = json.loads(reason_data)
        except ValueError:
            pass
    return out


def _config(alarm: Alarm) -> dict:
    c = alarm.config
    out = {"alarmName": alarm.name, "actionsEnabled": alarm.actions_enabled,
           "evaluationPeriods": c.get("EvaluationPeriods"), "comparisonOperator": c.get("ComparisonOperator")}
    for key in ("Namespace", "MetricName", "Statistic", "ExtendedStatistic", "Period", "Threshold", "Unit",
                "TreatMissingData", "DatapointsToAlarm", "AlarmDescription"):
        if c.get(key) is not None:
            out[key[0].lower() + key[1:]] = c[key]
    return out
