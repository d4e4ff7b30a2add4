"""The DynamoDB Streams backend: reads the streams the DynamoDB backend of the same account and
region records (each stream has one shard), under that backend's lock."""
from __future__ import annotations

import base64
import json

from iamulator.services.base import Service
from iamulator.services.errors import AWSError

ITERATOR_TYPES = ("TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER")


def _invalid(message: str) -> AWSError:
    return AWSError("ValidationException", message)


def _not_found(message: str) -> AWSError:
    return AWSError("ResourceNotFoundException", message)


def _limit(params: dict, most: int) -> int:
    limit = params.get("Limit", most)
    if limit < 1 or limit > most:
        rule = "greater than or equal to 1" if limit < 1 else f"less than or equal to {most}"
        raise _invalid(f"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: "
                       f"Member must have value {rule}")
    return limit


class Backend(Service):
    name = "dynamodbstreams"

    def _tables(self, arn=None):
        """The DynamoDB backend holding the streams: the one of the account a stream ARN names
        (another account's stream is read there once its resource policy allowed it)."""
        account = self.account_id
        if isinstance(arn, str) and arn.startswith("arn:"):
            parts = arn.split(":", 5)
            if len(parts) == 6 and parts[4]:
                account = parts[4]
        return self.store.backend("dynamodb", account, self.region)

    def _all_streams(self, ddb) -> list:
        out = list(ddb.retired_streams)
        for table in ddb.tables.values():
            out += table.streams
        return sorted(out, key=lambda s: (s.table_name, s.created))

    def _stream(self, ddb, arn: str):
        for stream in self._all_streams(ddb):
            if stream.arn == arn:
                return stream
        raise _not_found(f"Requested resource not found: Stream: {arn} not found")

    # -- operations --------------------------------------------------------------------------
    def list_streams(self, ctx, params):
        limit = _limit(params, 100)
        ddb = self._tables()
        with self._holding(ddb):
            streams = self._all_streams(ddb)
            name = params.get("TableName")
            if name is not None:
                if name not in ddb.tables:
                    raise _not_found(f"Requested resource not found: Table: {name} not found")
                streams = [s for s in streams if s.table_name == name]
            start = params.get("ExclusiveStartStreamArn")
            if start is not None:
                arns = [s.arn for s in streams]
                streams = streams[arns.index(start) + 1:] if start in arns else []
            out = {"Streams": [s.summary() for s in streams[:limit]]}
            if len(streams) > limit:
                out["LastEvaluatedStreamArn"] = streams[limit - 1].arn
            return out

    def describe_stream(self, ctx, params):
        ddb = self._tables(params.get("StreamArn"))
        with self._holding(ddb):
            stream = self._stream(ddb, params.get("StreamArn"))
            description = stream.description()
            start = params.get("ExclusiveStartShardId")
            if start is not None and start == stream.shard_id:
                description["Shards"] = []
            return {"StreamDescription": description}

    def get_shard_iterator(self, ctx, params):
        kind = params.get("ShardIteratorType")
        if kind not in ITERATOR_TYPES:
            raise _invalid(f"1 validation error detected: Value '{kind}' at 'shardIteratorType' failed to satisfy "
                           "constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, "
                           "AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]")
        ddb = self._tables(params.get("StreamArn"))
        with self._holding(ddb):
            stream = self._stream(ddb, params.get("StreamArn"))
            if params.get("ShardId") != stream.shard_id:
                raise _not_found("Requested resource not found: Shard does not exist")
            sequence = params.get("SequenceNumber")
            if kind in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"):
                index = stream.index_of(sequence) if sequence is not None else None
                if index is None or index >= len(stream.records):
                    raise _invalid(f"Invalid SequenceNumber for {kind}: {sequence}")
                position = index + (kind == "AFTER_SEQUENCE_NUMBER")
            elif sequence is not None:
                raise _invalid(f"Invalid SequenceNumber: SequenceNumber may only be given with "
                               f"AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER, not {kind}")
            else:
                position = 0 if kind == "TRIM_HORIZON" else len(stream.records)
            return {"ShardIterator": _iterator(stream, position)}

    def get_records(self, ctx, params):
        limit = _limit(params, 1000)
        arn, shard, position = _parse_iterator(params.get("ShardIterator"))
        ddb = self._tables(arn)
        with self._holding(ddb):
            stream = self._stream(ddb, arn)
            if shard != stream.shard_id:
                raise _not_found("Requested resource not found: Shard does not exist")
            records = stream.records[position:position + limit]
            out = {"Records": records}
            end = position + len(records)
            if stream.enabled or end < len(stream.records):
                out["NextShardIterator"] = _iterator(stream, end)
            return out


def _iterator(stream, position: int) -> str:
    state = base64.urlsafe_b64encode(json.dumps([stream.shard_id, position]).encode()).decode()
    return f"{stream.arn}|1|{state}"


def _parse_iterator(token) -> tuple:
    try:
        arn, version, state = token.rsplit("|", 2)
        shard, position = json.loads(base64.urlsafe_b64decode(state.encode()))
        if version != "1" or not isinstance(position, int) or position < 0:
            raise ValueError(token)
        return arn, shard, position
    except (AttributeError, ValueError, TypeError):
        raise _invalid("Invalid ShardIterator") from None
