"""The decision log: one record per authorization check of a checked request, in the shared
record shape, bounded, thread-safe, cheap to write, cleared by the outermost mock."""
import json
import re
import threading

import boto3
import pytest
from botocore.exceptions import ClientError

import iamulator
from iamulator import mock_aws, set_initial_no_auth_action_count
from iamulator import settings
from iamulator.authz import decision_log
from iamulator.authz.decision_log import LOG, DecisionLog

from decision_log_helpers import (ACCOUNT, RECORD_KEYS, REGION, allow, client, deny, policy,
                                  queue_arn, strict, user, user_arn)  # noqa: F401 (strict: a fixture)


def test_allowed_and_denied_records_have_the_shared_shape(strict):
    key = user("alice", policy(allow("sqs:ListQueues", Sid="List")))
    sqs = client("sqs", key)
    sqs.list_queues()
    with pytest.raises(ClientError):
        sqs.create_queue(QueueName="jobs")
    records = iamulator.decisions()
    assert [r.action for r in records] == ["iam:CreateUser", "iam:PutUserPolicy",
                                           "iam:CreateAccessKey", "sqs:ListQueues",
                                           "sqs:CreateQueue"]
    listed, created = (r.as_dict() for r in records[-2:])
    assert set(listed) == RECORD_KEYS
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", listed["time"])
    assert {k: v for k, v in listed.items() if k not in ("time", "request_id")} == {
        "service": "sqs", "operation": "ListQueues", "region": REGION,
        "principal": user_arn("alice"), "account": ACCOUNT, "action": "sqs:ListQueues",
        "resource": "*", "result": "Allowed", "enforced": True, "decided_by": "identity",
        "statements": [{"policy_type": "identity", "policy_name": "inline", "sid": "List",
                        "index": 0, "effect": "Allow"}],
        "context_keys_used": {}, "message": None,
    }
    assert {k: v for k, v in created.items() if k not in ("time", "request_id")} == {
        "service": "sqs", "operation": "CreateQueue", "region": REGION,
        "principal": user_arn("alice"), "account": ACCOUNT, "action": "sqs:CreateQueue",
        "resource": queue_arn("jobs"), "result": "ImplicitlyDenied", "enforced": True,
        "decided_by": "identity", "statements": [], "context_keys_used": {},
        "message": f"User: {user_arn('alice')} is not authorized to perform: sqs:CreateQueue on "
                   f"resource: {queue_arn('jobs')} because no identity-based policy allows the "
                   "sqs:CreateQueue action",
    }
    assert listed["request_id"] != created["request_id"]
    json.dumps([r.as_dict() for r in records])      # JSON-ready


def test_root_records_name_the_root_and_no_statement(strict):
    boto3.client("sqs", region_name=REGION).create_queue(QueueName="jobs")
    (record,) = iamulator.decisions()
    assert (record.principal, record.result, record.decided_by, record.statements) == (
        f"arn:aws:iam::{ACCOUNT}:root", "Allowed", "identity", ())
    assert record.resource == queue_arn("jobs")


def test_explicit_deny_names_the_statement_and_the_policy_type(strict):
    key = user("bob", policy(allow("sqs:*"), deny("sqs:DeleteQueue", Sid="KeepQueues")))
    sqs = client("sqs", key)
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    with pytest.raises(ClientError) as info:
        sqs.delete_queue(QueueUrl=url)
    record = iamulator.decisions(denied_only=True)[-1]
    assert record.as_dict()["statements"] == [
        {"policy_type": "identity", "policy_name": "inline", "sid": "KeepQueues", "index": 1,
         "effect": "Deny"}]
    assert (record.result, record.decided_by) == ("ExplicitlyDenied", "identity")
    assert record.message == (f"User: {user_arn('bob')} is not authorized to perform: "
                              f"sqs:DeleteQueue on resource: {queue_arn('jobs')} with an explicit "
                              "deny in an identity-based policy")
    # SQS spells the action in lower case on the wire; the record keeps the evaluator's case
    assert info.value.response["Error"]["Message"] == record.message.replace(
        "sqs:DeleteQueue", "sqs:deletequeue")


def test_context_keys_used_are_those_the_deciding_statement_reads(strict):
    key = user("carol", policy(allow("sqs:ListQueues", Condition={
        "IpAddress": {"aws:SourceIp": "127.0.0.0/8"},
        "StringEquals": {"aws:RequestedRegion": REGION}})))
    client("sqs", key).list_queues()
    record = iamulator.decisions()[-1]
    assert record.context_keys_used == {"aws:SourceIp": ["127.0.0.1"],
                                        "aws:RequestedRegion": [REGION]}


def test_a_request_with_two_checks_makes_two_records_sharing_a_request_id(strict):
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="bucket-one")
    s3.put_object(Bucket="bucket-one", Key="a", Body=b"x")
    s3.copy_object(Bucket="bucket-one", Key="b", CopySource="bucket-one/a")
    records = iamulator.decisions()
    assert [(r.operation, r.action, r.resource) for r in records] == [
        ("CreateBucket", "s3:CreateBucket", "arn:aws:s3:::bucket-one"),
        ("PutObject", "s3:PutObject", "arn:aws:s3:::bucket-one/a"),
        ("CopyObject", "s3:GetObject", "arn:aws:s3:::bucket-one/a"),
        ("CopyObject", "s3:PutObject", "arn:aws:s3:::bucket-one/b"),
    ]
    ids = [r.request_id for r in records]
    assert ids[2] == ids[3] and len(set(ids)) == 3


