"""iamulator.explain(): the readable trace of a recorded decision, by default the last denied one."""
import boto3
import pytest
from botocore.exceptions import ClientError

import iamulator

from decision_log_helpers import (REGION, allow, client, deny, policy, queue_arn,  # noqa: F401
                                  strict, user, user_arn)


def test_explain_defaults_to_the_last_denied_decision(strict):
    key = user("alice", policy(allow("sqs:ListQueues", Sid="ListOnly")))
    sqs = client("sqs", key)
    for name in ("first", "second"):
        with pytest.raises(ClientError):
            sqs.create_queue(QueueName=name)
    sqs.list_queues()
    text = iamulator.explain()
    lines = text.splitlines()
    assert lines[0] == f"Request: sqs:CreateQueue on {queue_arn('second')} by {user_arn('alice')} (user)"
    assert "identity-based policy 'inline':" in lines
    assert "  [0] Sid=ListOnly Allow: skipped - Action does not cover sqs:CreateQueue" in lines
    assert ("Decision: ImplicitlyDenied (decided by identity-based policy) - no identity-based "
            "policy allows the action") in lines
    record = iamulator.decisions(denied_only=True)[-1]
    assert lines[-1] == f"Message: {record.message}"
    assert record.explain() == text == iamulator.explain(record)


def test_explain_of_an_allowed_record_shows_the_granting_statement(strict):
    key = user("bob", policy(allow("sqs:ListQueues", Condition={"Bool": {"aws:SecureTransport": "true"}})))
    client("sqs", key).list_queues()
    record = iamulator.decisions()[-1]
    text = iamulator.explain(record)
    assert "      condition Bool aws:SecureTransport ['true'] vs context ['true'] -> true" in text.splitlines()
    assert "Decision: Allowed (decided by identity-based policy) - identity-based policy allows" in text
    assert "Message:" not in text


def test_explain_names_the_denying_statement(strict):
    key = user("carol", policy(allow("sqs:*"), deny("sqs:DeleteQueue", Sid="Keep")))
    sqs = client("sqs", key)
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    with pytest.raises(ClientError):
        sqs.delete_queue(QueueUrl=url)
    text = iamulator.explain()
    assert "  denied by <Deny identity 'inline' statement 1 Sid='Keep'>" in text.splitlines()
    assert text.splitlines()[-1].endswith("with an explicit deny in an identity-based policy")


def test_explain_of_rejected_credentials(strict):
    key = user("dave")
    with pytest.raises(ClientError) as info:
        client("sqs", key, secret="wrong").list_queues()
    assert iamulator.explain().splitlines() == [
        f"Request: sqs:ListQueues on * by {user_arn('dave')}",
        "Decision: AuthenticationFailed - the credentials were rejected before any policy was "
        "evaluated (SignatureDoesNotMatch).",
        f"Message: {info.value.response['Error']['Message']}",
    ]


def test_explain_without_a_denial_raises_lookup_error(strict):
    boto3.client("sqs", region_name=REGION).list_queues()
    with pytest.raises(LookupError, match="no denied decision is recorded"):
        iamulator.explain()
    iamulator.clear_decisions()
    with pytest.raises(LookupError):
        iamulator.explain()


def test_explain_refuses_a_saved_record_dict(strict):
    boto3.client("sqs", region_name=REGION).list_queues()
    with pytest.raises(TypeError, match="takes a DecisionRecord"):
        iamulator.explain(iamulator.decisions()[0].as_dict())


def test_every_access_denied_carries_the_decisions_message(strict):
    key = user("erin")
    with pytest.raises(ClientError) as info:
        client("dynamodb", key).list_tables()
    record = iamulator.decisions(denied_only=True)[-1]
    assert info.value.response["Error"]["Code"] == "AccessDeniedException"
    assert info.value.response["Error"]["Message"] == record.message == (
        f"User: {user_arn('erin')} is not authorized to perform: dynamodb:ListTables because no "
        "identity-based policy allows the dynamodb:ListTables action")
