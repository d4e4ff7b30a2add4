"""Authorization declarations for S3's versions, multipart uploads and object tags.

Every step of a multipart upload but its abort and listings is ``s3:PutObject`` on the object;
the tagging operations name their ``...VersionTagging`` action when the request names a version.
"""
from __future__ import annotations

from iamulator.authz.declarations import act
from iamulator.services.s3 import kms_checks
from iamulator.services.s3.authorization import _unversioned, _versioned, auth


def _tag_set(r) -> dict | None:
    entries = (r.params.get("Tagging") or {}).get("TagSet") or ()
    return {t.get("Key"): t.get("Value", "") for t in entries if isinstance(t, dict)} or None


# PutObjectTagging carries its tags in the body, not in the x-amz-tagging header.
_BODY_TAG_KEYS = {"s3:RequestObjectTag/<key>": _tag_set,
                  "s3:RequestObjectTagKeys": lambda r: list(_tag_set(r) or ()) or None}

auth.operation("ListObjectVersions", act("ListBucketVersions"))
auth.operation("PutBucketVersioning", act("PutBucketVersioning"))
auth.operation("GetBucketVersioning", act("GetBucketVersioning"))

# Starting an upload is authorized as PutObject is (its ACL and tags included); a part copy as
# CopyObject is, less the ACL and tags a part cannot carry.
auth.operation("CreateMultipartUpload", *auth.operations["PutObject"])
auth.operation("UploadPart", act("PutObject"), kms_checks.DECRYPT_UPLOAD)
auth.operation("UploadPartCopy", *(a for a in auth.operations["CopyObject"]
                                   if a.action in ("GetObject", "GetObjectVersion", "PutObject")
                                   or a is kms_checks.DECRYPT_SOURCE),
               kms_checks.DECRYPT_UPLOAD)
auth.operation("CompleteMultipartUpload", act("PutObject"), kms_checks.DECRYPT_UPLOAD)
auth.operation("AbortMultipartUpload", act("AbortMultipartUpload"))
auth.operation("ListParts", act("ListMultipartUploadParts"))
auth.operation("ListMultipartUploads", act("ListBucketMultipartUploads"))


def _per_version(action: str, **kw) -> tuple:
    """``action`` on the current version, its ``...ObjectVersion...`` form when a VersionId is named."""
    return (act(action, when=_unversioned, note="when no VersionId is given", **kw),
            act(action.replace("Object", "ObjectVersion", 1), when=_versioned, note="when VersionId is given", **kw))


auth.operation("PutObjectTagging", *_per_version("PutObjectTagging", keys=_BODY_TAG_KEYS))
auth.operation("GetObjectTagging", *_per_version("GetObjectTagging"))
auth.operation("DeleteObjectTagging", *_per_version("DeleteObjectTagging"))
