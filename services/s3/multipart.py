"""Multipart uploads: create, upload part (and copy), list, complete, abort.

An upload keeps the settings its object will be stored with (content headers, metadata,
encryption, tags, storage class) and its parts by number; completing it concatenates the parts
the caller names into one new version of the key. Its ETag is the MD5 of the parts' binary MD5s
followed by ``-<number of parts>``; an additional checksum is either COMPOSITE (the checksum of
the parts' binary checksums, ``-<n>`` again) or FULL_OBJECT (the checksum of all the bytes).
"""
from __future__ import annotations

import base64
import itertools
import re
import uuid
from bisect import bisect_left
from urllib.parse import quote

from iamulator.services.errors import AWSError
from iamulator.services.protocol.checksums import md5_etag, multipart_etag
from iamulator.services.s3 import checksum_members, conditions, encryption, listing, notifications
from iamulator.services.s3.bucket_index import require_bucket
from iamulator.services.s3.errors import (invalid_argument, invalid_request, malformed_xml, no_such_bucket,
                                          no_such_upload)
from iamulator.services.s3.names import check_key, check_metadata
from iamulator.services.s3.objects import (COMPOSITE, CONTENT_FIELDS, DEFAULT_CONTENT_TYPE, MAX_PART_NUMBER,
                                           content_encoding, copy_source_object, header_tags, new_version_id,
                                           request_body, storage_class)
from iamulator.services.s3.ownership import object_acl
from iamulator.services.s3.records import NULL_VERSION, ObjectVersion, canonical_user_id, now_seconds

MIN_PART_SIZE = 5 * 1024 * 1024
FULL_OBJECT = checksum_members.FULL_OBJECT
# Which checksum types each algorithm allows in a multipart upload; the first is its default.
_TYPES = {"CRC32": (COMPOSITE, FULL_OBJECT), "CRC32C": (COMPOSITE, FULL_OBJECT), "CRC64NVME": (FULL_OBJECT,),
          "SHA1": (COMPOSITE,), "SHA256": (COMPOSITE,)}
_COPY_RANGE = re.compile(r"^bytes=(\d+)-(\d+)$")
_MAX_INT = 2147483647
# Settings of the upload returned by CompleteMultipartUpload (its output has no SSE-C members).
_COMPLETE_ENCRYPTION = ("ServerSideEncryption", "SSEKMSKeyId", "BucketKeyEnabled")
_ordering = itertools.count()


class Part:
    __slots__ = ("number", "body", "etag", "size", "last_modified", "checksums")

    def __init__(self, number: int, body: bytes, checksums: dict):
        self.number = number
        self.body = body
        self.etag = md5_etag(body)
        self.size = len(body)
        self.last_modified = now_seconds()
        self.checksums = checksums


class Upload:
    """A multipart upload in progress: what the completed object will be stored with, and the
    parts uploaded so far (a part uploaded again replaces the earlier one)."""

    def __init__(self, key: str, owner_account: str, settings: dict, algorithm: str | None,
                 checksum_type: str | None):
        self.upload_id = uuid.uuid4().hex + uuid.uuid4().hex
        # Orders uploads of the same key by initiation, as ListMultipartUploads lists them.
        self.order = next(_ordering)
        self.key = key
        self.initiated = now_seconds()
        self.owner_account = owner_account
        self.settings = settings
        self.algorithm = algorithm
        self.checksum_type = checksum_type
        self.parts: dict[int, Part] = {}

    @property
    def encryption(self) -> dict:
        return self.settings["encryption"]

    @property
    def storage_class(self) -> str:
        return self.settings["storage_class"]


def _checksum_settings(params: dict) -> tuple[str | None, str | None]:
    algorithm = (params.get("ChecksumAlgorithm") or "").upper() or None
    checksum_type = params.get("ChecksumType")
    if algorithm is None:
        if checksum_type is not None:
            raise invalid_request("The x-amz-checksum-type header can only be used with the "
                                  "x-amz-checksum-algorithm header.")
        return None, None
    allowed = _TYPES.get(algorithm)
    if allowed is None:
        raise invalid_request(f"Checksum algorithm {algorithm} is not supported.")
    if checksum_type is None:
        return algorithm, allowed[0]
    if checksum_type not in allowed:
        raise invalid_request(f"The {checksum_type} checksum type cannot be used with the "
                              f"{algorithm.lower()} checksum algorithm.")
    return algorithm, checksum_type


