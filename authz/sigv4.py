"""AWS Signature Version 4, recomputed from a request as received.

What a request claims (``parse``: the Authorization header or a presigned URL's ``X-Amz-*``
query) is kept apart from checking it (``verify``), so that the pipeline can first find the
access key's secret. The canonical request follows AWS's definition:

* the URI: S3 signs the path exactly as sent; every other service signs it with dot
  segments and repeated slashes removed, then percent-encoded once more (``%`` -> ``%25``);
* the query: each name and value in RFC 3986 encoding, sorted by name then value, without
  ``X-Amz-Signature`` for presigned URLs;
* the signed headers, lower-cased, values trimmed and runs of white space folded; ``host``
  from the URL (default ports dropped) when the request carries no Host header;
* the payload hash: ``x-amz-content-sha256`` when sent, ``UNSIGNED-PAYLOAD`` for S3
  presigned URLs, otherwise the SHA-256 of the body.

Signing keys are derived once per (secret, date, region, service).
"""
from __future__ import annotations

import calendar
import hashlib
import hmac
import re
import time
from functools import lru_cache
from urllib.parse import quote, unquote, urlsplit

from .auth_errors import (BAD_CONTENT_SHA, CONTENT_SHA, INCOMPLETE, SIGNATURE, AuthError)

ALGORITHM = "AWS4-HMAC-SHA256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
SIGNED_CHUNKS = ("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER")
PAYLOAD_MARKERS = frozenset((
    UNSIGNED_PAYLOAD, "STREAMING-UNSIGNED-PAYLOAD-TRAILER", *SIGNED_CHUNKS,
    "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD", "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER"))
MAX_PRESIGN_SECONDS = 604800

_HEX64 = re.compile(r"[0-9a-f]{64}\Z")
_CANONICAL_PART = re.compile(r"(?:[A-Za-z0-9\-_.~]|%[0-9A-F]{2})*\Z")
_AMZ_DATE = re.compile(r"\d{8}T\d{6}Z\Z")


class Signed:
    """What a SigV4 request claims: key, scope, signed headers, signature, time."""

    __slots__ = ("access_key", "date", "region", "service", "signed_headers", "signature",
                 "amz_date", "epoch", "presigned", "expires", "token")

    def __init__(self, access_key, date, region, service, signed_headers, signature, amz_date,
                 epoch, presigned=False, expires=None, token=None):
        self.access_key = access_key
        self.date = date
        self.region = region
        self.service = service
        self.signed_headers = signed_headers
        self.signature = signature
        self.amz_date = amz_date
        self.epoch = epoch
        self.presigned = presigned
        self.expires = expires
        self.token = token

    @property
    def scope(self) -> str:
        return f"{self.date}/{self.region}/{self.service}/aws4_request"


# --- reading the claim ----------------------------------------------------------------------

_HEADS: dict = {}    # header up to ", Signature=" -> (key, date, region, service, signed headers)


def parse_header(auth: str, headers: dict) -> Signed:
    """``AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request,
    SignedHeaders=a;b, Signature=hex``."""
    # A client repeats the same header but for its signature: what precedes the signature
    # is read once. Splitting on "," cuts the head exactly as it cuts the whole header, so
    # a cached head parses as it did before.
    head, sep, signature = auth.rpartition(", Signature=")
    if sep:
        signature = signature.strip()
        if not signature or "," in signature:
            sep = ""
        else:
            cached = _HEADS.get(head)
            amz_date = headers.get("x-amz-date")
            if cached is not None and amz_date is not None:
                epoch = iso_epoch(amz_date)
                if epoch is not None:
                    key, date, region, service, names = cached
                    return Signed(key, date, region, service, list(names), signature, amz_date, epoch,
                                  token=headers.get("x-amz-security-token"))
    signed = _parse_header(auth, headers)
    if sep:
        if len(_HEADS) > 4096:
            _HEADS.clear()
        _HEADS[head] = (signed.access_key, signed.date, signed.region, signed.service,
                        tuple(signed.signed_headers))
    return signed


def _parse_header(auth: str, headers: dict) -> Signed:
    algorithm, _, rest = auth.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise AuthError(INCOMPLETE, f"Unsupported AWS 'algorithm': '{algorithm}'")
    parts = {}
    for item in rest.split(","):
        name, eq, value = item.strip().partition("=")
        if eq:
            parts[name.strip()] = value.strip()
    problems = [f"Authorization header requires '{p}' parameter."
                for p in ("Credential", "Signature", "SignedHeaders") if not parts.get(p)]
    amz_date = headers.get("x-amz-date")
    epoch = None
    if amz_date is None and headers.get("date") is not None:
        epoch = http_date(headers["date"])
        amz_date = _iso(epoch) if epoch is not None else None
    if amz_date is None:
        problems.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
    if problems:
        raise AuthError(INCOMPLETE, " ".join(problems) + f" Authorization={auth}")
    if epoch is None:
        epoch = iso_epoch(amz_date)
        if epoch is None:
            raise AuthError(INCOMPLETE, f"Date must be in ISO-8601 'basic format'. Got '{amz_date}'. "
                            "See http://en.wikipedia.org/wiki/ISO_8601")
    key, date, region, service = _credential(parts["Credential"], False)
    return Signed(key, date, region, service, parts["SignedHeaders"].split(";"), parts["Signature"],
                  amz_date, epoch, token=headers.get("x-amz-security-token"))


