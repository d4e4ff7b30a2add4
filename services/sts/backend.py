"""STS operations. Identity lives in the authz layer; STS only reports what it was told."""
from __future__ import annotations

from iamulator.services.base import Service


class Backend(Service):
    name = "sts"
    scope = "account"

    def get_caller_identity(self, ctx, params) -> dict:
        principal = ctx.principal
        account = getattr(principal, "account_id", None) or ctx.account_id
        arn = getattr(principal, "arn", None) or f"arn:aws:iam::{account}:root"
        # The root user's unique id is the account id itself.
        user_id = getattr(principal, "user_id", None) or account
        return {"UserId": user_id, "Account": account, "Arn": arn}
