"""Messages: what a sender may put in one, and what SQS keeps about it."""
from __future__ import annotations

import re

from iamulator.services.sqs.checksums import md5_of_attributes, md5_of_body
from iamulator.services.sqs.errors import invalid_parameter, sqs_error

# The characters SQS accepts in bodies and string attribute values (XML 1.0's Char production).
_FORBIDDEN_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z0-9_.-]{1,256}\Z")
_DATA_TYPE = re.compile(r"(String|Number|Binary)(\.[^\x00-\x1f]{1,255})?\Z")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\Z")
_RESERVED_PREFIXES = ("aws.", "amazon.")

MAX_MESSAGE_ATTRIBUTES = 10

# System attributes a sender may set (SendMessage's MessageSystemAttributes).
SENDER_SYSTEM_ATTRIBUTES = frozenset({"AWSTraceHeader"})


def check_body(body: str) -> None:
    if body == "":
        raise missing_body()
    bad = _FORBIDDEN_CHAR.search(body)
    if bad is not None:
        raise sqs_error(
            "InvalidMessageContents",
            f"Invalid binary character '#x{ord(bad.group()):X}' was found in the message body, the set of "
            "allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF")


def missing_body():
    return sqs_error("MissingParameter", "The request must contain the parameter MessageBody.")


def check_attributes(attributes: dict, kind: str = "user") -> int:
    """Validates message (``kind="user"``) or system attributes; returns their size in bytes,
    which counts towards the message size limit."""
    if len(attributes) > MAX_MESSAGE_ATTRIBUTES:
        raise invalid_parameter(f"Number of message attributes [{len(attributes)}] exceeds the allowed "
                                f"maximum [{MAX_MESSAGE_ATTRIBUTES}].")
    size = 0
    for name, value in attributes.items():
        if kind == "system":
            if name not in SENDER_SYSTEM_ATTRIBUTES:
                raise invalid_parameter(f"Message system attribute name '{name}' is invalid.")
        else:
            _check_attribute_name(name)
        data_type = value.get("DataType") or ""
        if not _DATA_TYPE.match(data_type):
            raise invalid_parameter(
                f"The message attribute '{name}' has an invalid message attribute type, the set of "
                "supported type prefixes is Binary, Number, and String.")
        if data_type.startswith("Binary"):
            data = value.get("BinaryValue")
            if not data:
                raise _empty_value(kind, name, data_type)
            size += len(data)
        else:
            text = value.get("StringValue")
            if not text:
                raise _empty_value(kind, name, data_type)
            bad = _FORBIDDEN_CHAR.search(text)
            if bad is not None:
                raise sqs_error(
                    "InvalidMessageContents",
                    f"Invalid binary character '#x{ord(bad.group()):X}' was found in the value of message "
                    f"({kind}) attribute '{name}'.")
            if data_type.startswith("Number") and not _NUMBER.match(text):
                raise invalid_parameter(f"Can't cast the value of message ({kind}) attribute '{name}' to a number.")
            size += len(text.encode("utf-8"))
        size += len(name.encode("utf-8")) + len(data_type.encode("utf-8"))
    return size


def _check_attribute_name(name: str) -> None:
    if not name:
        raise invalid_parameter("The request must contain non-empty message attribute name.")
    if (not _ATTRIBUTE_NAME.match(name) or name.startswith(".") or name.endswith(".") or ".." in name):
        raise invalid_parameter(
            f"Message (user) attribute name '{name}' is invalid. Names can contain alphanumeric characters, "
            "hyphens, underscores and periods, must not start or end with a period nor contain two "
            "successive periods, and can be up to 256 characters long.")
    if name.lower().startswith(_RESERVED_PREFIXES):
        raise invalid_parameter(f"Message (user) attribute name '{name}' is reserved for use by AWS.")


def _empty_value(kind: str, name: str, data_type: str):
    return invalid_parameter(f"Message ({kind}) attribute '{name}' must contain a non-empty value of type "
                             f"'{data_type.split('.')[0]}'.")


def clean_attributes(attributes: dict) -> dict:
    """Only the members SQS keeps (the reserved list values are not implemented by SQS)."""
    out = {}
    for name, value in attributes.items():
        data_type = value["DataType"]
        if data_type.startswith("Binary"):
            out[name] = {"DataType": data_type, "BinaryValue": bytes(value["BinaryValue"])}
        else:
            out[name] = {"DataType": data_type, "StringValue": value["StringValue"]}
    return out


class Message:
    __slots__ = ("message_id", "body", "md5_body", "attributes", "md5_attributes", "system_attributes",
                 "md5_system_attributes", "sent_at", "sender_id", "visible_at", "receive_count",
                 "first_received_at", "receipt_handle", "group_id", "deduplication_id", "sequence_number",
                 "dead_letter_source_arn", "delayed")

    def __init__(self, message_id: str, body: str, attributes: dict, system_attributes: dict,
                 sent_at: float, sender_id: str, visible_at: float):
        self.message_id = message_id
        self.body = body
        self.md5_body = md5_of_body(body)
        self.attributes = attributes
        self.md5_attributes = md5_of_attributes(attributes)
        self.system_attributes = system_attributes
        self.md5_system_attributes = md5_of_attributes(system_attributes)
        self.sent_at = sent_at
        self.sender_id = sender_id
        self.visible_at = visible_at
        # Delayed until first visible; counted in ApproximateNumberOfMessagesDelayed meanwhile.
        self.delayed = visible_at > sent_at
        self.receive_count = 0
        self.first_received_at: float | None = None
        self.receipt_handle: str | None = None
        self.group_id: str | None = None
        self.deduplication_id: str | None = None
        self.sequence_number: str | None = None
        self.dead_letter_source_arn: str | None = None
