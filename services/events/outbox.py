"""What EventBridge delivered: every attempt, for tests to read."""
from __future__ import annotations


def delivered(account: str | None = None, region: str | None = None, store=None) -> list[dict]:
    """Every delivery attempt (``EventId``, ``RuleArn``, ``TargetId``, ``TargetArn``, ``Input``,
    ``Status`` delivered/recorded/failed, ``Error``) of the matching accounts and regions, oldest first."""
    from iamulator.services.state import STORE

    store = store or STORE
    out = []
    for acct, reg, backend in store.existing("events"):
        if (account is None or acct == account) and (region is None or reg == region):
            out.extend(backend.deliveries)
    return out
