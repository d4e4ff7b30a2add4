"""ListObjectsV2 and ListObjects: one walk over a bucket's sorted keys, two wire dialects.

Keys come in UTF-8 binary order. With a delimiter, every key whose remainder after the prefix
contains it rolls up into one common prefix, which counts once toward MaxKeys; a page that
stopped on a common prefix resumes after every key under it.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from urllib.parse import quote_plus

from iamulator.services.s3 import tokens
from iamulator.services.s3.bucket_index import require_bucket
from iamulator.services.s3.errors import invalid_argument
from iamulator.services.s3.records import canonical_user_id

DEFAULT_MAX_KEYS = 1000
# S3 never returns more than this many entries per page, whatever MaxKeys asks for.
PAGE_LIMIT = 1000
_MAX_INT = 2147483647


def requested_max_keys(params: dict) -> int:
    value = params.get("MaxKeys")
    if value is None:
        return DEFAULT_MAX_KEYS
    if not 0 <= value <= _MAX_INT:
        raise invalid_argument(f"Argument maxKeys must be an integer between 0 and {_MAX_INT}", "maxKeys", value)
    return value


def encoder(params: dict):
    encoding = params.get("EncodingType")
    if encoding is None:
        return None, lambda s: s
    if encoding != "url":
        raise invalid_argument("Invalid Encoding Method specified in Request", "encoding-type", encoding)
    # Form encoding, as S3 does it (a space becomes "+"); SDKs undo it with unquote_plus.
    return encoding, lambda s: quote_plus(s, safe="/")


def _past(prefix: str) -> str | None:
    """The least string greater than every string starting with ``prefix`` (None if none)."""
    last = prefix[-1]
    if ord(last) >= 0x10FFFF:
        return None
    return prefix[:-1] + chr(ord(last) + 1)


def skip_prefix(keys: list[str], i: int, common: str) -> int:
    bound = _past(common)
    if bound is not None:
        return bisect_left(keys, bound, i)
    while i < len(keys) and keys[i].startswith(common):
        i += 1
    return i


def walk(bucket, prefix: str, delimiter: str | None, after: str | None, max_keys: int):
    """(objects, common prefixes, truncated, last position returned)."""
    keys = bucket.sorted_keys()
    i = bisect_left(keys, prefix) if prefix else 0
    if after is not None:
        i = max(i, bisect_right(keys, after))
    objects, commons = [], []
    truncated, last = False, None
    n = len(keys)
    while i < n:
        key = keys[i]
        if prefix and not key.startswith(prefix):
            break
        obj = bucket.current(key)
        if obj is None:                           # only delete markers left under this key
            i += 1
            continue
        common = None
        if delimiter:
            cut = key.find(delimiter, len(prefix))
            if cut >= 0:
                common = key[:cut + len(delimiter)]
                if common == after:               # the previous page ended on this prefix
                    i = skip_prefix(keys, i, common)
                    continue
        if len(objects) + len(commons) >= max_keys:
            # MaxKeys 0 asks for nothing, which is not a truncated answer.
            truncated = max_keys > 0
            break
        if common is not None:
            commons.append(common)
            last = common
            i = skip_prefix(keys, i, common)
        else:
            objects.append(obj)
            last = key
            i += 1
    return objects, commons, truncated, last


def _contents(objects, encode, with_owner: bool) -> list[dict]:
    out = []
    for obj in objects:
        entry = {"Key": encode(obj.key), "LastModified": obj.last_modified, "ETag": obj.etag,
                 "Size": obj.size, "StorageClass": obj.storage_class}
        if obj.checksums:
            entry["ChecksumAlgorithm"] = list(obj.checksums)
            if obj.checksum_type:
                entry["ChecksumType"] = obj.checksum_type
        if with_owner:
            entry["Owner"] = {"ID": canonical_user_id(obj.owner_account)}
        out.append(entry)
    return out


class ListingOperations:
    def list_objects_v2(self, ctx, params):
        bucket = require_bucket(ctx, params)
        max_keys = requested_max_keys(params)
        encoding, encode = encoder(params)
        prefix = params.get("Prefix") or ""
        delimiter = params.get("Delimiter") or None
        token = params.get("ContinuationToken")
        start_after = params.get("StartAfter")
        after = tokens.decode(token) if token is not None else start_after
        with bucket.lock:
            objects, commons, truncated, last = walk(bucket, prefix, delimiter, after, min(max_keys, PAGE_LIMIT))
        result = {
            "Name": bucket.name,
            "Prefix": encode(prefix),
            "MaxKeys": max_keys,
            "KeyCount": len(objects) + len(commons),
            "IsTruncated": truncated,
        }
        if delimiter:
            result["Delimiter"] = encode(delimiter)
        if encoding:
            result["EncodingType"] = encoding
        if token is not None:
            result["ContinuationToken"] = token
        if start_after is not None:
            result["StartAfter"] = encode(start_after)
        if truncated:
            result["NextContinuationToken"] = tokens.encode(last)
        if objects:
            result["Contents"] = _contents(objects, encode, bool(params.get("FetchOwner")))
        if commons:
            result["CommonPrefixes"] = [{"Prefix": encode(c)} for c in commons]
        return result

    def list_objects(self, ctx, params):
        bucket = require_bucket(ctx, params)
        max_keys = requested_max_keys(params)
        encoding, encode = encoder(params)
        prefix = params.get("Prefix") or ""
        delimiter = params.get("Delimiter") or None
        marker = params.get("Marker") or ""
        with bucket.lock:
            objects, commons, truncated, last = walk(bucket, prefix, delimiter, marker or None,
                                                     min(max_keys, PAGE_LIMIT))
        result = {
            "Name": bucket.name,
            "Prefix": encode(prefix),
            "Marker": encode(marker),
            "MaxKeys": max_keys,
            "IsTruncated": truncated,
        }
        if delimiter:
            result["Delimiter"] = encode(delimiter)
            # Without a delimiter the last key returned is the next marker, and S3 says so by
            # leaving NextMarker out.
            if truncated:
                result["NextMarker"] = encode(last)
        if encoding:
            result["EncodingType"] = encoding
        if objects:
            result["Contents"] = _contents(objects, encode, True)
        if commons:
            result["CommonPrefixes"] = [{"Prefix": encode(c)} for c in commons]
        return result
