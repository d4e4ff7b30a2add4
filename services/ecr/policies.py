"""Repository policies: validation as ECR answers it, and ``resource_policy`` through which
authorization reads a repository's policy.

A repository policy governs the repository it is attached to, so its statements name no
``Resource``: ECR refuses one that does, as it refuses malformed JSON and statements the policy
grammar rejects, all with the same ``Invalid repository policy provided``.
"""
from __future__ import annotations

import json

from iamulator.services.ecr.errors import invalid

INVALID_POLICY = "Invalid repository policy provided"


def check(text: str) -> None:
    from iamulator.authz import PolicyError, compile_policy

    try:
        doc = json.loads(text)
        compile_policy(text, kind="resource")
    except (ValueError, PolicyError):
        raise invalid("PolicyText", INVALID_POLICY) from None
    statements = doc.get("Statement")
    for statement in statements if isinstance(statements, list) else [statements]:
        if isinstance(statement, dict) and ("Resource" in statement or "NotResource" in statement):
            raise invalid("PolicyText", INVALID_POLICY)


def resource_policy(ctx, resource_arn: str):
    """(policy JSON text or None, owning account) of the repository an ARN names."""
    from iamulator.services.ecr.names import parse_repository_arn

    parsed = parse_repository_arn(resource_arn)
    if parsed is None:
        return None, ctx.account_id
    region, account, name = parsed
    if name.endswith("*"):          # a listing's whole-registry ARN names no one repository
        return None, account
    repository = ctx.store.backend("ecr", account, region).repositories.get(name)
    return (repository.policy if repository is not None else None), account
