"""A table's stream: the INSERT, MODIFY and REMOVE records of its item changes, in one shard.

The table appends records as it writes (only when a stream is enabled, so tables without one
pay nothing); the ``dynamodbstreams`` service reads them. A write that changes nothing records
nothing, as DynamoDB does. A disabled stream keeps its records (readable for 24 hours in AWS;
here until the backend is reset) and a new one gets a new label and ARN.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from iamulator.services.dynamodb import values as V

VIEW_TYPES = ("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY")
_FIRST_SEQUENCE = 10 ** 20


class Stream:
    __slots__ = ("table_name", "table_arn", "label", "arn", "view_type", "created", "enabled",
                 "shard_id", "records", "region", "key_schema")

    def __init__(self, table, view_type: str):
        self.created = datetime.now(timezone.utc)
        self.table_name = table.name
        self.table_arn = table.arn
        self.region = table.arn.split(":")[3]
        self.key_schema = [dict(k) for k in table.key_schema]
        self.label = self.created.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
        self.arn = f"{table.arn}/stream/{self.label}"
        self.view_type = view_type
        self.enabled = True
        stamp = int(self.created.timestamp() * 1000)
        self.shard_id = f"shardId-{stamp:020d}-{uuid.uuid4().hex[:8]}"
        self.records: list[dict] = []

    def sequence(self, index: int) -> str:
        return str(_FIRST_SEQUENCE + index)

    def index_of(self, sequence: str) -> int | None:
        try:
            index = int(sequence) - _FIRST_SEQUENCE
        except (TypeError, ValueError):
            return None
        return index if index >= 0 else None

    def record(self, keys: dict, old: dict | None, new: dict | None):
        if old is not None and new is not None and old.keys() == new.keys() and \
                all(V.equal(old[k], new[k]) for k in old):
            return
        body = {"ApproximateCreationDateTime": datetime.now(timezone.utc), "Keys": keys,
                "SequenceNumber": self.sequence(len(self.records)), "StreamViewType": self.view_type}
        size = V.item_size(keys)
        if new is not None and self.view_type in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES"):
            body["NewImage"] = new
            size += V.item_size(new)
        if old is not None and self.view_type in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES"):
            body["OldImage"] = old
            size += V.item_size(old)
        body["SizeBytes"] = size
        self.records.append({
            "eventID": uuid.uuid4().hex,
            "eventName": "INSERT" if old is None else "REMOVE" if new is None else "MODIFY",
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": self.region,
            "dynamodb": body,
        })

    def summary(self) -> dict:
        return {"StreamArn": self.arn, "TableName": self.table_name, "StreamLabel": self.label}

    def description(self) -> dict:
        shard = {"ShardId": self.shard_id,
                 "SequenceNumberRange": {"StartingSequenceNumber": self.sequence(0)}}
        if not self.enabled:
            shard["SequenceNumberRange"]["EndingSequenceNumber"] = self.sequence(max(len(self.records) - 1, 0))
        return {"StreamArn": self.arn, "StreamLabel": self.label,
                "StreamStatus": "ENABLED" if self.enabled else "DISABLED",
                "StreamViewType": self.view_type, "CreationRequestDateTime": self.created,
                "TableName": self.table_name, "KeySchema": [dict(k) for k in self.key_schema],
                "Shards": [shard]}
