"""One topic: its name rules, attributes (settable, computed, defaults), subscriptions and the
FIFO bookkeeping (sequence numbers, deduplication)."""
from __future__ import annotations

import json
import re

from iamulator.services.sns import topic_policy
from iamulator.services.sns.arns import topic_arn
from iamulator.services.sns.errors import invalid
from iamulator.services.sns.pagination import next_serial

_STANDARD_NAME = re.compile(r"[A-Za-z0-9_-]{1,256}\Z")
_FIFO_NAME = re.compile(r"[A-Za-z0-9_-]{1,251}\.fifo\Z")
FIFO_SUFFIX = ".fifo"

DEDUPLICATION_INTERVAL = 300.0
_FIRST_SEQUENCE = 10 ** 19

DEFAULT_EFFECTIVE_DELIVERY_POLICY = json.dumps({
    "http": {
        "defaultHealthyRetryPolicy": {
            "minDelayTarget": 20, "maxDelayTarget": 20, "numRetries": 3, "numMaxDelayRetries": 0,
            "numNoDelayRetries": 0, "numMinDelayRetries": 0, "backoffFunction": "linear",
        },
        "disableSubscriptionOverrides": False,
        "defaultRequestPolicy": {"headerContentType": "text/plain; charset=UTF-8"},
    },
}, separators=(",", ":"))

_FEEDBACK = frozenset(f"{endpoint}{kind}" for endpoint in ("HTTP", "Firehose", "Lambda", "Application", "SQS")
                      for kind in ("SuccessFeedbackRoleArn", "FailureFeedbackRoleArn", "SuccessFeedbackSampleRate"))
_FREE_TEXT = frozenset({"DisplayName", "KmsMasterKeyId"}) | _FEEDBACK
_ENUMS = {
    "SignatureVersion": ("1", "2"),
    "TracingConfig": ("PassThrough", "Active"),
    "FifoThroughputScope": ("Topic", "MessageGroup"),
}
_JSON = frozenset({"DeliveryPolicy", "ArchivePolicy"})
_FIFO_ONLY = frozenset({"ContentBasedDeduplication", "ArchivePolicy", "FifoThroughputScope"})
SETTABLE = _FREE_TEXT | frozenset(_ENUMS) | _JSON | frozenset({"Policy", "ContentBasedDeduplication"})


def validate_name(name: str, fifo: bool) -> None:
    if not (_FIFO_NAME if fifo else _STANDARD_NAME).match(name or ""):
        raise invalid("Topic Name")


def is_fifo_request(attributes: dict) -> bool:
    return (attributes.get("FifoTopic") or "").lower() == "true"


def normalize(name: str, value: str, fifo: bool) -> str:
    """The stored form of a settable attribute, or SNS's refusal."""
    if name not in SETTABLE:
        raise invalid("AttributeName")
    if name in _FIFO_ONLY and not fifo:
        if name == "ContentBasedDeduplication":
            raise invalid("ContentBasedDeduplication Reason: Content-based deduplication can only be set "
                          "for FIFO topics")
        raise invalid(f"{name} Reason: {name} can only be set for FIFO topics")
    if name == "ContentBasedDeduplication":
        if value.lower() not in ("true", "false"):
            raise invalid("ContentBasedDeduplication")
        return value.lower()
    if name in _ENUMS:
        if value not in _ENUMS[name]:
            raise invalid(name)
        if name == "TracingConfig" and fifo and value == "Active":
            raise invalid("TracingConfig Reason: Active tracing is only supported on standard topics")
        return value
    if name in _JSON and value != "":
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            raise invalid(name)
        return value
    if name == "Policy":
        topic_policy.validate(value)
    return value


class Topic:
    __slots__ = ("name", "arn", "account", "region", "fifo", "attributes", "policy", "tags",
                 "subscriptions", "deleted_subscriptions", "data_protection_policy", "serial", "_sequence",
                 "_deduplication")

    def __init__(self, name: str, account: str, region: str, attributes: dict, tags: dict):
        self.name = name
        self.account = account
        self.region = region
        self.arn = topic_arn(region, account, name)
        self.fifo = name.endswith(FIFO_SUFFIX)
        self.attributes: dict[str, str] = {"DisplayName": ""}
        if self.fifo:
            self.attributes["ContentBasedDeduplication"] = "false"
        self.policy = topic_policy.default_policy(self.arn, account)
        self.tags = dict(tags)
        self.subscriptions: dict = {}              # subscription ARN -> Subscription, in order
        self.deleted_subscriptions = 0
        self.data_protection_policy: str | None = None
        self.serial = next_serial()
        self._sequence = _FIRST_SEQUENCE
        self._deduplication: dict = {}             # key -> (expires_at, message_id, sequence)
        self.set_attributes(attributes)

    def set_attributes(self, normalized: dict) -> None:
        for name, value in normalized.items():
            if name == "Policy":
                # An empty policy puts the default one back.
                self.policy = value or topic_policy.default_policy(self.arn, self.account)
            elif value == "" and name not in ("DisplayName",):
                self.attributes.pop(name, None)
            else:
                self.attributes[name] = value

    def differs(self, normalized: dict) -> bool:
        """Whether creating this topic again with these attributes asks for something else."""
        for name, value in normalized.items():
            current = self.policy if name == "Policy" else self.attributes.get(name, "")
            if current != value:
                return True
        return False

    @property
    def content_based_deduplication(self) -> bool:
        return self.attributes.get("ContentBasedDeduplication") == "true"

    @property
    def signature_version(self) -> str:
        return self.attributes.get("SignatureVersion", "1")

    def view(self) -> dict:
        """Every attribute as GetTopicAttributes returns it."""
        pending = confirmed = 0
        for sub in self.subscriptions.values():
            if sub.pending:
                pending += 1
            else:
                confirmed += 1
        out = {
            "Policy": self.policy,
            "Owner": self.account,
            "SubscriptionsPending": str(pending),
            "TopicArn": self.arn,
            "EffectiveDeliveryPolicy": self.attributes.get("DeliveryPolicy") or DEFAULT_EFFECTIVE_DELIVERY_POLICY,
            "SubscriptionsConfirmed": str(confirmed),
            "SubscriptionsDeleted": str(self.deleted_subscriptions),
        }
        out.update(self.attributes)
        if self.fifo:
            out["FifoTopic"] = "true"
        return out

    # -- FIFO ---------------------------------------------------------------------------
    def deduplicate(self, group_id: str, dedup_id: str, message_id: str, now: float):
        """``(message_id, sequence_number, duplicate)`` for a message published to this FIFO topic:
        a repeat within five minutes gets the first one's identifiers and is not delivered again."""
        key = dedup_id
        if self.attributes.get("FifoThroughputScope") == "MessageGroup":
            key = (group_id, dedup_id)
        seen = self._deduplication.get(key)
        if seen is not None and seen[0] > now:
            return seen[1], seen[2], True
        self._sequence += 1
        sequence = str(self._sequence)
        self._deduplication[key] = (now + DEDUPLICATION_INTERVAL, message_id, sequence)
        if len(self._deduplication) > 1024:
            self._deduplication = {k: v for k, v in self._deduplication.items() if v[0] > now}
        return message_id, sequence, False
