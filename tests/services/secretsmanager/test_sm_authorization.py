"""Secrets Manager under authorization: checks are made on the secret's full ARN (with its random
suffix) even when the request names the secret by name."""
import json

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from iamulator import mock_aws, set_initial_no_auth_action_count

from sm_support import ACCOUNT, ARN_PREFIX, REGION

ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"


@pytest.fixture
def admin():
    with set_initial_no_auth_action_count(0), mock_aws():
        yield boto3.client("iam", region_name=REGION), boto3.client("secretsmanager", region_name=REGION)


def client_for(iam, user: str, statements: list):
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="p",
                        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    return boto3.client("secretsmanager", region_name=REGION, aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"], config=Config(retries={"max_attempts": 1}))


def denied(call, **kwargs):
    with pytest.raises(ClientError) as exc:
        call(**kwargs)
    e = exc.value.response
    return e["Error"]["Code"], e["Error"]["Message"], e["ResponseMetadata"]["HTTPStatusCode"]


def test_read_access_to_one_prefix(admin):
    iam, sm = admin
    app_arn = sm.create_secret(Name="app/db", SecretString="app secret")["ARN"]
    other_arn = sm.create_secret(Name="other/db", SecretString="other secret")["ARN"]
    alice = client_for(iam, "alice", [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                                       "Resource": f"{ARN_PREFIX}app/*"}])
    assert alice.get_secret_value(SecretId="app/db")["SecretString"] == "app secret"
    assert alice.get_secret_value(SecretId=app_arn)["SecretString"] == "app secret"
    code, message, status = denied(alice.get_secret_value, SecretId="other/db")
    assert (code, status) == ("AccessDeniedException", 400)
    assert message == (f"User: {ALICE} is not authorized to perform: secretsmanager:GetSecretValue on resource: "
                       f"{other_arn} because no identity-based policy allows the secretsmanager:GetSecretValue action")
    code, message, _ = denied(alice.describe_secret, SecretId="app/db")
    assert code == "AccessDeniedException" and "secretsmanager:DescribeSecret" in message


def test_a_policy_naming_the_exact_arn_with_its_suffix(admin):
    iam, sm = admin
    arn = sm.create_secret(Name="exact", SecretString="x")["ARN"]
    alice = client_for(iam, "alice", [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                                       "Resource": arn}])
    assert alice.get_secret_value(SecretId="exact")["SecretString"] == "x"


def test_tag_based_access(admin):
    iam, sm = admin
    sm.create_secret(Name="tagged", SecretString="x", Tags=[{"Key": "team", "Value": "core"}])
    sm.create_secret(Name="untagged", SecretString="y")
    alice = client_for(iam, "alice", [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                                       "Resource": "*",
                                       "Condition": {"StringEquals": {"aws:ResourceTag/team": "core"}}}])
    assert alice.get_secret_value(SecretId="tagged")["SecretString"] == "x"
    assert denied(alice.get_secret_value, SecretId="untagged")[0] == "AccessDeniedException"


def test_creating_needs_create_secret_on_the_name(admin):
    iam, _ = admin
    alice = client_for(iam, "alice", [{"Effect": "Allow", "Action": "secretsmanager:CreateSecret",
                                       "Resource": f"{ARN_PREFIX}team/*"}])
    assert alice.create_secret(Name="team/token", SecretString="t")["Name"] == "team/token"
    assert denied(alice.create_secret, Name="elsewhere", SecretString="t")[0] == "AccessDeniedException"


def test_batch_get_needs_get_secret_value_on_each_secret(admin):
    iam, sm = admin
    sm.create_secret(Name="app/a", SecretString="a")
    sm.create_secret(Name="other/b", SecretString="b")
    alice = client_for(iam, "alice", [
        {"Effect": "Allow", "Action": "secretsmanager:BatchGetSecretValue", "Resource": "*"},
        {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": f"{ARN_PREFIX}app/*"}])
    assert [v["Name"] for v in alice.batch_get_secret_value(SecretIdList=["app/a"])["SecretValues"]] == ["app/a"]
    code, message, _ = denied(alice.batch_get_secret_value, SecretIdList=["app/a", "other/b"])
    assert code == "AccessDeniedException" and "secretsmanager:GetSecretValue" in message
