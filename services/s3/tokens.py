"""Opaque continuation tokens: the position a listing stopped at, which callers must not parse
(S3 documents its tokens as obfuscated) and which are checked when they come back."""
from __future__ import annotations

import base64
import binascii

from iamulator.services.s3.errors import invalid_argument

_MAGIC = b"iam1"


def encode(position: str) -> str:
    return base64.urlsafe_b64encode(_MAGIC + position.encode("utf-8", "surrogatepass")).decode("ascii")


def decode(token: str, argument: str = "continuation-token") -> str:
    try:
        raw = base64.urlsafe_b64decode(token.encode("ascii"))
        if not raw.startswith(_MAGIC):
            raise ValueError(token)
        return raw[len(_MAGIC):].decode("utf-8", "surrogatepass")
    except (ValueError, UnicodeError, binascii.Error):
        raise invalid_argument("The continuation token provided is incorrect", argument, token) from None
