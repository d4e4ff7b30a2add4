"""Marker/MaxItems paging as Lambda's List operations do it: an opaque marker that resumes after
the last item returned."""
from __future__ import annotations

import base64
import binascii

from .errors import invalid

DEFAULT_PAGE = 50


def page(items: list, keys: list[str], marker: str | None, max_items: int | None,
         default: int = DEFAULT_PAGE) -> tuple[list, str | None]:
    """``items`` (sorted by their ``keys``) from just after ``marker``, at most ``max_items``;
    and the marker of the next page, if any."""
    start = 0
    if marker:
        after = _decode(marker)
        start = next((i for i, k in enumerate(keys) if k > after), len(keys))
    size = max_items or default
    chosen = items[start:start + size]
    more = start + size < len(items)
    return chosen, (_encode(keys[start + size - 1]) if more else None)


def _encode(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode("utf-8")).decode("ascii")


def _decode(marker: str) -> str:
    try:
        return base64.b64decode(marker.encode("ascii"), altchars=b"-_", validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise invalid("Invalid marker: " + marker) from None
