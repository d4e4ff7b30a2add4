"""Object tags: PutObjectTagging, GetObjectTagging, DeleteObjectTagging.

Tags belong to one version of an object and change without making a new version: the version
is replaced in its key's history by a copy carrying the new tags (stored versions are never
mutated, so readers holding one are unaffected).
"""
from __future__ import annotations

import re

from iamulator.services.errors import AWSError
from iamulator.services.s3 import notifications, tagging
from iamulator.services.s3.bucket_index import require_bucket
from iamulator.services.s3.errors import malformed_xml, no_such_bucket
from iamulator.services.s3.objects import readable
from iamulator.services.s3.records import NULL_VERSION

# Letters, digits and white space in any language, and + - = . _ : / @
_ALLOWED = re.compile(r"^[\w\s+\-=.:/@]*$")


def _invalid(message: str, **fields) -> AWSError:
    return AWSError("InvalidTag", message, 400, **fields)


def check_tags(pairs) -> dict[str, str]:
    """``(key, value)`` pairs as a tag dict, checked as S3 checks object tags."""
    tags: dict[str, str] = {}
    for key, value in pairs:
        if key in tags:
            raise _invalid("Cannot provide multiple Tags with the same key", TagKey=key)
        if key.lower().startswith("aws:"):
            raise _invalid("Your TagKey cannot be prefixed with aws:", TagKey=key)
        if not key or len(key) > tagging.MAX_KEY or not _ALLOWED.match(key):
            raise _invalid("The TagKey you have provided is invalid", TagKey=key)
        if len(value) > tagging.MAX_VALUE or not _ALLOWED.match(value):
            raise _invalid("The TagValue you have provided is invalid", TagKey=key, TagValue=value)
        tags[key] = value
    if len(tags) > tagging.MAX_TAGS:
        raise AWSError("BadRequest", "Object tags cannot be greater than 10", 400)
    return tags


def tag_set(params: dict) -> dict[str, str]:
    """The tags of a ``Tagging`` body."""
    entries = (params.get("Tagging") or {}).get("TagSet")
    if entries is None:
        raise malformed_xml()
    pairs = [(entry.get("Key"), entry.get("Value")) for entry in entries]
    if any(key is None or value is None for key, value in pairs):
        raise malformed_xml()
    return check_tags(pairs)


def _version_member(obj) -> dict:
    return {"VersionId": obj.version_id} if obj.version_id != NULL_VERSION else {}


def _retag(ctx, bucket, params: dict, tags: dict, event: str) -> dict:
    key, version_id = params["Key"], params.get("VersionId")
    with bucket.lock:
        if bucket.deleted:
            raise no_such_bucket(bucket.name)
        obj = readable(bucket, key, version_id)
        retagged = obj.with_tags(tags)
        bucket.replace_version(obj, retagged)
    notifications.object_event(ctx, bucket, event, retagged)
    return _version_member(obj)


class ObjectTaggingOperations:
    def put_object_tagging(self, ctx, params):
        bucket = require_bucket(ctx, params)
        return _retag(ctx, bucket, params, tag_set(params), "ObjectTagging:Put")

    def get_object_tagging(self, ctx, params):
        bucket = require_bucket(ctx, params)
        obj = readable(bucket, params["Key"], params.get("VersionId"))
        return {"TagSet": [{"Key": k, "Value": v} for k, v in obj.tags.items()], **_version_member(obj)}

    def delete_object_tagging(self, ctx, params):
        bucket = require_bucket(ctx, params)
        result = _retag(ctx, bucket, params, {}, "ObjectTagging:Delete")
        ctx.status = 204
        return result
