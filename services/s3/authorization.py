"""What S3 requests are authorized for, beyond what the Service Authorization Reference says.

S3's IAM actions are named for permissions, not operations (ListObjectsV2 is ``s3:ListBucket``,
HeadObject is ``s3:GetObject``), several operations need more than one action (an ACL or tags on
PutObject, the source of CopyObject), and a bucket ARN names no account: the owner comes from
the partition-wide bucket index.
"""
from __future__ import annotations

from urllib.parse import parse_qsl

from iamulator.authz.declarations import Declarations, act
from iamulator.services.s3 import copy_source, kms_checks
from iamulator.services.s3.bucket_index import find_bucket

_SOURCE_ACTIONS = ("s3:GetObject", "s3:GetObjectVersion")
_ACL_MEMBERS = ("ACL", "GrantFullControl", "GrantRead", "GrantReadACP", "GrantWrite", "GrantWriteACP")


def _bucket(r, name: str | None = None):
    """The stored bucket named in the check being built (once per describe call and name)."""
    name = name or (r.vars or {}).get("BucketName") or r.params.get("Bucket")
    memo = r.memo
    key = ("bucket", name)
    if key not in memo:
        memo[key] = find_bucket(r.ctx, name) if name else None
    return memo[key]


def _owner(r):
    bucket = _bucket(r)
    return bucket.account_id if bucket is not None else None


def _stored_object(r):
    bucket = _bucket(r)
    key = (r.vars or {}).get("ObjectName")
    if bucket is None or not key:
        return None
    if r.item is not None:
        version = r.item.get("VersionId")
    elif r.action in _SOURCE_ACTIONS and r.params.get("CopySource"):
        version = _copy_source(r)[2]
    else:
        version = r.params.get("VersionId")
    return bucket.version(key, version) if version else bucket.current(key)


def _resource_context(r, resource_type: str) -> dict | None:
    out = {}
    bucket = _bucket(r)
    if bucket is None:
        return None
    # S3 applies bucket tags to aws:ResourceTag / s3:BucketTag only once ABAC is enabled on
    # the bucket; buckets here have no such switch yet, so only a bucket that says so gets them.
    if getattr(bucket, "abac_enabled", False):
        for k, v in bucket.tags.items():
            out["aws:ResourceTag/" + k] = v
            out["s3:BucketTag/" + k] = v
    if resource_type == "object":
        obj = _stored_object(r)
        if obj is not None and not obj.delete_marker:
            for k, v in obj.tags.items():
                out["s3:ExistingObjectTag/" + k] = v
    return out


def _tagging_header(r) -> dict | None:
    value = r.params.get("Tagging")
    return dict(parse_qsl(value, keep_blank_values=True)) if value else None


def _auth_type(r) -> str | None:
    request = r.ctx.request
    if request is None:
        return None
    if "authorization" in request.headers:
        return "REST-HEADER"
    query = request.raw_query
    if "X-Amz-Signature=" in query or "Signature=" in query:
        return "REST-QUERY-STRING"
    return None


def _signature_version(r) -> str | None:
    request = r.ctx.request
    if request is None:
        return None
    auth = request.headers.get("authorization", "")
    if auth.startswith("AWS4-HMAC-SHA256") or "X-Amz-Algorithm=AWS4-HMAC-SHA256" in request.raw_query:
        return "AWS4-HMAC-SHA256"
    if auth.startswith("AWS ") or "Signature=" in request.raw_query:
        return "AWS"
    return None


def _signature_age(r) -> str | None:
    """Milliseconds since the SigV4 signature's date (header or presigned URL's X-Amz-Date)."""
    request = r.ctx.request
    if request is None:
        return None
    stamp = request.headers.get("x-amz-date")
    if stamp is None:
        stamp = (request.query.get("X-Amz-Date") or [None])[0]
    if not stamp:
        return None
    from iamulator.authz import clock
    from iamulator.authz.sigv4 import iso_epoch

    epoch = iso_epoch(stamp)
    return None if epoch is None else str(max(0, int((clock.now() - epoch) * 1000)))