def _upload(bucket, params: dict) -> Upload:
    upload_id = params["UploadId"]
    upload = bucket.uploads.get(upload_id)
    if upload is None or upload.key != params["Key"]:
        raise no_such_upload(upload_id)
    return upload


def _part_number(params: dict) -> int:
    number = params["PartNumber"]
    if not 1 <= number <= MAX_PART_NUMBER:
        raise invalid_argument(f"Part number must be an integer between 1 and {MAX_PART_NUMBER}, inclusive",
                               "partNumber", number)
    return number


def _part_checksums(upload: Upload, sent: dict, body: bytes) -> dict:
    """The checksum a part keeps: the upload's algorithm, as sent or else computed."""
    if upload.algorithm is None:
        return {}
    for algorithm in sent:
        if algorithm != upload.algorithm:
            raise invalid_request(f"Checksum Type mismatch occurred, expected checksum Type: "
                                  f"{upload.algorithm.lower()}, actual checksum Type: {algorithm.lower()}")
    value = sent.get(upload.algorithm) or checksum_members.compute(upload.algorithm, body)
    return {upload.algorithm: value}


def _store_part(bucket, upload: Upload, part: Part) -> None:
    with bucket.lock:
        if bucket.deleted:
            raise no_such_bucket(bucket.name)
        if bucket.uploads.get(upload.upload_id) is not upload:
            raise no_such_upload(upload.upload_id)
        upload.parts[part.number] = part


def _copy_range(value: str | None, size: int) -> tuple[int, int]:
    if value is None:
        return 0, size - 1
    match = _COPY_RANGE.match(value.strip())
    if match is None:
        raise invalid_argument("The x-amz-copy-source-range value must be of the form bytes=first-last where "
                               "first and last are the zero-based offsets of the first and last bytes to copy",
                               "x-amz-copy-source-range", value)
    first, last = int(match.group(1)), int(match.group(2))
    if first > last or last >= size:
        raise invalid_argument(f"Range specified is not valid for source object of size: {size}",
                               "x-amz-copy-source-range", value)
    return first, last


def _invalid_part(upload_id: str, number: int, etag: str | None) -> AWSError:
    return AWSError("InvalidPart", "One or more of the specified parts could not be found.  The part may not "
                    "have been uploaded, or the specified entity tag may not match the part's entity tag.", 400,
                    UploadId=upload_id, PartNumber=number, ETag=etag or "")


def _chosen_parts(upload: Upload, requested: list) -> list[Part]:
    """The parts CompleteMultipartUpload names, checked as S3 checks them, in order."""
    if not requested:
        raise malformed_xml()
    chosen, previous = [], 0
    for entry in requested:
        number = entry.get("PartNumber")
        if number is None:
            raise malformed_xml()
        if number <= previous:
            raise AWSError("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be "
                           "ordered by part number.", 400, UploadId=upload.upload_id)
        previous = number
        part = upload.parts.get(number)
        etag = entry.get("ETag")
        if part is None or etag is None or not conditions.etag_matches(etag, part.etag):
            raise _invalid_part(upload.upload_id, number, etag)
        for algorithm, value in checksum_members.from_params(entry).items():
            if part.checksums.get(algorithm, value) != value:
                raise _invalid_part(upload.upload_id, number, etag)
        chosen.append(part)
    for part in chosen[:-1]:
        if part.size < MIN_PART_SIZE:
            raise AWSError("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size", 400,
                           ProposedSize=part.size, MinSizeAllowed=MIN_PART_SIZE, PartNumber=part.number,
                           ETag=part.etag.strip('"'))
    return chosen


def _object_checksum(upload: Upload, parts: list[Part], body: bytes) -> dict:
    if upload.algorithm is None:
        return {}
    if upload.checksum_type == FULL_OBJECT:
        return {upload.algorithm: checksum_members.compute(upload.algorithm, body)}
    raw = b"".join(base64.b64decode(p.checksums[upload.algorithm]) for p in parts)
    return {upload.algorithm: f"{checksum_members.compute(upload.algorithm, raw)}-{len(parts)}"}


def _location(bucket, key: str) -> str:
    host = "s3.amazonaws.com" if bucket.region == "us-east-1" else f"s3.{bucket.region}.amazonaws.com"
    return f"https://{bucket.name}.{host}/{quote(key)}"


def _principal(account_id: str) -> dict:
    return {"ID": canonical_user_id(account_id)}


def _limit(params: dict, member: str, argument: str) -> int:
    value = params.get(member)
    if value is None:
        return listing.PAGE_LIMIT
    if not 0 <= value <= _MAX_INT:
        raise invalid_argument(f"Argument {argument} must be an integer between 0 and {_MAX_INT}", argument, value)
    return value


