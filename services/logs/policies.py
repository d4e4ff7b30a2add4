"""Resource policies (PutResourcePolicy): account-wide ones, and ones scoped to a log group.

They are validated as resource-based policies and stored; ``resource_policy`` hands the
document that governs a log group to whoever enforces it.
"""
from __future__ import annotations

import json
import uuid

from iamulator.services.errors import AWSError
from iamulator.services.logs import clock
from iamulator.services.logs.errors import invalid

MAX_ACCOUNT_POLICIES = 10


def validate(text: str) -> None:
    from iamulator.authz import PolicyError, compile_policy

    try:
        compile_policy(text, kind="resource")
    except PolicyError as err:
        raise invalid(err.message) from None


def put(policies: dict, params: dict, group_arns: set) -> dict:
    name = params.get("policyName")
    text = params.get("policyDocument")
    if not name:
        raise invalid("Policy name is required.")
    if not text:
        raise invalid("Policy document is required.")
    validate(text)
    resource = params.get("resourceArn")
    if resource is not None:
        base = resource[:-2] if resource.endswith(":*") else resource
        if base not in group_arns:
            raise AWSError("ResourceNotFoundException", "The specified log group does not exist.")
        resource = base
    key = (resource, name) if resource else (None, name)
    existing = policies.get(key)
    expected = params.get("expectedRevisionId")
    if existing is not None and expected is not None and expected != existing["revisionId"]:
        raise AWSError("OperationAbortedException",
                       "The expected revision id does not match the current revision id of the policy.")
    if existing is None and resource is None and \
            sum(1 for k in policies if k[0] is None) >= MAX_ACCOUNT_POLICIES:
        raise AWSError("LimitExceededException", "Resource limit exceeded.")
    entry = {
        "policyName": name,
        "policyDocument": text,
        "lastUpdatedTime": clock.millis(),
        "policyScope": "RESOURCE" if resource else "ACCOUNT",
        "revisionId": uuid.uuid4().hex,
    }
    if resource:
        entry["resourceArn"] = resource
    policies[key] = entry
    return {"resourcePolicy": dict(entry), "revisionId": entry["revisionId"]}


def delete(policies: dict, params: dict) -> None:
    resource = params.get("resourceArn")
    if resource and resource.endswith(":*"):
        resource = resource[:-2]
    key = (resource or None, params.get("policyName"))
    existing = policies.get(key)
    if existing is None:
        raise AWSError("ResourceNotFoundException", f"Policy with name [{params.get('policyName')}] does not exist")
    expected = params.get("expectedRevisionId")
    if expected is not None and expected != existing["revisionId"]:
        raise AWSError("OperationAbortedException",
                       "The expected revision id does not match the current revision id of the policy.")
    del policies[key]


def describe(policies: dict, params: dict) -> list[dict]:
    resource = params.get("resourceArn")
    if resource and resource.endswith(":*"):
        resource = resource[:-2]
    scope = params.get("policyScope")
    out = []
    for (arn, _), entry in sorted(policies.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])):
        if resource is not None and arn != resource:
            continue
        if resource is None and scope is None and arn is not None:
            continue
        if scope is not None and entry["policyScope"] != scope:
            continue
        out.append(dict(entry))
    return out


def governing(policies: dict, group_arn: str) -> str | None:
    """One document combining the account-wide policies and the group's own, or None."""
    statements = []
    for (arn, _), entry in policies.items():
        if arn is None or arn == group_arn:
            doc = json.loads(entry["policyDocument"])
            found = doc.get("Statement", [])
            statements.extend(found if isinstance(found, list) else [found])
    if not statements:
        return None
    return json.dumps({"Version": "2012-10-17", "Statement": statements})
