"""All emulated state: one backend instance per (service, account, region), created on demand.

Thread-safe: creation is guarded by one lock; each backend then guards its own operations.
"""
from __future__ import annotations

import threading

from iamulator.services import registry

GLOBAL_REGION = "aws-global"


class Store:
    def __init__(self):
        self._backends: dict[tuple[str, str, str], object] = {}
        self._lock = threading.Lock()
        # Called with the store after every reset: indexes kept outside the backends (e.g.
        # IAM's access keys across accounts) drop what they hold for this store.
        self._reset_callbacks: list = []

    def backend(self, service: str, account_id: str, region: str):
        cls = registry.backend_class(service)
        if cls.scope == "account":
            region = GLOBAL_REGION
        key = (service, account_id, region)
        b = self._backends.get(key)
        if b is None:
            with self._lock:
                b = self._backends.get(key)
                if b is None:
                    b = cls(account_id, region, self)
                    self._backends[key] = b
        return b

    def existing(self, service: str | None = None):
        """The backends created so far, optionally of one service: (account, region, backend)."""
        return [(a, r, b) for (s, a, r), b in list(self._backends.items())
                if service is None or s == service]

    def holds(self, backend) -> bool:
        """Whether ``backend`` is still this store's (not dropped by a reset since)."""
        return self._backends.get((backend.name, backend.account_id, backend.region)) is backend

    def adopt(self, backends: dict) -> None:
        """Installs backends made elsewhere (restored from disk), keyed (service, account, region)."""
        with self._lock:
            self._backends.update(backends)

    def reset(self):
        with self._lock:
            self._backends.clear()
        for callback in list(self._reset_callbacks):
            callback(self)

    def on_reset(self, callback) -> None:
        """Register ``callback(store)`` to run after each ``reset()`` (once per callback)."""
        if callback not in self._reset_callbacks:
            self._reset_callbacks.append(callback)


#: The process-wide store that both front doors share.
STORE = Store()
