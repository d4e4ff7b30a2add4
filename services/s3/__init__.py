"""Amazon S3: buckets and objects (see docs/services/s3.md for what is emulated)."""
from iamulator.authz import resource_policies as _resource_policies
from iamulator.services.s3.backend import Backend
from iamulator.services.s3.bucket_policy import resource_policy

_resource_policies.register("s3", resource_policy)

__all__ = ["Backend", "resource_policy"]
