"""Identifiers STS hands out: temporary access key ids (``ASIA...``), secrets, session tokens."""
from __future__ import annotations

import base64
import secrets
import string

_KEY_ALPHABET = string.ascii_uppercase + "234567"
_SECRET_ALPHABET = string.ascii_letters + string.digits + "+/"
TEMPORARY_PREFIX = "ASIA"


def temporary_access_key_id() -> str:
    return TEMPORARY_PREFIX + "".join(secrets.choice(_KEY_ALPHABET) for _ in range(16))


def secret_access_key() -> str:
    return "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(40))


def session_token() -> str:
    # Real tokens are opaque base64 blobs of a few hundred characters; clients only pass them on.
    return "IQoJb3JpZ2luX2VjE" + base64.b64encode(secrets.token_bytes(240)).decode("ascii")


def account_of_key(access_key_id: str) -> str | None:
    """The account AWS encodes in access key ids issued since 2019 (base32 after the 4-letter
    prefix, the account in the bits after the first byte), or None for an id not of that form."""
    body = access_key_id[4:]
    if len(body) != 16 or any(c not in _KEY_ALPHABET for c in body):
        return None
    try:
        raw = base64.b32decode(body)
    except ValueError:
        return None
    value = int.from_bytes(raw[:6], "big")
    return f"{(value & 0x7FFFFFFFFF80) >> 7:012d}"
