"""Every IAM access key of every account, by id: authentication finds a key's owner in one
dict lookup whichever account it belongs to. Entries belong to the store of the backend that
created them and are dropped when that store is reset."""
from __future__ import annotations

_KEYS: dict = {}          # access key id -> (backend, records.AccessKey)


def add(backend, key) -> None:
    _KEYS[key.access_key_id] = (backend, key)


def remove(access_key_id: str) -> None:
    _KEYS.pop(access_key_id, None)


def find(access_key_id: str, store=None):
    """(backend, AccessKey) for a key of ``store`` (any store when None), or None."""
    entry = _KEYS.get(access_key_id)
    if entry is None or (store is not None and entry[0].store is not store):
        return None
    return entry


def forget_store(store) -> None:
    for akid, (backend, _) in list(_KEYS.items()):
        if backend.store is store:
            _KEYS.pop(akid, None)
