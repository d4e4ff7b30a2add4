"""The gate: the first N requests pass unchecked, every later one is authenticated and authorized.

What counts as an action: every request the router places on an operation, whatever its outcome
(invalid parameters included); requests the router cannot place are not counted.
"""
from __future__ import annotations

import threading

UNLIMITED = float("inf")


class Gate:
    """``soft``: checked requests are evaluated and their decisions logged, but never denied."""

    def __init__(self, limit: float = UNLIMITED, soft: bool = False):
        self.limit = limit
        self.soft = soft
        self.count = 0
        self._lock = threading.Lock()

    def reset(self, limit: float | None = None, soft: bool | None = None):
        with self._lock:
            self.count = 0
            if limit is not None:
                self.limit = limit
            if soft is not None:
                self.soft = soft

    def must_check(self) -> bool:
        """Counts this request; True once the unchecked allowance is used up."""
        if self.limit == UNLIMITED:
            return False
        with self._lock:
            if self.count < self.limit:
                self.count += 1
                return False
            return True


#: The process-wide gate shared by both front doors.
GATE = Gate()
