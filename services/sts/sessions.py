"""Every temporary credential STS issued, by access key id, for the identity source.

Entries belong to the store whose STS issued them and are dropped when that store resets.
Expired credentials stay findable: authentication answers ``ExpiredToken`` for them rather
than "unknown key", as AWS does.
"""
from __future__ import annotations

from iamulator.services.state import STORE

_ISSUED: dict = {}          # access key id -> (store, Credentials)


def add(store, creds) -> None:
    _ISSUED[creds.access_key_id] = (store, creds)


def lookup(access_key_id: str):
    entry = _ISSUED.get(access_key_id)
    if entry is None or entry[0] is not STORE:
        return None
    return entry[1]


def forget_store(store) -> None:
    for akid, (owner, _) in list(_ISSUED.items()):
        if owner is store:
            _ISSUED.pop(akid, None)


STORE.on_reset(forget_store)
