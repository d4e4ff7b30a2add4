"""ARNs SNS reads and writes: topics, subscriptions, and the endpoints it delivers to."""
from __future__ import annotations

from iamulator.authz.partitions import partition_of as partition  # noqa: F401  (also used by callers)
from iamulator.services.sns.errors import invalid


def topic_arn(region: str, account: str, name: str) -> str:
    return f"arn:{partition(region)}:sns:{region}:{account}:{name}"


def split(arn: str | None, param: str) -> list[str]:
    """The six parts of an ARN (the last one keeps any further colons), or SNS's refusal."""
    text = arn or ""
    parts = text.split(":", 5)
    if len(parts) < 6:
        raise invalid(f"{param} Reason: An ARN must have at least 6 elements, not {len(text.split(':'))}")
    return parts


def parse_topic(arn: str | None, param: str = "TopicArn") -> tuple[str, str, str]:
    """(region, account, name) of a topic ARN as SNS parses it: any six-part ARN passes here;
    one naming no topic is simply not found later."""
    parts = split(arn, param)
    return parts[3], parts[4], parts[5]


def parse_subscription(arn: str | None) -> tuple[str, str, str, str] | None:
    """(region, account, topic name, id) of a subscription ARN; None when the ARN is well-formed
    but has no subscription id (a topic ARN). Malformed ARNs raise SNS's error."""
    parts = split(arn, "SubscriptionArn")
    region, account, rest = parts[3], parts[4], parts[5]
    topic, sep, sub_id = rest.rpartition(":")
    if not sep or not topic or not sub_id:
        return None
    return region, account, topic, sub_id


def parse_service_arn(arn: str, service: str) -> tuple[str, str, str] | None:
    """(region, account, resource) of an ARN of ``service`` with region and account set."""
    parts = arn.split(":", 5)
    if (len(parts) != 6 or parts[0] != "arn" or parts[2] != service or not parts[3]
            or len(parts[4]) != 12 or not parts[4].isdigit() or not parts[5]):
        return None
    return parts[3], parts[4], parts[5]


def parse_queue(arn: str) -> tuple[str, str, str] | None:
    """(region, account, queue name) of an SQS queue ARN."""
    parsed = parse_service_arn(arn, "sqs")
    if parsed is None or ":" in parsed[2] or "/" in parsed[2]:
        return None
    return parsed


def parse_function(arn: str) -> tuple[str, str, str] | None:
    """(region, account, function name with any qualifier) of a Lambda function ARN."""
    parsed = parse_service_arn(arn, "lambda")
    if parsed is None or not parsed[2].startswith("function:") or len(parsed[2]) <= len("function:"):
        return None
    return parsed[0], parsed[1], parsed[2][len("function:"):]


def account_of(arn: str) -> str | None:
    parts = arn.split(":", 5)
    return parts[4] if len(parts) == 6 else None
