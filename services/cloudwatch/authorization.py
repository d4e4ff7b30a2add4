"""What CloudWatch requests are authorized for, beyond what the Service Authorization Reference says.

Metric data is not a resource a request names (the reference's optional ``dataset`` type is for
cross-account access grants), so PutMetricData, GetMetricData, GetMetricStatistics and
ListMetrics are authorized on ``*``, PutMetricData with its ``cloudwatch:namespace``. Operations
naming several alarms (``AlarmNames``) need the action on each; DescribeAlarms and
DescribeAlarmHistory naming none are authorized on every alarm of the account and region
(``...:alarm:*``), as listing them needs.
"""
from __future__ import annotations

from iamulator.authz.declarations import Declarations, act


def _names(r):
    return [{"AlarmName": n} for n in r.params.get("AlarmNames") or ()]


def _every_alarm(r):
    """The ARN covering all alarms, for describe calls that name none."""
    if r.params.get("AlarmNames") or r.params.get("AlarmName"):
        return None
    region = r.ctx.region
    partition = "aws-cn" if region.startswith("cn-") else "aws-us-gov" if region.startswith("us-gov-") else "aws"
    return f"arn:{partition}:cloudwatch:{region}:{r.ctx.account_id}:alarm:*"


def _actions(r):
    found = [a for key in ("AlarmActions", "OKActions", "InsufficientDataActions") for a in r.params.get(key) or ()]
    return found or None


def _resource_context(r, resource_type: str) -> dict | None:
    if resource_type != "alarm":
        return None
    vars_ = r.vars or {}
    try:
        backend = r.ctx.store.backend("cloudwatch", vars_.get("Account") or r.ctx.account_id,
                                      vars_.get("Region") or r.ctx.region)
    except KeyError:
        return None
    alarm = backend.alarms.get(vars_.get("AlarmName"))
    if alarm is None:
        return None
    return {"aws:ResourceTag/" + k: v for k, v in backend.tags.get(alarm.arn, {}).items()}


auth = Declarations(
    "cloudwatch",
    variables={"AlarmName": "AlarmName"},
    resource_context=_resource_context,
    resource_keys=("aws:ResourceTag/${TagKey}",),
)

auth.operation("PutMetricData", act("PutMetricData", on="*", keys={"cloudwatch:namespace": "Namespace"}))
auth.operation("GetMetricData", act("GetMetricData", on="*"))
auth.operation("ListMetrics", act("ListMetrics", on="*"))
auth.operation("PutMetricAlarm", act("PutMetricAlarm", on="alarm", keys={"cloudwatch:AlarmActions": _actions}))
for _operation in ("DeleteAlarms", "EnableAlarmActions", "DisableAlarmActions"):
    auth.operation(_operation, act(_operation, each=_names, vars={"AlarmName": lambda r: r.item["AlarmName"]}))
auth.operation("DescribeAlarms", act("DescribeAlarms", each=lambda r: _names(r) or [{}], arn=_every_alarm,
                                     vars={"AlarmName": lambda r: r.item.get("AlarmName")}))
auth.operation("DescribeAlarmHistory", act("DescribeAlarmHistory", arn=_every_alarm))
