"""The S3 backend: one instance per (account, region), holding the buckets that live there.

Operations reach buckets through the partition-wide index (``bucket_index``), never through
the instance that received the request, because a bucket is named globally and may live in
another region or belong to another account.
"""
from __future__ import annotations

from iamulator.services.base import Service
from iamulator.services.s3.acls import AclOperations
from iamulator.services.s3.bucket_config import BucketConfigOperations
from iamulator.services.s3.bucket_policy import PolicyOperations
from iamulator.services.s3.buckets import BucketOperations
from iamulator.services.s3.listing import ListingOperations
from iamulator.services.s3.multipart import MultipartOperations
from iamulator.services.s3.notifications import NotificationOperations
from iamulator.services.s3.object_tagging import ObjectTaggingOperations
from iamulator.services.s3.objects import ObjectOperations
from iamulator.services.s3.versioning import VersioningOperations


class Backend(BucketOperations, ObjectOperations, ListingOperations, PolicyOperations,
              VersioningOperations, MultipartOperations, ObjectTaggingOperations,
              BucketConfigOperations, AclOperations, NotificationOperations, Service):
    name = "s3"

    def __init__(self, account_id: str, region: str, store=None):
        super().__init__(account_id, region, store)
        # The buckets whose home is this account and region, by name (kept by bucket_index).
        self.buckets: dict = {}