def _checksum_members(upload: Upload) -> dict:
    if upload.algorithm is None:
        return {}
    return {"ChecksumAlgorithm": upload.algorithm, "ChecksumType": upload.checksum_type}


def _uploads_after(bucket, prefix: str, key_marker: str, upload_id_marker: str):
    """Uploads in listing order (key, then initiation) past the markers."""
    uploads = sorted((u for u in bucket.uploads.values() if u.key.startswith(prefix)),
                     key=lambda u: (u.key, u.order))
    if not key_marker:
        return uploads
    marker = bucket.uploads.get(upload_id_marker) if upload_id_marker else None
    if marker is None or marker.key != key_marker:
        keys = [u.key for u in uploads]
        start = bisect_left(keys, key_marker)
        while start < len(uploads) and uploads[start].key == key_marker:
            start += 1
        return uploads[start:]
    return [u for u in uploads if (u.key, u.order) > (marker.key, marker.order)]


class MultipartOperations:
    def create_multipart_upload(self, ctx, params):
        bucket = require_bucket(ctx, params)
        key = params["Key"]
        check_key(key)
        metadata = dict(params.get("Metadata") or {})
        check_metadata(metadata)
        algorithm, checksum_type = _checksum_settings(params)
        settings = {
            "content_type": params.get("ContentType") or DEFAULT_CONTENT_TYPE,
            "content_encoding": content_encoding(params.get("ContentEncoding")),
            "website_redirect": params.get("WebsiteRedirectLocation"),
            "metadata": metadata,
            "storage_class": storage_class(params.get("StorageClass")),
            "encryption": encryption.for_write(params, bucket, ctx.account_id, ctx=ctx, key=key),
            "tags": header_tags(params.get("Tagging")),
            "acl": object_acl(params, bucket),
            "owner_account": ctx.account_id,
            **{attr: params.get(member) for member, attr in CONTENT_FIELDS},
        }
        upload = Upload(key, ctx.account_id, settings, algorithm, checksum_type)
        with bucket.lock:
            if bucket.deleted:
                raise no_such_bucket(bucket.name)
            bucket.uploads[upload.upload_id] = upload
        return {"Bucket": bucket.name, "Key": key, "UploadId": upload.upload_id, **upload.encryption,
                **_checksum_members(upload)}

    def upload_part(self, ctx, params):
        bucket = require_bucket(ctx, params)
        upload = _upload(bucket, params)
        number = _part_number(params)
        encryption.check_read(upload, params)
        body = request_body(params)
        part = Part(number, body, _part_checksums(upload, checksum_members.from_params(params), body))
        _store_part(bucket, upload, part)
        out = {"ETag": part.etag, **checksum_members.members(part.checksums, None)}
        out.update((m, v) for m, v in upload.encryption.items() if m != "SSEKMSEncryptionContext")
        return out

    def upload_part_copy(self, ctx, params):
        bucket = require_bucket(ctx, params)
        upload = _upload(bucket, params)
        number = _part_number(params)
        encryption.check_read(upload, params)
        _, source = copy_source_object(ctx, params)
        first, last = _copy_range(params.get("CopySourceRange"), source.size)
        body = source.body[first:last + 1]
        part = Part(number, body, _part_checksums(upload, {}, body))
        _store_part(bucket, upload, part)
        result = {"ETag": part.etag, "LastModified": part.last_modified,
                  **checksum_members.members(part.checksums, None)}
        out = {"CopyPartResult": result}
        out.update((m, v) for m, v in upload.encryption.items() if m != "SSEKMSEncryptionContext")
        if source.version_id != NULL_VERSION:
            out["CopySourceVersionId"] = source.version_id
        return out

    def complete_multipart_upload(self, ctx, params):
        bucket = require_bucket(ctx, params)
        key = params["Key"]
        requested = (params.get("MultipartUpload") or {}).get("Parts") or []
        with bucket.lock:
            if bucket.deleted:
                raise no_such_bucket(bucket.name)
            upload = _upload(bucket, params)
            parts = _chosen_parts(upload, requested)
            body = b"".join(p.body for p in parts)
            size = params.get("MpuObjectSize")
            if size is not None and size != len(body):
                raise invalid_request(f"The provided 'x-amz-mp-object-size' header value {size} does not match "
                                      f"what was computed: {len(body)}")
            checksums = _object_checksum(upload, parts, body)
            obj = ObjectVersion(
                key, body,
                version_id=new_version_id(bucket),
                etag=multipart_etag(bytes.fromhex(p.etag.strip('"')) for p in parts),
                checksums=checksums,
                checksum_type=upload.checksum_type if checksums else None,
                part_sizes=tuple(p.size for p in parts),
                **upload.settings,
            )
            conditions.check_write(bucket.current(key), key, params)
            bucket.store(obj)
            del bucket.uploads[upload.upload_id]
        notifications.object_event(ctx, bucket, "ObjectCreated:CompleteMultipartUpload", obj)
        result = {"Location": _location(bucket, key), "Bucket": bucket.name, "Key": key, "ETag": obj.etag,
                  **checksum_members.members(checksums, obj.checksum_type)}
        result.update((m, upload.encryption[m]) for m in _COMPLETE_ENCRYPTION if m in upload.encryption)
        if obj.version_id != NULL_VERSION:
            result["VersionId"] = obj.version_id
        return result

    def abort_multipart_upload(self, ctx, params):
        bucket = require_bucket(ctx, params)
        with bucket.lock:
            upload = _upload(bucket, params)
            del bucket.uploads[upload.upload_id]
        ctx.status = 204
        return {}

    def list_parts(self, ctx, params):
        bucket = require_bucket(ctx, params)
        upload = _upload(bucket, params)
        max_parts = _limit(params, "MaxParts", "max-parts")
        marker = params.get("PartNumberMarker") or 0
        with bucket.lock:
            parts = sorted((p for p in upload.parts.values() if p.number > marker), key=lambda p: p.number)
        page = parts[:min(max_parts, listing.PAGE_LIMIT)]
        truncated = len(page) < len(parts)
        result = {
            "Bucket": bucket.name, "Key": upload.key, "UploadId": upload.upload_id,
            "PartNumberMarker": marker, "MaxParts": max_parts, "IsTruncated": truncated,
            "Initiator": _principal(upload.owner_account), "Owner": _principal(upload.owner_account),
            "StorageClass": upload.storage_class, **_checksum_members(upload),
        }
        if page:
            result["NextPartNumberMarker"] = page[-1].number
            result["Parts"] = [{"PartNumber": p.number, "LastModified": p.last_modified, "ETag": p.etag,
                                "Size": p.size, **checksum_members.members(p.checksums, None)} for p in page]
        return result

    def list_multipart_uploads(self, ctx, params):
        bucket = require_bucket(ctx, params)
        max_uploads = _limit(params, "MaxUploads", "max-uploads")
        encoding, encode = listing.encoder(params)
        prefix = params.get("Prefix") or ""
        delimiter = params.get("Delimiter") or None
        key_marker = params.get("KeyMarker") or ""
        upload_id_marker = params.get("UploadIdMarker") or ""
        with bucket.lock:
            candidates = _uploads_after(bucket, prefix, key_marker, upload_id_marker)
        limit = min(max_uploads, listing.PAGE_LIMIT)
        uploads, commons, truncated = [], [], False
        last = None
        for upload in candidates:
            common = None
            if delimiter:
                cut = upload.key.find(delimiter, len(prefix))
                if cut >= 0:
                    common = upload.key[:cut + len(delimiter)]
                    if common == key_marker or (commons and commons[-1] == common):
                        continue
            if len(uploads) + len(commons) >= limit:
                truncated = limit > 0
                break
            if common is not None:
                commons.append(common)
                last = (common, None)
            else:
                uploads.append(upload)
                last = (upload.key, upload.upload_id)
        result = {"Bucket": bucket.name, "KeyMarker": encode(key_marker), "UploadIdMarker": upload_id_marker,
                  "Prefix": encode(prefix), "MaxUploads": max_uploads, "IsTruncated": truncated}
        if delimiter:
            result["Delimiter"] = encode(delimiter)
        if encoding:
            result["EncodingType"] = encoding
        if last is not None:
            result["NextKeyMarker"] = encode(last[0])
            if last[1] is not None:
                result["NextUploadIdMarker"] = last[1]
        if uploads:
            result["Uploads"] = [{"UploadId": u.upload_id, "Key": encode(u.key), "Initiated": u.initiated,
                                  "StorageClass": u.storage_class, "Owner": _principal(u.owner_account),
                                  "Initiator": _principal(u.owner_account), **_checksum_members(u)}
                                 for u in uploads]
        if commons:
            result["CommonPrefixes"] = [{"Prefix": encode(c)} for c in commons]
        return result
