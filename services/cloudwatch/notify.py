"""Alarm actions: SNS topics are notified through the SNS backend (when shipped) with the message
CloudWatch sends; other actions (EC2, Auto Scaling, Systems Manager, Lambda) are not performed.

Notifications are sent after the operation's changes are made, with CloudWatch's lock released,
since a subscriber (a Lambda function, say) may call CloudWatch back from another thread.
"""
from __future__ import annotations

import json
import logging

from iamulator.services import registry
from iamulator.services.base import Context
from iamulator.services.cloudwatch.alarms import Alarm, iso
from iamulator.services.cloudwatch.names import region_name
from iamulator.services.errors import AWSError

log = logging.getLogger("iamulator")


class _CloudWatchService:
    """The caller SNS sees when CloudWatch publishes: the CloudWatch service principal."""
    user_id = "AIDACLOUDWATCHALARMS"
    arn = "cloudwatch.amazonaws.com"
    service = "cloudwatch.amazonaws.com"


def message(alarm: Alarm, old_state: str, account: str, region: str) -> tuple[str, str]:
    """(subject, message) of the notification for the alarm's new state."""
    c = alarm.config
    trigger = {
        "MetricName": c.get("MetricName"), "Namespace": c.get("Namespace"),
        "StatisticType": "ExtendedStatistic" if c.get("ExtendedStatistic") else "Statistic",
        "Statistic": (c.get("Statistic") or "").upper() or None, "ExtendedStatistic": c.get("ExtendedStatistic"),
        "Unit": c.get("Unit"), "Dimensions": [{"value": d["Value"], "name": d["Name"]} for d in c.get("Dimensions") or []],
        "Period": alarm.period, "EvaluationPeriods": c.get("EvaluationPeriods"),
        "DatapointsToAlarm": c.get("DatapointsToAlarm") or c.get("EvaluationPeriods"),
        "ComparisonOperator": c.get("ComparisonOperator"), "Threshold": c.get("Threshold"),
        "TreatMissingData": c.get("TreatMissingData") or "missing",
        "EvaluateLowSampleCountPercentile": c.get("EvaluateLowSampleCountPercentile") or "",
    }
    if c.get("Metrics"):
        trigger = {"Metrics": c["Metrics"], "Period": alarm.period,
                   "EvaluationPeriods": c.get("EvaluationPeriods"), "ComparisonOperator": c.get("ComparisonOperator"),
                   "Threshold": c.get("Threshold"), "TreatMissingData": c.get("TreatMissingData") or "missing"}
    body = {
        "AlarmName": alarm.name,
        "AlarmDescription": c.get("AlarmDescription"),
        "AWSAccountId": account,
        "AlarmConfigurationUpdatedTimestamp": iso(alarm.configured),
        "NewStateValue": alarm.state,
        "NewStateReason": alarm.reason,
        "StateChangeTime": iso(alarm.state_updated),
        "Region": region_name(region),
        "AlarmArn": alarm.arn,
        "OldStateValue": old_state,
        "OKActions": alarm.actions("OK"),
        "AlarmActions": alarm.actions("ALARM"),
        "InsufficientDataActions": alarm.actions("INSUFFICIENT_DATA"),
        "Trigger": {k: v for k, v in trigger.items() if v is not None},
    }
    subject = f'{alarm.state}: "{alarm.name}" in {region_name(region)}'
    return subject[:100], json.dumps(body)


def send(store, request, arn: str, subject: str, text: str) -> str:
    """Performs one action; 'delivered', or why not."""
    parts = arn.split(":")
    if len(parts) < 6 or parts[2] != "sns":
        return "iamulator does not perform this action"
    if store is None or not registry.is_shipped("sns"):
        return "SNS is not available"
    region, account = parts[3], parts[4]
    sns = store.backend("sns", account, region)
    ctx = Context(request=request, service="sns", operation="Publish", protocol="query", account_id=account,
                  region=region, store=store, principal=_CloudWatchService())
    try:
        sns.publish(ctx, {"TopicArn": arn, "Subject": subject, "Message": text})
    except AWSError as err:
        return f"{err.code}: {err.message}"
    except Exception as err:   # a fault elsewhere must not fail the caller's CloudWatch request
        log.exception("CloudWatch could not notify %s", arn)
        return f"{type(err).__name__}: {err}"
    return "delivered"
