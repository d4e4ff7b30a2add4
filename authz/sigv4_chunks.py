"""Signed aws-chunked bodies (``STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]``).

Each chunk carries the signature of its own data chained to the previous one, starting
from the request's (seed) signature; the final zero-length chunk is signed too, and with
trailers, so is the trailer block. A chunk moved, dropped, altered or unsigned breaks the
chain. The codec has already checked the framing, so anything unexpected here is simply a
signature that does not match.
"""
from __future__ import annotations

import hashlib
import hmac

from .auth_errors import SIGNATURE, AuthError

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def _mismatch(signed, what: str) -> AuthError:
    return AuthError(SIGNATURE, f"chunk signature mismatch ({what})", AWSAccessKeyId=signed.access_key)


def verify_chunks(body: bytes, seed: str, key: bytes, signed, with_trailer: bool) -> None:
    body = bytes(body or b"")
    view = memoryview(body)
    head = f"AWS4-HMAC-SHA256-PAYLOAD\n{signed.amz_date}\n{signed.scope}\n"
    previous = seed
    pos = 0
    index = 0
    while True:
        eol = body.find(b"\r\n", pos)
        if eol < 0:
            raise _mismatch(signed, f"chunk {index} has no header")
        size_text, _, ext = body[pos:eol].partition(b";")
        name, _, provided = ext.partition(b"=")
        try:
            size = int(size_text.strip(), 16)
        except ValueError:
            raise _mismatch(signed, f"chunk {index} has a bad size") from None
        if name.strip() != b"chunk-signature":
            raise _mismatch(signed, f"chunk {index} is not signed")
        start = eol + 2
        end = start + size
        digest = hashlib.sha256(view[start:end]).hexdigest()
        sts = f"{head}{previous}\n{EMPTY_SHA256}\n{digest}"
        expected = hmac.digest(key, sts.encode("utf-8"), "sha256").hex()
        if not hmac.compare_digest(expected, provided.strip().decode("ascii", "replace")):
            raise _mismatch(signed, f"chunk {index}")
        previous = expected
        if size == 0:
            pos = start
            break
        pos = end + 2
        index += 1
    if with_trailer:
        _verify_trailer(body[pos:], previous, key, signed)


def _verify_trailer(rest: bytes, previous: str, key: bytes, signed) -> None:
    lines = []
    provided = None
    for raw in rest.split(b"\r\n"):
        if not raw:
            continue
        name, sep, value = raw.partition(b":")
        if not sep:
            raise _mismatch(signed, "trailer")
        if name.strip().lower() == b"x-amz-trailer-signature":
            provided = value.strip().decode("ascii", "replace")
        else:
            lines.append(raw.decode("utf-8", "replace") + "\n")
    if provided is None:
        raise _mismatch(signed, "trailer is not signed")
    digest = hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()
    sts = f"AWS4-HMAC-SHA256-TRAILER\n{signed.amz_date}\n{signed.scope}\n{previous}\n{digest}"
    expected = hmac.digest(key, sts.encode("utf-8"), "sha256").hex()
    if not hmac.compare_digest(expected, provided):
        raise _mismatch(signed, "trailer")
