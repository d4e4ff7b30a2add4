"""Which services iamulator ships: every subpackage of ``services/`` named after a botocore
service (hyphens become underscores) whose ``__init__`` exposes ``Backend``.

Discovery is a directory listing, so a new service folder is picked up with no table to edit,
and backends are imported only when first used.
"""
from __future__ import annotations

import functools
import importlib
import os

import botocore

_HERE = os.path.dirname(__file__)
_BOTOCORE_DATA = os.path.join(os.path.dirname(botocore.__file__), "data")


@functools.lru_cache(maxsize=1)
def shipped() -> tuple[str, ...]:
    """Botocore names of the shipped services, sorted."""
    names = []
    for entry in os.listdir(_HERE):
        if entry.startswith(("_", ".")) or not os.path.isfile(os.path.join(_HERE, entry, "__init__.py")):
            continue
        name = entry.replace("_", "-")
        if os.path.isdir(os.path.join(_BOTOCORE_DATA, name)):
            names.append(name)
    return tuple(sorted(names))


def is_shipped(service: str) -> bool:
    return service in _shipped_set()


@functools.lru_cache(maxsize=1)
def _shipped_set() -> frozenset:
    return frozenset(shipped())


@functools.lru_cache(maxsize=None)
def backend_class(service: str):
    """The Backend class of a shipped service (imported on first use); KeyError otherwise."""
    if not is_shipped(service):
        raise KeyError(service)
    module = importlib.import_module(f"iamulator.services.{service.replace('-', '_')}")
    return module.Backend
