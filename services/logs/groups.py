"""Log groups, their streams and the events stored in them.

Events are kept per stream sorted by (timestamp, arrival); a backend-wide arrival counter breaks
ties and orders events ingested in the same millisecond, so reads are stable and repeatable.
"""
from __future__ import annotations

import bisect

from iamulator.services.logs import clock
from iamulator.services.logs.names import group_arn, stream_arn

DAY_MS = 86_400_000


class LogEvent:
    __slots__ = ("timestamp", "seq", "ingestion", "message", "stream")

    def __init__(self, timestamp: int, seq: int, ingestion: int, message: str, stream: "LogStream"):
        self.timestamp = timestamp
        self.seq = seq
        self.ingestion = ingestion
        self.message = message
        self.stream = stream

    @property
    def key(self) -> tuple[int, int]:
        return self.timestamp, self.seq

    @property
    def event_id(self) -> str:
        # 56 digits like the service's ids, and unique: the arrival number is part of it.
        return f"{self.timestamp:020d}{self.seq:036d}"


class LogStream:
    def __init__(self, group: "LogGroup", name: str):
        self.group = group
        self.name = name
        self.arn = stream_arn(group.region, group.account, group.name, name)
        self.created = clock.millis()
        self.events: list[LogEvent] = []
        self._keys: list[tuple[int, int]] = []
        self.last_ingestion: int | None = None
        self.uploads = 0

    def add(self, event: LogEvent) -> None:
        key = event.key
        if not self._keys or key >= self._keys[-1]:
            self._keys.append(key)
            self.events.append(event)
        else:
            at = bisect.bisect_right(self._keys, key)
            self._keys.insert(at, key)
            self.events.insert(at, event)
        self.last_ingestion = event.ingestion

    def live_events(self, now_ms: int) -> list[LogEvent]:
        """Events not yet past the group's retention (expired ones are dropped here, lazily)."""
        cutoff = self.group.retention_cutoff(now_ms)
        if cutoff is None or not self.events or self.events[0].timestamp >= cutoff:
            return self.events
        at = bisect.bisect_left(self._keys, (cutoff, -1))
        del self.events[:at]
        del self._keys[:at]
        return self.events

    @property
    def keys(self) -> list[tuple[int, int]]:
        """(timestamp, arrival) of each event, in the order of ``events``."""
        return self._keys

    @property
    def upload_token(self) -> str:
        return f"{self.uploads + 1:056d}"

    def stored_bytes(self) -> int:
        return sum(len(e.message.encode("utf-8")) for e in self.events)


class LogGroup:
    def __init__(self, name: str, account: str, region: str, *, kms_key_id=None, log_group_class=None,
                 tags=None, deletion_protection=False):
        self.name = name
        self.account = account
        self.region = region
        self.arn = group_arn(region, account, name)
        self.created = clock.millis()
        self.retention: int | None = None
        self.kms_key_id = kms_key_id
        self.log_group_class = log_group_class or "STANDARD"
        self.tags: dict[str, str] = dict(tags or {})
        self.deletion_protection = bool(deletion_protection)
        self.streams: dict[str, LogStream] = {}
        self.metric_filters: dict[str, dict] = {}
        self.subscription_filters: dict[str, dict] = {}

    def retention_cutoff(self, now_ms: int) -> int | None:
        return None if self.retention is None else now_ms - self.retention * DAY_MS

    def describe(self, brief: bool = False) -> dict:
        out = {"logGroupName": self.name, "creationTime": self.created, "arn": self.arn + ":*"}
        if brief:
            return out
        out.update({
            "metricFilterCount": len(self.metric_filters),
            "storedBytes": sum(s.stored_bytes() for s in self.streams.values()),
            "logGroupClass": self.log_group_class,
            "logGroupArn": self.arn,
            "deletionProtectionEnabled": self.deletion_protection,
        })
        if self.retention is not None:
            out["retentionInDays"] = self.retention
        if self.kms_key_id:
            out["kmsKeyId"] = self.kms_key_id
        return out
