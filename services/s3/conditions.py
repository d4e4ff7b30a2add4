"""Conditional requests (RFC 7232) as S3 evaluates them, for reads, copies and writes.

Order for reads (RFC 7232 section 6, which S3 documents case by case): If-Match, else
If-Unmodified-Since, decides 412; then If-None-Match, else If-Modified-Since, decides 304. A
true If-Match makes S3 ignore a false If-Unmodified-Since, and a false If-None-Match makes it
answer 304 whatever If-Modified-Since says.
"""
from __future__ import annotations

from datetime import datetime, timezone

from iamulator.services.errors import AWSError
from iamulator.services.s3.errors import no_such_key, precondition_failed


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def etag_matches(header: str, etag: str) -> bool:
    """Whether an If-Match/If-None-Match value names ``etag``: ``*``, or a comma-separated list
    of tags, quoted or not, weak (``W/``) or not."""
    if header.strip() == "*":
        return True
    target = etag.strip('"')
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate.startswith("W/"):
            candidate = candidate[2:]
        if candidate.strip('"') == target:
            return True
    return False


def check_read(obj, params: dict) -> bool:
    """GetObject/HeadObject: raise 412 when a precondition fails; True when the answer is
    304 Not Modified (a response, not an error: it carries validators and no body)."""
    if_match = params.get("IfMatch")
    if if_match is not None:
        if not etag_matches(if_match, obj.etag):
            raise precondition_failed("If-Match")
    else:
        since = params.get("IfUnmodifiedSince")
        if since is not None and obj.last_modified > _utc(since):
            raise precondition_failed("If-Unmodified-Since")
    if_none_match = params.get("IfNoneMatch")
    if if_none_match is not None:
        return etag_matches(if_none_match, obj.etag)
    since = params.get("IfModifiedSince")
    return since is not None and obj.last_modified <= _utc(since)


def check_copy_source(obj, params: dict) -> None:
    """CopyObject's ``x-amz-copy-source-if-*``: the same order, but every failure is a 412."""
    if_match = params.get("CopySourceIfMatch")
    if if_match is not None:
        if not etag_matches(if_match, obj.etag):
            raise precondition_failed("x-amz-copy-source-If-Match")
    else:
        since = params.get("CopySourceIfUnmodifiedSince")
        if since is not None and obj.last_modified > _utc(since):
            raise precondition_failed("x-amz-copy-source-If-Unmodified-Since")
    if_none_match = params.get("CopySourceIfNoneMatch")
    if if_none_match is not None:
        if etag_matches(if_none_match, obj.etag):
            raise precondition_failed("x-amz-copy-source-If-None-Match")
    else:
        since = params.get("CopySourceIfModifiedSince")
        if since is not None and obj.last_modified <= _utc(since):
            raise precondition_failed("x-amz-copy-source-If-Modified-Since")


def check_write(current, key: str, params: dict) -> None:
    """Conditional writes (PutObject, CopyObject's destination): ``If-None-Match: *`` creates
    only; ``If-Match`` overwrites only the version the caller last saw."""
    if_none_match = params.get("IfNoneMatch")
    if if_none_match is not None:
        if if_none_match.strip() != "*":
            raise AWSError("NotImplemented", "A header you provided implies functionality that is not implemented",
                           501, Header="If-None-Match")
        if current is not None:
            raise precondition_failed("If-None-Match")
    if_match = params.get("IfMatch")
    if if_match is not None:
        if current is None:
            raise no_such_key(key)
        if not etag_matches(if_match, current.etag):
            raise precondition_failed("If-Match")


def check_delete(current, key: str, params: dict) -> None:
    if_match = params.get("IfMatch")
    if if_match is not None:
        if current is None:
            raise no_such_key(key)
        if not etag_matches(if_match, current.etag):
            raise precondition_failed("If-Match")
