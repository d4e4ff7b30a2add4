"""What SNS sent where it cannot really deliver, for tests to look at.

HTTP/S, email, SMS, mobile push and Firehose endpoints (and Lambda functions when no Lambda
backend ships) are not contacted: each delivery is recorded here instead, subscription
confirmations with their token included. Deliveries that failed (a deleted queue, say) are
recorded too, with the error.

    from iamulator.services.sns import outbox
    outbox.sent()                      # every record of the default account and region
    outbox.confirmation_token(arn)     # the token SNS sent to a pending subscription
"""
from __future__ import annotations

from collections import deque

MAX_RECORDS = 10000


def new() -> deque:
    return deque(maxlen=MAX_RECORDS)


def sent(account_id: str | None = None, region: str | None = None, store=None) -> list[dict]:
    """Copies of the records of one account and region (the defaults unless given)."""
    backend = _backend(account_id, region, store)
    return [dict(record) for record in list(backend.outbox)]


def clear(account_id: str | None = None, region: str | None = None, store=None) -> None:
    _backend(account_id, region, store).outbox.clear()


def confirmation_token(subscription_arn: str, store=None) -> str | None:
    """The token SNS sent to confirm ``subscription_arn`` (None when it needed none)."""
    parts = subscription_arn.split(":")
    if len(parts) != 7:
        return None
    backend = _backend(parts[4], parts[3], store)
    sub = backend.subscriptions.get(subscription_arn)
    return sub.token if sub is not None else None


def _backend(account_id, region, store):
    from iamulator import settings
    from iamulator.services.state import STORE

    return (store or STORE).backend("sns", account_id or settings.DEFAULT_ACCOUNT_ID,
                                    region or settings.DEFAULT_REGION)


def record(backend, kind: str, sub, message_id: str, body: str, status: str, error: str | None = None,
           subject: str | None = None) -> None:
    """Adds one delivery record to the backend that owns the subscription's topic."""
    backend.outbox.append({
        "Type": kind,
        "Protocol": sub.protocol,
        "Endpoint": sub.endpoint,
        "SubscriptionArn": sub.arn,
        "TopicArn": sub.topic_arn,
        "MessageId": message_id,
        "Body": body,
        "Subject": subject,
        "Status": status,
        "Error": error,
    })


def record_direct(backend, protocol: str, endpoint: str, message_id: str, body: str) -> None:
    """A message published straight to a phone number or mobile endpoint."""
    backend.outbox.append({
        "Type": "Notification",
        "Protocol": protocol,
        "Endpoint": endpoint,
        "SubscriptionArn": None,
        "TopicArn": None,
        "MessageId": message_id,
        "Body": body,
        "Subject": None,
        "Status": "recorded",
        "Error": None,
    })
