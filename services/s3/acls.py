"""Bucket and object ACLs (canned and explicit grants)."""
from __future__ import annotations


class AclOperations:
    pass
