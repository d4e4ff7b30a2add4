"""PutLogEvents' rules: what makes a whole batch invalid, and which events are set aside as too
old, too new or already past the group's retention (reported in ``rejectedLogEventsInfo``)."""
from __future__ import annotations

from iamulator.services.logs.errors import constraint, invalid
from iamulator.services.logs.groups import DAY_MS, LogEvent, LogStream

MAX_BATCH_BYTES = 1_048_576
EVENT_OVERHEAD = 26
MAX_EVENTS = 10_000
TOO_OLD_MS = 14 * DAY_MS
TOO_NEW_MS = 2 * 3_600_000
MAX_SPAN_MS = DAY_MS


def check_batch(events: list) -> None:
    if not events:
        raise constraint("[]", "logEvents", "have length greater than or equal to 1")
    if len(events) > MAX_EVENTS:
        raise constraint("[InputLogEvent]", "logEvents", f"have length less than or equal to {MAX_EVENTS}")
    total = 0
    previous = None
    for i, event in enumerate(events, 1):
        message = event.get("message")
        timestamp = event.get("timestamp")
        if message is None or message == "":
            raise constraint(message, f"logEvents.{i}.member.message",
                             "not be null" if message is None else "have length greater than or equal to 1")
        if timestamp is None:
            raise constraint(None, f"logEvents.{i}.member.timestamp", "not be null")
        if timestamp < 0:
            raise constraint(timestamp, f"logEvents.{i}.member.timestamp", "have value greater than or equal to 0")
        if previous is not None and timestamp < previous:
            raise invalid("Log events in a single PutLogEvents request must be in chronological order.")
        previous = timestamp
        total += len(message.encode("utf-8", "surrogatepass")) + EVENT_OVERHEAD
    if total > MAX_BATCH_BYTES:
        raise invalid(f"Upload too large: {total} bytes exceeds limit of {MAX_BATCH_BYTES}")


def classify(events: list, now_ms: int, retention_cutoff: int | None) -> tuple[int, int, int, int | None]:
    """(end of the too-old prefix, first accepted index, end of the accepted ones, end of the
    expired prefix or None).

    Events are chronological, so the too-old and expired ones form a prefix and the too-new ones
    a suffix; ``rejectedLogEventsInfo`` reports them by those boundaries.
    """
    too_old_before = now_ms - TOO_OLD_MS
    too_new_after = now_ms + TOO_NEW_MS
    n = len(events)
    start = 0
    while start < n and events[start]["timestamp"] < too_old_before:
        start += 1
    too_old_end = start
    expired_end = None
    if retention_cutoff is not None:
        while start < n and events[start]["timestamp"] < retention_cutoff:
            start += 1
        if start > too_old_end:
            expired_end = start
    end = n
    while end > start and events[end - 1]["timestamp"] > too_new_after:
        end -= 1
    return too_old_end, start, end, expired_end


def put(stream: LogStream, events: list, now_ms: int, next_seq) -> tuple[dict, list[LogEvent]]:
    """Stores the acceptable events of a checked batch: (the PutLogEvents result, the events stored)."""
    group = stream.group
    too_old_end, start, end, expired_end = classify(events, now_ms, group.retention_cutoff(now_ms))
    accepted = events[start:end]
    if accepted and accepted[-1]["timestamp"] - accepted[0]["timestamp"] > MAX_SPAN_MS:
        raise invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.")
    stored = []
    for event in accepted:
        entry = LogEvent(event["timestamp"], next_seq(), now_ms, event["message"], stream)
        stream.add(entry)
        stored.append(entry)
    stream.uploads += 1
    out: dict = {"nextSequenceToken": stream.upload_token}
    rejected = {}
    if too_old_end:
        rejected["tooOldLogEventEndIndex"] = too_old_end
    if expired_end is not None:
        rejected["expiredLogEventEndIndex"] = expired_end
    if end < len(events):
        rejected["tooNewLogEventStartIndex"] = end
    if rejected:
        out["rejectedLogEventsInfo"] = rejected
    return out, stored
