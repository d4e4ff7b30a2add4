"""Parameter Store under authorization: parameter ARNs without the leading slash, path reads,
one check per name of GetParameters, tag conditions."""
import json

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from iamulator import mock_aws, set_initial_no_auth_action_count

from ssm_support import ACCOUNT, ARN_PREFIX, REGION

ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"


@pytest.fixture
def admin():
    with set_initial_no_auth_action_count(0), mock_aws():
        ssm = boto3.client("ssm", region_name=REGION)
        for name in ("/app/prod/url", "/app/prod/token", "/other/url"):
            ssm.put_parameter(Name=name, Value=f"value of {name}", Type="String")
        ssm.put_parameter(Name="/app/prod/secret", Value="s", Type="SecureString",
                          Tags=[{"Key": "team", "Value": "core"}])
        yield boto3.client("iam", region_name=REGION), ssm


def client_for(iam, statements: list):
    iam.create_user(UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="p",
                        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}))
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    return boto3.client("ssm", region_name=REGION, aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"], config=Config(retries={"max_attempts": 1}))


def denied(call, **kwargs):
    with pytest.raises(ClientError) as exc:
        call(**kwargs)
    e = exc.value.response
    return e["Error"]["Code"], e["Error"]["Message"], e["ResponseMetadata"]["HTTPStatusCode"]


def test_reads_under_a_prefix(admin):
    iam, _ = admin
    alice = client_for(iam, [{"Effect": "Allow", "Action": ["ssm:GetParameter", "ssm:GetParametersByPath"],
                              "Resource": f"{ARN_PREFIX}/app/*"}])
    assert alice.get_parameter(Name="/app/prod/url")["Parameter"]["Value"] == "value of /app/prod/url"
    assert alice.get_parameter(Name="/app/prod/url:1")["Parameter"]["Version"] == 1
    assert len(alice.get_parameters_by_path(Path="/app/prod")["Parameters"]) == 3
    code, message, status = denied(alice.get_parameter, Name="/other/url")
    assert (code, status) == ("AccessDeniedException", 400)
    assert message == (f"User: {ALICE} is not authorized to perform: ssm:GetParameter on resource: "
                       f"{ARN_PREFIX}/other/url because no identity-based policy allows the ssm:GetParameter action")


def test_get_parameters_checks_every_name(admin):
    iam, _ = admin
    alice = client_for(iam, [{"Effect": "Allow", "Action": "ssm:GetParameters", "Resource": f"{ARN_PREFIX}/app/*"}])
    assert len(alice.get_parameters(Names=["/app/prod/url", "/app/prod/token"])["Parameters"]) == 2
    code, message, _ = denied(alice.get_parameters, Names=["/app/prod/url", "/other/url"])
    assert code == "AccessDeniedException" and f"{ARN_PREFIX}/other/url" in message


def test_writes_and_tag_conditions(admin):
    iam, _ = admin
    alice = client_for(iam, [
        {"Effect": "Allow", "Action": "ssm:PutParameter", "Resource": f"{ARN_PREFIX}/app/*"},
        {"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "*",
         "Condition": {"StringEquals": {"aws:ResourceTag/team": "core"}}},
        {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}])
    assert alice.put_parameter(Name="/app/new", Value="v", Type="String")["Version"] == 1
    assert denied(alice.put_parameter, Name="/other/new", Value="v", Type="String")[0] == "AccessDeniedException"
    assert alice.get_parameter(Name="/app/prod/secret", WithDecryption=True)["Parameter"]["Value"] == "s"
    assert denied(alice.get_parameter, Name="/app/prod/url")[0] == "AccessDeniedException"
