"""Bucket operations: CreateBucket, ListBuckets, HeadBucket, GetBucketLocation, DeleteBucket."""
from __future__ import annotations

from iamulator.services.errors import AWSError
from iamulator.services.s3 import tokens
from iamulator.services.s3.bucket_index import index_for, require_bucket
from iamulator.services.s3.errors import invalid_argument
from iamulator.services.s3.locations import LEGACY_REGION, bucket_region, partition_of
from iamulator.services.s3.names import check_bucket_name
from iamulator.services.s3.ownership import ENFORCED, bucket_acl
from iamulator.services.s3.records import Bucket, canonical_user_id

_TAKEN = ("The requested bucket name is not available. The bucket namespace is shared by all users "
          "of the system. Please select a different name and try again.")
_YOURS = "Your previous request to create the named bucket succeeded and you already own it."
_MAX_BUCKETS = 10000


def _location(name: str, region: str) -> str:
    return f"/{name}" if region == LEGACY_REGION else f"http://{name}.s3.amazonaws.com/"


class BucketOperations:
    def create_bucket(self, ctx, params):
        name = params["Bucket"]
        check_bucket_name(name)
        config = params.get("CreateBucketConfiguration") or {}
        constraint = config.get("LocationConstraint")
        region = bucket_region(ctx.region, constraint)
        ownership = params.get("ObjectOwnership") or ENFORCED
        acl = bucket_acl(params, ownership)
        partition = partition_of(region)
        index = index_for(ctx.store)
        home = ctx.backend("s3", region=region)
        with index.lock:
            existing = index.get(partition, name)
            if existing is not None:
                if existing.account_id != ctx.account_id:
                    raise AWSError("BucketAlreadyExists", _TAKEN, 409, BucketName=name)
                if region == LEGACY_REGION and existing.region == LEGACY_REGION:
                    # Legacy behaviour of N. Virginia: re-creating your own bucket succeeds.
                    return {"Location": _location(name, region)}
                raise AWSError("BucketAlreadyOwnedByYou", _YOURS, 409, BucketName=name)
            bucket = Bucket(
                name, ctx.account_id, region,
                location_constraint=None if region == LEGACY_REGION else constraint,
                object_ownership=ownership, acl=acl,
                object_lock_enabled=bool(params.get("ObjectLockEnabledForBucket")),
            )
            bucket.tags = {t.get("Key"): t.get("Value") for t in config.get("Tags") or ()}
            index.add(partition, bucket, home)
        return {"Location": _location(name, region)}

    def list_buckets(self, ctx, params):
        max_buckets = params.get("MaxBuckets")
        if max_buckets is not None and not 1 <= max_buckets <= _MAX_BUCKETS:
            raise invalid_argument(f"Argument max-buckets must be an integer between 1 and {_MAX_BUCKETS}",
                                   "max-buckets", max_buckets)
        prefix = params.get("Prefix")
        region = params.get("BucketRegion")
        token = params.get("ContinuationToken")
        after = tokens.decode(token) if token else None
        buckets = sorted(index_for(ctx.store).owned_by(ctx.account_id, partition_of(ctx.region)),
                         key=lambda b: b.name)
        chosen = [b for b in buckets
                  if (prefix is None or b.name.startswith(prefix))
                  and (region is None or b.region == region)
                  and (after is None or b.name > after)]
        result = {"Owner": {"ID": canonical_user_id(ctx.account_id)}}
        # Any paging parameter without max-buckets pages by S3's default of 10,000.
        paged = max_buckets is not None or prefix is not None or region is not None or token is not None
        limit = max_buckets or _MAX_BUCKETS
        if paged and len(chosen) > limit:
            chosen = chosen[:limit]
            result["ContinuationToken"] = tokens.encode(chosen[-1].name)
        result["Buckets"] = [{"Name": b.name, "CreationDate": b.created, "BucketRegion": b.region}
                             for b in chosen]
        if prefix is not None:
            result["Prefix"] = prefix
        return result

    def head_bucket(self, ctx, params):
        bucket = require_bucket(ctx, params)
        return {"BucketRegion": bucket.region, "AccessPointAlias": False}

    def get_bucket_location(self, ctx, params):
        bucket = require_bucket(ctx, params)
        return {"LocationConstraint": bucket.location_constraint}

    def delete_bucket(self, ctx, params):
        bucket = require_bucket(ctx, params)
        with bucket.lock:
            if not bucket.is_empty():
                raise AWSError("BucketNotEmpty", "The bucket you tried to delete is not empty", 409,
                               BucketName=bucket.name)
            bucket.deleted = True
            index_for(ctx.store).remove(partition_of(bucket.region), bucket)
        return {}
