"""Handing matched events to targets through the target services' own backends.

SQS queues receive the event (or the target's input) as the message body; SNS topics get it
published; Lambda functions are invoked asynchronously when a Lambda backend ships (recorded
otherwise); another event bus receives the event itself and routes it through its own rules;
CloudWatch Logs log groups get it as a log event. Other target types are recorded only.

Delivery runs with no EventBridge lock held (see ``released``): a target may call back into
EventBridge, or into another account's bus, from another thread.
"""
from __future__ import annotations

import logging

from iamulator.services import registry
from iamulator.services.base import Context
from iamulator.services.errors import AWSError

log = logging.getLogger("iamulator")
MAX_BUS_HOPS = 5


class _EventsService:
    """The caller target backends see: the EventBridge service principal."""
    user_id = "AIDAEVENTBRIDGEDELIVERY"
    arn = "events.amazonaws.com"
    service = "events.amazonaws.com"


EVENTS_PRINCIPAL = _EventsService()


def _context(store, request, service: str, operation: str, protocol: str, account: str, region: str) -> Context:
    return Context(request=request, service=service, operation=operation, protocol=protocol, account_id=account,
                   region=region, store=store, principal=EVENTS_PRINCIPAL)


def _parts(arn: str) -> list[str]:
    parts = arn.split(":", 5)
    return parts if len(parts) == 6 and parts[0] == "arn" else []


def to_queue(store, request, arn: str, body: str, target: dict, event_id: str) -> tuple[str, str | None]:
    parts = _parts(arn)
    if not registry.is_shipped("sqs"):
        return "recorded", None
    region, account, name = parts[3], parts[4], parts[5]
    sqs = store.backend("sqs", account, region)
    params = {"QueueUrl": f"https://sqs.{region}.amazonaws.com/{account}/{name}", "MessageBody": body}
    with sqs.lock:
        queue = sqs.queues.get(name)
        if queue is None:
            return "failed", "AWS.SimpleQueueService.NonExistentQueue: The specified queue does not exist."
        if queue.fifo:
            params["MessageGroupId"] = (target.get("SqsParameters") or {}).get("MessageGroupId") or "default"
            params["MessageDeduplicationId"] = event_id
        try:
            sqs.send_message(_context(store, request, "sqs", "SendMessage", "json", account, region), params)
        except AWSError as err:
            return "failed", f"{err.code}: {err.message}"
    return "delivered", None


def to_topic(store, request, arn: str, body: str) -> tuple[str, str | None]:
    parts = _parts(arn)
    if not registry.is_shipped("sns"):
        return "recorded", None
    region, account = parts[3], parts[4]
    sns = store.backend("sns", account, region)
    try:
        sns.publish(_context(store, request, "sns", "Publish", "query", account, region),
                    {"TopicArn": arn, "Message": body})
    except AWSError as err:
        return "failed", f"{err.code}: {err.message}"
    return "delivered", None


def to_function(store, request, arn: str, body: str) -> tuple[str, str | None]:
    parts = _parts(arn)
    if not registry.is_shipped("lambda"):
        return "recorded", None
    region, account = parts[3], parts[4]
    backend = store.backend("lambda", account, region)
    handler = backend.handler("Invoke")
    if handler is None:
        return "recorded", None
    params = {"FunctionName": arn, "InvocationType": "Event", "Payload": body.encode("utf-8")}
    try:
        with backend.lock:
            handler(backend, _context(store, request, "lambda", "Invoke", "rest-json", account, region), params)
    except AWSError as err:
        return "failed", f"{err.code}: {err.message}"
    return "delivered", None


def to_log_group(store, arn: str, body: str, event: dict, timestamp_ms: int) -> tuple[str, str | None]:
    parts = arn.split(":")
    if len(parts) < 7 or parts[5] != "log-group" or not registry.is_shipped("logs"):
        return "recorded", None
    from iamulator.services.logs import write_events

    write_events(store, parts[4], parts[3], parts[6], event["id"], [(timestamp_ms, body)])
    return "delivered", None


def send(store, request, target: dict, body: str, event: dict, timestamp_ms: int) -> tuple[str, str | None]:
    """Delivers one target's input (not event-bus targets: see ``backend``)."""
    arn = target["Arn"]
    service = _parts(arn)[2] if _parts(arn) else ""
    try:
        if service == "sqs":
            return to_queue(store, request, arn, body, target, event["id"])
        if service == "sns":
            return to_topic(store, request, arn, body)
        if service == "lambda":
            return to_function(store, request, arn, body)
        if service == "logs":
            return to_log_group(store, arn, body, event, timestamp_ms)
    except Exception as err:   # a fault in another backend must not fail PutEvents
        log.exception("EventBridge could not deliver to %s", arn)
        return "failed", f"{type(err).__name__}: {err}"
    return "recorded", None
