"""Limit/Marker pagination as every KMS List* operation does it: ``Truncated`` always,
``NextMarker`` only when more follow. Markers are opaque to callers."""
from __future__ import annotations

import base64

from iamulator.services.kms import errors


def page(items: list, params: dict, result_key: str, default: int, most: int) -> dict:
    """One page of ``items``; ``most`` is the largest page KMS returns whatever the Limit."""
    limit = min(params.get("Limit") or default, most)
    start = _position(params.get("Marker"), len(items))
    chunk = items[start:start + limit]
    out = {result_key: chunk, "Truncated": start + limit < len(items)}
    if out["Truncated"]:
        out["NextMarker"] = base64.urlsafe_b64encode(f"kms:{start + limit}".encode()).decode()
    return out


def _position(marker: str | None, size: int) -> int:
    if marker is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(marker.encode("ascii")).decode("ascii")
        if not text.startswith("kms:"):
            raise ValueError
        position = int(text[4:])
    except (ValueError, UnicodeError):
        raise errors.invalid_marker() from None
    if position < 0:
        raise errors.invalid_marker()
    return position
