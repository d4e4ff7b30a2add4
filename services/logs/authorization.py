"""What CloudWatch Logs requests are authorized for, beyond what the Service Authorization
Reference says.

Log groups are named by ``logGroupName`` or by ``logGroupIdentifier`` (a name or a log group
ARN, another account's included); a subscription filter that delivers through a role also
passes that role to CloudWatch Logs (``iam:PassRole``). The keys an untagging request removes
are its ``aws:TagKeys`` (``tagKeys`` for UntagResource, ``tags`` for the legacy UntagLogGroup).
"""
from __future__ import annotations

from iamulator.authz.declarations import Declarations, act


def _identifier(r):
    """``logGroupIdentifier`` as a name or a log group ARN (without the ``:*`` some callers add)."""
    value = r.params.get("logGroupIdentifier")
    if not isinstance(value, str) or not value:
        return None
    return value[:-2] if value.startswith("arn:") and value.endswith(":*") else value


def _group(r):
    vars_ = r.vars or {}
    name = vars_.get("LogGroupName")
    if not name:
        return None
    try:
        backend = r.ctx.store.backend("logs", vars_.get("Account") or r.ctx.account_id,
                                      vars_.get("Region") or r.ctx.region)
    except KeyError:
        return None
    return backend.groups.get(name)


def _resource_context(r, resource_type: str) -> dict | None:
    group = _group(r) if resource_type in ("log-group", "log-stream") else None
    if group is None:
        return None
    return {"aws:ResourceTag/" + k: v for k, v in group.tags.items()}


auth = Declarations(
    "logs",
    variables={"LogGroupName": ["logGroupName", _identifier]},
    resource_context=_resource_context,
    resource_keys=("aws:ResourceTag/${TagKey}",),
)

auth.operation(
    "PutSubscriptionFilter",
    act("PutSubscriptionFilter", on="log-group"),
    act("iam:PassRole", when=lambda r: bool(r.params.get("roleArn")), vars={"RoleNameWithPath": "roleArn"},
        keys={"iam:PassedToService": lambda r: "logs.amazonaws.com"}, note="when roleArn is given"),
)
auth.operation("UntagResource", act("UntagResource", keys={"aws:TagKeys": "tagKeys"}))
auth.operation("UntagLogGroup", act("UntagLogGroup", keys={"aws:TagKeys": "tags"}))
