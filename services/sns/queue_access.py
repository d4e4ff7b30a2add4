"""Whether SNS may send a topic's messages to a queue.

On AWS the queue's policy must allow the SNS service principal ``sqs:SendMessage``, usually
with an ``aws:SourceArn`` condition naming the topic; without it deliveries fail silently
(and go to the subscription's dead-letter queue when it has one). Delivery asks this function
before every send.

The rule is enforced once authorization checks are on (``set_initial_no_auth_action_count``);
before that every delivery goes through, so that tests which never set queue policies keep
receiving their messages.
"""
from __future__ import annotations

from iamulator.authz.gate import GATE, UNLIMITED

SERVICE = "sns.amazonaws.com"


def sns_may_send(topic_arn: str, queue_arn: str, queue_policy: str | None) -> bool:
    if GATE.limit == UNLIMITED or GATE.count < GATE.limit:
        return True
    if not queue_policy:
        return False
    from iamulator.authz.authorize import compiled
    from iamulator.authz.evaluator import evaluate

    topic_account = topic_arn.split(":")[4] if topic_arn.count(":") >= 5 else None
    queue_account = queue_arn.split(":")[4] if queue_arn.count(":") >= 5 else None
    context = {"aws:SourceArn": topic_arn}
    if topic_account:
        context["aws:SourceAccount"] = topic_account
    try:
        policy = compiled(None, queue_policy, "resource")
    except Exception:       # a policy SQS accepted but the evaluator cannot read grants nothing
        return False
    decision = evaluate("sqs:SendMessage", queue_arn, SERVICE, context, resource_policy=policy,
                        resource_account=queue_account)
    return decision.allowed
