"""Authorization declarations for S3's versions, multipart uploads and object tags.

Every step of a multipart upload but its abort and listings is ``s3:PutObject`` on the object;
the tagging operations name their ``...VersionTagging`` action when the request names a version.
"""
from __future__ import annotations

from iamulator.authz.declarations import act
from iamulator.services.s3.authorization import (_copy_source, _has_acl, _source_vars, _tags_given, _unversioned,
                                                 _versioned, auth)


def _tag_set(r) -> dict | None:
    entries = (r.params.get("Tagging") or {}).get("TagSet") or ()
    return {t.get("Key"): t.get("Value", "") for t in entries if isinstance(t, dict)} or None


# PutObjectTagging carries its tags in the body, not in the x-amz-tagging header.
_BODY_TAG_KEYS = {"s3:RequestObjectTag/<key>": _tag_set,
                  "s3:RequestObjectTagKeys": lambda r: list(_tag_set(r) or ()) or None}

auth.operation("ListObjectVersions", act("ListBucketVersions"))
auth.operation("PutBucketVersioning", act("PutBucketVersioning"))
auth.operation("GetBucketVersioning", act("GetBucketVersioning"))

auth.operation(
    "CreateMultipartUpload",
    act("PutObject"),
    act("PutObjectAcl", when=_has_acl, note="when an ACL or grant is given"),
    act("PutObjectTagging", when=_tags_given, note="when Tagging is given"),
)
auth.operation("UploadPart", act("PutObject"))
auth.operation(
    "UploadPartCopy",
    act("GetObject", vars=_source_vars, when=lambda r: not _copy_source(r)[2],
        note="the source, when it names no versionId"),
    act("GetObjectVersion", vars=_source_vars, when=lambda r: bool(_copy_source(r)[2]),
        keys={"s3:versionid": lambda r: _copy_source(r)[2]}, note="the source, when it names a versionId"),
    act("PutObject"),
)
auth.operation("CompleteMultipartUpload", act("PutObject"))
auth.operation("AbortMultipartUpload", act("AbortMultipartUpload"))
auth.operation("ListParts", act("ListMultipartUploadParts"))
auth.operation("ListMultipartUploads", act("ListBucketMultipartUploads"))

auth.operation(
    "PutObjectTagging",
    act("PutObjectTagging", when=_unversioned, keys=_BODY_TAG_KEYS, note="when no VersionId is given"),
    act("PutObjectVersionTagging", when=_versioned, keys=_BODY_TAG_KEYS, note="when VersionId is given"),
)
auth.operation("GetObjectTagging", act("GetObjectTagging", when=_unversioned, note="when no VersionId is given"),
               act("GetObjectVersionTagging", when=_versioned, note="when VersionId is given"))
auth.operation("DeleteObjectTagging",
               act("DeleteObjectTagging", when=_unversioned, note="when no VersionId is given"),
               act("DeleteObjectVersionTagging", when=_versioned, note="when VersionId is given"))
