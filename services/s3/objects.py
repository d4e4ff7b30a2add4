"""Object operations: PutObject, GetObject, HeadObject, DeleteObject(s), CopyObject."""
from __future__ import annotations

import uuid

from iamulator.services.errors import AWSError
from iamulator.services.protocol import ranges
from iamulator.services.s3 import checksum_members, conditions, copy_source, encryption, notifications, tagging
from iamulator.services.s3.bucket_index import find_bucket, require_bucket
from iamulator.services.s3.errors import (access_denied, invalid_argument, invalid_request, malformed_xml,
                                          method_not_allowed_on_delete_marker, no_such_bucket, no_such_key,
                                          no_such_version)
from iamulator.services.s3.names import check_key, check_metadata
from iamulator.services.s3.ownership import object_acl
from iamulator.services.s3.records import NULL_VERSION, ObjectVersion

DEFAULT_CONTENT_TYPE = "binary/octet-stream"
STORAGE_CLASSES = frozenset(("STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA",
                             "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR"))
# Objects in these classes must be restored before their bytes can be read or copied.
ARCHIVED = frozenset(("GLACIER", "DEEP_ARCHIVE"))
MAX_PART_NUMBER = 10000
# The checksum type of a multipart object whose checksum is computed from its parts' checksums.
COMPOSITE = "COMPOSITE"
MAX_BATCH_DELETE = 1000

# Representation headers a write sets and a read returns: (member, record attribute).
CONTENT_FIELDS = (
    ("ContentDisposition", "content_disposition"),
    ("ContentLanguage", "content_language"),
    ("CacheControl", "cache_control"),
    ("Expires", "expires"),
)
_READ_FIELDS = CONTENT_FIELDS + (
    ("ContentEncoding", "content_encoding"),
    ("WebsiteRedirectLocation", "website_redirect"),
)
# GetObject's response-* query parameters override the stored headers of this one response.
_OVERRIDES = (
    ("ResponseContentType", "ContentType"),
    ("ResponseContentLanguage", "ContentLanguage"),
    ("ResponseExpires", "Expires"),
    ("ResponseCacheControl", "CacheControl"),
    ("ResponseContentDisposition", "ContentDisposition"),
    ("ResponseContentEncoding", "ContentEncoding"),
)
# Changes that make copying an object onto itself legal.
_SELF_COPY_CHANGES = ("StorageClass", "WebsiteRedirectLocation", "ServerSideEncryption", "SSEKMSKeyId",
                      "SSECustomerAlgorithm", "ChecksumAlgorithm")
_SELF_COPY = ("This copy request is illegal because it is trying to copy an object to itself without "
              "changing the object's metadata, storage class, website redirect location or encryption "
              "attributes.")


def request_body(params: dict) -> bytes:
    body = params.get("Body")
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):
        return body.read()
    return bytes(body)


def content_encoding(value: str | None) -> str | None:
    # aws-chunked is transfer framing the codec has already removed; S3 never stores it.
    if not value:
        return None
    kept = [p.strip() for p in value.split(",") if p.strip() and p.strip().lower() != "aws-chunked"]
    return ",".join(kept) or None


def storage_class(value: str | None) -> str:
    if value is None:
        return "STANDARD"
    if value not in STORAGE_CLASSES:
        raise AWSError("InvalidStorageClass", "The storage class you specified is not valid", 400,
                       StorageClassRequested=value)
    return value


def new_version_id(bucket) -> str:
    return uuid.uuid4().hex if bucket.versioning == "Enabled" else NULL_VERSION


def header_tags(value: str | None) -> dict[str, str]:
    """The tags of an ``x-amz-tagging`` header, held to the rules of PutObjectTagging."""
    tags = tagging.parse_header(value)
    if tags:
        # Imported here: the tagging operations read objects through this module.
        from iamulator.services.s3.object_tagging import check_tags
        check_tags(tags.items())
    return tags


def _directive(params: dict, member: str, header: str, what: str) -> str:
    value = params.get(member) or "COPY"
    if value not in ("COPY", "REPLACE"):
        raise invalid_argument(f"Unknown {what} directive.", header, value)
    return value


def version_of(bucket, key: str, version_id: str | None) -> ObjectVersion:
    """The version a request names (the current one by default), which may be a delete marker
    only when asked for by id."""
    if version_id is None:
        obj = bucket.current(key)
        if obj is None:
            error = no_such_key(key)
            history = bucket.versions.get(key)
            if history:          # the key's newest version is a delete marker: S3 says so
                error.headers.update({"x-amz-delete-marker": "true", "x-amz-version-id": history[-1].version_id})
            raise error
        return obj
    obj = bucket.version(key, version_id)
    if obj is None:
        raise no_such_version(key, version_id)
    return obj


