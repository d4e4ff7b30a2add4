"""CloudWatch Logs under authorization: PutLogEvents on one stream's ARN, the log group's tags
as ``aws:ResourceTag`` (for the group and its streams), request tags and tag keys, and resource
policies deciding with the caller's policies. A denial is ``AccessDeniedException``, 400."""
import json
import time

import boto3
import pytest
from botocore.config import Config

from iamulator import mock_aws, set_initial_no_auth_action_count
from iamulator.accounts import root_access_key

from logs_support import ACCOUNT, REGION
from aws_errors import refusal

OTHER = "210987654321"
GROUP = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:"
NO_RETRY = Config(retries={"max_attempts": 1})


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def logs_client(key):
    return boto3.client("logs", region_name=REGION, aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"], config=NO_RETRY)


def logs_user(iam, name, *statements):
    """(ARN, Logs client) of a new user whose inline policy has ``statements`` (none: no policy)."""
    arn = iam.create_user(UserName=name)["User"]["Arn"]
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=policy(*statements))
    return arn, logs_client(iam.create_access_key(UserName=name)["AccessKey"])




def events(message="hello"):
    return [{"timestamp": int(time.time() * 1000), "message": message}]


@pytest.fixture
def owner():
    """(IAM client, Logs client) of the account's root; groups /app/web (tagged team=core, streams
    i-1 and i-2) and /app/db."""
    with set_initial_no_auth_action_count(0), mock_aws():
        root = root_access_key(ACCOUNT)
        logs = logs_client(root)
        logs.create_log_group(logGroupName="/app/web", tags={"team": "core"})
        logs.create_log_stream(logGroupName="/app/web", logStreamName="i-1")
        logs.create_log_stream(logGroupName="/app/web", logStreamName="i-2")
        logs.create_log_group(logGroupName="/app/db")
        logs.create_log_stream(logGroupName="/app/db", logStreamName="i-1")
        yield boto3.client("iam", region_name=REGION, aws_access_key_id=root["AccessKeyId"],
                           aws_secret_access_key=root["SecretAccessKey"]), logs


def test_put_log_events_on_one_stream_arn(owner):
    iam, _ = owner
    arn, logs = logs_user(iam, "writer", {"Effect": "Allow", "Action": "logs:PutLogEvents",
                                          "Resource": GROUP + "/app/web:log-stream:i-1"})
    logs.put_log_events(logGroupName="/app/web", logStreamName="i-1", logEvents=events())
    assert refusal(logs.put_log_events, logGroupName="/app/web", logStreamName="i-2", logEvents=events()) == (
        "AccessDeniedException", 400,
        f"User: {arn} is not authorized to perform: logs:PutLogEvents on resource: "
        f"{GROUP}/app/web:log-stream:i-2 because no identity-based policy allows the logs:PutLogEvents action")


def test_an_explicit_deny_on_one_group(owner):
    iam, _ = owner
    arn, logs = logs_user(iam, "ops", {"Effect": "Allow", "Action": "logs:*", "Resource": "*"},
                          {"Effect": "Deny", "Action": "logs:DeleteLogGroup", "Resource": GROUP + "/app/web"})
    assert refusal(logs.delete_log_group, logGroupName="/app/web") == (
        "AccessDeniedException", 400,
        f"User: {arn} is not authorized to perform: logs:DeleteLogGroup on resource: {GROUP}/app/web with an "
        "explicit deny in an identity-based policy")
    logs.delete_log_group(logGroupName="/app/db")


def test_group_tags_are_resource_tags_of_the_group_and_its_streams(owner):
    iam, _ = owner
    condition = {"StringEquals": {"aws:ResourceTag/team": "core"}}
    _, logs = logs_user(iam, "core", {"Effect": "Allow", "Action": ["logs:PutLogEvents", "logs:PutRetentionPolicy"],
                                      "Resource": "*", "Condition": condition})
    logs.put_log_events(logGroupName="/app/web", logStreamName="i-2", logEvents=events())
    logs.put_retention_policy(logGroupName="/app/web", retentionInDays=7)
    assert refusal(logs.put_log_events, logGroupName="/app/db", logStreamName="i-1", logEvents=events())[0] == \
        "AccessDeniedException"
    assert refusal(logs.put_retention_policy, logGroupName="/app/db", retentionInDays=7)[0] == "AccessDeniedException"


