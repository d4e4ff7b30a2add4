"""Bucket configuration documents S3 stores: tagging, lifecycle, CORS, encryption, ownership, website."""
from __future__ import annotations


class BucketConfigOperations:
    pass
