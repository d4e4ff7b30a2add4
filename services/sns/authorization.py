"""What SNS requests are authorized for, beyond what the Service Authorization Reference says.

Everything SNS authorizes is a topic. Most operations name it whole (``TopicArn``,
``ResourceArn``); a subscription's operations are authorized on its topic, whose ARN is the
subscription ARN without its last part; CreateTopic names it by ``Name`` (and needs
``sns:TagResource`` as well when it tags the topic). Publishing to a phone number names no
topic and is authorized on ``*``; PublishBatch needs ``sns:Publish``. A topic of another account is evaluated cross-account.
"""
from __future__ import annotations

from iamulator.authz.declarations import Declarations, act
from iamulator.services.sns.arns import topic_arn


def _topic_of_subscription(r):
    arn = r.params.get("SubscriptionArn")
    if not isinstance(arn, str) or arn.count(":") != 6:
        return None
    return arn.rpartition(":")[0]


def _publish_target(r):
    params = r.params
    arn = params.get("TopicArn") or params.get("TargetArn")
    if arn:
        return arn
    return "*" if params.get("PhoneNumber") else None


def _resource_context(r, resource_type: str) -> dict | None:
    vars_ = r.vars or {}
    name = vars_.get("TopicName")
    if not name:
        return None
    region = vars_.get("Region") or r.ctx.region
    account = r.account or vars_.get("Account") or r.ctx.account_id
    try:
        backend = r.ctx.store.backend("sns", account, region)
    except KeyError:
        return None
    topic = backend.topics.get(topic_arn(region, account, name))
    if topic is None:
        return None
    return {"aws:ResourceTag/" + k: v for k, v in topic.tags.items()}


auth = Declarations(
    "sns",
    keys={"sns:Endpoint": "Endpoint", "sns:Protocol": "Protocol"},
    resource_context=_resource_context,
    resource_keys=("aws:ResourceTag/${TagKey}",),
)

auth.operation("CreateTopic",
               act("CreateTopic", vars={"TopicName": "Name"}),
               act("TagResource", vars={"TopicName": "Name"}, when=lambda r: bool(r.params.get("Tags")),
                   note="when Tags are given"))
auth.operation("Publish", act("Publish", arn=_publish_target))
auth.operation("PublishBatch", act("Publish"))
for _operation in ("GetSubscriptionAttributes", "SetSubscriptionAttributes", "Unsubscribe"):
    auth.operation(_operation, act(_operation, arn=_topic_of_subscription))