def test_request_tags_and_tag_keys(owner):
    iam, logs_admin = owner
    _, logs = logs_user(
        iam, "tagger",
        {"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:TagResource"], "Resource": "*",
         "Condition": {"StringEquals": {"aws:RequestTag/team": "core"},
                       "ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}},
        {"Effect": "Allow", "Action": ["logs:UntagResource", "logs:UntagLogGroup"], "Resource": "*",
         "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}})
    logs.create_log_group(logGroupName="/new/ok", tags={"team": "core"})
    assert refusal(logs.create_log_group, logGroupName="/new/ops", tags={"team": "ops"})[0] == "AccessDeniedException"
    assert refusal(logs.create_log_group, logGroupName="/new/extra",
                   tags={"team": "core", "cost": "1"})[0] == "AccessDeniedException"
    assert refusal(logs.create_log_group, logGroupName="/new/none")[0] == "AccessDeniedException"
    logs_admin.tag_resource(resourceArn=GROUP + "/new/ok", tags={"cost": "1"})
    assert refusal(logs.untag_resource, resourceArn=GROUP + "/new/ok", tagKeys=["cost"])[0] == "AccessDeniedException"
    assert refusal(logs.untag_log_group, logGroupName="/new/ok", tags=["cost"])[0] == "AccessDeniedException"
    logs.untag_resource(resourceArn=GROUP + "/new/ok", tagKeys=["team"])
    assert logs_admin.list_tags_for_resource(resourceArn=GROUP + "/new/ok")["tags"] == {"cost": "1"}


def test_a_resource_policy_grants_a_user_of_the_account_alone(owner):
    iam, logs_admin = owner
    arn, logs = logs_user(iam, "delivery")
    assert refusal(logs.put_log_events, logGroupName="/app/web", logStreamName="i-1", logEvents=events())[0] == \
        "AccessDeniedException"
    logs_admin.put_resource_policy(policyName="delivery", policyDocument=policy(
        {"Effect": "Allow", "Principal": {"AWS": arn}, "Action": "logs:PutLogEvents",
         "Resource": GROUP + "/app/web:*"}))
    logs.put_log_events(logGroupName="/app/web", logStreamName="i-1", logEvents=events())
    # The account-wide policy names /app/web only.
    assert refusal(logs.put_log_events, logGroupName="/app/db", logStreamName="i-1", logEvents=events())[0] == \
        "AccessDeniedException"


def test_a_deny_in_a_group_scoped_resource_policy_refuses_an_admin(owner):
    iam, logs_admin = owner
    arn, logs = logs_user(iam, "admin", {"Effect": "Allow", "Action": "logs:*", "Resource": "*"})
    logs_admin.put_resource_policy(policyName="lock", resourceArn=GROUP + "/app/web", policyDocument=policy(
        {"Effect": "Deny", "Principal": {"AWS": arn}, "Action": "logs:PutLogEvents", "Resource": "*"}))
    assert refusal(logs.put_log_events, logGroupName="/app/web", logStreamName="i-1", logEvents=events()) == (
        "AccessDeniedException", 400,
        f"User: {arn} is not authorized to perform: logs:PutLogEvents on resource: {GROUP}/app/web:log-stream:i-1 "
        "with an explicit deny in a resource-based policy")
    logs.put_log_events(logGroupName="/app/db", logStreamName="i-1", logEvents=events())


def test_another_account_needs_the_resource_policy_and_its_own_policy(owner):
    iam, logs_admin = owner
    other_iam = boto3.client("iam", region_name=REGION, **_keys(root_access_key(OTHER)))
    reader_arn, reader = logs_user(other_iam, "reader", {"Effect": "Allow", "Action": "logs:GetLogEvents",
                                                         "Resource": GROUP + "/app/web:*"})
    _, idle = logs_user(other_iam, "idle")
    read = {"logGroupIdentifier": GROUP + "/app/web", "logStreamName": "i-1"}
    code, status, message = refusal(reader.get_log_events, **read)
    assert (code, status) == ("AccessDeniedException", 400)
    assert message == (f"User: {reader_arn} is not authorized to perform: logs:GetLogEvents on resource: "
                       f"{GROUP}/app/web:log-stream:i-1 because no resource-based policy allows the "
                       "logs:GetLogEvents action")
    logs_admin.put_resource_policy(policyName="share", policyDocument=policy(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"}, "Action": "logs:GetLogEvents",
         "Resource": GROUP + "/app/web:*"}))
    assert refusal(idle.get_log_events, **read)[0] == "AccessDeniedException"
    # Authorized now; the backend does not serve other accounts' groups by ARN (cross-account
    # observability is not emulated), so the request goes through to its not-found answer.
    assert refusal(reader.get_log_events, **read)[:2] == ("ResourceNotFoundException", 400)


def _keys(key):
    return {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}
