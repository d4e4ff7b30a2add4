"""Amazon S3: buckets and objects (see docs/services/s3.md for what is emulated)."""
from iamulator.services.s3.backend import Backend

__all__ = ["Backend"]
