"""The queue policy (the ``Policy`` attribute) as authorization reads it."""
from __future__ import annotations

from iamulator.services.sqs.names import parse_arn


def resource_policy(ctx, resource_arn: str):
    """(the queue's ``Policy`` attribute or None, the account owning the queue)."""
    parsed = parse_arn(resource_arn)
    if parsed is None:
        return None, None
    region, account, name = parsed
    backend = ctx.store.backend("sqs", account, region)
    queue = backend.queues.get(name)
    if queue is None:
        return None, account
    return queue.attributes.get("Policy") or None, account