def readable(bucket, key: str, version_id: str | None) -> ObjectVersion:
    obj = version_of(bucket, key, version_id)
    if obj.delete_marker:
        raise method_not_allowed_on_delete_marker(obj.version_id)
    return obj


def _check_not_archived(obj) -> None:
    if obj.storage_class in ARCHIVED:
        raise AWSError("InvalidObjectState", "The operation is not valid for the object's storage class", 403,
                       StorageClass=obj.storage_class)


def _span(obj, params: dict) -> tuple[int, int] | None:
    """The inclusive byte span a read serves, from ``partNumber`` or ``Range``; None: all of it."""
    part = params.get("PartNumber")
    header = params.get("Range")
    if part is None:
        return ranges.parse_range(header, obj.size)
    if header:
        raise invalid_request("Cannot specify both Range header and partNumber query parameter")
    if not 1 <= part <= MAX_PART_NUMBER:
        raise invalid_argument(f"Part number must be an integer between 1 and {MAX_PART_NUMBER}, inclusive",
                               "partNumber", part)
    # An object written in one request is a single part: part 1 is all of it.
    sizes = obj.part_sizes or (obj.size,)
    if part > len(sizes):
        raise AWSError("InvalidPartNumber", "The requested partnumber is not satisfiable", 416,
                       PartNumberRequested=part, ActualPartCount=len(sizes))
    first = sum(sizes[:part - 1])
    return (first, first + sizes[part - 1] - 1) if sizes[part - 1] else None


def _read_members(obj, params: dict) -> dict:
    """GetObject/HeadObject output members describing ``obj`` (not the body or range)."""
    out = {
        "AcceptRanges": "bytes",
        "LastModified": obj.last_modified,
        "ETag": obj.etag,
        "ContentType": obj.content_type,
    }
    for member, attr in _READ_FIELDS:
        value = getattr(obj, attr)
        if value is not None:
            out[member] = value
    if obj.metadata:
        out["Metadata"] = dict(obj.metadata)
    if obj.storage_class != "STANDARD":       # S3 leaves the header out for STANDARD
        out["StorageClass"] = obj.storage_class
    for member, value in obj.encryption.items():
        if member != "SSEKMSEncryptionContext":
            out[member] = value
    if obj.tags:
        out["TagCount"] = len(obj.tags)
    if obj.version_id != NULL_VERSION:
        out["VersionId"] = obj.version_id
    if obj.part_sizes and params.get("PartNumber") is not None:
        out["PartsCount"] = len(obj.part_sizes)
    for param, member in _OVERRIDES:
        value = params.get(param)
        if value is not None:
            out[member] = value
    return out


def _has_integrity_header(headers: dict) -> bool:
    """S3 insists on Content-MD5 or an additional checksum (header or trailer) for batch deletes."""
    return ("content-md5" in headers or "x-amz-trailer" in headers
            or any(name.startswith("x-amz-checksum-") for name in headers))


def _check_mfa(bucket, params: dict) -> None:
    # MFA delete cannot be proven here; the header is required as S3 requires it.
    if bucket.mfa_delete == "Enabled" and not params.get("MFA"):
        raise AWSError("AccessDenied", "Mfa Authentication must be used for this request", 403)


def _delete(bucket, key: str, version_id: str | None, account_id: str) -> dict:
    """Delete one key or version under the bucket's lock; the DeleteObject output members."""
    if version_id is not None:
        removed = bucket.remove_version(key, version_id)
        out = {"VersionId": version_id}
        if removed is not None and removed.delete_marker:
            out["DeleteMarker"] = True
        return out
    if bucket.versioning is not None:
        # Enabled: a new marker on top. Suspended: the marker becomes the null version.
        marker = ObjectVersion(key, b"", version_id=new_version_id(bucket), delete_marker=True,
                               owner_account=account_id)
        bucket.store(marker)
        return {"DeleteMarker": True, "VersionId": marker.version_id}
    # Deleting what is not there succeeds: deletes are idempotent.
    bucket.remove_version(key, NULL_VERSION)
    return {}


def _deletion_event(version_id: str | None, result: dict) -> str:
    if version_id is None and result.get("DeleteMarker"):
        return "ObjectRemoved:DeleteMarkerCreated"
    return "ObjectRemoved:Delete"


def _not_modified(ctx, obj) -> dict:
    ctx.status = 304
    return {"ETag": obj.etag, "LastModified": obj.last_modified}


def _serve(ctx, obj, params: dict) -> tuple[dict, bytes]:
    """Output members and body bytes of a read of ``obj``, setting 206 for partial content."""
    out = _read_members(obj, params)
    span = _span(obj, params)
    if span is None:
        body = obj.body
        if params.get("ChecksumMode") == "ENABLED":
            out.update(checksum_members.members(obj.checksums, obj.checksum_type))
    else:
        first, last = span
        body = obj.body[first:last + 1]
        ctx.status = 206
        out["ContentRange"] = ranges.content_range(first, last, obj.size)
    out["ContentLength"] = len(body)
    return out, body


