"""Whether a resource-based policy is public: the test behind BlockPublicPolicy (S3, Secrets
Manager) and RestrictPublicBuckets.

A policy counts as public when an Allow statement names every principal (``"*"``, or any
``NotPrincipal``) and no condition pins the request to fixed values of a key that identifies
the caller or its source (account, ARN, organization, VPC, endpoint, IP range): the rule
Access Analyzer applies and the services use.
"""
from __future__ import annotations

# Condition keys that narrow a wildcard principal to known callers when given fixed values.
_NARROWING_KEYS = frozenset({
    "aws:principalaccount", "aws:principalarn", "aws:principalorgid", "aws:principalorgpaths",
    "aws:sourceaccount", "aws:sourcearn", "aws:sourceowner", "aws:sourcevpc", "aws:sourcevpce",
    "aws:sourceorgid", "aws:sourceorgpaths", "aws:userid", "aws:username", "aws:sourceip",
})
_FIXED_FAMILIES = frozenset({"str_eq", "str_eq_ic", "str_like", "arn"})
_EVERY_ADDRESS = frozenset({"0.0.0.0/0", "::/0"})


def is_public(compiled) -> bool:
    """``compiled``: a CompiledPolicy (``iamulator.authz.compile_policy``)."""
    for statement in compiled.statements:
        if not statement.allow:
            continue
        broad = statement.not_principal is not None or (
            statement.principal is not None and statement.principal.star)
        if broad and not _narrowed(statement):
            return True
    return False


def _narrowed(statement) -> bool:
    for clause in statement.conditions:
        if clause.key_l not in _NARROWING_KEYS or clause.negated or not clause.values:
            continue
        if clause.family == "ip":
            if not _EVERY_ADDRESS.intersection(clause.values):
                return True
        elif clause.family in _FIXED_FAMILIES:
            if not any("*" in v or "?" in v for v in clause.values):
                return True
    return False
