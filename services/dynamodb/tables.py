"""A table: its definition, its description, and its items kept in key order.

Items are grouped in partitions by partition key; inside a partition the sort keys are kept in a
sorted list (bisect), so that Query walks a key range without sorting. Keys are held in their
ordered Python form (UTF-8 bytes for S, Decimal for N, bytes for B), which is also hashable.
Scan walks partitions in the order of a hash of their key, as DynamoDB does, so that scans are
stable, resumable from any key (even a deleted one) and split evenly into segments.
"""
from __future__ import annotations

import bisect
import hashlib
import uuid
from datetime import datetime, timezone

from iamulator.services.dynamodb import values as V
from iamulator.services.errors import AWSError

MAX_ITEM_SIZE = 400 * 1024
INVALID = "One or more parameter values were invalid: "
_NOT_VALID = "One or more parameter values are not valid. "


def _invalid(message: str) -> AWSError:
    return AWSError("ValidationException", message)


def scan_token(hash_key) -> bytes:
    raw = hash_key if isinstance(hash_key, bytes) else str(hash_key).encode()
    return hashlib.md5(raw).digest()


class Index:
    __slots__ = ("name", "kind", "hash_name", "range_name", "projection_type", "non_key",
                 "definition", "arn")

    def __init__(self, kind: str, definition: dict, table_arn: str):
        self.kind = kind                  # "GSI" | "LSI"
        self.definition = definition
        self.name = definition["IndexName"]
        ks = definition["KeySchema"]
        self.hash_name = ks[0]["AttributeName"]
        self.range_name = ks[1]["AttributeName"] if len(ks) > 1 else None
        projection = definition.get("Projection") or {}
        self.projection_type = projection.get("ProjectionType", "ALL")
        self.non_key = tuple(projection.get("NonKeyAttributes") or ())
        self.arn = f"{table_arn}/index/{self.name}"

    def key_names(self) -> tuple:
        return (self.hash_name,) if self.range_name is None else (self.hash_name, self.range_name)


class Partition:
    __slots__ = ("items", "order")

    def __init__(self):
        self.items: dict = {}     # sort key (or None) -> item
        self.order: list = []     # sort keys, ascending


