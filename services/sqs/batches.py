"""The request-level rules every SQS batch operation shares; per-entry failures are reported
in the answer's ``Failed`` list instead of failing the request."""
from __future__ import annotations

import re

from iamulator.services.errors import AWSError
from iamulator.services.sqs.errors import sqs_error

MAX_ENTRIES = 10
_ENTRY_ID = re.compile(r"[A-Za-z0-9_-]{1,80}\Z")


def check_entries(entries: list, entry_kind: str) -> None:
    """``entry_kind`` is the request entry's shape name, e.g. ``SendMessageBatchRequestEntry``."""
    if not entries:
        raise sqs_error("EmptyBatchRequest", f"There should be at least one {entry_kind} in the request.")
    if len(entries) > MAX_ENTRIES:
        raise sqs_error("TooManyEntriesInBatchRequest", f"Maximum number of entries per request are "
                                                        f"{MAX_ENTRIES}. You have sent {len(entries)}.")
    seen = set()
    for entry in entries:
        entry_id = entry.get("Id") or ""
        if not _ENTRY_ID.match(entry_id):
            raise sqs_error("InvalidBatchEntryId", "A batch entry id can only contain alphanumeric characters, "
                                                   "hyphens and underscores. It can be at most 80 letters long.")
        if entry_id in seen:
            raise sqs_error("BatchEntryIdsNotDistinct", f"Id {entry_id} repeated.")
        seen.add(entry_id)


def failure(entry_id: str, error: AWSError) -> dict:
    return {"Id": entry_id, "SenderFault": error.sender_fault, "Code": error.code, "Message": error.message}


def each(entries: list, apply) -> tuple[list, list]:
    """Runs ``apply(entry)`` on every entry: its dict (merged after the entry's Id) is a success,
    an ``AWSError`` a failure of that entry alone. Returns (Successful, Failed)."""
    successful, failed = [], []
    for entry in entries:
        try:
            extra = apply(entry)
        except AWSError as err:
            failed.append(failure(entry["Id"], err))
            continue
        successful.append({"Id": entry["Id"], **(extra or {})})
    return successful, failed
