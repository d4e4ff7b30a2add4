"""The decision log: every checked request's authorization decisions, kept for inspection.

The pipeline calls ``record`` once per checked request (after authorization, allowed or
denied) and ``record_authentication_failure`` when a signature or key is rejected.
"""
from __future__ import annotations


def record(ctx, caller, checks, decisions, denied) -> None:
    """``decisions`` in the order of ``checks``; ``denied`` the ``Denied`` raised, if any."""


def record_authentication_failure(ctx, access_key, code: str, message: str) -> None:
    """A request whose credentials were rejected (``code`` as the service words it)."""
