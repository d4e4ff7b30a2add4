"""Name-ordered pages for the Describe operations: the token names the last item returned."""
from __future__ import annotations

import base64

from iamulator.services.logs.errors import bad_token, constraint


def check_limit(limit, high: int = 50, path: str = "limit") -> int:
    if limit is None:
        return high
    if limit < 1:
        raise constraint(limit, path, "have value greater than or equal to 1")
    if limit > high:
        raise constraint(limit, path, f"have value less than or equal to {high}")
    return limit


def page(items: list, key, limit: int, token: str | None, descending: bool = False) -> tuple[list, str | None]:
    """``items`` sorted by the string ``key`` (highest first when ``descending``); one page after
    the token's item, and the next token."""
    if token:
        try:
            decoded = base64.urlsafe_b64decode(token.encode()).decode()
        except (ValueError, UnicodeDecodeError):
            decoded = ""
        if not decoded.startswith("next:"):
            raise bad_token()
        after = decoded[5:]
        items = [item for item in items if (key(item) < after if descending else key(item) > after)]
    if len(items) <= limit:
        return items, None
    items = items[:limit]
    return items, base64.urlsafe_b64encode(f"next:{key(items[-1])}".encode()).decode()
