"""Finding the topic or subscription a request names, in whichever account's backend holds it,
and running the operation under that backend's lock (see ``iamulator.services.locks``)."""
from __future__ import annotations

from contextlib import contextmanager

from iamulator.services.sns import arns
from iamulator.services.sns.errors import invalid, missing, subscription_not_found, topic_not_found
from iamulator.services.locks import handover


class Locating:
    def sns_backend(self, ctx, account: str, region: str):
        if account == self.account_id and region == self.region:
            return self
        if ctx is None or ctx.store is None:
            return None
        return ctx.store.backend("sns", account, region)

    @contextmanager
    def on_topic(self, ctx, arn: str | None, param: str = "TopicArn"):
        """``(owner backend, topic)`` under the owner's lock; SNS's errors otherwise."""
        if arn is None:
            raise missing(param[0].lower() + param[1:])
        region, account, _ = arns.parse_topic(arn, param)
        if region != self.region:
            # A topic is used only through the endpoint of its own region.
            raise invalid(param)
        owner = self.sns_backend(ctx, account, region)
        if owner is None:
            raise topic_not_found()
        with handover(self.lock, owner.lock):
            topic = owner.topics.get(arn)
            if topic is None:
                raise topic_not_found()
            yield owner, topic

    @contextmanager
    def on_subscription(self, ctx, arn: str | None):
        """``(owner backend, subscription)`` under the owner's lock."""
        if arn is None:
            raise missing("subscriptionArn")
        parsed = arns.parse_subscription(arn)
        if parsed is None or parsed[0] != self.region:
            raise subscription_not_found()
        owner = self.sns_backend(ctx, parsed[1], parsed[0])
        if owner is None:
            raise subscription_not_found()
        with handover(self.lock, owner.lock):
            sub = owner.subscriptions.get(arn)
            if sub is None:
                raise subscription_not_found()
            yield owner, sub
