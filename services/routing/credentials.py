"""Who signed a request and for which service and region, read from the Authorization header
or a presigned URL's query (SigV4 credential scope, SigV2 access key id).

Only reads what the request claims; verifying the signature is authz's job.
"""
from __future__ import annotations

from typing import NamedTuple
from urllib.parse import unquote


class Credential(NamedTuple):
    access_key: str | None = None
    region: str | None = None
    signing_name: str | None = None


NONE = Credential()


def text(value) -> str:
    """A header value as text: botocore's prepared requests carry some as bytes."""
    if isinstance(value, (bytes, bytearray)):
        return value.decode("latin-1")
    return value if isinstance(value, str) else ""


def from_request(headers: dict, raw_query: str) -> Credential:
    auth = headers.get("authorization")
    if auth:
        auth = text(auth)
        found = from_authorization(auth, headers)
        if found is not NONE:
            return found
    if raw_query and ("X-Amz-Credential=" in raw_query or "AWSAccessKeyId=" in raw_query):
        return from_query(raw_query)
    return NONE


def from_authorization(auth: str, headers: dict | None = None) -> Credential:
    """``AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, ...``, its SigV4a
    form (no region in the scope: the region set header names it), or SigV2's ``AWS AKID:sig``."""
    at = auth.find("Credential=")
    if at >= 0:
        end = len(auth)
        for stop in (",", " "):
            k = auth.find(stop, at)
            if 0 <= k < end:
                end = k
        return _scope(auth[at + 11:end], headers)
    if auth.startswith("AWS "):
        key, colon, _ = auth[4:].strip().partition(":")
        if colon and key:
            return Credential(key, None, None)
    return NONE


def from_query(raw_query: str) -> Credential:
    """A presigned URL: SigV4 ``X-Amz-Credential`` or SigV2 ``AWSAccessKeyId``."""
    v2_key = None
    for pair in raw_query.split("&"):
        name, _, value = pair.partition("=")
        if name == "X-Amz-Credential":
            return _scope(unquote(value.replace("+", " ")), None)
        if name == "AWSAccessKeyId":
            v2_key = unquote(value.replace("+", " ")) or None
    return Credential(v2_key, None, None) if v2_key else NONE


def _scope(credential: str, headers: dict | None) -> Credential:
    parts = credential.split("/")
    if len(parts) == 5:           # AKID/date/region/service/aws4_request
        return Credential(parts[0] or None, parts[2] or None, parts[3] or None)
    if len(parts) == 4:           # SigV4a: AKID/date/service/aws4_request
        region = None
        if headers:
            first = text(headers.get("x-amz-region-set", "")).split(",")[0].strip()
            region = first if first and "*" not in first else None
        return Credential(parts[0] or None, region, parts[2] or None)
    return Credential(parts[0] or None, None, None) if parts[0] else NONE
