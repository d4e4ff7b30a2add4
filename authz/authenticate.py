"""Who sent a request: attribution (always) and authentication (once checks are on).

``attribute(access_key)`` names the caller cheaply, without checking anything: requests
unchecked by the gate still act as their key's principal (GetCallerIdentity answers as the
caller, resources land in the caller's account). A key nobody knows is the default
account's root user, so that tests with made-up keys keep working while unchecked.

``authenticate(request, service, s3)`` verifies: the key must exist and be active, a
session token must match the temporary credentials it was issued with and not be expired,
the request time must be within 15 minutes (presigned URLs: not past their expiry), and
the signature (SigV4, or S3's SigV2) must be the one the key's secret makes. Failures
raise ``AuthError``; ``auth_errors.wire`` gives each service family's answer.
"""
from __future__ import annotations

import hmac
import time

from iamulator import settings

from . import clock, identity, sigv2, sigv4
from .auth_errors import (EXPIRED_TOKEN, INCOMPLETE, INVALID_TOKEN, MISSING, PRESIGN_EXPIRED,
                          SKEW, UNKNOWN_KEY, AuthError)
from .caller import Caller
from .identity import Credentials

MAX_SKEW_SECONDS = 900

DEFAULT_ROOT = Credentials(
    access_key_id=settings.DEFAULT_ACCESS_KEY_ID,
    secret_access_key=settings.DEFAULT_SECRET_ACCESS_KEY,
    account_id=settings.DEFAULT_ACCOUNT_ID,
    principal_arn=f"arn:aws:iam::{settings.DEFAULT_ACCOUNT_ID}:root",
    user_id=settings.DEFAULT_ACCOUNT_ID,
)

# Lookups consulted after the registered identity source: the pipeline adds STS's issued
# temporary credentials here.
_extra_lookups: list = []


def add_lookup(fn) -> None:
    """``fn(access_key_id) -> Credentials | None``, asked for keys the identity source does
    not know."""
    if fn not in _extra_lookups:
        _extra_lookups.append(fn)


def lookup(access_key: str | None) -> Credentials | None:
    if not access_key:
        return None
    src = identity.source()
    creds = src.credentials(access_key) if src is not None else None
    if creds is None:
        for fn in _extra_lookups:
            creds = fn(access_key)
            if creds is not None:
                return creds
    if creds is None and access_key == settings.DEFAULT_ACCESS_KEY_ID:
        creds = DEFAULT_ROOT
    return creds


def attribute(access_key: str | None) -> Caller:
    creds = lookup(access_key)
    return Caller(creds if creds is not None and creds.active else DEFAULT_ROOT)


def authenticate(request, s3: bool = False) -> Caller:
    """The verified caller of ``request``; anonymous (S3 only) when it carries no credentials."""
    claim, version = _claim(request, s3)
    if claim is None:
        if s3:
            return Caller(None, authenticated=True)
        raise AuthError(MISSING, "no credentials")
    creds = lookup(claim.access_key)
    if creds is None or not creds.active:
        raise AuthError(UNKNOWN_KEY, "unknown access key", AWSAccessKeyId=claim.access_key)
    _check_token(creds, claim.token)
    now = clock.now()
    if version == 4:
        _check_time_v4(claim, now)
        sigv4.verify(request, claim, creds.secret_access_key, s3)
    else:
        _check_time_v2(request, claim, now)
        sigv2.verify(request, claim, creds.secret_access_key, _v2_resources(request))
    return Caller(creds, authenticated=True)


def _claim(request, s3: bool):
    headers = request.headers
    auth = headers.get("authorization")
    if auth:
        if auth.startswith("AWS ") and s3:
            return sigv2.parse_header(auth, headers), 2
        return sigv4.parse_header(auth, headers), 4      # other schemes refused there in AWS's words
    raw = request.raw_query
    if raw:
        if "X-Amz-Credential=" in raw or "X-Amz-Signature=" in raw:
            return sigv4.parse_query(request.query), 4
        if s3 and "AWSAccessKeyId=" in raw:
            return sigv2.parse_query(request.query), 2
    return None, 0


