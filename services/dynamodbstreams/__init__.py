"""Amazon DynamoDB Streams: the change records of DynamoDB tables whose stream is enabled."""
from iamulator.services.dynamodbstreams.backend import Backend

__all__ = ["Backend"]