def copy_source_object(ctx, params: dict):
    """(source bucket, source version) of CopyObject/UploadPartCopy, after the checks S3 makes
    on the source: it exists, is readable (not a marker, not archived), the caller may name its
    customer key, and the ``x-amz-copy-source-if-*`` conditions hold."""
    source_bucket_name, source_key, source_version = copy_source.parse(params["CopySource"])
    source_bucket = find_bucket(ctx, source_bucket_name)
    if source_bucket is None:
        raise no_such_bucket(source_bucket_name)
    expected = params.get("ExpectedSourceBucketOwner")
    if expected is not None and expected != source_bucket.account_id:
        raise access_denied()
    source = version_of(source_bucket, source_key, source_version)
    if source.delete_marker:
        raise invalid_request("The source of a copy request may not specifically refer to a delete marker "
                              "by version id.")
    if source.storage_class in ARCHIVED:
        raise AWSError("ObjectNotInActiveTierError", "The source object of the COPY action is not in the "
                       "active tier and is only stored in Amazon S3 Glacier.", 403)
    encryption.check_read(source, params, encryption.SOURCE_MEMBERS)
    conditions.check_copy_source(source, params)
    return source_bucket, source


class ObjectOperations:
    def put_object(self, ctx, params):
        bucket = require_bucket(ctx, params)
        key = params["Key"]
        check_key(key)
        if params.get("WriteOffsetBytes") is not None:
            raise AWSError("NotImplemented", "A header you provided implies functionality that is not implemented",
                           501, Header="x-amz-write-offset-bytes")
        metadata = params.get("Metadata") or {}
        check_metadata(metadata)
        checksums = checksum_members.from_params(params)
        obj = ObjectVersion(
            key, request_body(params),
            version_id=new_version_id(bucket),
            content_type=params.get("ContentType") or DEFAULT_CONTENT_TYPE,
            content_encoding=content_encoding(params.get("ContentEncoding")),
            website_redirect=params.get("WebsiteRedirectLocation"),
            metadata=dict(metadata),
            storage_class=storage_class(params.get("StorageClass")),
            encryption=encryption.for_write(params, bucket, ctx.account_id, ctx=ctx, key=key),
            checksums=checksums,
            checksum_type=checksum_members.FULL_OBJECT if checksums else None,
            tags=header_tags(params.get("Tagging")),
            acl=object_acl(params, bucket),
            owner_account=ctx.account_id,
            **{attr: params.get(member) for member, attr in CONTENT_FIELDS},
        )
        with bucket.lock:
            if bucket.deleted:
                raise no_such_bucket(bucket.name)
            conditions.check_write(bucket.current(key), key, params)
            bucket.store(obj)
        notifications.object_event(ctx, bucket, "ObjectCreated:Put", obj)
        result = {"ETag": obj.etag, **obj.encryption, **checksum_members.members(checksums, obj.checksum_type)}
        if obj.version_id != NULL_VERSION:
            result["VersionId"] = obj.version_id
        return result

    def get_object(self, ctx, params):
        bucket = require_bucket(ctx, params)
        obj = readable(bucket, params["Key"], params.get("VersionId"))
        encryption.check_read(obj, params)
        _check_not_archived(obj)
        if conditions.check_read(obj, params):
            return _not_modified(ctx, obj)
        out, body = _serve(ctx, obj, params)
        out["Body"] = body
        return out

    def head_object(self, ctx, params):
        bucket = require_bucket(ctx, params)
        obj = readable(bucket, params["Key"], params.get("VersionId"))
        encryption.check_read(obj, params)
        if conditions.check_read(obj, params):
            return _not_modified(ctx, obj)
        out, _ = _serve(ctx, obj, params)
        return out

    def delete_object(self, ctx, params):
        bucket = require_bucket(ctx, params)
        key = params["Key"]
        version_id = params.get("VersionId")
        with bucket.lock:
            conditions.check_delete(bucket.current(key), key, params)
            if version_id is not None:
                _check_mfa(bucket, params)
            result = _delete(bucket, key, version_id, ctx.account_id)
        notifications.object_event(ctx, bucket, _deletion_event(version_id, result), key=key)
        return result

    def delete_objects(self, ctx, params):
        bucket = require_bucket(ctx, params)
        if ctx.request is not None and not _has_integrity_header(ctx.request.headers):
            raise invalid_request("Missing required header for this request: Content-MD5")
        delete = params.get("Delete") or {}
        entries = delete.get("Objects") or []
        if not entries or len(entries) > MAX_BATCH_DELETE:
            raise malformed_xml()
        deleted, errors, events = [], [], []
        with bucket.lock:
            if any(entry.get("VersionId") for entry in entries):
                _check_mfa(bucket, params)
            for entry in entries:
                key = entry.get("Key", "")
                version_id = entry.get("VersionId")
                current = bucket.current(key)
                if entry.get("ETag") is not None and (
                        current is None or not conditions.etag_matches(entry["ETag"], current.etag)):
                    errors.append({"Key": key, "Code": "PreconditionFailed",
                                   "Message": "At least one of the pre-conditions you specified did not hold",
                                   **({"VersionId": version_id} if version_id else {})})
                    continue
                out = _delete(bucket, key, version_id, ctx.account_id)
                events.append((_deletion_event(version_id, out), key))
                entry_result = {"Key": key}
                if version_id is not None:
                    entry_result["VersionId"] = version_id
                if out.get("DeleteMarker"):
                    # A batch names the marker's id apart from the version the caller asked for.
                    entry_result["DeleteMarker"] = True
                    entry_result["DeleteMarkerVersionId"] = out["VersionId"]
                deleted.append(entry_result)
        for event, key in events:
            notifications.object_event(ctx, bucket, event, key=key)
        result = {}
        if deleted and not delete.get("Quiet"):
            result["Deleted"] = deleted
        if errors:
            result["Errors"] = errors
        return result

    def copy_object(self, ctx, params):
        bucket = require_bucket(ctx, params)
        key = params["Key"]
        check_key(key)
        source_bucket, source = copy_source_object(ctx, params)
        metadata_directive = _directive(params, "MetadataDirective", "x-amz-metadata-directive", "metadata")
        tagging_directive = _directive(params, "TaggingDirective", "x-amz-tagging-directive", "tagging")
        onto_itself = source_bucket is bucket and source.key == key
        if onto_itself and metadata_directive == "COPY" and not any(params.get(m) for m in _SELF_COPY_CHANGES):
            raise invalid_request(_SELF_COPY)

        if metadata_directive == "REPLACE":
            metadata = dict(params.get("Metadata") or {})
            check_metadata(metadata)
            content = {attr: params.get(member) for member, attr in CONTENT_FIELDS}
            content_type = params.get("ContentType") or DEFAULT_CONTENT_TYPE
            encoding_header = content_encoding(params.get("ContentEncoding"))
        else:
            metadata = dict(source.metadata)
            content = {attr: getattr(source, attr) for _, attr in CONTENT_FIELDS}
            content_type = source.content_type
            encoding_header = source.content_encoding
        tags = (dict(source.tags) if tagging_directive == "COPY"
                else header_tags(params.get("Tagging")))
        algorithm = params.get("ChecksumAlgorithm")
        if algorithm:
            algorithm = algorithm.upper()
            if algorithm not in checksum_members.ALGORITHMS:
                raise invalid_request(f"Checksum algorithm {algorithm} is not supported.")
            checksums = {algorithm: checksum_members.compute(algorithm, source.body)}
        elif source.checksum_type == COMPOSITE:
            # A copy is written in one piece: a multipart source's checksum of part checksums
            # becomes a checksum of the whole object.
            checksums = {a: checksum_members.compute(a, source.body) for a in source.checksums}
        else:
            checksums = dict(source.checksums)
        obj = ObjectVersion(
            key, source.body,
            version_id=new_version_id(bucket),
            # A multipart source's ETag is not an MD5 of its bytes; the copy is one part.
            etag=None if "-" in source.etag else source.etag,
            content_type=content_type,
            content_encoding=encoding_header,
            website_redirect=params.get("WebsiteRedirectLocation"),
            metadata=metadata,
            storage_class=storage_class(params.get("StorageClass")),
            encryption=encryption.for_write(params, bucket, ctx.account_id, ctx=ctx, key=key),
            checksums=checksums,
            checksum_type=checksum_members.FULL_OBJECT if checksums else None,
            tags=tags,
            acl=object_acl(params, bucket),
            owner_account=ctx.account_id,
            **content,
        )
        with bucket.lock:
            if bucket.deleted:
                raise no_such_bucket(bucket.name)
            conditions.check_write(bucket.current(key), key, params)
            bucket.store(obj)
        notifications.object_event(ctx, bucket, "ObjectCreated:Copy", obj)
        copy_result = {"ETag": obj.etag, "LastModified": obj.last_modified,
                       **checksum_members.members(checksums, obj.checksum_type)}
        result = {"CopyObjectResult": copy_result, **obj.encryption}
        if source.version_id != NULL_VERSION:
            result["CopySourceVersionId"] = source.version_id
        if obj.version_id != NULL_VERSION:
            result["VersionId"] = obj.version_id
        return result
