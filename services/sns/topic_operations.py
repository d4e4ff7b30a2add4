"""Topic operations: create, delete, list, attributes, permissions, data protection, tags."""
from __future__ import annotations

import json
from contextlib import contextmanager

from iamulator.services.sns import arns, pagination, tags as tagging
from iamulator.services.sns.errors import invalid, missing, resource_not_found
from iamulator.services.locks import handover
from iamulator.services.sns.topic import Topic, is_fifo_request, normalize, validate_name

# Actions AddPermission may grant (SNS's own actions, by their API names).
_GRANTABLE = frozenset({
    "AddPermission", "ConfirmSubscription", "CreateTopic", "DeleteTopic", "GetDataProtectionPolicy",
    "GetTopicAttributes", "ListSubscriptionsByTopic", "ListTagsForResource", "Publish", "PutDataProtectionPolicy",
    "Receive", "RemovePermission", "SetTopicAttributes", "Subscribe", "TagResource", "UntagResource",
})


class TopicOperations:
    def create_topic(self, ctx, params) -> dict:
        name = params.get("Name")
        if name is None:
            raise missing("name")
        requested = params.get("Attributes") or {}
        fifo_flag = requested.get("FifoTopic")
        if fifo_flag is not None and fifo_flag.lower() not in ("true", "false"):
            raise invalid("FifoTopic")
        fifo = is_fifo_request(requested)
        validate_name(name, fifo)
        normalized = {k: normalize(k, v, fifo) for k, v in requested.items() if k != "FifoTopic"}
        new_tags = tagging.as_dict(params.get("Tags"))
        tagging.check_count(new_tags)
        protection = params.get("DataProtectionPolicy")
        if protection:
            _check_json(protection, "DataProtectionPolicy")
        arn = arns.topic_arn(self.region, self.account_id, name)
        existing = self.topics.get(arn)
        if existing is not None:
            if existing.differs(normalized):
                raise invalid("Attributes Reason: Topic already exists with different attributes")
            if any(existing.tags.get(k) != v for k, v in new_tags.items()):
                raise invalid("Tags Reason: Topic already exists with different tags")
            return {"TopicArn": arn}
        topic = Topic(name, self.account_id, self.region, normalized, new_tags)
        topic.data_protection_policy = protection or None
        self.topics[arn] = topic
        return {"TopicArn": arn}

    def delete_topic(self, ctx, params) -> dict:
        arn = params.get("TopicArn")
        if arn is None:
            raise missing("topicArn")
        region, account, _ = arns.parse_topic(arn)
        if region != self.region:
            raise invalid("TopicArn")
        owner = self.sns_backend(ctx, account, region)
        if owner is None:
            return {}
        with handover(self.lock, owner.lock):
            topic = owner.topics.pop(arn, None)
            if topic is not None:
                for sub_arn, sub in topic.subscriptions.items():
                    owner.subscriptions.pop(sub_arn, None)
                    if sub.token is not None:
                        owner.tokens.pop(sub.token, None)
        return {}

    def list_topics(self, ctx, params) -> dict:
        selected, token = pagination.page(list(self.topics.values()), params.get("NextToken"))
        out: dict = {"Topics": [{"TopicArn": t.arn} for t in selected]}
        if token:
            out["NextToken"] = token
        return out

    def get_topic_attributes(self, ctx, params) -> dict:
        with self.on_topic(ctx, params.get("TopicArn")) as (_, topic):
            return {"Attributes": topic.view()}

    def set_topic_attributes(self, ctx, params) -> dict:
        name = params.get("AttributeName")
        with self.on_topic(ctx, params.get("TopicArn")) as (_, topic):
            if name is None:
                raise missing("attributeName")
            if name == "FifoTopic":
                raise invalid("AttributeName")
            value = normalize(name, params.get("AttributeValue") or "", topic.fifo)
            topic.set_attributes({name: value})
        return {}

    # -- permissions --------------------------------------------------------------------
    def add_permission(self, ctx, params) -> dict:
        label = params.get("Label")
        accounts = params.get("AWSAccountId") or []
        actions = params.get("ActionName") or []
        with self.on_topic(ctx, params.get("TopicArn")) as (_, topic):
            if label is None:
                raise missing("label")
            document, statements = _statements(topic.policy)
            if any(s.get("Sid") == label for s in statements):
                raise invalid("Statement already exists")
            if not accounts or not actions or any(a not in _GRANTABLE for a in actions):
                raise invalid("Policy statement action out of service scope!")
            partition = arns.partition(self.region)
            principals = [f"arn:{partition}:iam::{a}:root" for a in accounts]
            granted = [f"SNS:{a}" for a in actions]
            statements.append({
                "Sid": label,
                "Effect": "Allow",
                "Principal": {"AWS": principals[0] if len(principals) == 1 else principals},
                "Action": granted[0] if len(granted) == 1 else granted,
                "Resource": topic.arn,
            })
            topic.policy = json.dumps(document, separators=(",", ":"))
        return {}

    def remove_permission(self, ctx, params) -> dict:
        label = params.get("Label")
        with self.on_topic(ctx, params.get("TopicArn")) as (_, topic):
            if label is None:
                raise missing("label")
            document, statements = _statements(topic.policy)
            kept = [s for s in statements if s.get("Sid") != label]
            if len(kept) != len(statements):
                document["Statement"] = kept
                topic.policy = json.dumps(document, separators=(",", ":"))
        return {}

    # -- data protection ----------------------------------------------------------------
    def get_data_protection_policy(self, ctx, params) -> dict:
        with self.on_topic(ctx, params.get("ResourceArn"), "ResourceArn") as (_, topic):
            return {"DataProtectionPolicy": topic.data_protection_policy or ""}

    def put_data_protection_policy(self, ctx, params) -> dict:
        policy = params.get("DataProtectionPolicy")
        with self.on_topic(ctx, params.get("ResourceArn"), "ResourceArn") as (_, topic):
            if policy is None:
                raise missing("dataProtectionPolicy")
            if policy:
                _check_json(policy, "DataProtectionPolicy")
            topic.data_protection_policy = policy or None
        return {}

    # -- tags ----------------------------------------------------------------------------
    def tag_resource(self, ctx, params) -> dict:
        new_tags = tagging.as_dict(params.get("Tags"))
        with self._tagged_topic(ctx, params.get("ResourceArn")) as topic:
            merged = {**topic.tags, **new_tags}
            tagging.check_count(merged)
            topic.tags = merged
        return {}

    def untag_resource(self, ctx, params) -> dict:
        with self._tagged_topic(ctx, params.get("ResourceArn")) as topic:
            for key in params.get("TagKeys") or ():
                topic.tags.pop(key, None)
        return {}

    def list_tags_for_resource(self, ctx, params) -> dict:
        with self._tagged_topic(ctx, params.get("ResourceArn")) as topic:
            return {"Tags": tagging.as_list(topic.tags)}

    @contextmanager
    def _tagged_topic(self, ctx, arn: str | None):
        """The topic a tagging request names, under its owner's lock; any ARN naming no topic
        is ``ResourceNotFound``."""
        if arn is None:
            raise missing("resourceArn")
        region, account, _ = arns.parse_topic(arn, "ResourceArn")
        owner = self.sns_backend(ctx, account, region) if region == self.region else None
        if owner is None:
            raise resource_not_found()
        with handover(self.lock, owner.lock):
            topic = owner.topics.get(arn)
            if topic is None:
                raise resource_not_found()
            yield topic


def _statements(policy: str) -> tuple[dict, list]:
    """A policy document and its statements as a list (a policy may give one statement bare)."""
    document = json.loads(policy)
    statements = document.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    document["Statement"] = statements
    return document, statements


def _check_json(text: str, name: str) -> None:
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise invalid(name)
