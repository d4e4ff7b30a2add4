"""Organizations guardrails for one request: the SCP and RCP levels that apply and the
``aws:PrincipalOrg*`` / ``aws:ResourceOrgID`` keys.

authz imports no service, so the Organizations backend registers a provider here when it is
imported. Without one (or for accounts in no organization) nothing applies and the cost is one
lookup. The provider answers, for a store and an account:

* ``scp_levels(store, account)``: ``[[root docs], [ou docs]..., [account docs]]``, or None when
  SCPs do not govern the account (no organization, the management account, type disabled);
* ``rcp_levels(store, account)``: the same for RCPs;
* ``org_keys(store, account)``: ``(org id, org path)`` of the account, or None.
"""
from __future__ import annotations

# RCPs govern only these services' resources (AWS's list of services supporting RCPs).
RCP_SERVICES = frozenset({"s3", "sts", "kms", "sqs", "secretsmanager", "ecr", "aoss",
                          "cognito-identity", "logs", "dynamodb"})

_provider = None


def register(provider) -> None:
    global _provider
    _provider = provider


def _membership(ctx, account: str | None):
    """(the provider, the store, (organization id, account path)) when ``account`` belongs to
    an organization, else None."""
    provider = _provider
    if provider is None or not account or ctx is None:
        return None
    found = provider.org_keys(ctx.store, account)
    return None if found is None else (provider, ctx.store, found)


def principal_keys(ctx, account: str | None) -> tuple:
    """(SCP levels or None, the principal's org condition keys or None) for ``account``."""
    found = _membership(ctx, account)
    if found is None:
        return None, None
    provider, store, (org_id, path) = found
    return provider.scp_levels(store, account), {"aws:PrincipalOrgID": org_id,
                                                 "aws:PrincipalOrgPaths": [path]}


def resource_guardrails(ctx, account: str | None, action: str) -> tuple:
    """(RCP levels or None, ``{"aws:ResourceOrgID": ...}`` or None) for a resource of ``account``."""
    found = _membership(ctx, account)
    if found is None:
        return None, None
    provider, store, (org_id, _) = found
    keys = {"aws:ResourceOrgID": org_id}
    prefix = action.split(":", 1)[0].lower()
    if prefix not in RCP_SERVICES:
        return None, keys
    return provider.rcp_levels(store, account), keys
