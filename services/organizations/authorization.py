"""What Organizations requests are authorized for, beyond what the Service Authorization
Reference says.

Requests name roots, OUs, accounts and policies by id alone (``r-ab12``, ``ou-ab12-11111111``,
``111122223333``, ``p-12345678``); one member (``ParentId``, ``TargetId``, ``ChildId``,
``ResourceId``) may name any of them, and its form says which resource type it is. The ARNs
carry the management account and the organization id, read from the caller's organization; before
there is one, the ids this account's organization will have (they are derived from it).
A policy's ARN carries its type, read from the stored policy (``Type`` when the request creates
it; SCP when the policy is unknown).
"""
from __future__ import annotations

import re

from iamulator.authz.declarations import NEW, Declarations, act
from iamulator.services.organizations import guardrails
from iamulator.services.organizations.records import organization_id

_ANY_ID = ("TargetId", "ParentId", "ChildId", "ResourceId", "DestinationParentId", "RootId",
           "OrganizationalUnitId", "AccountId")
_ROOT = re.compile(r"^r-([0-9a-z]{4,32})$")
_OU = re.compile(r"^ou-([0-9a-z]{4,32}-[a-z0-9]{8,32})$")
_ACCOUNT = re.compile(r"^\d{12}$")


def _org(r):
    memo = r.memo
    if "org" not in memo:
        memo["org"] = guardrails.organization_of(r.ctx.store, r.ctx.account_id)
    return memo["org"]


def _management(r):
    org = _org(r)
    return org.management_account if org is not None else r.ctx.account_id


def _org_id(r):
    org = _org(r)
    return org.id if org is not None else organization_id(r.ctx.account_id)


def _kind(value) -> str | None:
    """Which resource an id names, by its form; an id of no known form is taken as an OU's
    (the member then names a parent, and the backend refuses the malformed id)."""
    if not isinstance(value, str) or not value:
        return None
    if _ROOT.match(value) or value.startswith("r-"):
        return "root"
    if _ACCOUNT.match(value):
        return "account"
    if value.startswith("p-"):
        return "policy"
    return "ou"


def _strip(value: str, prefix: str) -> str:
    return value[len(prefix):] if value.startswith(prefix) else value


def _named(kind: str, members=_ANY_ID):
    prefix = {"root": "r-", "ou": "ou-", "account": ""}[kind]

    def source(r):
        for member in members:
            value = r.params.get(member)
            if _kind(value) == kind:
                return _strip(value, prefix)
        return None
    return source


def _arn_of(member: str):
    """The whole ARN of the root, OU or account ``member`` names."""
    def source(r):
        value = r.params.get(member)
        kind = _kind(value)
        if kind is None or kind == "policy":
            return None
        path = {"root": "root", "ou": "ou", "account": "account"}[kind]
        if kind == "ou" and not value.startswith("ou-"):
            value = "ou-" + value
        return f"arn:aws:organizations::{_management(r)}:{path}/{_org_id(r)}/{value}"
    return source


def _policy_id(r):
    value = r.params.get("PolicyId") or r.params.get("ResourceId")
    if isinstance(value, str) and value and _kind(value) in ("policy", "ou"):
        return _strip(value, "p-")
    return None


def _policy_type(r):
    if r.params.get("Type"):
        return str(r.params["Type"]).lower()
    org = _org(r)
    pid = r.params.get("PolicyId") or r.params.get("ResourceId")
    policy = org.policies.get(pid) if org is not None and pid else None
    return (policy.type if policy is not None else "SERVICE_CONTROL_POLICY").lower()


auth = Declarations(
    "organizations",
    variables={
        "Account": _management,
        "OrganizationId": lambda r: _org_id(r)[2:],
        "RootId": _named("root"),
        "OrganizationalUnitId": _named("ou"),
        "AccountId": _named("account"),
        "PolicyId": _policy_id,
        "PolicyType": _policy_type,
    },
)

auth.operation("CreatePolicy", act("CreatePolicy", vars={"PolicyId": NEW}))
auth.operation("CreateOrganizationalUnit", act("CreateOrganizationalUnit", on=("organizationalunit", "root")))
auth.operation(
    "MoveAccount",
    act("MoveAccount", on="account"),
    act("MoveAccount", on=("organizationalunit", "root"), arn=_arn_of("SourceParentId"),
        note="the source parent"),
    act("MoveAccount", on=("organizationalunit", "root"), arn=_arn_of("DestinationParentId"),
        note="the destination parent"),
)
for _op in ("AttachPolicy", "DetachPolicy"):
    auth.operation(_op, act(_op, on="policy"),
                   act(_op, on=("account", "organizationalunit", "root"), arn=_arn_of("TargetId"),
                       note="the target"))
