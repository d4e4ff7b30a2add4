"""NextToken paging over a list already in its final order: the token is the offset reached."""
from __future__ import annotations

import base64
import binascii

from iamulator.services.errors import AWSError


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"ssm:{offset}".encode()).decode()


def _offset(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    if not text.startswith("ssm:") or not text[4:].isdigit():
        raise AWSError("InvalidNextToken", "The specified token isn't valid.")
    return int(text[4:])


def page(items: list, params: dict, default_size: int) -> tuple[list, str | None]:
    start = _offset(params["NextToken"]) if params.get("NextToken") else 0
    size = params.get("MaxResults") or default_size
    chunk = items[start:start + size]
    return chunk, (_token(start + size) if start + size < len(items) else None)