def _content_sha256(r) -> str | None:
    request = r.ctx.request
    return request.headers.get("x-amz-content-sha256") if request is not None else None


def _has_acl(r) -> bool:
    return any(r.params.get(m) is not None for m in _ACL_MEMBERS)


def _copy_source(r):
    memo = r.memo
    if "copy_source" not in memo:
        memo["copy_source"] = copy_source.parse(r.params["CopySource"])
    return memo["copy_source"]


def _delete_entries(r, versioned: bool):
    objects = ((r.params.get("Delete") or {}).get("Objects")) or ()
    return [o for o in objects if isinstance(o, dict) and bool(o.get("VersionId")) == versioned]


auth = Declarations(
    "s3",
    variables={"BucketName": "Bucket", "ObjectName": "Key"},
    keys={
        "s3:prefix": "Prefix",
        "s3:delimiter": "Delimiter",
        "s3:max-keys": "MaxKeys",
        "s3:versionid": "VersionId",
        "s3:x-amz-acl": "ACL",
        "s3:x-amz-grant-full-control": "GrantFullControl",
        "s3:x-amz-grant-read": "GrantRead",
        "s3:x-amz-grant-read-acp": "GrantReadACP",
        "s3:x-amz-grant-write": "GrantWrite",
        "s3:x-amz-grant-write-acp": "GrantWriteACP",
        "s3:x-amz-server-side-encryption": "ServerSideEncryption",
        "s3:x-amz-server-side-encryption-aws-kms-key-id": "SSEKMSKeyId",
        "s3:x-amz-server-side-encryption-customer-algorithm": "SSECustomerAlgorithm",
        "s3:x-amz-storage-class": "StorageClass",
        "s3:x-amz-website-redirect-location": "WebsiteRedirectLocation",
        "s3:x-amz-copy-source": "CopySource",
        "s3:x-amz-metadata-directive": "MetadataDirective",
        "s3:x-amz-object-ownership": "ObjectOwnership",
        "s3:x-amz-bucket-namespace": "BucketNamespace",
        "s3:if-match": "IfMatch",
        "s3:if-none-match": "IfNoneMatch",
        "s3:object-lock-mode": "ObjectLockMode",
        "s3:object-lock-retain-until-date": "ObjectLockRetainUntilDate",
        "s3:object-lock-legal-hold": "ObjectLockLegalHoldStatus",
        "s3:locationconstraint": lambda r: (r.params.get("CreateBucketConfiguration") or {}).get("LocationConstraint"),
        "s3:RequestObjectTag/<key>": _tagging_header,
        "s3:RequestObjectTagKeys": lambda r: list(_tagging_header(r) or ()) or None,
        "s3:ResourceAccount": lambda r: r.account,
        "s3:authType": _auth_type,
        "s3:signatureversion": _signature_version,
        "s3:signatureAge": _signature_age,
        "s3:x-amz-content-sha256": _content_sha256,
    },
    owner=_owner,
    resource_context=_resource_context,
    resource_keys=("aws:ResourceTag/${TagKey}", "s3:BucketTag/${TagKey}", "s3:ExistingObjectTag/<key>"),
    request_tags=lambda r, rtype: {t["Key"]: t.get("Value", "") for t in
                                   (r.params.get("CreateBucketConfiguration") or {}).get("Tags") or ()},
)

_unversioned = lambda r: not r.params.get("VersionId")   # noqa: E731
_versioned = lambda r: bool(r.params.get("VersionId"))   # noqa: E731
_tags_given = lambda r: bool(r.params.get("Tagging"))    # noqa: E731

