"""What each protocol accepts as a subscription endpoint, and who must confirm a subscription."""
from __future__ import annotations

import re

from iamulator.services.sns import arns
from iamulator.services.sns.errors import invalid, invalid_parameter

PROTOCOLS = ("http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose")
# Protocols that can take the published message as is instead of SNS's JSON document.
RAW_CAPABLE = frozenset({"sqs", "http", "https", "firehose"})
# Protocols whose owner proves intent by confirming: SNS sends them a token first.
CONFIRMED_BY_ENDPOINT = frozenset({"http", "https", "email", "email-json"})

E164 = re.compile(r"\+[1-9]\d{1,14}\Z")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")


def validate(protocol: str, endpoint: str | None, fifo_topic: bool) -> None:
    if protocol not in PROTOCOLS:
        raise invalid(f"Amazon SNS does not support this protocol string: {protocol}")
    if fifo_topic and protocol != "sqs":
        raise invalid(f"Invalid protocol type: {protocol}")
    endpoint = endpoint or ""
    if protocol in ("http", "https"):
        if not endpoint.startswith(f"{protocol}://") or len(endpoint) <= len(protocol) + 3:
            raise invalid("Endpoint must match the specified protocol")
    elif protocol in ("email", "email-json"):
        if not _EMAIL.match(endpoint):
            raise invalid("Email address")
    elif protocol == "sms":
        if not E164.match(endpoint):
            raise invalid_parameter(f"Invalid SMS endpoint: {endpoint}")
    elif protocol == "sqs":
        if arns.parse_queue(endpoint) is None:
            raise invalid("SQS endpoint ARN")
        if endpoint.endswith(".fifo") and not fifo_topic:
            raise invalid("Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard "
                          "SNS topics")
    elif protocol == "lambda":
        if arns.parse_function(endpoint) is None:
            raise invalid("Lambda endpoint ARN")
    elif protocol == "application":
        if arns.parse_service_arn(endpoint, "sns") is None or ":endpoint/" not in endpoint:
            raise invalid("ApplicationEndpoint ARN")
    elif protocol == "firehose":
        if arns.parse_service_arn(endpoint, "firehose") is None:
            raise invalid("Firehose endpoint ARN")


def needs_confirmation(protocol: str, endpoint: str, subscriber_account: str) -> bool:
    """HTTP/S and email endpoints always confirm; an AWS endpoint (queue, function) confirms
    when the subscriber is not the account that owns it."""
    if protocol in CONFIRMED_BY_ENDPOINT:
        return True
    if protocol in ("sqs", "lambda", "firehose"):
        owner = arns.account_of(endpoint)
        return owner is not None and owner != subscriber_account
    return False
