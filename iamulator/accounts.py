"""Accounts besides the default one: ``root_access_key(account_id)`` returns root credentials of
any account, so tests can act in a second account (cross-account policies, Organizations)."""
from __future__ import annotations


def root_access_key(account_id: str) -> dict:
    """A new access key of ``account_id``'s root user, as IAM's CreateAccessKey returns it
    (``AccessKeyId``, ``SecretAccessKey``, ...). Made directly in the emulated state, so it works
    whatever the gate says; valid until the next reset."""
    if not (isinstance(account_id, str) and len(account_id) == 12 and account_id.isdigit()):
        raise ValueError(f"an account id is 12 digits, not {account_id!r}")
    from iamulator.services.base import Context
    from iamulator.services.state import STORE

    iam = STORE.backend("iam", account_id, "aws-global")
    ctx = Context(request=None, service="iam", operation="CreateAccessKey", protocol="query",
                  account_id=account_id, region="us-east-1", store=STORE)
    with iam.lock:
        return iam.handler("CreateAccessKey")(iam, ctx, {})["AccessKey"]
