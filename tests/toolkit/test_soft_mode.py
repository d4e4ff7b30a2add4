"""Auth modes: mock_aws(auth=...) and IAMULATOR_AUTH (strict, soft, off), their precedence over
set_initial_no_auth_action_count and INITIAL_NO_AUTH_ACTION_COUNT, and soft mode's records."""
import boto3
import pytest
from botocore.exceptions import ClientError

import iamulator
from iamulator import mock_aws, set_initial_no_auth_action_count
from iamulator.authz.gate import GATE
from iamulator.mock import auth_override

from decision_log_helpers import REGION, allow, client, policy, queue_arn, user, user_arn


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    monkeypatch.delenv("IAMULATOR_AUTH", raising=False)
    monkeypatch.delenv("INITIAL_NO_AUTH_ACTION_COUNT", raising=False)


def _denied_or_not(key) -> bool:
    """Whether a user without sqs:CreateQueue is refused it."""
    try:
        client("sqs", key).create_queue(QueueName="jobs")
    except ClientError as err:
        assert err.response["Error"]["Code"] == "AccessDenied"
        return True
    return False


def test_soft_mode_lets_denied_requests_through_and_records_them():
    with mock_aws(auth="soft"):
        key = user("alice", policy(allow("sqs:ListQueues")))
        sqs = client("sqs", key)
        url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
        assert url.endswith("/jobs")
        sqs.list_queues()
        records = [r for r in iamulator.decisions() if r.service == "sqs"]
    assert [(r.action, r.result, r.enforced) for r in records] == [
        ("sqs:CreateQueue", "ImplicitlyDenied", False),
        ("sqs:ListQueues", "Allowed", True),
    ]
    assert records[0].message == (f"User: {user_arn('alice')} is not authorized to perform: "
                                  f"sqs:CreateQueue on resource: {queue_arn('jobs')} because no "
                                  "identity-based policy allows the sqs:CreateQueue action")
    assert records[0].as_dict()["enforced"] is False
    assert iamulator.decisions(denied_only=True) == [records[0]]


def test_soft_mode_lets_rejected_credentials_through_as_the_key_owner():
    with mock_aws(auth="soft"):
        key = user("bob")
        arn = client("sts", key, secret="wrong").get_caller_identity()["Arn"]
        assert arn == user_arn("bob")
        client("sqs", key, secret="wrong").list_queues()
        failures = [r for r in iamulator.decisions() if r.result == "AuthenticationFailed"]
        assert [(r.operation, r.enforced, r.principal) for r in failures] == [
            ("GetCallerIdentity", False, user_arn("bob")), ("ListQueues", False, user_arn("bob"))]
        # the request went on and was evaluated as bob's, softly
        last = iamulator.decisions()[-1]
        assert (last.action, last.result, last.enforced) == ("sqs:ListQueues", "ImplicitlyDenied", False)


def test_strict_checks_from_the_first_request_and_off_never():
    with mock_aws(auth="strict"):
        assert _denied_or_not(user("carol"))
        assert iamulator.decisions()[0].action == "iam:CreateUser"
    with mock_aws(auth="off"):
        assert not _denied_or_not(user("carol"))
        assert iamulator.decisions() == []


@pytest.mark.parametrize("mode, limit, soft", [("strict", 0, False), ("soft", 0, True),
                                               ("off", float("inf"), False)])
def test_the_environment_sets_the_mode(monkeypatch, mode, limit, soft):
    monkeypatch.setenv("IAMULATOR_AUTH", mode.upper())
    with mock_aws():
        assert (GATE.limit, GATE.soft) == (limit, soft)


def test_the_argument_wins_over_the_environment_and_the_environment_over_the_count(monkeypatch):
    monkeypatch.setenv("INITIAL_NO_AUTH_ACTION_COUNT", "5")
    with mock_aws():
        assert (GATE.limit, GATE.soft) == (5, False)
    monkeypatch.setenv("IAMULATOR_AUTH", "soft")
    with mock_aws():
        assert (GATE.limit, GATE.soft) == (0, True)
    with mock_aws(auth="strict"):
        assert (GATE.limit, GATE.soft) == (0, False)
        assert _denied_or_not(user("dave"))


def test_set_initial_no_auth_action_count_still_works_and_beats_the_environment(monkeypatch):
    monkeypatch.setenv("IAMULATOR_AUTH", "soft")
    with set_initial_no_auth_action_count(2), mock_aws():
        assert (GATE.limit, GATE.soft) == (2, False)
        key = user("erin")                      # two unchecked requests
        assert _denied_or_not(key)
        assert [r.action for r in iamulator.decisions()] == ["sqs:CreateQueue"]
    with mock_aws(auth="off"), set_initial_no_auth_action_count(0):
        assert (GATE.limit, GATE.soft) == (0, False)
    assert (GATE.limit, GATE.soft) == (float("inf"), False)


def test_a_nested_mock_with_auth_applies_it_until_it_stops():
    with mock_aws(auth="off"):
        key = user("frank")
        with mock_aws(auth="soft"):
            assert not _denied_or_not(key)
            assert iamulator.decisions()[-1].enforced is False
            with mock_aws(auth="strict"):
                assert _denied_or_not(key)
            assert GATE.soft
        assert (GATE.limit, GATE.soft) == (float("inf"), False)


def test_decorators_carry_the_mode():
    @mock_aws(auth="soft")
    def soft_run():
        return GATE.soft, GATE.limit

    assert soft_run() == (True, 0)

    @mock_aws(auth="strict")
    class Strict:
        def test_it(self):
            return GATE.soft, GATE.limit

    assert Strict().test_it() == (False, 0)


def test_auth_override_sets_mocks_started_inside_and_restores():
    before = (GATE.limit, GATE.count, GATE.soft)
    with auth_override("strict"):
        with mock_aws():
            assert (GATE.limit, GATE.soft) == (0, False)
        with mock_aws(auth="soft"):              # the mock's own argument still wins
            assert GATE.soft
    assert (GATE.limit, GATE.count, GATE.soft) == before


def test_bad_modes_are_refused(monkeypatch):
    with pytest.raises(ValueError, match="auth must be one of strict, soft, off, not 'loose'"):
        mock_aws(auth="loose")
    monkeypatch.setenv("IAMULATOR_AUTH", "sometimes")
    with pytest.raises(ValueError, match="IAMULATOR_AUTH must be one of"):
        mock_aws().start()
    from iamulator.server import inprocess

    assert not inprocess.is_active()
