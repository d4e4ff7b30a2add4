"""``aws-chunked`` request bodies (``Content-Encoding: aws-chunked``): what SigV4 streaming
uploads and boto3's trailing checksums send.

Framing: ``<hex size>[;chunk-signature=<sig>]\\r\\n<data>\\r\\n`` repeated, ending with a
zero-size chunk followed by optional trailer lines ``name:value\\r\\n`` and a blank line.
Chunk signatures are kept (not checked here) so that signature verification can chain them.
"""
from __future__ import annotations

from iamulator.services.errors import AWSError

STREAMING_PREFIX = "STREAMING-"


class ChunkedBody:
    __slots__ = ("payload", "trailers", "signatures", "trailer_signature")

    def __init__(self, payload: bytes, trailers: dict, signatures: list, trailer_signature):
        self.payload = payload
        self.trailers = trailers            # lower-case name -> value
        self.signatures = signatures        # one per chunk, the final empty chunk included
        self.trailer_signature = trailer_signature


def is_chunked(headers: dict) -> bool:
    if "aws-chunked" in headers.get("content-encoding", ""):
        return True
    return headers.get("x-amz-content-sha256", "").startswith(STREAMING_PREFIX)


def without_aws_chunked(content_encoding: str | None) -> str | None:
    """The Content-Encoding the object keeps once the transfer encoding is removed."""
    if not content_encoding:
        return content_encoding
    kept = [p.strip() for p in content_encoding.split(",") if p.strip() and p.strip() != "aws-chunked"]
    return ",".join(kept) or None


def _incomplete():
    return AWSError("IncompleteBody",
                    "The request body terminated unexpectedly", 400)


def _malformed(detail: str):
    return AWSError("InvalidRequest", f"Invalid chunked encoding: {detail}", 400)


def decode(body: bytes, headers: dict | None = None) -> ChunkedBody:
    """Unframe an aws-chunked body; checks ``x-amz-decoded-content-length`` and that every
    trailer announced in ``x-amz-trailer`` arrived."""
    headers = headers or {}
    body = bytes(body) if not isinstance(body, bytes) else body
    pos = 0
    n = len(body)
    pieces = []
    signatures = []
    trailers = {}
    trailer_signature = None
    while True:
        eol = body.find(b"\r\n", pos)
        if eol == -1:
            raise _incomplete()
        line = body[pos:eol]
        size_text, _, ext = line.partition(b";")
        try:
            size = int(size_text.strip(), 16)
        except ValueError:
            raise _malformed("bad chunk size") from None
        if size < 0:
            raise _malformed("bad chunk size")
        if ext:
            key, _, value = ext.partition(b"=")
            if key.strip() == b"chunk-signature":
                signatures.append(value.strip().decode("ascii", "replace"))
        pos = eol + 2
        if size == 0:
            break
        end = pos + size
        if end + 2 > n:
            raise _incomplete()
        pieces.append(body[pos:end])
        if body[end:end + 2] != b"\r\n":
            raise _malformed("chunk data not followed by CRLF")
        pos = end + 2
    # Trailer section: header lines until a blank line (or the end of the body).
    while pos < n:
        eol = body.find(b"\r\n", pos)
        if eol == -1:
            eol = n
        line = body[pos:eol]
        pos = eol + 2
        if not line:
            break
        name, sep, value = line.partition(b":")
        if not sep:
            raise _malformed("bad trailer line")
        key = name.strip().decode("ascii", "replace").lower()
        text = value.strip().decode("utf-8", "replace")
        if key == "x-amz-trailer-signature":
            trailer_signature = text
        else:
            trailers[key] = text
    payload = b"".join(pieces) if len(pieces) != 1 else pieces[0]
    declared = headers.get("x-amz-decoded-content-length")
    if declared is not None:
        try:
            expected = int(declared)
        except ValueError:
            raise AWSError("InvalidArgument", "x-amz-decoded-content-length is not a number", 400) from None
        if expected != len(payload):
            raise _incomplete()
    announced = headers.get("x-amz-trailer")
    if announced:
        for name in announced.split(","):
            name = name.strip().lower()
            if name and name not in trailers:
                raise AWSError("MalformedTrailerError",
                               "The request contained trailing data that was not well-formed "
                               "or did not conform to our published schema.", 400)
    return ChunkedBody(payload, trailers, signatures, trailer_signature)
