"""What DynamoDB Streams requests are authorized for: the ``dynamodb:`` stream actions on the
stream's ARN, which GetRecords reads from its shard iterator (the iterator starts with it)."""
from __future__ import annotations

from iamulator.authz.declarations import Declarations, act


def _iterator_stream(r) -> str | None:
    token = r.params.get("ShardIterator")
    if not isinstance(token, str) or "|" not in token:
        return None
    arn = token.split("|", 1)[0]
    return arn if arn.startswith("arn:") and "/stream/" in arn else None


auth = Declarations("dynamodbstreams")
auth.operation("GetRecords", act("GetRecords", arn=_iterator_stream))
