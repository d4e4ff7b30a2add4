"""What SQS requests are authorized for, beyond what the Service Authorization Reference says.

Most operations name their queue by ``QueueUrl``, whose path holds the owning account and the
queue's name (``https://sqs.us-east-1.amazonaws.com/111122223333/jobs``): the ARN and the
resource's account come from there, so a queue of another account is evaluated cross-account.
The batch operations are authorized as their single-message actions.
"""
from __future__ import annotations

from iamulator.authz.declarations import Declarations, act
from iamulator.services.sqs.names import parse_url


def _url(r):
    """(account, name) from ``QueueUrl``, parsed once per call; raises SQS's InvalidAddress for a
    URL that names no queue, as the service would."""
    url = r.params.get("QueueUrl")
    if not url:
        return None
    memo = r.memo
    if "queue" not in memo:
        memo["queue"] = parse_url(url)
    return memo["queue"]


def _queue_name(r):
    found = _url(r)
    return found[1] if found else None


def _queue_account(r):
    found = _url(r)
    return found[0] if found else r.params.get("QueueOwnerAWSAccountId")


def _resource_context(r, resource_type: str) -> dict | None:
    vars_ = r.vars or {}
    try:
        backend = r.ctx.store.backend("sqs", vars_.get("Account") or r.ctx.account_id, r.ctx.region)
    except KeyError:
        return None
    queue = backend.queues.get(vars_.get("QueueName"))
    if queue is None:
        return None
    return {"aws:ResourceTag/" + k: v for k, v in queue.tags.items()}


auth = Declarations(
    "sqs",
    variables={"QueueName": _queue_name, "Account": _queue_account},
    resource_context=_resource_context,
    resource_keys=("aws:ResourceTag/${TagKey}",),
)

auth.operation("SendMessageBatch", act("SendMessage"))
auth.operation("DeleteMessageBatch", act("DeleteMessage"))
auth.operation("ChangeMessageVisibilityBatch", act("ChangeMessageVisibility"))
# Tags given at creation are also authorized as tagging, as CreateQueue's reference says.
auth.operation("CreateQueue", act("CreateQueue"),
               act("TagQueue", when=lambda r: bool(r.params.get("tags")), note="when tags are given"))
