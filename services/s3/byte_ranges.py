"""The one ``Range: bytes=...`` form S3 serves, as an inclusive (first, last) pair.

S3 serves a single range; a header it cannot read, or one asking for several ranges, is
ignored and the whole object is returned, as RFC 9110 allows. A well-formed range that starts
past the end (or any range of an empty object) is unsatisfiable: 416 ``InvalidRange``.
"""
from __future__ import annotations

from iamulator.services.errors import AWSError


def unsatisfiable(header: str, size: int) -> AWSError:
    return AWSError("InvalidRange", "The requested range is not satisfiable", 416,
                    headers={"Content-Range": f"bytes */{size}"},
                    RangeRequested=header, ActualObjectSize=size)


def resolve(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) byte positions to serve, None to serve the whole object."""
    if not header:
        return None
    unit, _, spec = header.strip().partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first, dash, last = spec.strip().partition("-")
    if not dash:
        return None
    first, last = first.strip(), last.strip()
    if not first:
        if not last.isdigit():
            return None
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise unsatisfiable(header, size)
        return max(0, size - suffix), size - 1
    if not first.isdigit() or (last and not last.isdigit()):
        return None
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None
    if start >= size:
        raise unsatisfiable(header, size)
    return start, min(end, size - 1)
