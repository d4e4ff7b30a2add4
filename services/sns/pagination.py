"""List pages of 100, resumed by a token naming the position of the last item returned.

Items carry a creation serial that only grows, so a page resumes correctly however many items
were created or deleted in between.
"""
from __future__ import annotations

import base64
import itertools

from iamulator.services.sns.errors import invalid

PAGE_SIZE = 100

_serials = itertools.count(1)


def next_serial() -> int:
    return next(_serials)


def page(items, token: str | None, *, serial=lambda item: item.serial, size: int = PAGE_SIZE):
    """``(items of this page, next token or None)``; ``items`` in creation order."""
    after = _position(token) if token else 0
    selected = []
    more = False
    for item in items:
        if serial(item) <= after:
            continue
        if len(selected) == size:
            more = True
            break
        selected.append(item)
    next_token = _token(serial(selected[-1])) if more else None
    return selected, next_token


def _token(serial: int) -> str:
    return base64.b64encode(f"after:{serial}".encode()).decode()


def _position(token: str) -> int:
    try:
        text = base64.b64decode(token, validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        text = ""
    head, _, number = text.partition(":")
    if head != "after" or not number.isdigit():
        raise invalid("NextToken")
    return int(number)
