"""Request ids in the shapes AWS uses, cheap enough to make for every response."""
from __future__ import annotations

import base64
import os


def new() -> str:
    """A UUID-shaped id, as the json and query services send in ``x-amzn-RequestId``."""
    h = os.urandom(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def s3_pair() -> tuple[str, str]:
    """S3's ``x-amz-request-id`` (16 upper-case hex digits) and ``x-amz-id-2`` (extended id)."""
    raw = os.urandom(40)
    return raw[:8].hex().upper(), base64.b64encode(raw[8:]).decode("ascii")
