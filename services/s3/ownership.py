"""Object Ownership (Put/Get/DeleteBucketOwnershipControls) and the ACL rules that follow from it.

New buckets default to ``BucketOwnerEnforced`` (ACLs disabled), in which state S3 accepts a
PUT only when it names no ACL or one that leaves the bucket owner in full control. A bucket
whose controls were deleted behaves as ``ObjectWriter``.
"""
from __future__ import annotations

from iamulator.services.errors import AWSError
from iamulator.services.s3.bucket_index import require_bucket
from iamulator.services.s3.errors import access_denied, invalid_argument, malformed_xml

ENFORCED = "BucketOwnerEnforced"
OWNERSHIPS = ("BucketOwnerPreferred", "ObjectWriter", ENFORCED)
BUCKET_ACLS = ("private", "public-read", "public-read-write", "authenticated-read")
OBJECT_ACLS = BUCKET_ACLS + ("aws-exec-read", "bucket-owner-read", "bucket-owner-full-control")
_OWNER_ONLY = ("private", "bucket-owner-full-control")
GRANT_MEMBERS = ("GrantFullControl", "GrantRead", "GrantReadACP", "GrantWrite", "GrantWriteACP")
_ENFORCED_BUCKET = "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"


def _grants(params: dict) -> bool:
    return any(params.get(g) for g in GRANT_MEMBERS)


def _header_grants(params: dict):
    """Grants named by ``x-amz-grant-*`` headers, validated (None when there are none)."""
    if not _grants(params):
        return None
    from iamulator.services.s3.acls import grants_from_headers

    return grants_from_headers(params)


def _owner_only(acl: str | None, params: dict, owner_account: str | None) -> bool:
    """Whether a write's ACL leaves the bucket owner in sole full control, the only ACLs
    ``BucketOwnerEnforced`` accepts (grant headers qualify when they name only the owner)."""
    if acl is not None and acl not in _OWNER_ONLY:
        return False
    if not _grants(params):
        return True
    if owner_account is None:
        return False
    from iamulator.services.s3.acls import only_owner

    return only_owner(_header_grants(params), owner_account)


def _check_public(bucket, acl: str | None, grants) -> None:
    """``BlockPublicAcls`` refuses a request that would make the bucket or object public."""
    block = getattr(bucket, "public_access_block", None) or {}
    if not block.get("BlockPublicAcls"):
        return
    from iamulator.services.s3.acls import is_public

    if (acl is not None and acl not in _OWNER_ONLY and acl != "bucket-owner-read") or is_public(grants or ()):
        raise access_denied()


def bucket_acl(params: dict, ownership: str) -> str | None:
    """The canned ACL a new bucket is created with, refusing what its ownership forbids."""
    if ownership not in OWNERSHIPS:
        raise invalid_argument(f"Invalid x-amz-object-ownership header: {ownership}",
                               "x-amz-object-ownership", ownership)
    acl = params.get("ACL")
    if acl is not None and acl not in BUCKET_ACLS:
        raise invalid_argument("", "x-amz-acl", acl)
    if ownership == ENFORCED and not _owner_only(acl, params, None):
        raise AWSError("InvalidBucketAclWithObjectOwnership", _ENFORCED_BUCKET, 400)
    return acl


def object_acl(params: dict, bucket):
    """The ACL a new object is written with: a canned name, a tuple of grants (from grant
    headers), or None."""
    acl = params.get("ACL")
    if acl is not None and acl not in OBJECT_ACLS:
        raise invalid_argument("", "x-amz-acl", acl)
    if bucket.object_ownership == ENFORCED and not _owner_only(acl, params, bucket.account_id):
        raise AWSError("AccessControlListNotSupported", "The bucket does not allow ACLs", 400)
    grants = _header_grants(params)
    _check_public(bucket, acl, grants)
    return grants if grants is not None else acl


def _check_controls(config: dict | None) -> str:
    rules = (config or {}).get("Rules") or []
    if len(rules) != 1 or rules[0].get("ObjectOwnership") not in OWNERSHIPS:
        raise malformed_xml()
    return rules[0]["ObjectOwnership"]


class OwnershipOperations:
    def put_bucket_ownership_controls(self, ctx, params):
        bucket = require_bucket(ctx, params)
        ownership = _check_controls(params.get("OwnershipControls"))
        if ownership == ENFORCED:
            from iamulator.services.s3.acls import bucket_grants, only_owner

            # ACLs are switched off only once the bucket's own ACL grants nobody but its owner.
            if not only_owner(bucket_grants(bucket), bucket.account_id):
                raise AWSError("InvalidBucketAclWithObjectOwnership", _ENFORCED_BUCKET, 400)
        bucket.object_ownership = ownership
        return {}

    def get_bucket_ownership_controls(self, ctx, params):
        bucket = require_bucket(ctx, params)
        if bucket.object_ownership is None:
            raise AWSError("OwnershipControlsNotFoundError", "The bucket ownership controls were not found", 404,
                           BucketName=bucket.name)
        return {"OwnershipControls": {"Rules": [{"ObjectOwnership": bucket.object_ownership}]}}

    def delete_bucket_ownership_controls(self, ctx, params):
        bucket = require_bucket(ctx, params)
        bucket.object_ownership = None
        ctx.status = 204
        return {}
