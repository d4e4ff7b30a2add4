"""Moving between backend locks without ever holding two SNS locks at once.

The dispatcher holds the caller's SNS backend lock. An operation on a topic of another account
runs under that account's lock instead (the caller's is set aside meanwhile), so two accounts'
requests can never wait on each other; calls out to Lambda run with no SNS lock held at all,
since a function may publish back to SNS from another thread.
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
    # RLock's own save/restore pair (as threading.Condition uses it) releases every level of
    # the dispatcher's hold and restores it exactly.
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
