"""Handing a message to a subscribed queue or function through that service's own backend.

Each call returns ``(status, error)``: ``delivered``, ``recorded`` (no backend to deliver to,
see ``outbox``) or ``failed`` with the reason. A publisher never sees delivery failures, as on
AWS; they show in the outbox and, for subscriptions with a redrive policy, in its queue.
"""
from __future__ import annotations

import logging

from iamulator.services import registry
from iamulator.services.base import Context
from iamulator.services.errors import AWSError
from iamulator.services.sns import arns, queue_access

log = logging.getLogger("iamulator")

# The identity SQS reports as the SenderId of messages SNS delivers.
SNS_SENDER_ID = "AIDAIT2UOQQY3AUEKVGXU"


class _SnsService:
    """The caller other backends see when SNS delivers: the SNS service principal."""
    user_id = SNS_SENDER_ID
    arn = "sns.amazonaws.com"
    service = "sns.amazonaws.com"


SNS_PRINCIPAL = _SnsService()


def _context(ctx, service: str, operation: str, protocol: str, account: str, region: str) -> Context:
    return Context(request=getattr(ctx, "request", None), service=service, operation=operation,
                   protocol=protocol, account_id=account, region=region, store=ctx.store,
                   principal=SNS_PRINCIPAL)


def to_queue(ctx, topic_arn: str, queue_arn: str, body: str, *, attributes: dict | None = None,
             fifo_ids: tuple | None = None, fair_group: str | None = None) -> tuple[str, str | None]:
    """Sends ``body`` to the queue. ``fifo_ids`` (group, deduplication id) go to FIFO queues,
    ``fair_group`` (a standard topic's MessageGroupId) to standard queues."""
    parsed = arns.parse_queue(queue_arn)
    if parsed is None or ctx is None or ctx.store is None or not registry.is_shipped("sqs"):
        return "failed", "The queue cannot be reached."
    region, account, name = parsed
    sqs = ctx.store.backend("sqs", account, region)
    params = {"QueueUrl": f"https://sqs.{region}.amazonaws.com/{account}/{name}", "MessageBody": body}
    if attributes:
        params["MessageAttributes"] = attributes
    try:
        with sqs.lock:
            queue = sqs.queues.get(name)
            if queue is None:
                return "failed", "AWS.SimpleQueueService.NonExistentQueue: The specified queue does not exist."
            if not queue_access.sns_may_send(topic_arn, queue.arn, queue.attributes.get("Policy")):
                return "failed", f"AccessDenied: The queue policy does not allow SNS to send from {topic_arn}."
            if queue.fifo and fifo_ids is not None:
                params["MessageGroupId"], params["MessageDeduplicationId"] = fifo_ids
            elif not queue.fifo and fair_group is not None:
                params["MessageGroupId"] = fair_group
            sqs.send_message(_context(ctx, "sqs", "SendMessage", "json", account, region), params)
    except AWSError as err:
        return "failed", f"{err.code}: {err.message}"
    return "delivered", None


def to_function(ctx, function_arn: str, payload: bytes) -> tuple[str, str | None]:
    """Invokes the function asynchronously, as SNS does, when a Lambda backend ships."""
    parsed = arns.parse_function(function_arn)
    if parsed is None or ctx is None or ctx.store is None or not registry.is_shipped("lambda"):
        return "recorded", None
    region, account, _ = parsed
    backend = ctx.store.backend("lambda", account, region)
    handler = backend.handler("Invoke")
    if handler is None:
        return "recorded", None
    params = {"FunctionName": function_arn, "InvocationType": "Event", "Payload": payload}
    try:
        with backend.lock:
            handler(backend, _context(ctx, "lambda", "Invoke", "rest-json", account, region), params)
    except AWSError as err:
        return "failed", f"{err.code}: {err.message}"
    except Exception as err:  # a fault in another backend must not fail the publish
        log.exception("SNS could not invoke %s", function_arn)
        return "failed", f"{type(err).__name__}: {err}"
    return "delivered", None