def test_a_denied_first_check_leaves_no_record_for_the_unevaluated_second(strict):
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="bucket-one")
    s3.put_object(Bucket="bucket-one", Key="a", Body=b"x")
    key = user("dave", policy(allow("s3:PutObject", "arn:aws:s3:::bucket-one/*")))
    with pytest.raises(ClientError):
        client("s3", key).copy_object(Bucket="bucket-one", Key="b", CopySource="bucket-one/a")
    last = [r for r in iamulator.decisions() if r.operation == "CopyObject"]
    assert [(r.action, r.result) for r in last] == [("s3:GetObject", "ImplicitlyDenied")]


def test_rejected_credentials_are_recorded(strict):
    key = user("erin", policy(allow("sqs:ListQueues")))
    with pytest.raises(ClientError) as info:
        client("sqs", key, secret="not-the-secret").list_queues()
    record = iamulator.decisions()[-1]
    assert record.as_dict() | {"time": None, "request_id": None} == {
        "time": None, "request_id": None, "service": "sqs", "operation": "ListQueues",
        "region": REGION, "principal": user_arn("erin"), "account": ACCOUNT,
        "action": "sqs:ListQueues", "resource": None, "result": "AuthenticationFailed",
        "enforced": True, "decided_by": None, "statements": [], "context_keys_used": {},
        "message": info.value.response["Error"]["Message"],
    }
    assert record.error_code == info.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    assert record in iamulator.decisions(denied_only=True)


def test_an_unknown_access_key_is_recorded_without_a_principal(strict):
    with pytest.raises(ClientError):
        client("sqs", {"AccessKeyId": "AKIAUNKNOWNKEY000000", "SecretAccessKey": "x"}).list_queues()
    record = iamulator.decisions()[-1]
    assert (record.result, record.principal, record.account, record.error_code) == (
        "AuthenticationFailed", None, None, "InvalidClientTokenId")


def test_unchecked_requests_are_not_recorded():
    with set_initial_no_auth_action_count(2), mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        for name in ("one", "two", "three"):
            sqs.create_queue(QueueName=name)
        assert [r.resource for r in iamulator.decisions()] == [queue_arn("three")]
    with mock_aws(auth="off"):
        boto3.client("sqs", region_name=REGION).list_queues()
        assert iamulator.decisions() == []


def test_the_outermost_mock_clears_the_log_and_nested_ones_keep_it():
    with mock_aws(auth="strict") as outer:
        boto3.client("sqs", region_name=REGION).list_queues()
        with mock_aws():
            assert len(iamulator.decisions()) == 1
        assert len(outer.decisions()) == 1
    assert len(iamulator.decisions()) == 1      # still readable after the mock stops
    with mock_aws(auth="strict"):
        assert iamulator.decisions() == []


def test_mock_decisions_clear_and_denied_only(strict):
    key = user("frank")
    with pytest.raises(ClientError):
        client("sqs", key).list_queues()
    assert strict.decisions() == iamulator.decisions()
    assert [r.action for r in strict.decisions(denied_only=True)] == ["sqs:ListQueues"]
    iamulator.clear_decisions()
    assert iamulator.decisions() == [] and LOG.as_dicts() == []


def test_save_decisions_writes_the_log_document(strict, tmp_path):
    boto3.client("sqs", region_name=REGION).list_queues()
    path = iamulator.save_decisions(tmp_path / "decisions.json")
    saved = json.loads((tmp_path / "decisions.json").read_text())
    assert path == str(tmp_path / "decisions.json")
    assert saved == {"decisions": LOG.as_dicts()}
    assert saved["decisions"][0]["action"] == "sqs:ListQueues"


def test_the_log_keeps_the_newest_records_up_to_its_size(strict, monkeypatch):
    small = DecisionLog(3)
    monkeypatch.setattr(decision_log, "LOG", small)
    sqs = boto3.client("sqs", region_name=REGION)
    for name in ("q1", "q2", "q3", "q4", "q5"):
        sqs.create_queue(QueueName=name)
    assert [r.resource for r in iamulator.decisions()] == [queue_arn(n) for n in ("q3", "q4", "q5")]
    small.resize(0)
    sqs.create_queue(QueueName="q6")
    assert iamulator.decisions() == []


def test_the_size_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("IAMULATOR_DECISION_LOG_SIZE", raising=False)
    assert settings.decision_log_size() == 10_000
    monkeypatch.setenv("IAMULATOR_DECISION_LOG_SIZE", "25")
    assert settings.decision_log_size() == 25
    for bad in ("-1", "many"):
        monkeypatch.setenv("IAMULATOR_DECISION_LOG_SIZE", bad)
        with pytest.raises(ValueError, match="IAMULATOR_DECISION_LOG_SIZE"):
            settings.decision_log_size()
    with pytest.raises(ValueError):
        DecisionLog(-5)


def test_concurrent_requests_are_all_recorded(strict):
    errors = []

    def work(n):
        try:
            sqs = boto3.session.Session().client("sqs", region_name=REGION)
            for i in range(10):
                sqs.create_queue(QueueName=f"q-{n}-{i}")
        except Exception as exc:      # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    records = iamulator.decisions()
    assert len(records) == 40
    assert len({r.request_id for r in records}) == 40
    assert {r.resource for r in records} == {queue_arn(f"q-{n}-{i}") for n in range(4) for i in range(10)}
