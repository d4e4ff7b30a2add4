"""Reading events back: GetLogEvents (one stream, forward/backward tokens) and FilterLogEvents
(a group's streams interleaved by time, filtered by a pattern, resumable by token)."""
from __future__ import annotations

import base64
import bisect
import heapq
import re

from iamulator.services.logs.errors import bad_token, invalid
from iamulator.services.logs.groups import LogGroup, LogStream
from iamulator.services.logs.patterns import compile_pattern

DEFAULT_LIMIT = 10_000
_TOKEN = re.compile(r"([fb])/(\d{56})/s\Z")


def _position_token(direction: str, position: int) -> str:
    return f"{direction}/{position:056d}/s"


def _parse_position(token: str) -> tuple[str, int]:
    m = _TOKEN.match(token)
    if m is None:
        raise bad_token()
    return m.group(1), int(m.group(2))


def _event(e) -> dict:
    return {"timestamp": e.timestamp, "message": e.message, "ingestionTime": e.ingestion}


def get_events(stream: LogStream, params: dict, now_ms: int) -> dict:
    events = stream.live_events(now_ms)
    keys = stream.keys
    lo, hi = 0, len(events)
    if params.get("startTime") is not None:
        lo = bisect.bisect_left(keys, (params["startTime"], -1))
    if params.get("endTime") is not None:
        hi = max(lo, bisect.bisect_left(keys, (params["endTime"], -1)))
    window = events[lo:hi]
    n = len(window)
    limit = params.get("limit") or DEFAULT_LIMIT
    token = params.get("nextToken")
    if token:
        direction, position = _parse_position(token)
        position = min(position, n)
        if direction == "f":
            first, last = position, min(n, position + limit)
        else:
            first, last = max(0, position - limit), position
    elif params.get("startFromHead"):
        first, last = 0, min(n, limit)
    else:
        first, last = max(0, n - limit), n
    page = window[first:last]
    return {
        "events": [_event(e) for e in page],
        "nextForwardToken": _position_token("f", last),
        "nextBackwardToken": _position_token("b", first),
    }


def _filter_token(timestamp: int, seq: int) -> str:
    return base64.urlsafe_b64encode(f"after:{timestamp}:{seq}".encode()).decode()


def _after(token: str) -> tuple[int, int]:
    try:
        kind, timestamp, seq = base64.urlsafe_b64decode(token.encode()).decode().split(":")
        if kind != "after":
            raise ValueError(kind)
        return int(timestamp), int(seq)
    except (ValueError, UnicodeDecodeError):
        raise bad_token() from None


def selected_streams(group: LogGroup, params: dict) -> list[LogStream]:
    names = params.get("logStreamNames")
    prefix = params.get("logStreamNamePrefix")
    if names and prefix is not None:
        raise invalid("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.")
    if names:
        return [group.streams[n] for n in dict.fromkeys(names) if n in group.streams]
    if prefix is not None:
        return [s for name, s in group.streams.items() if name.startswith(prefix)]
    return list(group.streams.values())


def filter_events(group: LogGroup, params: dict, now_ms: int) -> dict:
    pattern = compile_pattern(params.get("filterPattern"))
    streams = selected_streams(group, params)
    start = params.get("startTime")
    end = params.get("endTime")
    if start is not None and end is not None and end < start:
        return {"events": [], "searchedLogStreams": []}
    limit = params.get("limit") or DEFAULT_LIMIT
    token = params.get("nextToken")
    after = _after(token) if token else None
    merged = heapq.merge(*(s.live_events(now_ms) for s in streams), key=lambda e: e.key)
    out, more = [], False
    matches = pattern.matches
    for e in merged:
        if start is not None and e.timestamp < start:
            continue
        if end is not None and e.timestamp > end:
            break
        if after is not None and e.key <= after:
            continue
        if not matches(e.message):
            continue
        if len(out) == limit:
            more = True
            break
        out.append(e)
    result = {
        "events": [{"logStreamName": e.stream.name, **_event(e), "eventId": e.event_id} for e in out],
        "searchedLogStreams": [],
    }
    if more:
        result["nextToken"] = _filter_token(*out[-1].key)
    return result
