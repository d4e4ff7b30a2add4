"""Timestamps on the wire: parsing every form AWS clients send, rendering every form they read.

Backends hand over ``datetime`` values (aware, or naive meaning UTC) or epoch numbers; decoded
params always carry timezone-aware UTC datetimes.
"""
from __future__ import annotations

from datetime import datetime, timezone
from email.utils import formatdate, parsedate_to_datetime

UTC = timezone.utc
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class TimestampError(ValueError):
    pass


def parse(value) -> datetime:
    """Any of: epoch seconds (number or numeric string), ISO 8601, RFC 822 / HTTP date."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return from_epoch(value)
    if not isinstance(value, str) or not value:
        raise TimestampError(f"not a timestamp: {value!r}")
    c = value[0]
    if c.isdigit() or c == "-":
        if len(value) > 4 and value[4] == "-":
            return _parse_iso(value)
        try:
            return from_epoch(float(value))
        except (ValueError, OverflowError, OSError):
            pass
    try:
        dt = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        dt = None
    if dt is not None:
        return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    raise TimestampError(f"not a timestamp: {value!r}")


def _parse_iso(value: str) -> datetime:
    text = value
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    # fromisoformat takes at most 6 fractional digits; AWS allows nanoseconds.
    dot = text.find(".")
    if dot != -1:
        end = dot + 1
        while end < len(text) and text[end].isdigit():
            end += 1
        if end - dot - 1 > 6:
            text = text[:dot + 7] + text[end:]
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise TimestampError(f"not a timestamp: {value!r}") from None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def from_epoch(seconds) -> datetime:
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (ValueError, OverflowError, OSError):
        raise TimestampError(f"timestamp out of range: {seconds!r}") from None


def to_datetime(value) -> datetime:
    """A backend's timestamp (datetime, epoch number or ISO string) as an aware UTC datetime."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC) if value.utcoffset() else value
    return parse(value)


def epoch(value) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    dt = to_datetime(value)
    return (dt - _EPOCH).total_seconds()


def iso8601(value) -> str:
    """ISO 8601 with milliseconds, as S3 and the query services print it."""
    dt = to_datetime(value)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (
        dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond // 1000)


def rfc822(value) -> str:
    return formatdate(int(epoch(value)), usegmt=True)


def unix(value):
    """Epoch seconds for JSON bodies: an int when whole, else millisecond precision."""
    seconds = epoch(value)
    if isinstance(seconds, int):
        return seconds
    whole = int(seconds)
    if whole == seconds:
        return whole
    return round(seconds, 3)


def formatter(timestamp_format: str | None, default: str):
    """The render function for a member's ``timestampFormat`` (or the protocol's default)."""
    fmt = (timestamp_format or default).lower()
    if fmt == "iso8601":
        return iso8601
    if fmt == "rfc822":
        return rfc822
    return unix
