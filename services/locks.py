"""Moving between backend locks so that an operation never holds two of them at once.

The dispatcher holds the caller's backend lock while an operation runs. An operation on a
resource of another account (SQS queue, SNS topic, KMS key, secret, function named by ARN)
runs under that account's backend lock instead, the caller's being set aside meanwhile, so two
accounts' requests can never wait on each other. Calls out that may come back into the same
service (a Lambda function publishing to SNS, invoking Lambda) run with the lock released.
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
