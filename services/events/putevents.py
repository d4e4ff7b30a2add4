"""PutEvents entries: their validation (per entry, as the service reports it) and the event
EventBridge builds from each."""
from __future__ import annotations

import datetime
import json
import uuid

from iamulator.services.events.errors import validation

MAX_ENTRIES = 10
MAX_REQUEST_BYTES = 256 * 1024


class EntryError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _size(entry: dict) -> int:
    """An entry's size as the service counts it: time, source, detail type, detail, resources."""
    size = 14 if entry.get("Time") is not None else 0
    for key in ("Source", "DetailType", "Detail"):
        if entry.get(key):
            size += len(entry[key].encode("utf-8"))
    for resource in entry.get("Resources") or ():
        size += len(resource.encode("utf-8"))
    return size


def check_request(entries: list) -> None:
    if not entries:
        raise validation("1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: "
                         "Member must have length greater than or equal to 1")
    if len(entries) > MAX_ENTRIES:
        raise validation("1 validation error detected: Value '[PutEventsRequestEntry]' at 'entries' failed to "
                         f"satisfy constraint: Member must have length less than or equal to {MAX_ENTRIES}")
    if sum(_size(e) for e in entries) > MAX_REQUEST_BYTES:
        raise validation("Total size of the entries in the request is over the limit.")


def _time_text(value, now: float) -> str:
    if isinstance(value, datetime.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
    elif value is not None:
        moment = datetime.datetime.fromtimestamp(float(value), datetime.timezone.utc)
    else:
        moment = datetime.datetime.fromtimestamp(now, datetime.timezone.utc)
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def build(entry: dict, account: str, region: str, now: float) -> dict:
    """The event for one entry, or ``EntryError`` with the code and message the service returns."""
    for key in ("Source", "DetailType", "Detail"):
        if not entry.get(key):
            raise EntryError("InvalidArgument", f"Parameter {key} is not valid. Reason: {key} is a required argument.")
    if entry["Source"].startswith("aws."):
        raise EntryError("NotAuthorizedForSourceException", "Not authorized for the source.")
    if len(entry["DetailType"]) > 128:
        raise EntryError("InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType must not be "
                                            "longer than 128 characters.")
    try:
        detail = json.loads(entry["Detail"])
    except ValueError:
        detail = None
    if not isinstance(detail, dict):
        raise EntryError("MalformedDetail", "Detail is malformed.")
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": entry["DetailType"],
        "source": entry["Source"],
        "account": account,
        "time": _time_text(entry.get("Time"), now),
        "region": region,
        "resources": list(entry.get("Resources") or []),
        "detail": detail,
    }


def event_time_ms(event: dict) -> int:
    moment = datetime.datetime.strptime(event["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    return int(moment.timestamp() * 1000)
