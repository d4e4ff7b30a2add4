"""Whether a grant lets the caller use a key: the third way to KMS permissions, beside the key
policy and IAM policies.

A grant allows its grantee principal (an IAM user or role ARN — a role's grant covers the
sessions of that role — or an account's root) the operations it lists on its key, while its
constraints hold: ``EncryptionContextEquals`` (the request's encryption context is exactly
this) or ``EncryptionContextSubset`` (the request's context includes these pairs). Grants take
effect at once here (AWS's eventual consistency, and so grant tokens, have nothing to bridge).
"""
from __future__ import annotations

_CONTEXT_PREFIX = "kms:encryptioncontext:"


def grant_allowing(ctx, check, caller) -> str | None:
    """The ID of a grant allowing ``check`` (a ``kms:<Operation>`` on a key ARN) for
    ``caller``, or None."""
    from iamulator.services.kms import grants, ids

    if caller is None or caller.anonymous or not check.resource.startswith("arn:"):
        return None
    ref = ids.parse(check.resource)
    if ref is None or ref.kind != "key" or ref.account is None or ref.region is None or ctx.store is None:
        return None
    operation = check.action.split(":", 1)[1].lower()
    who = {caller.arn}
    if caller.role_arn:
        who.add(caller.role_arn)
    backend = ctx.store.backend("kms", ref.account, ref.region)
    with backend.lock:
        key = backend.keys.get(ref.name)
        candidates = [g for g in key.grants.values()
                      if g.grantee in who and any(op.lower() == operation for op in g.operations)] if key else []
    if not candidates:
        return None
    context = _encryption_context(check.context)
    for grant in candidates:
        if grants.constraints_match(grant.constraints, context):
            return grant.grant_id
    return None


def _encryption_context(keys) -> dict:
    """The request's encryption context, from the check's ``kms:EncryptionContext:<k>`` keys."""
    out = {}
    for name, value in (keys or {}).items():
        if name.lower().startswith(_CONTEXT_PREFIX):
            out[name[len(_CONTEXT_PREFIX):]] = value
    return out
