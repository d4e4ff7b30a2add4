"""What S3 keeps: buckets and, per key, the list of that key's versions (newest last).

An unversioned bucket holds exactly one version per key, whose id is ``"null"``; versioning,
delete markers and multipart objects fit the same shape later without a migration.
"""
from __future__ import annotations

import bisect
import hashlib
import threading
from datetime import datetime, timezone

from iamulator.services.protocol.checksums import md5_etag

NULL_VERSION = "null"


def now_seconds() -> datetime:
    """S3 keeps modification times to the second (listings show ``.000Z``)."""
    return datetime.now(timezone.utc).replace(microsecond=0)


def canonical_user_id(account_id: str) -> str:
    """A stable 64-hex canonical user id per account, the form S3 uses for owners."""
    return hashlib.sha256(f"s3-canonical-user:{account_id}".encode()).hexdigest()


class ObjectVersion:
    """One stored version of a key. Never mutated once stored: a write stores a new one, so
    readers can hold a reference without the bucket's lock."""

    __slots__ = (
        "key", "version_id", "body", "etag", "size", "last_modified", "delete_marker",
        "content_type", "content_encoding", "content_disposition", "content_language",
        "cache_control", "expires", "website_redirect", "metadata", "storage_class",
        "encryption", "checksums", "checksum_type", "tags", "acl", "owner_account", "part_sizes",
    )

    def __init__(self, key: str, body: bytes, *, version_id: str = NULL_VERSION,
                 etag: str | None = None, last_modified: datetime | None = None,
                 content_type: str = "binary/octet-stream", content_encoding: str | None = None,
                 content_disposition: str | None = None, content_language: str | None = None,
                 cache_control: str | None = None, expires: datetime | None = None,
                 website_redirect: str | None = None, metadata: dict | None = None,
                 storage_class: str = "STANDARD", encryption: dict | None = None,
                 checksums: dict | None = None, checksum_type: str | None = None,
                 tags: dict | None = None, acl: str | None = None, owner_account: str = "",
                 delete_marker: bool = False, part_sizes: tuple[int, ...] | None = None):
        self.key = key
        self.version_id = version_id
        self.body = body
        self.size = len(body)
        self.etag = etag or md5_etag(body)
        self.last_modified = last_modified or now_seconds()
        self.delete_marker = delete_marker
        self.content_type = content_type
        self.content_encoding = content_encoding
        self.content_disposition = content_disposition
        self.content_language = content_language
        self.cache_control = cache_control
        self.expires = expires
        self.website_redirect = website_redirect
        self.metadata = metadata or {}
        self.storage_class = storage_class
        # Output member name -> value, e.g. {"ServerSideEncryption": "AES256"}.
        self.encryption = encryption or {}
        # Algorithm (e.g. "CRC32") -> the base64 value the client sent and the codec verified.
        self.checksums = checksums or {}
        self.checksum_type = checksum_type
        self.tags = tags or {}
        self.acl = acl
        self.owner_account = owner_account
        # Sizes of the parts of an object a multipart upload completed; None: one part.
        self.part_sizes = part_sizes

    def with_tags(self, tags: dict) -> "ObjectVersion":
        """The same version carrying other tags (tags change without making a new version)."""
        copy = object.__new__(ObjectVersion)
        for name in self.__slots__:
            setattr(copy, name, getattr(self, name))
        copy.tags = tags
        return copy


class Bucket:
    """A bucket: identity, settings, and its keys. ``lock`` guards writes to ``versions``; it is
    never held while taking another bucket's lock, so cross-bucket copies cannot deadlock."""

    def __init__(self, name: str, account_id: str, region: str, *,
                 location_constraint: str | None, object_ownership: str = "BucketOwnerEnforced",
                 acl: str | None = None, object_lock_enabled: bool = False):
        self.name = name
        self.account_id = account_id
        self.region = region
        # As given at creation ("EU" stays "EU"); None for us-east-1, as GetBucketLocation says.
        self.location_constraint = location_constraint
        self.created = now_seconds()
        self.object_ownership = object_ownership
        self.acl = acl
        self.object_lock_enabled = object_lock_enabled
        self.versioning: str | None = None          # None | "Enabled" | "Suspended"
        # None until a versioning configuration names MFADelete, as GetBucketVersioning tells.
        self.mfa_delete: str | None = None
        self.default_encryption = {"ServerSideEncryption": "AES256"}
        self.tags: dict[str, str] = {}
        # Set under ``lock`` by DeleteBucket, so a write racing the deletion fails instead of
        # landing in a bucket nobody can reach.
        self.deleted = False
        self.lock = threading.RLock()
        # key -> versions of that key, oldest first; the last one is the current version.
        self.versions: dict[str, list[ObjectVersion]] = {}
        self._sorted_keys: list[str] | None = None
        # Multipart uploads in progress, by upload id (see multipart.py).
        self.uploads: dict = {}

    @property
    def arn(self) -> str:
        return f"arn:aws:s3:::{self.name}"

    def current(self, key: str) -> ObjectVersion | None:
        """The key's current version, or None if the key is absent or its newest version is a
        delete marker."""
        history = self.versions.get(key)
        if not history:
            return None
        latest = history[-1]
        return None if latest.delete_marker else latest

    def version(self, key: str, version_id: str) -> ObjectVersion | None:
        for v in reversed(self.versions.get(key, ())):
            if v.version_id == version_id:
                return v
        return None

    def store(self, obj: ObjectVersion) -> None:
        """Make ``obj`` the key's current version (replacing the null version when unversioned)."""
        history = self.versions.get(obj.key)
        if history is None:
            self.versions[obj.key] = [obj]
            if self._sorted_keys is not None:
                bisect.insort(self._sorted_keys, obj.key)
            return
        if obj.version_id == NULL_VERSION:
            history[:] = [v for v in history if v.version_id != NULL_VERSION]
        history.append(obj)

    def replace_version(self, old: ObjectVersion, new: ObjectVersion) -> bool:
        """Put ``new`` where ``old`` stands in its key's history; False if ``old`` is gone."""
        history = self.versions.get(old.key, ())
        for i, v in enumerate(history):
            if v is old:
                history[i] = new
                return True
        return False

    def remove_version(self, key: str, version_id: str) -> ObjectVersion | None:
        history = self.versions.get(key)
        if not history:
            return None
        for i, v in enumerate(history):
            if v.version_id == version_id:
                del history[i]
                if not history:
                    del self.versions[key]
                    if self._sorted_keys is not None:
                        i = bisect.bisect_left(self._sorted_keys, key)
                        del self._sorted_keys[i]
                return v
        return None

    def sorted_keys(self) -> list[str]:
        """All keys in UTF-8 binary order (code-point order is the same thing), built once and
        then kept up to date by ``store``/``remove_version``."""
        if self._sorted_keys is None:
            self._sorted_keys = sorted(self.versions)
        return self._sorted_keys

    def is_empty(self) -> bool:
        return not self.versions
