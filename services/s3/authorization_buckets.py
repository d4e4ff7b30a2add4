"""Authorization declarations for S3's bucket configuration, ACLs and notifications.

S3 names these permissions for the configuration, not the operation: deleting a configuration
needs its Put permission (``DeleteBucketCors`` is ``s3:PutBucketCORS``), lifecycle is
``s3:...LifecycleConfiguration`` and encryption ``s3:...EncryptionConfiguration``.
"""
from __future__ import annotations

from iamulator.authz.declarations import act
from iamulator.services.s3.authorization import _unversioned, _versioned, auth

for _operation, _action in (
    ("PutBucketTagging", "PutBucketTagging"),
    ("GetBucketTagging", "GetBucketTagging"),
    ("DeleteBucketTagging", "PutBucketTagging"),
    ("PutBucketLifecycleConfiguration", "PutLifecycleConfiguration"),
    ("PutBucketLifecycle", "PutLifecycleConfiguration"),
    ("GetBucketLifecycleConfiguration", "GetLifecycleConfiguration"),
    ("GetBucketLifecycle", "GetLifecycleConfiguration"),
    ("DeleteBucketLifecycle", "PutLifecycleConfiguration"),
    ("PutBucketCors", "PutBucketCORS"),
    ("GetBucketCors", "GetBucketCORS"),
    ("DeleteBucketCors", "PutBucketCORS"),
    ("PutBucketEncryption", "PutEncryptionConfiguration"),
    ("GetBucketEncryption", "GetEncryptionConfiguration"),
    ("DeleteBucketEncryption", "PutEncryptionConfiguration"),
    ("PutBucketOwnershipControls", "PutBucketOwnershipControls"),
    ("GetBucketOwnershipControls", "GetBucketOwnershipControls"),
    ("DeleteBucketOwnershipControls", "PutBucketOwnershipControls"),
    ("PutBucketWebsite", "PutBucketWebsite"),
    ("GetBucketWebsite", "GetBucketWebsite"),
    ("DeleteBucketWebsite", "DeleteBucketWebsite"),
    ("PutBucketAcl", "PutBucketAcl"),
    ("GetBucketAcl", "GetBucketAcl"),
    ("PutBucketNotificationConfiguration", "PutBucketNotification"),
    ("GetBucketNotificationConfiguration", "GetBucketNotification"),
):
    auth.operation(_operation, act(_action))

auth.operation("GetObjectAcl", act("GetObjectAcl", when=_unversioned, note="when no VersionId is given"),
               act("GetObjectVersionAcl", when=_versioned, note="when VersionId is given"))
auth.operation("PutObjectAcl", act("PutObjectAcl", when=_unversioned, note="when no VersionId is given"),
               act("PutObjectVersionAcl", when=_versioned, note="when VersionId is given"))
