"""What each kind of policy document may contain, and how large it may be.

The same grammar serves every kind of policy; what differs is whether a ``Principal`` is
required or forbidden, whether ``Resource`` may appear, the size quota and how it is
counted, and which error code the owning service returns.
"""
from __future__ import annotations

from dataclasses import dataclass

# Principal rules
FORBIDDEN = "forbidden"
REQUIRED = "required"
OPTIONAL = "optional"
STAR_ONLY = "star-only"


@dataclass(frozen=True)
class PolicyKind:
    name: str
    principal: str
    resource: str
    max_size: int | None
    # IAM ignores white space when it measures a policy; Organizations, STS and KMS
    # count every character of the text they receive.
    counts_whitespace: bool
    size_code: str
    size_message: str
    error_code: str = "MalformedPolicyDocument"
    iam_sid_rules: bool = False
    organizations: bool = False
    version_required: str | None = None
    allows_not_action: bool = True
    allows_not_principal: bool = True
    # Kinds whose statements are evaluated against the caller's identity: compiled
    # documents of one of these kinds can be reused as any other of them.
    family: str = "identity"


_MANAGED = "Cannot exceed quota for PolicySize: {limit}"
_INLINE = "Maximum policy size of {limit} bytes exceeded for {entity_type} {entity}"
_VALIDATION = (
    "1 validation error detected: Value at 'policy' failed to satisfy constraint: "
    "Member must have length less than or equal to {limit}"
)

KINDS: dict[str, PolicyKind] = {}


def _add(kind: PolicyKind, *aliases: str) -> None:
    KINDS[kind.name] = kind
    for alias in aliases:
        KINDS[alias] = kind


_add(PolicyKind("identity", FORBIDDEN, REQUIRED, 6144, False, "LimitExceeded", _MANAGED,
                iam_sid_rules=True), "managed")
_add(PolicyKind("inline-user", FORBIDDEN, REQUIRED, 2048, False, "LimitExceeded",
                _INLINE.replace("{entity_type}", "user"), iam_sid_rules=True), "inline_user")
_add(PolicyKind("inline-role", FORBIDDEN, REQUIRED, 10240, False, "LimitExceeded",
                _INLINE.replace("{entity_type}", "role"), iam_sid_rules=True), "inline_role")
_add(PolicyKind("inline-group", FORBIDDEN, REQUIRED, 5120, False, "LimitExceeded",
                _INLINE.replace("{entity_type}", "group"), iam_sid_rules=True), "inline_group")
_add(PolicyKind("boundary", FORBIDDEN, REQUIRED, 6144, False, "LimitExceeded", _MANAGED,
                iam_sid_rules=True), "permissions_boundary", "permissions-boundary")
# STS measures the plaintext of the Policy parameter as sent, white space included.
_add(PolicyKind("session", FORBIDDEN, REQUIRED, 2048, True, "ValidationError", _VALIDATION))
_add(PolicyKind("trust", REQUIRED, FORBIDDEN, 2048, False, "LimitExceeded",
                "Cannot exceed quota for ACLSizePerRole: {limit}", iam_sid_rules=True,
                family="resource"), "assume_role", "assume-role")
_add(PolicyKind("resource", REQUIRED, OPTIONAL, None, True, "LimitExceeded", "",
                family="resource"))
_add(PolicyKind("key", REQUIRED, OPTIONAL, 32768, True, "ValidationException", _VALIDATION,
                error_code="MalformedPolicyDocumentException", family="resource"), "kms")
_add(PolicyKind("scp", FORBIDDEN, REQUIRED, 5120, True, "ConstraintViolationException",
                "You attempted to create a policy that is larger than the maximum size of "
                "{limit} characters.",
                error_code="MalformedPolicyDocumentException", organizations=True,
                family="scp"), "service_control_policy")
_add(PolicyKind("rcp", STAR_ONLY, REQUIRED, 5120, True, "ConstraintViolationException",
                "You attempted to create a policy that is larger than the maximum size of "
                "{limit} characters.",
                error_code="MalformedPolicyDocumentException", organizations=True,
                version_required="2012-10-17", allows_not_action=False,
                allows_not_principal=False, family="rcp"), "resource_control_policy")


def get_kind(name: str | PolicyKind) -> PolicyKind:
    if isinstance(name, PolicyKind):
        return name
    try:
        return KINDS[name.lower()]
    except (KeyError, AttributeError):
        raise ValueError(
            f"unknown policy kind {name!r}; expected one of {sorted(set(k.name for k in KINDS.values()))}"
        ) from None