class Table:
    def __init__(self, params: dict, name: str, account_id: str, region: str):
        self.name = name
        self.arn = f"arn:aws:dynamodb:{region}:{account_id}:table/{name}"
        self.id = str(uuid.uuid4())
        self.created = datetime.now(timezone.utc)
        self.attribute_definitions = [dict(d) for d in params["AttributeDefinitions"]]
        self.types = {d["AttributeName"]: d["AttributeType"] for d in self.attribute_definitions}
        self.key_schema = [dict(k) for k in params["KeySchema"]]
        self.hash_name = self.key_schema[0]["AttributeName"]
        self.hash_type = self.types[self.hash_name]
        self.range_name = self.key_schema[1]["AttributeName"] if len(self.key_schema) > 1 else None
        self.range_type = self.types.get(self.range_name) if self.range_name else None
        self.billing_mode = params.get("BillingMode")
        self.throughput = params.get("ProvisionedThroughput")
        self.indexes: dict[str, Index] = {}
        for d in params.get("LocalSecondaryIndexes") or ():
            self.indexes[d["IndexName"]] = Index("LSI", d, self.arn)
        for d in params.get("GlobalSecondaryIndexes") or ():
            self.indexes[d["IndexName"]] = Index("GSI", d, self.arn)
        self.indexes_changed()
        self.stream_specification = params.get("StreamSpecification")
        self.sse_specification = params.get("SSESpecification")
        self.table_class = params.get("TableClass")
        self.deletion_protection = bool(params.get("DeletionProtectionEnabled", False))
        self.tags = list(params.get("Tags") or ())
        self.status = "ACTIVE"
        self.partitions: dict = {}
        self.item_count = 0
        self.size_bytes = 0
        self._scan_order = None
        self.ttl_attribute = None          # set by UpdateTimeToLive
        self.point_in_time_recovery = False
        self.stream = None                 # the enabled Stream, if any
        self.streams: list = []            # every stream the table has had, the latest last
        if self.streams_enabled:
            self.enable_stream(self.stream_specification["StreamViewType"])

    def indexes_changed(self):
        # DynamoDB reports index key problems for global indexes first, the last declared first.
        self._index_check_order = ([i for i in reversed(self.indexes.values()) if i.kind == "GSI"]
                                   + [i for i in reversed(self.indexes.values()) if i.kind == "LSI"])

    @property
    def streams_enabled(self) -> bool:
        return bool(self.stream_specification and self.stream_specification.get("StreamEnabled"))

    def enable_stream(self, view_type: str):
        from iamulator.services.dynamodb.streams import Stream

        self.stream = Stream(self, view_type)
        self.streams.append(self.stream)
        self.stream_specification = {"StreamEnabled": True, "StreamViewType": view_type}

    def disable_stream(self):
        if self.stream is not None:
            self.stream.enabled = False
        self.stream = None
        self.stream_specification = {"StreamEnabled": False}

    def key_names(self) -> tuple:
        return (self.hash_name,) if self.range_name is None else (self.hash_name, self.range_name)

    # -- keys --------------------------------------------------------------------------------
    def _key_value(self, name: str, expected: str, value: dict):
        v = value[expected]
        if expected in ("S", "B") and not v:
            kind = "string" if expected == "S" else "binary"
            raise _invalid(_NOT_VALID + f"The AttributeValue for a key attribute cannot contain an empty "
                                        f"{kind} value. Key: {name}")
        return V.sort_key(expected, v)

    def key_from_request(self, key: dict, message: str = "The provided key element does not match the schema"):
        """(hash, range) ordered key of a Key parameter, validated against the schema."""
        names = self.key_names()
        if not isinstance(key, dict) or len(key) != len(names):
            raise _invalid(message)
        out = []
        for name in names:
            value = key.get(name)
            if value is None:
                raise _invalid(message)
            value = V.validate(value)
            expected = self.types[name]
            if expected not in value:
                raise _invalid(message)
            out.append(self._key_value(name, expected, value))
        return out[0], (out[1] if len(out) > 1 else None)

    def key_from_item(self, item: dict):
        """Validates a whole item for writing and returns its (hash, range) ordered key."""
        out = []
        for i, name in enumerate(self.key_names()):
            value = item.get(name)
            if value is None:
                raise _invalid(INVALID + f"Missing the key {name} in the item")
            expected = self.types[name]
            if expected not in value:
                raise _invalid(INVALID + f"Type mismatch for key {name} expected: {expected} "
                                         f"actual: {V.type_of(value)}")
            k = self._key_value(name, expected, value)
            if expected != "N":
                length = len(value[expected].encode("utf-8") if expected == "S" else value[expected])
                if i == 0 and length > 2048:
                    raise _invalid(INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes")
                if i == 1 and length > 1024:
                    raise _invalid(INVALID + "Aggregated size of all range keys has exceeded the size limit "
                                             "of 1024 bytes")
            out.append(k)
        for index in self._index_check_order:
            for name in index.key_names():
                value = item.get(name)
                if value is None:
                    continue
                expected = self.types[name]
                if expected not in value:
                    raise _invalid(INVALID + f"Type mismatch for Index Key {name} Expected: {expected} "
                                             f"Actual: {V.type_of(value)} IndexName: {index.name}")
                if expected in ("S", "B") and not value[expected]:
                    raise _invalid(_NOT_VALID + "A value specified for a secondary index key is not supported. "
                                                "The AttributeValue for a key attribute cannot contain an empty "
                                                f"{'string' if expected == 'S' else 'binary'} value. "
                                                f"IndexName: {index.name}, IndexKey: {name}")
        return out[0], (out[1] if len(out) > 1 else None)

    def key_attributes(self, item: dict, index: Index | None = None) -> dict:
        """The primary key (and the index key, for an index) of an item, as LastEvaluatedKey."""
        names = self.key_names() if index is None else self.key_names() + index.key_names()
        return {name: item[name] for name in names if name in item}

    # -- storage -----------------------------------------------------------------------------
    def get(self, hk, rk):
        p = self.partitions.get(hk)
        return None if p is None else p.items.get(rk)

    def put(self, hk, rk, item: dict, size: int):
        p = self.partitions.get(hk)
        if p is None:
            p = self.partitions[hk] = Partition()
            self._scan_order = None
        old = p.items.get(rk)
        if old is None:
            if rk is None:
                p.order.append(None)
            else:
                bisect.insort(p.order, rk)
            self.item_count += 1
        else:
            self.size_bytes -= V.item_size(old)
        p.items[rk] = item
        self.size_bytes += size
        if self.stream is not None:
            self.stream.record(self.key_attributes(item), old, item)
        return old

    def delete(self, hk, rk):
        p = self.partitions.get(hk)
        if p is None:
            return None
        old = p.items.pop(rk, None)
        if old is None:
            return None
        if rk is None:
            p.order.clear()
        else:
            del p.order[bisect.bisect_left(p.order, rk)]
        if not p.items:
            del self.partitions[hk]
            self._scan_order = None
        self.item_count -= 1
        self.size_bytes -= V.item_size(old)
        if self.stream is not None:
            self.stream.record(self.key_attributes(old), old, None)
        return old

    def scan_order(self) -> list:
        """[(token, hash key)] of all partitions in scan order."""
        if self._scan_order is None:
            self._scan_order = sorted((scan_token(hk), hk) for hk in self.partitions)
        return self._scan_order

    def iter_items(self):
        for _, hk in self.scan_order():
            p = self.partitions[hk]
            for rk in p.order:
                yield p.items[rk]

    # -- description -------------------------------------------------------------------------
    def _throughput(self, throughput) -> dict:
        t = throughput or {}
        return {"NumberOfDecreasesToday": 0,
                "ReadCapacityUnits": t.get("ReadCapacityUnits", 0),
                "WriteCapacityUnits": t.get("WriteCapacityUnits", 0)}

    def _index_stats(self, index: Index):
        count = size = 0
        names = index.key_names()
        for item in self.iter_items():
            if all(n in item for n in names):
                count += 1
                size += V.item_size(item)
        return count, size

    def describe(self) -> dict:
        d = {
            "AttributeDefinitions": [dict(x) for x in self.attribute_definitions],
            "TableName": self.name,
            "KeySchema": [dict(x) for x in self.key_schema],
            "TableStatus": self.status,
            "CreationDateTime": self.created,
            "ProvisionedThroughput": self._throughput(self.throughput),
            "TableSizeBytes": self.size_bytes,
            "ItemCount": self.item_count,
            "TableArn": self.arn,
            "TableId": self.id,
            "DeletionProtectionEnabled": self.deletion_protection,
        }
        if self.billing_mode is not None:
            d["BillingModeSummary"] = {"BillingMode": self.billing_mode}
            if self.billing_mode == "PAY_PER_REQUEST":
                d["BillingModeSummary"]["LastUpdateToPayPerRequestDateTime"] = self.created
        lsis, gsis = [], []
        for index in self.indexes.values():
            count, size = self._index_stats(index)
            desc = {"IndexName": index.name,
                    "KeySchema": [dict(k) for k in index.definition["KeySchema"]],
                    "Projection": dict(index.definition.get("Projection") or {}),
                    "IndexSizeBytes": size, "ItemCount": count, "IndexArn": index.arn}
            if index.kind == "LSI":
                lsis.append(desc)
            else:
                desc["IndexStatus"] = "ACTIVE"
                desc["ProvisionedThroughput"] = self._throughput(index.definition.get("ProvisionedThroughput"))
                gsis.append(desc)
        if lsis:
            d["LocalSecondaryIndexes"] = lsis
        if gsis:
            d["GlobalSecondaryIndexes"] = gsis
        if self.streams_enabled:
            d["StreamSpecification"] = dict(self.stream_specification)
        if self.streams:
            d["LatestStreamLabel"] = self.streams[-1].label
            d["LatestStreamArn"] = self.streams[-1].arn
        if self.sse_specification and self.sse_specification.get("Enabled"):
            d["SSEDescription"] = {"Status": "ENABLED",
                                   "SSEType": self.sse_specification.get("SSEType", "KMS")}
        if self.table_class:
            d["TableClassSummary"] = {"TableClass": self.table_class}
        return d
