"""Multipart uploads: create, upload part (and copy), list, complete, abort."""
from __future__ import annotations


class MultipartOperations:
    pass
