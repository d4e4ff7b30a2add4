"""Defaults users may rely on (documented in docs/usage.md)."""
from __future__ import annotations

import os

#: The account every request acts in unless its credentials belong to another one.
DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"

#: The mock's default credentials: the root user of the default account.
DEFAULT_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
DEFAULT_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def initial_no_auth_action_count() -> float:
    """``INITIAL_NO_AUTH_ACTION_COUNT`` from the environment; unset means never checked."""
    raw = os.environ.get("INITIAL_NO_AUTH_ACTION_COUNT")
    if raw is None or raw.strip() == "":
        return float("inf")
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"INITIAL_NO_AUTH_ACTION_COUNT must be an integer, not {raw!r}") from None
