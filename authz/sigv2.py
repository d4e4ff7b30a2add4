"""S3's Signature Version 2: ``Authorization: AWS AKID:signature`` and presigned URLs with
``AWSAccessKeyId``/``Signature``/``Expires`` (what boto3 still makes for S3 presigned URLs
in us-east-1).

The string to sign is the method, Content-MD5, Content-Type, the date (the ``Expires``
value for presigned URLs; empty when an ``x-amz-date`` header is sent), the ``x-amz-*``
headers (lower-cased, sorted, ``name:value``), and the resource: ``/bucket/key`` even for
virtual-hosted requests, plus the sub-resources S3 signs (``?acl``, ``?uploadId=...``,
``response-*`` overrides...), sorted by name, values decoded.
"""
from __future__ import annotations

import base64
import hmac
from urllib.parse import unquote

from .auth_errors import INCOMPLETE, SIGNATURE, AuthError

# Query parameters that are part of the signed resource (from AWS's S3 SigV2 documentation).
SUB_RESOURCES = frozenset((
    "accelerate", "acl", "analytics", "cors", "defaultObjectAcl", "delete", "inventory",
    "lifecycle", "location", "logging", "metrics", "notification", "object-lock", "partNumber",
    "policy", "replication", "requestPayment", "response-cache-control",
    "response-content-disposition", "response-content-encoding", "response-content-language",
    "response-content-type", "response-expires", "restore", "select", "select-type",
    "storageClass", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning",
    "versions", "website",
))


class SignedV2:
    __slots__ = ("access_key", "signature", "expires", "presigned", "token")

    def __init__(self, access_key, signature, expires=None, presigned=False, token=None):
        self.access_key = access_key
        self.signature = signature
        self.expires = expires
        self.presigned = presigned
        self.token = token


def parse_header(auth: str, headers: dict) -> SignedV2:
    key, colon, signature = auth[4:].strip().partition(":")
    if not colon or not key or not signature:
        raise AuthError(INCOMPLETE, "the Authorization header is not of the form 'AWS AKID:signature'")
    return SignedV2(key, signature, token=headers.get("x-amz-security-token"))


def parse_query(query: dict) -> SignedV2:
    def one(name):
        values = query.get(name)
        return values[0] if values else None

    key, signature, expires = one("AWSAccessKeyId"), one("Signature"), one("Expires")
    if not (key and signature and expires):
        raise AuthError(INCOMPLETE, "Query-string authentication requires the Signature, Expires and "
                        "AWSAccessKeyId parameters", query=True)
    try:
        expires_at = int(expires)
    except ValueError:
        raise AuthError(INCOMPLETE, "Invalid date (should be seconds since epoch): " + expires,
                        query=True) from None
    return SignedV2(key, signature, expires_at, True, one("x-amz-security-token"))


def string_to_sign(request, signed: SignedV2, resource_path: str) -> str:
    headers = request.headers
    query = request.query

    def standard(name):
        value = headers.get(name)
        if value is None and signed.presigned:
            value = (query.get(name) or [None])[0]
        return (value or "").strip()

    if signed.presigned:
        date = str(signed.expires)
    else:
        date = "" if "x-amz-date" in headers else standard("date")
    amz = {}
    for name, value in headers.items():
        if name.startswith("x-amz-"):
            amz[name] = value.strip()
    if signed.presigned:
        for name, values in query.items():
            lname = name.lower()
            if lname.startswith("x-amz-") and lname not in amz:
                amz[lname] = ",".join(v.strip() for v in values)
    lines = [request.method, standard("content-md5"), standard("content-type"), date]
    lines += [f"{k}:{amz[k]}" for k in sorted(amz)]
    lines.append(resource_path + _sub_resources(request.raw_query))
    return "\n".join(lines)


def _sub_resources(raw_query: str) -> str:
    if not raw_query:
        return ""
    found = []
    for item in raw_query.split("&"):
        name, eq, value = item.partition("=")
        if name in SUB_RESOURCES:
            found.append((name, f"{name}={unquote(value)}" if eq else name))
    if not found:
        return ""
    found.sort(key=lambda pair: pair[0])
    return "?" + "&".join(text for _, text in found)


def sign(secret: str, text: str) -> str:
    return base64.b64encode(hmac.digest(secret.encode("utf-8"), text.encode("utf-8"), "sha1")).decode()


def verify(request, signed: SignedV2, secret: str, resource_paths) -> None:
    """``resource_paths``: the candidate ``/bucket/key`` forms (virtual-hosted requests sign
    the bucket although the path lacks it)."""
    first = None
    for path in resource_paths:
        sts = string_to_sign(request, signed, path)
        if hmac.compare_digest(sign(secret, sts), signed.signature):
            return
        first = first or sts
    raise AuthError(SIGNATURE, "signature mismatch", AWSAccessKeyId=signed.access_key,
                    StringToSign=first, SignatureProvided=signed.signature,
                    StringToSignBytes=" ".join(f"{b:02x}" for b in (first or "").encode("utf-8")))
