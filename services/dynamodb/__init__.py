"""Amazon DynamoDB: tables, items, queries and scans with DynamoDB's expressions and errors."""
from iamulator.services.dynamodb.backend import Backend

__all__ = ["Backend"]
