"""HTTP ``Range: bytes=...`` as S3 reads it: one range, inclusive offsets."""
from __future__ import annotations

from iamulator.services.errors import AWSError


def invalid_range(header: str, size: int) -> AWSError:
    return AWSError("InvalidRange", "The requested range is not satisfiable", 416,
                    RangeRequested=header, ActualObjectSize=str(size))


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """``(first, last)`` byte offsets (inclusive) to serve, or None for the whole object.

    Syntactically invalid or multi-range headers are ignored (the whole object is served, as S3
    does); a well-formed range that misses the object raises ``InvalidRange`` (416)."""
    if not header:
        return None
    text = header.strip()
    if not text.lower().startswith("bytes="):
        return None
    spec = text[6:].strip()
    if "," in spec:
        return None
    first, sep, last = spec.partition("-")
    first, last = first.strip(), last.strip()
    if not sep or (first and not first.isdigit()) or (last and not last.isdigit()):
        return None
    if not first:
        if not last:
            return None
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise invalid_range(header, size)
        return max(0, size - suffix), size - 1
    start = int(first)
    if last:
        end = int(last)
        if end < start:
            return None
    else:
        end = size - 1
    if start >= size:
        raise invalid_range(header, size)
    return start, min(end, size - 1)


def content_range(first: int, last: int, size: int) -> str:
    return f"bytes {first}-{last}/{size}"
