"""Whether SNS may send a topic's messages to a queue.

On AWS the queue's policy must allow the SNS service principal ``sqs:SendMessage``, usually
with an ``aws:SourceArn`` condition naming the topic; without it deliveries fail silently
(and go to the subscription's dead-letter queue when it has one). Delivery asks this function
before every send. Until resource policies are enforced it allows every delivery; the
enforcement plugs in here, with the queue's policy text at hand.
"""
from __future__ import annotations


def sns_may_send(topic_arn: str, queue_arn: str, queue_policy: str | None) -> bool:
    return True
