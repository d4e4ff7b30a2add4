"""The MD5 digests SQS returns so that SDKs can verify what the service stored.

Message attributes (and system attributes) are digested as SQS documents it: attributes sorted
by name, each written as name, data type, a one-byte transport type (1 string/number, 2 binary)
and value, every variable-length part preceded by its length as a 4-byte big-endian integer.
"""
from __future__ import annotations

from hashlib import md5

_STRING, _BINARY = b"\x01", b"\x02"


def md5_of_body(body: str) -> str:
    return md5(body.encode("utf-8"), usedforsecurity=False).hexdigest()


def _field(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def md5_of_attributes(attributes: dict) -> str | None:
    """Digest of ``{name: {"DataType", "StringValue" | "BinaryValue"}}``; None when empty."""
    if not attributes:
        return None
    out = bytearray()
    for name in sorted(attributes):
        value = attributes[name]
        data_type = value["DataType"]
        out += _field(name.encode("utf-8"))
        out += _field(data_type.encode("utf-8"))
        if data_type.startswith("Binary"):
            out += _BINARY
            out += _field(bytes(value["BinaryValue"]))
        else:
            out += _STRING
            out += _field(value["StringValue"].encode("utf-8"))
    return md5(out, usedforsecurity=False).hexdigest()
