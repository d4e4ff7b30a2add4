"""Marker / MaxItems / IsTruncated pagination, as every IAM List operation does it.

A marker names the sort key of the first item of the next page, so a page boundary stays put
when items before it are added or removed.
"""
from __future__ import annotations

import base64
import binascii
from bisect import bisect_left

from iamulator.services.iam.errors import validation_error

DEFAULT_MAX_ITEMS = 100


def encode_marker(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode("utf-8")).decode("ascii")


def decode_marker(marker: str) -> str:
    try:
        return base64.urlsafe_b64decode(marker.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise validation_error("Invalid Marker.") from None


def page(items: list, params: dict, key=None, result_key: str | None = None) -> dict:
    """One page of ``items`` (already sorted by ``key``, a function giving each item's text sort
    key), as ``{result_key: [...], "IsTruncated": bool, "Marker": ...}``."""
    max_items = params.get("MaxItems") or DEFAULT_MAX_ITEMS
    start = 0
    marker = params.get("Marker")
    if marker:
        wanted = decode_marker(marker)
        if key is None:
            # Lists without a natural order (tags, simulation results) page by position.
            if not wanted.isdigit():
                raise validation_error("Invalid Marker.")
            start = int(wanted)
        else:
            start = bisect_left([key(i) for i in items], wanted)
    chunk = items[start:start + max_items]
    out = {result_key: chunk} if result_key else {"Items": chunk}
    truncated = start + max_items < len(items)
    out["IsTruncated"] = truncated
    if truncated:
        nxt = items[start + max_items]
        out["Marker"] = encode_marker(key(nxt) if key is not None else str(start + max_items))
    return out
