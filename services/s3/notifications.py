"""Bucket notification configuration and delivery of object events to SQS, SNS and Lambda."""
from __future__ import annotations


class NotificationOperations:
    pass


def object_event(ctx, bucket, event_name: str, obj=None, key: str | None = None) -> None:
    """Called by object operations after a change (``event_name`` as S3 names it, e.g.
    ``ObjectCreated:Put``, ``ObjectRemoved:DeleteMarkerCreated``): delivers it to the
    destinations the bucket's notification configuration selects."""
