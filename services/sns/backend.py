"""SNS for one account in one region: topics, their subscriptions, and what was published.

Topics are keyed by ARN. A subscription lives in the backend of its topic's owner (the one
that delivers to it), whoever created it; confirmation tokens live there too.
"""
from __future__ import annotations

from iamulator.services.base import Service
from iamulator.services.sns import outbox
from iamulator.services.sns.locating import Locating
from iamulator.services.sns.publish_operations import PublishOperations
from iamulator.services.sns.subscription_operations import SubscriptionOperations
from iamulator.services.sns.topic_operations import TopicOperations


class Backend(TopicOperations, SubscriptionOperations, PublishOperations, Locating, Service):
    name = "sns"

    def __init__(self, account_id: str, region: str, store=None):
        super().__init__(account_id, region, store)
        self.topics: dict = {}           # ARN -> Topic, in creation order
        self.subscriptions: dict = {}    # ARN -> Subscription, for this backend's topics
        self.tokens: dict = {}           # confirmation token -> subscription ARN
        self.outbox = outbox.new()
