"""The one clock authentication and STS read, so that tests can move time without sleeping:
``monkeypatch.setattr("iamulator.authz.clock.now", lambda: t)``."""
from __future__ import annotations

import time
from datetime import datetime, timezone


def now() -> float:
    return time.time()


def utcnow() -> datetime:
    return datetime.fromtimestamp(now(), timezone.utc)


def iso_basic(epoch: float) -> str:
    """``20130524T000000Z``: SigV4's timestamp form."""
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(epoch))
