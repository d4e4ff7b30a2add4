"""Where authorization finds a resource's own policy: providers services register.

A provider is ``fn(ctx, resource_arn) -> (policy JSON text or None, owning account)``. Each
service registers its provider under its IAM prefix when its package is imported; ``provider``
imports ``iamulator.services.<prefix>`` by name the first time it is asked, so authz has no
import-time dependency on any service.
"""
from __future__ import annotations

import importlib
import threading

_providers: dict = {}
_grants: dict = {}
_tried: set = set()
_lock = threading.Lock()


def register(prefix: str, fn) -> None:
    """``fn`` reads the resource policies of resources whose actions start ``prefix:``."""
    _providers[prefix.lower()] = fn


def register_grants(prefix: str, fn) -> None:
    """``fn(ctx, check, caller) -> grant id or None``: a grant outside policies (KMS grants)
    allowing a check that no policy allows."""
    _grants[prefix.lower()] = fn


def grants(prefix: str):
    """The grant finder registered for ``prefix``, or None."""
    provider(prefix)          # imports the service, which registers both
    return _grants.get(prefix.lower())


def provider(prefix: str):
    """The provider registered for ``prefix`` (``s3``, ``kms``...), or None."""
    prefix = prefix.lower()
    fn = _providers.get(prefix)
    if fn is None and prefix not in _tried:
        with _lock:
            if prefix not in _tried:
                _tried.add(prefix)
                try:
                    importlib.import_module("iamulator.services." + prefix.replace("-", "_"))
                except ImportError:
                    pass
        fn = _providers.get(prefix)
    return fn
