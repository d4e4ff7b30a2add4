"""Resource-based policies on secrets: validation, the "public" test behind BlockPublicPolicy,
and ``resource_policy`` through which authorization reads a secret's policy. What counts as
public is ``iamulator.authz.policy.public``.
"""
from __future__ import annotations

from iamulator.services.errors import AWSError

PUBLIC_POLICY_MESSAGE = ("The BlockPublicPolicy parameter is set to true, and the resource policy did not "
                         "prevent broad access to the secret.")


def compile_document(text: str):
    """The compiled policy; ``MalformedPolicyDocumentException`` with AWS's wording if invalid."""
    from iamulator.authz import PolicyError, compile_policy

    try:
        return compile_policy(text, kind="resource")
    except PolicyError as err:
        raise AWSError("MalformedPolicyDocumentException", err.message) from None


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
