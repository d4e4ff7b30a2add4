"""The partition-wide bucket namespace.

Backends hold one account's state in one region, but S3 bucket names are global to a
partition: any account, from any regional endpoint, names a bucket by its name alone. The index
maps (partition, name) to the bucket and the backend that owns it (the owner's account, the
bucket's region). It hangs off the store so that every store has its own namespace; an entry
whose owning backend is no longer the store's (the store was reset) is dead and dropped.
"""
from __future__ import annotations

import threading

from iamulator.services.s3.errors import access_denied, no_such_bucket
from iamulator.services.s3.locations import partition_of

_ATTR = "_s3_bucket_index"
_create_lock = threading.Lock()


class BucketIndex:
    def __init__(self, store):
        self._store = store
        self._entries: dict[tuple[str, str], tuple] = {}   # (partition, name) -> (bucket, home)
        # Reentrant: a stale entry found while creating a bucket is dropped under the same lock.
        self.lock = threading.RLock()

    def _alive(self, entry) -> bool:
        bucket, home = entry
        return (self._store.backend("s3", home.account_id, home.region) is home
                and home.buckets.get(bucket.name) is bucket)

    def get(self, partition: str, name: str):
        entry = self._entries.get((partition, name))
        if entry is None:
            return None
        if not self._alive(entry):
            with self.lock:
                if self._entries.get((partition, name)) is entry:
                    del self._entries[(partition, name)]
            return None
        return entry[0]

    def add(self, partition: str, bucket, home) -> None:
        """Callers hold ``self.lock`` and have checked the name is free."""
        self._entries[(partition, bucket.name)] = (bucket, home)
        home.buckets[bucket.name] = bucket

    def remove(self, partition: str, bucket) -> None:
        with self.lock:
            entry = self._entries.get((partition, bucket.name))
            if entry is not None and entry[0] is bucket:
                del self._entries[(partition, bucket.name)]
                entry[1].buckets.pop(bucket.name, None)

    def owned_by(self, account_id: str, partition: str) -> list:
        """The live buckets of one account in one partition, in no particular order."""
        result = []
        for (part, _), entry in list(self._entries.items()):
            if part == partition and entry[0].account_id == account_id and self._alive(entry):
                result.append(entry[0])
        return result


def index_for(store) -> BucketIndex:
    index = getattr(store, _ATTR, None)
    if index is None:
        with _create_lock:
            index = getattr(store, _ATTR, None)
            if index is None:
                index = BucketIndex(store)
                setattr(store, _ATTR, index)
    return index


def find_bucket(ctx, name: str):
    """The bucket called ``name`` in the caller's partition, wherever it lives, or None."""
    return index_for(ctx.store).get(partition_of(ctx.region), name)


def require_bucket(ctx, params: dict):
    """The bucket the request names, honouring ``x-amz-expected-bucket-owner``.

    Real S3 answers a request sent to the wrong regional endpoint with a redirect that SDKs
    follow; the emulator serves the request from wherever the bucket lives instead.
    """
    name = params["Bucket"]
    bucket = find_bucket(ctx, name)
    if bucket is None:
        raise no_such_bucket(name)
    expected = params.get("ExpectedBucketOwner")
    if expected is not None and expected != bucket.account_id:
        raise access_denied()
    return bucket