_PRESIGN_PARAMS = ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date",
                   "X-Amz-SignedHeaders", "X-Amz-Expires")


def parse_query(query: dict) -> Signed:
    """A presigned URL's ``X-Amz-*`` parameters (``query`` as ``Request.query``)."""
    got = {p: (query.get(p) or [None])[0] for p in _PRESIGN_PARAMS}
    missing = [p for p, v in got.items() if v is None]
    if missing:
        raise AuthError(INCOMPLETE, "Query-string authentication version 4 requires the X-Amz-Algorithm, "
                        "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and "
                        "X-Amz-Expires parameters.", query=True)
    if got["X-Amz-Algorithm"] != ALGORITHM:
        raise AuthError(INCOMPLETE, "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"", query=True)
    epoch = iso_epoch(got["X-Amz-Date"])
    if epoch is None:
        raise AuthError(INCOMPLETE, "X-Amz-Date must be in the ISO8601 Long Format "
                        "\"yyyyMMdd'T'HHmmss'Z'\"", query=True)
    try:
        expires = int(got["X-Amz-Expires"])
    except ValueError:
        raise AuthError(INCOMPLETE, "X-Amz-Expires should be a number", query=True) from None
    if expires < 0:
        raise AuthError(INCOMPLETE, "X-Amz-Expires must be non-negative", query=True)
    if expires > MAX_PRESIGN_SECONDS:
        raise AuthError(INCOMPLETE, "X-Amz-Expires must be less than a week (in seconds) that is 604800",
                        query=True)
    key, date, region, service = _credential(got["X-Amz-Credential"], True)
    token = (query.get("X-Amz-Security-Token") or [None])[0]
    return Signed(key, date, region, service, got["X-Amz-SignedHeaders"].split(";"),
                  got["X-Amz-Signature"], got["X-Amz-Date"], epoch, True, expires, token)


def _credential(value: str, in_query: bool):
    parts = value.split("/")
    if len(parts) != 5 or not all(parts):
        raise AuthError(INCOMPLETE, "the Credential is mal-formed; expecting "
                        "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".", query=in_query)
    if parts[4] != "aws4_request":
        raise AuthError(INCOMPLETE, "Credential should be scoped with a valid terminator: "
                        f"'aws4_request', not '{parts[4]}'.", query=in_query)
    return parts[0], parts[1], parts[2], parts[3]


_EPOCHS: dict = {}


def iso_epoch(value: str) -> int | None:
    epoch = _EPOCHS.get(value)
    if epoch is None:
        if not _AMZ_DATE.match(value):
            return None
        try:
            epoch = calendar.timegm((int(value[0:4]), int(value[4:6]), int(value[6:8]),
                                     int(value[9:11]), int(value[11:13]), int(value[13:15]), 0, 0, 0))
        except (ValueError, OverflowError):
            return None
        if len(_EPOCHS) > 4096:     # one entry per second of traffic: keep it bounded
            _EPOCHS.clear()
        _EPOCHS[value] = epoch
    return epoch


def http_date(value: str) -> int | None:
    from email.utils import parsedate_to_datetime

    try:
        return int(parsedate_to_datetime(value).timestamp())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _iso(epoch: int) -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(epoch))


# --- recomputing ------------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    k = hmac.digest(("AWS4" + secret).encode("utf-8"), date.encode("utf-8"), "sha256")
    k = hmac.digest(k, region.encode("utf-8"), "sha256")
    k = hmac.digest(k, service.encode("utf-8"), "sha256")
    return hmac.digest(k, b"aws4_request", "sha256")


@lru_cache(maxsize=4096)
def _uri_double_encoded(path: str) -> str:
    return quote(_remove_dot_segments(path) if path else "/", safe="/~")


def _remove_dot_segments(path: str) -> str:
    # RFC 3986 5.2.4, plus AWS's collapsing of repeated slashes.
    out: list[str] = []
    for seg in path.split("/"):
        if seg and seg != ".":
            if seg == "..":
                if out:
                    out.pop()
            else:
                out.append(seg)
    first = "/" if path.startswith("/") else ""
    last = "/" if path.endswith("/") and out else ""
    return first + "/".join(out) + last


def canonical_uri(path: str, s3: bool) -> str:
    if s3:
        return path or "/"
    return _uri_double_encoded(path)


def _encode_part(text: str) -> str:
    if _CANONICAL_PART.match(text):
        return text
    return quote(unquote(text), safe="-_.~")


def canonical_query(raw_query: str, presigned: bool) -> str:
    if not raw_query:
        return ""
    pairs = []
    for item in raw_query.split("&"):
        if not item:
            continue
        name, _, value = item.partition("=")
        if presigned and name == "X-Amz-Signature":
            continue
        pairs.append((_encode_part(name), _encode_part(value)))
    pairs.sort()
    return "&".join([f"{n}={v}" for n, v in pairs])


_URL_HOSTS: dict = {}


def url_host(url: str) -> str:
    """The Host a client derives from the URL: lower-cased, without a default port."""
    host = _URL_HOSTS.get(url)
    if host is None:
        host = _url_host(url)
        if len(_URL_HOSTS) > 4096:
            _URL_HOSTS.clear()
        _URL_HOSTS[url] = host
    return host


def _url_host(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if not sep:
        return _host_of(url)
    end = len(rest)
    for stop in "/?#":
        k = rest.find(stop)
        if 0 <= k < end:
            end = k
    return _host_of(f"{scheme}://{rest[:end]}")


@lru_cache(maxsize=256)
def _host_of(origin: str) -> str:
    parts = urlsplit(origin)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and port != {"http": 80, "https": 443}.get(parts.scheme):
        host = f"{host}:{port}"
    return host


def canonical_headers(request, names) -> str:
    headers = request.headers
    lines = []
    for name in names:
        value = headers.get(name)
        if value is None:
            value = url_host(request.url) if name == "host" else ""
        lines.append(f"{name}:{' '.join(value.split())}")
    return "\n".join(lines)


def payload_hash(request, signed: Signed, s3: bool) -> tuple[str, bool]:
    """(the payload hash to sign, whether the client claimed it rather than it being the
    body's own hash)."""
    claimed = request.headers.get("x-amz-content-sha256")
    if claimed is None and signed.presigned:
        claimed = (request.query.get("X-Amz-Content-Sha256") or [None])[0]
        if claimed is None and s3:
            return UNSIGNED_PAYLOAD, True
    if claimed is not None:
        return claimed, True
    return hashlib.sha256(request.body or b"").hexdigest(), False


def canonical_request(request, signed: Signed, s3: bool, body_hash: str) -> str:
    return "\n".join((
        request.method,
        canonical_uri(request.path, s3),
        canonical_query(request.raw_query, signed.presigned),
        canonical_headers(request, signed.signed_headers) + "\n",
        ";".join(signed.signed_headers),
        body_hash,
    ))


def string_to_sign(signed: Signed, canonical: str) -> str:
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{signed.amz_date}\n{signed.scope}\n{digest}"


def verify(request, signed: Signed, secret: str, s3: bool) -> None:
    """Raises ``AuthError`` unless the request's signature is the one ``secret`` makes."""
    body_hash, claimed = payload_hash(request, signed, s3)
    canonical = canonical_request(request, signed, s3, body_hash)
    sts = string_to_sign(signed, canonical)
    key = signing_key(secret, signed.date, signed.region, signed.service)
    expected = hmac.digest(key, sts.encode("utf-8"), "sha256").hex()
    if not hmac.compare_digest(expected, signed.signature):
        raise AuthError(SIGNATURE, "signature mismatch", AWSAccessKeyId=signed.access_key,
                        StringToSign=sts, SignatureProvided=signed.signature,
                        StringToSignBytes=_bytes_text(sts), CanonicalRequest=canonical,
                        CanonicalRequestBytes=_bytes_text(canonical))
    if body_hash in SIGNED_CHUNKS:
        from .sigv4_chunks import verify_chunks

        verify_chunks(request.body, expected, key, signed, body_hash.endswith("TRAILER"))
    elif claimed:
        _check_body(request, body_hash, s3)


def _check_body(request, body_hash: str, s3: bool) -> None:
    """A payload hash that was signed must also be the body's."""
    if body_hash in PAYLOAD_MARKERS:
        return
    if not _HEX64.match(body_hash):
        if s3:
            raise AuthError(BAD_CONTENT_SHA, "bad x-amz-content-sha256", value=body_hash)
        raise AuthError(SIGNATURE, "bad payload hash")
    actual = hashlib.sha256(request.body or b"").hexdigest()
    if actual != body_hash:
        if s3:
            raise AuthError(CONTENT_SHA, "payload hash mismatch",
                            ClientComputedContentSHA256=body_hash, S3ComputedContentSHA256=actual)
        raise AuthError(SIGNATURE, "payload hash mismatch")


def _bytes_text(text: str) -> str:
    return " ".join(f"{b:02x}" for b in text.encode("utf-8"))
