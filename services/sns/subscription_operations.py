"""Subscription operations: subscribe (with confirmation where SNS asks for it), confirm,
unsubscribe, list, attributes."""
from __future__ import annotations

import secrets
import uuid

from iamulator.services.sns import arns, clock, delivery, endpoints, envelope, outbox, pagination
from iamulator.services.sns.errors import invalid, missing
from iamulator.services.locks import handover
from iamulator.services.sns.subscription import Subscription

PENDING = "pending confirmation"


class SubscriptionOperations:
    def subscribe(self, ctx, params) -> dict:
        protocol = params.get("Protocol")
        endpoint = params.get("Endpoint")
        with self.on_topic(ctx, params.get("TopicArn")) as (owner, topic):
            if protocol is None:
                raise missing("protocol")
            endpoints.validate(protocol, endpoint, topic.fifo)
            subscriber = ctx.account_id if ctx is not None else self.account_id
            sub = Subscription(f"{topic.arn}:{uuid.uuid4()}", topic.arn, protocol, endpoint, subscriber,
                               _principal_arn(ctx, subscriber, self.region))
            normalized, compiled, changes = sub.prepare(params.get("Attributes") or {}, topic.fifo, True)
            for existing in topic.subscriptions.values():
                if existing.protocol == protocol and existing.endpoint == endpoint:
                    if existing.differs(normalized):
                        raise invalid("Attributes Reason: Subscription already exists with different attributes")
                    return {"SubscriptionArn": _answer(existing, params)}
            sub.apply(normalized, compiled, changes)
            if endpoints.needs_confirmation(protocol, endpoint, subscriber):
                sub.pending = True
                sub.authenticated = False
                sub.token = secrets.token_hex(64)
                owner.tokens[sub.token] = sub.arn
            topic.subscriptions[sub.arn] = sub
            owner.subscriptions[sub.arn] = sub
            if sub.pending:
                owner.ask_confirmation(ctx, topic, sub)
            return {"SubscriptionArn": _answer(sub, params)}

    def ask_confirmation(self, ctx, topic, sub) -> None:
        """Sends the subscription's endpoint the token it must confirm with (queues get it as
        a message; other endpoints in the outbox)."""
        message_id = str(uuid.uuid4())
        body = envelope.confirmation(
            kind="SubscriptionConfirmation", message_id=message_id, topic_arn=topic.arn, region=topic.region,
            token=sub.token, message=envelope.subscribe_message(topic.arn), sent=envelope.timestamp(clock.now()),
            signature_version=topic.signature_version)
        if sub.protocol == "sqs":
            status, error = delivery.to_queue(ctx, topic.arn, sub.endpoint, body)
        else:
            status, error = "recorded", None
        if status != "delivered":
            outbox.record(self, "SubscriptionConfirmation", sub, message_id, body, status, error)

    def confirm_subscription(self, ctx, params) -> dict:
        token = params.get("Token")
        with self.on_topic(ctx, params.get("TopicArn")) as (owner, topic):
            if token is None:
                raise missing("token")
            sub = owner.subscriptions.get(owner.tokens.get(token, ""))
            if sub is None or sub.topic_arn != topic.arn:
                raise invalid("Token")
            if sub.pending:
                sub.pending = False
                # The SDK signs the call; an unsigned one would leave this false.
                sub.authenticated = True
            return {"SubscriptionArn": sub.arn}

    def unsubscribe(self, ctx, params) -> dict:
        arn = params.get("SubscriptionArn")
        if arn is None:
            raise missing("subscriptionArn")
        parsed = arns.parse_subscription(arn)
        if parsed is None:
            raise invalid("SubscriptionId")
        owner = self.sns_backend(ctx, parsed[1], parsed[0])
        if owner is None:
            return {}
        with handover(self.lock, owner.lock):
            sub = owner.subscriptions.pop(arn, None)
            if sub is not None:
                if sub.token is not None:
                    owner.tokens.pop(sub.token, None)
                topic = owner.topics.get(sub.topic_arn)
                if topic is not None and topic.subscriptions.pop(arn, None) is not None:
                    topic.deleted_subscriptions += 1
        return {}

    def list_subscriptions(self, ctx, params) -> dict:
        """The caller's subscriptions (those it created), to topics of any account in this region."""
        caller = ctx.account_id if ctx is not None else self.account_id
        mine = [s for s in self.subscriptions.values() if s.owner == caller]
        if ctx is not None and ctx.store is not None:
            for account, region, backend in ctx.store.existing("sns"):
                if backend is not self and region == self.region:
                    mine += [s for s in list(backend.subscriptions.values()) if s.owner == caller]
            mine.sort(key=lambda s: s.serial)
        selected, token = pagination.page(mine, params.get("NextToken"))
        out: dict = {"Subscriptions": [s.summary() for s in selected]}
        if token:
            out["NextToken"] = token
        return out

    def list_subscriptions_by_topic(self, ctx, params) -> dict:
        with self.on_topic(ctx, params.get("TopicArn")) as (_, topic):
            selected, token = pagination.page(list(topic.subscriptions.values()), params.get("NextToken"))
        out: dict = {"Subscriptions": [s.summary() for s in selected]}
        if token:
            out["NextToken"] = token
        return out

    def get_subscription_attributes(self, ctx, params) -> dict:
        with self.on_subscription(ctx, params.get("SubscriptionArn")) as (_, sub):
            return {"Attributes": sub.view()}

    def set_subscription_attributes(self, ctx, params) -> dict:
        name = params.get("AttributeName")
        with self.on_subscription(ctx, params.get("SubscriptionArn")) as (owner, sub):
            if name is None:
                raise missing("attributeName")
            topic = owner.topics.get(sub.topic_arn)
            fifo = topic.fifo if topic is not None else sub.topic_arn.endswith(".fifo")
            normalized, compiled, changes = sub.prepare({name: params.get("AttributeValue") or ""}, fifo, False)
            sub.apply(normalized, compiled, changes)
        return {}


def _answer(sub: Subscription, params: dict) -> str:
    if sub.pending and not params.get("ReturnSubscriptionArn"):
        return PENDING
    return sub.arn


def _principal_arn(ctx, account: str, region: str) -> str:
    principal = getattr(ctx, "principal", None) if ctx is not None else None
    arn = getattr(principal, "arn", None)
    if isinstance(arn, str) and arn.startswith("arn:"):
        return arn
    return f"arn:{arns.partition(region)}:iam::{account}:root"
