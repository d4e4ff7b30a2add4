"""Moving between Lambda backend locks so that two of them are never held at once.

The dispatcher holds the caller's backend lock. A function of another account (named by its
ARN) is read and changed under that account's lock instead, the caller's being set aside
meanwhile; and an invocation lets go of every Lambda lock while its child process runs, since
the function may call Lambda back.
"""
from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def handover(current, target):
    """Runs the block under ``target``'s lock instead of ``current``'s (both ``threading.RLock``)."""
    if target is current:
        with current:
            yield
        return
    # RLock's own save/restore pair (what threading.Condition uses) releases every level of the
    # dispatcher's hold and restores it exactly.
    saved = current._release_save() if current._is_owned() else None
    try:
        with target:
            yield
    finally:
        if saved is not None:
            current._acquire_restore(saved)


@contextmanager
def released(lock):
    """Runs the block with ``lock`` (an RLock this thread may hold) fully released."""
    saved = lock._release_save() if lock._is_owned() else None
    try:
        yield
    finally:
        if saved is not None:
            lock._acquire_restore(saved)