auth.operation("ListBuckets", act("ListAllMyBuckets"))
auth.operation("HeadBucket", act("ListBucket"))
auth.operation("ListObjects", act("ListBucket"))
auth.operation("ListObjectsV2", act("ListBucket"))
auth.operation(
    "CreateBucket",
    act("CreateBucket"),
    act("TagResource", on="bucket", when=lambda r: bool((r.params.get("CreateBucketConfiguration") or {})
                                                         .get("Tags")), note="when tags are given"),
    act("PutBucketObjectLockConfiguration", when=lambda r: bool(r.params.get("ObjectLockEnabledForBucket")),
        note="when object lock is enabled"),
    act("PutBucketVersioning", when=lambda r: bool(r.params.get("ObjectLockEnabledForBucket")),
        note="when object lock is enabled"),
    act("PutBucketOwnershipControls", when=lambda r: r.params.get("ObjectOwnership") is not None,
        note="when ObjectOwnership is given"),
)
auth.operation("GetObject", act("GetObject", when=_unversioned, note="when no VersionId is given"),
               act("GetObjectVersion", when=_versioned, note="when VersionId is given"), kms_checks.DECRYPT)
auth.operation("HeadObject", act("GetObject", when=_unversioned, note="when no VersionId is given"),
               act("GetObjectVersion", when=_versioned, note="when VersionId is given"))
auth.operation("DeleteObject", act("DeleteObject", when=_unversioned, note="when no VersionId is given"),
               act("DeleteObjectVersion", when=_versioned, note="when VersionId is given"))
auth.operation(
    "PutObject",
    act("PutObject"),
    act("PutObjectAcl", when=_has_acl, note="when an ACL or grant is given"),
    act("PutObjectTagging", when=_tags_given, note="when Tagging is given"),
    kms_checks.GENERATE_DATA_KEY,
)
auth.operation(
    "DeleteObjects",
    act("DeleteObject", each=lambda r: _delete_entries(r, False),
        vars={"ObjectName": lambda r: r.item.get("Key")}, note="when a key has no VersionId"),
    act("DeleteObjectVersion", each=lambda r: _delete_entries(r, True),
        vars={"ObjectName": lambda r: r.item.get("Key")},
        keys={"s3:versionid": lambda r: r.item.get("VersionId")}, note="when a key has a VersionId"),
)
_source_vars = {"BucketName": lambda r: _copy_source(r)[0], "ObjectName": lambda r: _copy_source(r)[1]}
auth.operation(
    "CopyObject",
    act("GetObject", vars=_source_vars, when=lambda r: not _copy_source(r)[2], note="the source, when it names no versionId"),
    act("GetObjectVersion", vars=_source_vars, when=lambda r: bool(_copy_source(r)[2]),
        keys={"s3:versionid": lambda r: _copy_source(r)[2]}, note="the source, when it names a versionId"),
    act("PutObject"),
    act("PutObjectAcl", when=_has_acl, note="when an ACL or grant is given"),
    act("PutObjectTagging", when=lambda r: r.params.get("TaggingDirective") == "REPLACE" and _tags_given(r),
        note="when tags replace the source's"),
    kms_checks.DECRYPT_SOURCE,
    kms_checks.GENERATE_DATA_KEY,
)
auth.operation("PutBucketPolicy", act("PutBucketPolicy"))
auth.operation("GetBucketPolicy", act("GetBucketPolicy"))
auth.operation("DeleteBucketPolicy", act("DeleteBucketPolicy"))
auth.operation("PutPublicAccessBlock", act("PutBucketPublicAccessBlock"))
auth.operation("GetPublicAccessBlock", act("GetBucketPublicAccessBlock"))
auth.operation("DeletePublicAccessBlock", act("PutBucketPublicAccessBlock"))

# Declarations of the object-side (versions, multipart, object tags) and bucket-configuration
# operations live beside them; importing them adds them to ``auth``.
from iamulator.services.s3 import authorization_buckets, authorization_objects  # noqa: E402,F401
