"""One subscription: its attributes, their validation, and its compiled filter policy."""
from __future__ import annotations

import json

from iamulator.services.sns import arns
from iamulator.services.sns.endpoints import RAW_CAPABLE
from iamulator.services.sns.errors import invalid_parameter
from iamulator.services.sns.pagination import next_serial
from iamulator.services.sns.filter_policy import MESSAGE_ATTRIBUTES, SCOPES, FilterPolicy, compile_filter

SETTABLE = ("DeliveryPolicy", "FilterPolicy", "FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy",
            "SubscriptionRoleArn")

EFFECTIVE_HTTP_DELIVERY_POLICY = json.dumps({
    "healthyRetryPolicy": {
        "minDelayTarget": 20, "maxDelayTarget": 20, "numRetries": 3, "numMaxDelayRetries": 0,
        "numNoDelayRetries": 0, "numMinDelayRetries": 0, "backoffFunction": "linear",
    },
    "sicklyRetryPolicy": None,
    "throttlePolicy": None,
    "guaranteed": False,
}, separators=(",", ":"))


class Subscription:
    __slots__ = ("arn", "topic_arn", "protocol", "endpoint", "owner", "principal", "pending", "authenticated",
                 "attributes", "filter", "token", "serial")

    def __init__(self, arn: str, topic_arn: str, protocol: str, endpoint: str, owner: str, principal: str):
        self.arn = arn
        self.topic_arn = topic_arn
        self.protocol = protocol
        self.endpoint = endpoint
        self.owner = owner
        self.principal = principal
        self.pending = False
        self.authenticated = True
        self.attributes: dict[str, str] = {"RawMessageDelivery": "false"}
        self.filter: FilterPolicy | None = None
        self.token: str | None = None
        self.serial = next_serial()

    @property
    def raw(self) -> bool:
        return self.attributes["RawMessageDelivery"] == "true"

    @property
    def scope(self) -> str:
        return self.attributes.get("FilterPolicyScope", MESSAGE_ATTRIBUTES)

    def view(self) -> dict:
        out = {
            "ConfirmationWasAuthenticated": "true" if self.authenticated else "false",
            "Endpoint": self.endpoint,
            "Owner": self.owner,
            "PendingConfirmation": "true" if self.pending else "false",
            "Protocol": self.protocol,
            "SubscriptionArn": self.arn,
            "SubscriptionPrincipal": self.principal,
            "TopicArn": self.topic_arn,
        }
        for name, value in self.attributes.items():
            if name == "FilterPolicyScope" and self.filter is None:
                continue    # SNS shows the scope only beside a policy
            out[name] = value
        if self.filter is not None:
            out["FilterPolicyScope"] = self.scope
        if self.protocol in ("http", "https"):
            out["EffectiveDeliveryPolicy"] = self.attributes.get("DeliveryPolicy") or EFFECTIVE_HTTP_DELIVERY_POLICY
        return out

    def summary(self) -> dict:
        """The entry ListSubscriptions returns; a pending subscription's ARN is not shown."""
        return {
            "SubscriptionArn": "PendingConfirmation" if self.pending else self.arn,
            "Owner": self.owner,
            "Protocol": self.protocol,
            "Endpoint": self.endpoint,
            "TopicArn": self.topic_arn,
        }

    # -- attributes --------------------------------------------------------------------
    def prepare(self, requested: dict, fifo_topic: bool, subscribing: bool) -> tuple[dict, FilterPolicy | None, bool]:
        """Validates ``requested`` attributes against this subscription without changing it:
        ``(normalized values, compiled filter, whether the filter changes)``."""
        prefix = "Invalid parameter: Attributes Reason: " if subscribing else "Invalid parameter: "
        normalized = {}
        for name, value in requested.items():
            normalized[name] = _normalize(name, value, self, fifo_topic, prefix)
        scope = normalized.get("FilterPolicyScope", self.scope)
        text = normalized.get("FilterPolicy", self.filter.text if self.filter is not None else None)
        changes = "FilterPolicy" in normalized or ("FilterPolicyScope" in normalized and self.filter is not None)
        compiled = self.filter
        if changes:
            compiled = compile_filter(text, scope, prefix) if text else None
        return normalized, compiled, changes

    def apply(self, normalized: dict, compiled: FilterPolicy | None, changes: bool) -> None:
        for name, value in normalized.items():
            if value == "" and name != "RawMessageDelivery":
                self.attributes.pop(name, None)
            else:
                self.attributes[name] = value
        if changes:
            self.filter = compiled
            if compiled is None:
                self.attributes.pop("FilterPolicy", None)

    def differs(self, normalized: dict) -> bool:
        """Whether subscribing again with these attributes asks for something else."""
        for name, value in normalized.items():
            if self.attributes.get(name, "") != value:
                if name == "FilterPolicyScope" and value == MESSAGE_ATTRIBUTES and name not in self.attributes:
                    continue
                if name == "RawMessageDelivery" and value == "false":
                    continue
                return True
        return False


def _normalize(name: str, value: str, sub: Subscription, fifo_topic: bool, prefix: str) -> str:
    if name not in SETTABLE:
        raise invalid_parameter(f"{prefix}AttributeName")
    if name == "RawMessageDelivery":
        lowered = value.lower()
        if lowered not in ("true", "false"):
            raise invalid_parameter(f"{prefix}RawMessageDelivery: Invalid value [{value}]. Must be true or false.")
        if lowered == "true" and sub.protocol not in RAW_CAPABLE:
            raise invalid_parameter(f"{prefix}Delivery protocol [{sub.protocol}] does not support raw message "
                                    "delivery.")
        return lowered
    if name == "FilterPolicyScope":
        if value not in SCOPES:
            raise invalid_parameter(f"{prefix}FilterPolicyScope: Invalid value [{value}]. Please use either "
                                    "MessageBody or MessageAttributes")
        return value
    if name == "RedrivePolicy":
        if value == "":
            return value
        try:
            document = json.loads(value)
        except ValueError:
            raise invalid_parameter(f"{prefix}RedrivePolicy: failed to parse JSON.") from None
        target = document.get("deadLetterTargetArn") if isinstance(document, dict) else None
        queue = arns.parse_queue(target) if isinstance(target, str) else None
        if queue is None:
            raise invalid_parameter(f"{prefix}RedrivePolicy: deadLetterTargetArn is an invalid arn")
        if fifo_topic and sub.endpoint.endswith(".fifo") and not queue[2].endswith(".fifo"):
            raise invalid_parameter(f"{prefix}RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription "
                                    "to a FIFO Topic.")
        return value
    if name == "DeliveryPolicy" and value != "":
        try:
            document = json.loads(value)
        except ValueError:
            document = None
        if not isinstance(document, dict):
            raise invalid_parameter(f"{prefix}DeliveryPolicy: failed to parse JSON.")
    return value
