"""Resource-based policies on secrets: validation, the "public" test behind BlockPublicPolicy,
and ``resource_policy`` through which authorization reads a secret's policy.

A policy counts as public when an Allow statement names every principal (``"*"``, or any
``NotPrincipal``) and no condition pins the request to fixed values of a key that identifies
the caller or its source (account, ARN, organization, VPC, endpoint, IP range) - the rule
Access Analyzer applies and Secrets Manager uses for BlockPublicPolicy.
"""
from __future__ import annotations

from iamulator.services.errors import AWSError

# Condition keys that narrow a wildcard principal to known callers when given fixed values.
_NARROWING_KEYS = frozenset({
    "aws:principalaccount", "aws:principalarn", "aws:principalorgid", "aws:principalorgpaths",
    "aws:sourceaccount", "aws:sourcearn", "aws:sourceowner", "aws:sourcevpc", "aws:sourcevpce",
    "aws:sourceorgid", "aws:sourceorgpaths", "aws:userid", "aws:username", "aws:sourceip",
})
_FIXED_FAMILIES = frozenset({"str_eq", "str_eq_ic", "str_like", "arn"})
_EVERY_ADDRESS = frozenset({"0.0.0.0/0", "::/0"})

PUBLIC_POLICY_MESSAGE = ("The BlockPublicPolicy parameter is set to true, and the resource policy did not "
                         "prevent broad access to the secret.")


def compile_document(text: str):
    """The compiled policy; ``MalformedPolicyDocumentException`` with AWS's wording if invalid."""
    from iamulator.authz import PolicyError, compile_policy

    try:
        return compile_policy(text, kind="resource")
    except PolicyError as err:
        raise AWSError("MalformedPolicyDocumentException", err.message) from None


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


def is_public(compiled) -> bool:
    for statement in compiled.statements:
        if not statement.allow:
            continue
        broad = statement.not_principal is not None or (
            statement.principal is not None and statement.principal.star)
        if broad and not _narrowed(statement):
            return True
    return False


def resource_policy(ctx, resource_arn: str):
    """(policy JSON text or None, owning account) of the secret an ARN names."""
    from iamulator.services.secretsmanager.names import parse_arn

    parsed = parse_arn(resource_arn)
    if parsed is None:
        return None, ctx.account_id
    region, account, _ = parsed
    backend = ctx.store.backend("secretsmanager", account, region)
    secret = backend.lookup(resource_arn)
    return (secret.policy if secret is not None else None), account
