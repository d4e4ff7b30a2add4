"""Queue attributes: which exist, their defaults and the values each accepts.

Values travel as strings both ways; each is normalized once on the way in (integers without
padding, booleans in lower case, the redrive policy as compact JSON) so that comparing a
re-created queue's attributes with the existing ones is a plain dict comparison.
"""
from __future__ import annotations

import json

from iamulator.services.sqs.errors import (invalid_attribute_name, invalid_attribute_value,
                                           invalid_parameter)

# name -> (low, high) for the integer attributes.
INTEGER_RANGES = {
    "DelaySeconds": (0, 900),
    "MaximumMessageSize": (1024, 1048576),
    "MessageRetentionPeriod": (60, 1209600),
    "ReceiveMessageWaitTimeSeconds": (0, 20),
    "VisibilityTimeout": (0, 43200),
    "KmsDataKeyReusePeriodSeconds": (60, 86400),
}

DEFAULTS = {
    "DelaySeconds": "0",
    "MaximumMessageSize": "1048576",
    "MessageRetentionPeriod": "345600",
    "ReceiveMessageWaitTimeSeconds": "0",
    "VisibilityTimeout": "30",
    "SqsManagedSseEnabled": "true",
}

FIFO_DEFAULTS = {
    "FifoQueue": "true",
    "ContentBasedDeduplication": "false",
    "DeduplicationScope": "queue",
    "FifoThroughputLimit": "perQueue",
}

BOOLEANS = frozenset({"SqsManagedSseEnabled", "FifoQueue", "ContentBasedDeduplication"})
ENUMS = {
    "DeduplicationScope": frozenset({"messageGroup", "queue"}),
    "FifoThroughputLimit": frozenset({"perQueue", "perMessageGroupId"}),
}
FIFO_ONLY = frozenset({"ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"})
FREE_TEXT = frozenset({"Policy", "KmsMasterKeyId", "RedriveAllowPolicy", "RedrivePolicy"})

SETTABLE = frozenset(INTEGER_RANGES) | BOOLEANS | frozenset(ENUMS) | FREE_TEXT
COMPUTED = frozenset({
    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp", "LastModifiedTimestamp", "QueueArn",
})
READABLE = SETTABLE | COMPUTED

MAX_RECEIVE_COUNT = (1, 1000)


def normalize(name: str, value: str, *, fifo: bool, creating: bool) -> str:
    """The stored form of one attribute value, or the error SQS gives for it."""
    if name not in SETTABLE or (name in FIFO_ONLY and not fifo):
        raise invalid_attribute_name(name)
    if name == "FifoQueue" and not creating:
        # A queue's type is fixed at creation.
        raise invalid_attribute_name(name)
    if not isinstance(value, str):
        value = str(value)
    bounds = INTEGER_RANGES.get(name)
    if bounds is not None:
        try:
            number = int(value.strip())
        except ValueError:
            raise invalid_attribute_value(name) from None
        if not bounds[0] <= number <= bounds[1]:
            raise invalid_attribute_value(name)
        return str(number)
    if name in BOOLEANS:
        lowered = value.lower()
        if lowered not in ("true", "false"):
            raise invalid_attribute_value(name)
        return lowered
    allowed = ENUMS.get(name)
    if allowed is not None:
        if value not in allowed:
            raise invalid_attribute_value(name)
        return value
    if name == "Policy":
        _json_object(name, value)
        return value
    if name == "RedriveAllowPolicy":
        return _normalize_redrive_allow(value)
    if name == "RedrivePolicy":
        return normalize_redrive_policy(value)
    return value


def _json_object(name: str, value: str) -> dict | str:
    if value == "":
        return ""
    try:
        doc = json.loads(value)
    except ValueError:
        raise invalid_attribute_value(name) from None
    if not isinstance(doc, dict):
        raise invalid_attribute_value(name)
    return doc


def _redrive_error(value: str, reason: str):
    return invalid_parameter(f"Value {value} for parameter RedrivePolicy is invalid. Reason: {reason}")


def normalize_redrive_policy(value: str) -> str:
    """Compact JSON with an integer ``maxReceiveCount``; ``""`` removes the policy."""
    if value == "":
        return ""
    try:
        doc = json.loads(value)
    except ValueError:
        raise _redrive_error(value, "Redrive policy is not a valid JSON map.") from None
    if not isinstance(doc, dict):
        raise _redrive_error(value, "Redrive policy is not a valid JSON map.")
    target = doc.get("deadLetterTargetArn")
    count = doc.get("maxReceiveCount")
    if target is None or count is None:
        raise _redrive_error(value, "Redrive policy does not contain mandatory attribute: "
                             + ("deadLetterTargetArn." if target is None else "maxReceiveCount."))
    unknown = set(doc) - {"deadLetterTargetArn", "maxReceiveCount"}
    if unknown:
        raise _redrive_error(value, f"Only following attributes are supported: "
                             f"[deadLetterTargetArn, maxReceiveCount].")
    try:
        count = int(count)
    except (TypeError, ValueError):
        raise _redrive_error(value, "Invalid value for maxReceiveCount.") from None
    low, high = MAX_RECEIVE_COUNT
    if not low <= count <= high:
        raise _redrive_error(value, f"Invalid value for maxReceiveCount: {count}, valid values are "
                             f"from {low} to {high} both inclusive.")
    return json.dumps({"deadLetterTargetArn": str(target), "maxReceiveCount": count}, separators=(",", ":"))


def _normalize_redrive_allow(value: str) -> str:
    doc = _json_object("RedriveAllowPolicy", value)
    if doc == "":
        return ""
    if doc.get("redrivePermission") not in ("allowAll", "denyAll", "byQueue"):
        raise invalid_attribute_value("RedriveAllowPolicy")
    return value


def normalize_all(attributes: dict, *, fifo: bool, creating: bool) -> dict:
    return {name: normalize(name, value, fifo=fifo, creating=creating)
            for name, value in (attributes or {}).items()}


def validate_names(names) -> None:
    """For GetQueueAttributes: every requested name must be one SQS knows."""
    for name in names:
        if name != "All" and name not in READABLE:
            raise invalid_attribute_name(name)
