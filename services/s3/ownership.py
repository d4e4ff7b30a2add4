"""Object Ownership and canned ACLs.

New buckets default to ``BucketOwnerEnforced`` (ACLs disabled), in which state S3 accepts a
PUT only when it names no ACL or one that leaves the bucket owner in full control.
"""
from __future__ import annotations

from iamulator.services.errors import AWSError
from iamulator.services.s3.errors import invalid_argument

ENFORCED = "BucketOwnerEnforced"
OWNERSHIPS = ("BucketOwnerPreferred", "ObjectWriter", ENFORCED)
BUCKET_ACLS = ("private", "public-read", "public-read-write", "authenticated-read")
OBJECT_ACLS = BUCKET_ACLS + ("aws-exec-read", "bucket-owner-read", "bucket-owner-full-control")
_OWNER_ONLY = ("private", "bucket-owner-full-control")
GRANT_MEMBERS = ("GrantFullControl", "GrantRead", "GrantReadACP", "GrantWrite", "GrantWriteACP")


def _grants(params: dict) -> bool:
    return any(params.get(g) for g in GRANT_MEMBERS)


def bucket_acl(params: dict, ownership: str) -> str | None:
    """The canned ACL a new bucket is created with, refusing what its ownership forbids."""
    if ownership not in OWNERSHIPS:
        raise invalid_argument(f"Invalid x-amz-object-ownership header: {ownership}",
                               "x-amz-object-ownership", ownership)
    acl = params.get("ACL")
    if acl is not None and acl not in BUCKET_ACLS:
        raise invalid_argument("", "x-amz-acl", acl)
    if ownership == ENFORCED and ((acl is not None and acl not in _OWNER_ONLY) or _grants(params)):
        raise AWSError("InvalidBucketAclWithObjectOwnership",
                       "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 400)
    return acl


def object_acl(params: dict, bucket) -> str | None:
    acl = params.get("ACL")
    if acl is not None and acl not in OBJECT_ACLS:
        raise invalid_argument("", "x-amz-acl", acl)
    if bucket.object_ownership == ENFORCED and ((acl is not None and acl not in _OWNER_ONLY) or _grants(params)):
        raise AWSError("AccessControlListNotSupported", "The bucket does not allow ACLs", 400)
    return acl
