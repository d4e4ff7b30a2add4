"""Object tags: PutObjectTagging, GetObjectTagging, DeleteObjectTagging."""
from __future__ import annotations


class ObjectTaggingOperations:
    pass
