"""Bucket versioning settings and ListObjectVersions.

A bucket starts unversioned (GetBucketVersioning says nothing) and, once versioning is enabled,
can only be suspended, never unversioned again. ListObjectVersions walks keys in the same binary
order as ListObjects and, under each key, its versions newest first, delete markers included;
a common prefix counts once toward MaxKeys.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from iamulator.services.errors import AWSError
from iamulator.services.s3 import listing
from iamulator.services.s3.bucket_index import require_bucket
from iamulator.services.s3.errors import invalid_argument, malformed_xml
from iamulator.services.s3.records import canonical_user_id

STATUSES = ("Enabled", "Suspended")
MFA_STATES = ("Enabled", "Disabled")


def _check_configuration(bucket, params: dict) -> tuple[str | None, str | None]:
    config = params.get("VersioningConfiguration") or {}
    status = config.get("Status")
    mfa_delete = config.get("MFADelete")
    if (status is not None and status not in STATUSES) or (mfa_delete is not None and mfa_delete not in MFA_STATES):
        raise malformed_xml()
    if status == "Suspended" and bucket.object_lock_enabled:
        raise AWSError("InvalidBucketState", "An Object Lock configuration is present on this bucket, so the "
                       "versioning state cannot be changed.", 409)
    # Turning MFA delete on, or changing versioning once it is on, takes the device's code.
    if (mfa_delete == "Enabled" or bucket.mfa_delete == "Enabled") and not params.get("MFA"):
        raise AWSError("AccessDenied", "Mfa Authentication must be used for this request", 403)
    return status, mfa_delete


def _version_entries(bucket, key: str, after_version: str | None):
    """The key's versions newest first, each with whether it is the latest; those after
    ``after_version`` only, when given (an unknown id leaves nothing of this key)."""
    history = bucket.versions.get(key) or ()
    newest_first = list(reversed(history))
    if after_version is not None:
        ids = [v.version_id for v in newest_first]
        newest_first = newest_first[ids.index(after_version) + 1:] if after_version in ids else []
    latest = history[-1] if history else None
    return [(v, v is latest) for v in newest_first]


def _owner(obj) -> dict:
    return {"ID": canonical_user_id(obj.owner_account)}


def _entry(obj, is_latest: bool, encode) -> tuple[str, dict]:
    if obj.delete_marker:
        return "DeleteMarkers", {"Owner": _owner(obj), "Key": encode(obj.key), "VersionId": obj.version_id,
                                 "IsLatest": is_latest, "LastModified": obj.last_modified}
    entry = {"ETag": obj.etag, "Size": obj.size, "StorageClass": obj.storage_class, "Key": encode(obj.key),
             "VersionId": obj.version_id, "IsLatest": is_latest, "LastModified": obj.last_modified,
             "Owner": _owner(obj)}
    if obj.checksums:
        entry["ChecksumAlgorithm"] = list(obj.checksums)
        if obj.checksum_type:
            entry["ChecksumType"] = obj.checksum_type
    return "Versions", entry


def walk_versions(bucket, prefix: str, delimiter: str | None, key_marker: str | None,
                  version_marker: str | None, max_keys: int):
    """(entries as (kind, version, is_latest) or ("CommonPrefixes", prefix, None), truncated,
    next key marker, next version id marker)."""
    keys = bucket.sorted_keys()
    i = bisect_left(keys, prefix) if prefix else 0
    resume_in = None
    if key_marker:
        if version_marker:
            i = max(i, bisect_left(keys, key_marker))
            resume_in = key_marker
        else:
            i = max(i, bisect_right(keys, key_marker))
    entries, truncated = [], False
    next_key = next_version = None
    n = len(keys)
    while i < n:
        key = keys[i]
        if prefix and not key.startswith(prefix):
            break
        if delimiter:
            cut = key.find(delimiter, len(prefix))
            if cut >= 0:
                common = key[:cut + len(delimiter)]
                if common == key_marker:
                    i = listing.skip_prefix(keys, i, common)
                    continue
                if len(entries) >= max_keys:
                    truncated = max_keys > 0
                    break
                entries.append(("CommonPrefixes", common, None))
                next_key, next_version = common, None
                i = listing.skip_prefix(keys, i, common)
                continue
        versions = _version_entries(bucket, key, version_marker if key == resume_in else None)
        for obj, is_latest in versions:
            if len(entries) >= max_keys:
                truncated = max_keys > 0
                break
            entries.append(("Version", obj, is_latest))
            next_key, next_version = key, obj.version_id
        if truncated:
            break
        i += 1
    return entries, truncated, next_key, next_version


class VersioningOperations:
    def put_bucket_versioning(self, ctx, params):
        bucket = require_bucket(ctx, params)
        with bucket.lock:
            status, mfa_delete = _check_configuration(bucket, params)
            if status is not None:
                bucket.versioning = status
            if mfa_delete is not None:
                bucket.mfa_delete = mfa_delete
        return {}

    def get_bucket_versioning(self, ctx, params):
        bucket = require_bucket(ctx, params)
        result = {}
        if bucket.versioning is not None:
            result["Status"] = bucket.versioning
        if bucket.mfa_delete is not None:
            result["MFADelete"] = bucket.mfa_delete
        return result

    def list_object_versions(self, ctx, params):
        bucket = require_bucket(ctx, params)
        max_keys = listing.requested_max_keys(params)
        encoding, encode = listing.encoder(params)
        prefix = params.get("Prefix") or ""
        delimiter = params.get("Delimiter") or None
        key_marker = params.get("KeyMarker") or ""
        version_marker = params.get("VersionIdMarker") or ""
        if version_marker and not key_marker:
            raise invalid_argument("A version-id marker cannot be specified without a key marker.",
                                   "version-id-marker", version_marker)
        with bucket.lock:
            entries, truncated, next_key, next_version = walk_versions(
                bucket, prefix, delimiter, key_marker or None, version_marker or None,
                min(max_keys, listing.PAGE_LIMIT))
        result = {
            "Name": bucket.name,
            "Prefix": encode(prefix),
            "KeyMarker": encode(key_marker),
            "VersionIdMarker": version_marker,
            "MaxKeys": max_keys,
            "IsTruncated": truncated,
        }
        if delimiter:
            result["Delimiter"] = encode(delimiter)
        if encoding:
            result["EncodingType"] = encoding
        if truncated:
            result["NextKeyMarker"] = encode(next_key)
            if next_version is not None:
                result["NextVersionIdMarker"] = next_version
        for kind, value, is_latest in entries:
            if kind == "CommonPrefixes":
                result.setdefault(kind, []).append({"Prefix": encode(value)})
            else:
                member, entry = _entry(value, is_latest, encode)
                result.setdefault(member, []).append(entry)
        return result
