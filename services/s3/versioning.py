"""Bucket versioning settings and ListObjectVersions."""
from __future__ import annotations


class VersioningOperations:
    pass
