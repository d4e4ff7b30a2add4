"""An event bus's resource policy: PutPermission statements (or a whole policy) and their removal."""
from __future__ import annotations

import json
import re

from iamulator.services.errors import AWSError
from iamulator.services.events.errors import not_found, validation

_PRINCIPAL = re.compile(r"(\d{12}|\*)\Z")
_STATEMENT_ID = re.compile(r"[a-zA-Z0-9-_]{1,64}\Z")
MAX_POLICY_BYTES = 10_240


def _validate(doc: dict) -> None:
    from iamulator.authz import PolicyError, compile_policy

    try:
        compile_policy(doc, kind="resource")
    except PolicyError as err:
        raise validation(err.message) from None
    if len(json.dumps(doc)) > MAX_POLICY_BYTES:
        raise AWSError("PolicyLengthExceededException",
                       "The event bus policy is too long; the limit is 10,240 characters.")


def put(bus, params: dict) -> None:
    if params.get("Policy") is not None:
        if any(params.get(k) is not None for k in ("Action", "Principal", "StatementId", "Condition")):
            raise validation("Policy cannot be combined with Action, Principal, StatementId or Condition.")
        try:
            doc = json.loads(params["Policy"])
        except ValueError:
            raise validation("Policy is not valid JSON.") from None
        if not isinstance(doc, dict):
            raise validation("Policy is not valid JSON.")
        _validate(doc)
        bus.policy = doc
        return
    action, principal, sid = params.get("Action"), params.get("Principal"), params.get("StatementId")
    for name, value in (("Action", action), ("Principal", principal), ("StatementId", sid)):
        if not value:
            raise validation(f"Parameter {name} must be specified.")
    if action != "events:PutEvents":
        raise validation("Provided value in parameter 'action' is not supported.")
    if not _PRINCIPAL.match(principal):
        raise validation("Parameter Principal is not valid. Reason: Principal must be a 12-digit account id or *.")
    if not _STATEMENT_ID.match(sid):
        raise validation("Parameter StatementId is not valid. Reason: StatementId may only contain alphanumeric "
                         "characters, hyphens and underscores.")
    statement = {"Sid": sid, "Effect": "Allow",
                 "Principal": "*" if principal == "*" else {"AWS": f"arn:aws:iam::{principal}:root"},
                 "Action": action, "Resource": bus.arn}
    condition = params.get("Condition")
    if condition is not None:
        if condition.get("Type") != "StringEquals" or condition.get("Key") != "aws:PrincipalOrgID":
            raise validation("Condition must be of Type StringEquals with Key aws:PrincipalOrgID.")
        statement["Condition"] = {"StringEquals": {"aws:PrincipalOrgID": condition.get("Value")}}
    doc = bus.policy or {"Version": "2012-10-17", "Statement": []}
    statements = [s for s in doc.get("Statement", []) if s.get("Sid") != sid]
    new = {"Version": doc.get("Version", "2012-10-17"), "Statement": statements + [statement]}
    _validate(new)
    bus.policy = new


def remove(bus, params: dict) -> None:
    sid, remove_all = params.get("StatementId"), params.get("RemoveAllPermissions")
    if bus.policy is None:
        raise not_found("EventBus does not have a policy.")
    if remove_all:
        bus.policy = None
        return
    if not sid:
        raise validation("Parameter StatementId must be specified.")
    statements = bus.policy.get("Statement", [])
    kept = [s for s in statements if s.get("Sid") != sid]
    if len(kept) == len(statements):
        raise not_found("Statement with the provided id does not exist.")
    bus.policy = {**bus.policy, "Statement": kept} if kept else None