def _check_token(creds: Credentials, token: str | None) -> None:
    if creds.session_token is None:
        if token:
            raise AuthError(INVALID_TOKEN, "a session token was sent with long-term credentials",
                            **{"Token-0": token})
        return
    if not token:
        raise AuthError(UNKNOWN_KEY, "temporary credentials need their session token",
                        AWSAccessKeyId=creds.access_key_id)
    if not hmac.compare_digest(token, creds.session_token):
        raise AuthError(INVALID_TOKEN, "session token does not match", **{"Token-0": token})
    if creds.expiration is not None and clock.now() >= creds.expiration:
        raise AuthError(EXPIRED_TOKEN, "temporary credentials expired", **{"Token-0": token})


def _iso_extended(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def _check_time_v4(claim, now: float) -> None:
    if claim.presigned:
        if now > claim.epoch + claim.expires:
            raise AuthError(
                PRESIGN_EXPIRED,
                f"Signature expired: {claim.amz_date} is now earlier than "
                f"{clock.iso_basic(now - claim.expires)} ({clock.iso_basic(now)} - {claim.expires} sec.)",
                **{"X-Amz-Expires": str(claim.expires), "Expires": _iso_extended(claim.epoch + claim.expires),
                   "ServerTime": _iso_extended(now)})
        if claim.epoch > now + MAX_SKEW_SECONDS:
            raise _skew(claim.amz_date, claim.epoch, now)
        return
    if abs(now - claim.epoch) > MAX_SKEW_SECONDS:
        raise _skew(claim.amz_date, claim.epoch, now)


def _skew(shown: str, epoch: float, now: float) -> AuthError:
    if epoch < now:
        detail = (f"Signature expired: {shown} is now earlier than {clock.iso_basic(now - MAX_SKEW_SECONDS)} "
                  f"({clock.iso_basic(now)} - 15 min.)")
    else:
        detail = (f"Signature not yet current: {shown} is still later than "
                  f"{clock.iso_basic(now + MAX_SKEW_SECONDS)} ({clock.iso_basic(now)} + 15 min.)")
    return AuthError(SKEW, detail, RequestTime=shown, ServerTime=_iso_extended(now),
                     MaxAllowedSkewMilliseconds="900000")


def _check_time_v2(request, claim, now: float) -> None:
    if claim.presigned:
        if now > claim.expires:
            raise AuthError(PRESIGN_EXPIRED, "Request has expired",
                            Expires=_iso_extended(claim.expires), ServerTime=_iso_extended(now))
        return
    shown = request.headers.get("x-amz-date") or request.headers.get("date")
    if shown is None:
        raise AuthError(INCOMPLETE, "AWS authentication requires a valid Date or x-amz-date header")
    epoch = sigv4.iso_epoch(shown) if "T" in shown and " " not in shown else sigv4.http_date(shown)
    if epoch is None:
        raise AuthError(INCOMPLETE, "AWS authentication requires a valid Date or x-amz-date header")
    if abs(now - epoch) > MAX_SKEW_SECONDS:
        raise _skew(shown, epoch, now)


def _v2_resources(request) -> list[str]:
    """``/bucket/key`` candidates: the path as sent, and with a virtual-hosted bucket in front."""
    path = request.path or "/"
    out = [path]
    host = (request.headers.get("host") or "").split(":")[0].lower()
    if not host:
        host = sigv4.url_host(request.url).split(":")[0]
    bucket = _bucket_from_host(host)
    if bucket:
        out.insert(0, f"/{bucket}{path}")
    return out


def _bucket_from_host(host: str) -> str | None:
    for marker in (".s3.", ".s3-", ".localhost"):
        at = host.find(marker)
        if at > 0:
            return host[:at]
    if host.endswith(".s3.amazonaws.com"):
        return host[: -len(".s3.amazonaws.com")]
    return None
