"""IAM's own operations under authorization, and the simulator agreeing with live decisions."""
import json

import boto3
import pytest
from botocore.config import Config

from iam_support import ACCOUNT, arn, fails
from iamulator import mock_aws, set_initial_no_auth_action_count

SELF_SERVICE = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["iam:GetUser", "iam:ListAccessKeys", "iam:CreateAccessKey"],
     "Resource": "arn:aws:iam::*:user/${aws:username}"},
    {"Effect": "Allow", "Action": "iam:CreateUser", "Resource": f"arn:aws:iam::{ACCOUNT}:user/team/*"}]})


@pytest.fixture
def admin():
    with set_initial_no_auth_action_count(0), mock_aws():
        yield boto3.client("iam", region_name="us-east-1")


@pytest.fixture
def alice(admin):
    admin.create_user(UserName="alice")
    admin.create_user(UserName="bob")
    admin.put_user_policy(UserName="alice", PolicyName="self", PolicyDocument=SELF_SERVICE)
    key = admin.create_access_key(UserName="alice")["AccessKey"]
    return key, boto3.client("iam", region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                             aws_secret_access_key=key["SecretAccessKey"],
                             config=Config(retries={"max_attempts": 1}))


def test_a_user_manages_itself_only(alice):
    _, client = alice
    assert client.get_user()["User"]["Arn"] == arn("user", "alice")
    assert client.create_access_key()["AccessKey"]["UserName"] == "alice"
    assert fails(client.get_user, UserName="bob") == (
        "AccessDenied",
        f"User: {arn('user', 'alice')} is not authorized to perform: iam:GetUser on resource: {arn('user', 'bob')} "
        "because no identity-based policy allows the iam:GetUser action", 403)


def test_paths_in_iam_resource_arns(alice):
    _, client = alice
    assert client.create_user(UserName="carol", Path="/team/")["User"]["Arn"] == arn("user", "carol", "/team/")
    code, message, status = fails(client.create_user, UserName="dave")
    assert (code, status) == ("AccessDenied", 403)
    assert f"on resource: {arn('user', 'dave')} " in message


def test_an_inactive_key_stops_working(admin, alice):
    key, client = alice
    admin.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Inactive")
    assert fails(client.get_user) == ("InvalidClientTokenId", "The security token included in the request is invalid.",
                                      403)
    admin.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Active")
    assert client.get_user()["User"]["UserName"] == "alice"


def test_the_simulator_agrees_with_live_decisions(admin, alice):
    results = admin.simulate_principal_policy(
        PolicySourceArn=arn("user", "alice"), ActionNames=["iam:GetUser"],
        ResourceArns=[arn("user", "alice"), arn("user", "bob")])["EvaluationResults"][0]
    decisions = {r["EvalResourceName"]: r["EvalResourceDecision"] for r in results["ResourceSpecificResults"]}
    assert decisions == {arn("user", "alice"): "allowed", arn("user", "bob"): "implicitDeny"}
    assert results["EvalDecision"] == "implicitDeny"
