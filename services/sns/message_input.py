"""What a publisher may send: message, subject, structure, attributes and FIFO identifiers."""
from __future__ import annotations

import json
import re

from iamulator.services.sns.errors import invalid, invalid_value, missing

MAX_MESSAGE_BYTES = 262144
MAX_SUBJECT_CHARS = 100

_ATTRIBUTE_NAME = re.compile(r"[A-Za-z0-9_.-]+\Z")
_DATA_TYPE = re.compile(r"(String|Number|Binary)(\..+)?\Z", re.S)
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\Z")
_FIFO_TOKEN = re.compile(r"[!-~]{1,128}\Z")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_message(message: str | None) -> None:
    if message is None:
        raise missing("message")
    if message == "":
        raise invalid("Empty message")


def check_subject(subject: str | None) -> None:
    if subject is None:
        return
    # The API reference says "less than 100 characters"; SNS accepts 100, and CloudWatch cuts
    # its alarm subjects to exactly that.
    if subject == "" or len(subject) > MAX_SUBJECT_CHARS or _CONTROL.search(subject):
        raise invalid("Subject")


def parse_structure(message: str, structure: str | None) -> dict | None:
    """With ``MessageStructure=json``, the message per protocol (``default`` always there); keys
    whose values are not strings are ignored, as SNS ignores them."""
    if structure is None:
        return None
    if structure != "json":
        raise invalid("MessageStructure")
    try:
        document = json.loads(message)
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise invalid("Message Structure - JSON message body failed to parse")
    per_protocol = {key: value for key, value in document.items() if isinstance(value, str)}
    if "default" not in per_protocol:
        raise invalid("Message Structure - No default entry in JSON message body")
    return per_protocol


def check_attributes(attributes: dict | None, entry: int | None = None) -> int:
    """Validates message attributes; returns their size in bytes (name, type and value count
    towards the 256 KiB message limit)."""
    size = 0
    for name, value in (attributes or {}).items():
        if len(name.encode("utf-8")) > 256:
            raise invalid_value("Length of message attribute name must be less than 256 bytes.")
        _check_name(name)
        data_type = value.get("DataType")
        if data_type is None:
            where = (f"publishBatchRequestEntries.{entry}.member.messageAttributes.{name}.member.dataType"
                     if entry is not None else f"messageAttributes.{name}.member.dataType")
            raise missing(where)
        if not _DATA_TYPE.match(data_type):
            raise invalid_value(f"The message attribute '{name}' has an invalid message attribute type, the set of "
                                "supported type prefixes is Binary, Number, and String.")
        binary = data_type.startswith("Binary")
        field = "BinaryValue" if binary else "StringValue"
        other = "StringValue" if binary else "BinaryValue"
        content = value.get(field)
        if content is None and value.get(other) is not None:
            raise invalid_value(f"The message attribute '{name}' with type '{data_type}' must use field "
                                f"'{'Binary' if binary else 'String'}'.")
        if not content:
            raise invalid_value(f"The message attribute '{name}' must contain non-empty message attribute value "
                                f"for message attribute type '{data_type.split('.')[0]}'.")
        if data_type.startswith("Number") and not _NUMBER.match(content):
            raise invalid_value(f"Could not cast message attribute '{name}' value to number.")
        size += len(name.encode("utf-8")) + len(data_type.encode("utf-8"))
        size += len(content) if binary else len(content.encode("utf-8"))
    return size


def _check_name(name: str) -> None:
    if _ATTRIBUTE_NAME.match(name) and not name.startswith(".") and not name.endswith(".") and ".." not in name:
        return
    if name.startswith("."):
        raise invalid_value("Invalid message attribute name starting with character '.' was found.")
    if name.endswith("."):
        raise invalid_value("Invalid message attribute name ending with character '.' was found.")
    for char in name:
        if not (char.isascii() and (char.isalnum() or char in "_.-")):
            raise invalid_value(f"Invalid non-alphanumeric character '#x{ord(char):X}' was found in the message "
                                "attribute name. Can only include alphanumeric characters, hyphens, underscores, "
                                "or dots.")
    raise invalid_value("Message attribute name can not have successive '.' character.")


def message_size(message: str, attributes_size: int) -> int:
    return len(message.encode("utf-8")) + attributes_size


def check_size(message: str, attributes_size: int) -> None:
    if message_size(message, attributes_size) > MAX_MESSAGE_BYTES:
        raise invalid("Message too long")


def check_fifo_ids(fifo: bool, content_based: bool, group_id: str | None, dedup_id: str | None) -> None:
    if fifo:
        if not group_id:
            raise invalid("The MessageGroupId parameter is required for FIFO topics")
        if not dedup_id and not content_based:
            raise invalid("The topic should either have ContentBasedDeduplication enabled or "
                          "MessageDeduplicationId provided explicitly")
    elif dedup_id is not None:
        raise invalid("MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter "
                      "that is not valid for this topic type")
    for label, token in (("MessageGroupId", group_id), ("MessageDeduplicationId", dedup_id)):
        if token is not None and not _FIFO_TOKEN.match(token):
            raise invalid(f"{label} Reason: {label} can only include alphanumeric and punctuation characters. "
                          "1 to 128 in length.")
