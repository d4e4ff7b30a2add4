"""Topic access policies: the default one SNS writes, validation of one set by the owner, and
the lookup the authorizer uses to enforce them."""
from __future__ import annotations

import json

from iamulator.services.sns.arns import split
from iamulator.services.sns.errors import invalid

MAX_POLICY_BYTES = 30 * 1024

# The actions of the default policy, in the order SNS lists them.
DEFAULT_ACTIONS = (
    "SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
    "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish",
)


def default_policy(topic_arn: str, owner: str) -> str:
    """The policy SNS gives a new topic: every principal of the owner's account may use it."""
    document = {
        "Version": "2008-10-17",
        "Id": "__default_policy_ID",
        "Statement": [{
            "Sid": "__default_statement_ID",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": list(DEFAULT_ACTIONS),
            "Resource": topic_arn,
            "Condition": {"StringEquals": {"AWS:SourceOwner": owner}},
        }],
    }
    return json.dumps(document, separators=(",", ":"))


def validate(text: str) -> None:
    """Refuses a policy SNS would refuse, with SNS's messages (``InvalidParameter``)."""
    if len(text.encode("utf-8")) > MAX_POLICY_BYTES:
        raise invalid("Policy exceeds the maximum size of 30 KB.")
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise invalid("Policy Error: null")
    # Imported here: the policy language is only needed when an owner sets a policy.
    from iamulator.authz import PolicyError, compile_policy
    try:
        compile_policy(text, kind="resource")
    except PolicyError as err:
        raise invalid(f"Policy Error: {err.message}") from None
    statements = document.get("Statement")
    for statement in statements if isinstance(statements, list) else [statements]:
        actions = statement.get("Action", statement.get("NotAction", []))
        for action in [actions] if isinstance(actions, str) else actions:
            if action != "*" and not action.lower().startswith("sns:"):
                raise invalid("Policy statement action out of service scope!")


def resource_policy(ctx, resource_arn: str) -> tuple[str | None, str]:
    """The topic policy that governs ``resource_arn`` and the account that owns the topic.

    ``(None, account)`` when no such topic exists (the account taken from the ARN). For the
    authorizer: SNS evaluates a topic's policy for every action on it.
    """
    region, account, name = split(resource_arn, "ResourceArn")[3:6]
    store = getattr(ctx, "store", None)
    if store is None:
        return None, account
    backend = store.backend("sns", account, region)
    topic = backend.topics.get(resource_arn)
    if topic is None:
        return None, account
    return topic.policy, topic.account
