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


#: ``IAMULATOR_AUTH`` / ``mock_aws(auth=...)``: how requests are checked.
#: strict: every request authenticated and authorized from the first one;
#: soft: every request evaluated and logged from the first one, none denied;
#: off: nothing checked.
AUTH_MODES = ("strict", "soft", "off")


def auth_mode(value: str | None = None) -> str | None:
    """``value`` (or ``IAMULATOR_AUTH`` when None) validated; None when neither is set."""
    raw = os.environ.get("IAMULATOR_AUTH") if value is None else value
    if raw is None or (value is None and raw.strip() == ""):
        return None
    mode = raw.strip().lower() if isinstance(raw, str) else raw
    if mode not in AUTH_MODES:
        source = "IAMULATOR_AUTH" if value is None else "auth"
        raise ValueError(f"{source} must be one of {', '.join(AUTH_MODES)}, not {raw!r}")
    return mode


def gate_for(mode: str) -> tuple[float, bool]:
    """(requests let through unchecked, soft) of an auth mode."""
    if mode == "off":
        return float("inf"), False
    return 0, mode == "soft"


def decision_log_size() -> int:
    """``IAMULATOR_DECISION_LOG_SIZE``: how many decision records are kept (0: none)."""
    raw = os.environ.get("IAMULATOR_DECISION_LOG_SIZE")
    if raw is None or raw.strip() == "":
        return 10_000
    try:
        size = int(raw)
    except ValueError:
        size = -1
    if size < 0:
        raise ValueError(f"IAMULATOR_DECISION_LOG_SIZE must be a whole number >= 0, not {raw!r}")
    return size
