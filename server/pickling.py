"""How a backend's state travels to disk and back: pickle, with a reduction for each kind of
object pickle cannot carry.

- Locks and conditions come back new (one lock shared by a backend and its condition stays
  shared: pickle's memo keeps identity within a file).
- ``cryptography`` keys travel as DER (PKCS #8 for private keys, SubjectPublicKeyInfo for
  public ones); cipher objects are caches (KMS's AESGCM per key version) and come back None.
- Compiled IAM policies and SNS filter policies hold closures: they travel as their text and
  are compiled again.
- A backend, wherever it is referenced, travels by name (service, account, region) and the
  store as itself: each backend is one file, and a restore resolves names to the restored
  objects, so references between backends survive in any order, cycles included.

The reductions sit in the pickler's ``dispatch_table`` (looked up by exact type in C) rather
than in ``reducer_override`` or ``persistent_id``, which would call Python for every object.
"""
from __future__ import annotations

import io
import pickle
import threading

_RLOCK = type(threading.RLock())
_LOCK = type(threading.Lock())


def _new_lock():
    return threading.Lock()


def _new_rlock():
    return threading.RLock()


def _private_key(der: bytes):
    from cryptography.hazmat.primitives import serialization

    return serialization.load_der_private_key(der, None)


def _public_key(der: bytes):
    from cryptography.hazmat.primitives import serialization

    return serialization.load_der_public_key(der)


def _reduce_private(key):
    from cryptography.hazmat.primitives import serialization

    return _private_key, (key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()),)


def _reduce_public(key):
    from cryptography.hazmat.primitives import serialization

    return _public_key, (key.public_bytes(serialization.Encoding.DER,
                                          serialization.PublicFormat.SubjectPublicKeyInfo),)


def _nothing():
    return None


def _reduce_to_none(obj):
    return _nothing, ()


def _recompile(text: str, kind: str, name):
    from iamulator.authz.policy.compiled import compile_policy

    # It was validated when it was stored: no size quota applies to compiling it again.
    return compile_policy(text, kind, name, max_size=1 << 62)


def _recompile_filter(text: str, scope: str):
    from iamulator.services.sns.filter_policy import compile_filter

    return compile_filter(text, scope)


def _crypto_reductions() -> dict:
    from cryptography.hazmat.bindings._rust import openssl

    table = {}
    for family in ("rsa", "ec", "ed25519", "ed448", "x25519", "x448", "dsa", "dh"):
        module = getattr(openssl, family, None)
        for name in dir(module) if module is not None else ():
            kind = getattr(module, name)
            if name.endswith("PrivateKey") and isinstance(kind, type):
                table[kind] = _reduce_private
            elif name.endswith("PublicKey") and isinstance(kind, type):
                table[kind] = _reduce_public
    aead = getattr(openssl, "aead", None)
    for name in dir(aead) if aead is not None else ():
        kind = getattr(aead, name)
        if isinstance(kind, type) and not name.startswith("_"):
            table[kind] = _reduce_to_none
    return table


_base_table: dict = {}


def _reductions() -> dict:
    if not _base_table:
        from iamulator.authz.policy.compiled import CompiledPolicy
        from iamulator.services.sns.filter_policy import FilterPolicy

        table = {
            _LOCK: lambda lock: (_new_lock, ()),
            _RLOCK: lambda lock: (_new_rlock, ()),
            threading.Condition: lambda cond: (threading.Condition, (cond._lock,)),
            threading.Event: lambda event: (threading.Event, ()),
            CompiledPolicy: lambda policy: (_recompile, (policy.text, policy.kind, policy.name)),
            FilterPolicy: lambda policy: (_recompile_filter, (policy.text, policy.scope)),
        }
        table.update(_crypto_reductions())
        _base_table.update(table)
    return _base_table


# -- backends and the store by name --------------------------------------------------------------

#: The restore in progress: (store, {(service, account, region): backend}).
_restoring: list = []


def _backend_ref(service: str, account: str, region: str):
    store, backends = _restoring[-1]
    found = backends.get((service, account, region))
    return found if found is not None else store.backend(service, account, region)


def _store_ref():
    return _restoring[-1][0]


def _reduce_backend(backend):
    return _backend_ref, (backend.name, backend.account_id, backend.region)


def dumps(backend, store) -> bytes:
    """One backend's ``__dict__`` as bytes."""
    table = dict(_reductions())
    table[type(store)] = lambda s: (_store_ref, ())
    for _, _, other in store.existing():
        table[type(other)] = _reduce_backend
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = table
    pickler.dump(vars(backend))
    return buf.getvalue()


def loads(payload: bytes, store, backends: dict) -> dict:
    """A backend's ``__dict__`` from ``dumps``; names of backends resolve through ``backends``
    (then the store, which makes missing ones empty)."""
    _restoring.append((store, backends))
    try:
        return pickle.loads(payload)
    finally:
        _restoring.pop()
