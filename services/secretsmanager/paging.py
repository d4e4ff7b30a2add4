"""NextToken paging over a list already in its final order: the token is the offset reached."""
from __future__ import annotations

import base64
import binascii

from iamulator.services.errors import AWSError


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"sm:{offset}".encode()).decode()


def _offset(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    if not text.startswith("sm:") or not text[3:].isdigit():
        raise AWSError("InvalidNextTokenException", "The NextToken value is invalid.")
    return int(text[3:])


def page(items: list, params: dict, default_size: int) -> tuple[list, str | None]:
    """(items of this page, token of the next page or None)."""
    start = _offset(params["NextToken"]) if params.get("NextToken") else 0
    size = params.get("MaxResults") or default_size
    chunk = items[start:start + size]
    more = start + size < len(items)
    return chunk, (_token(start + size) if more else None)
