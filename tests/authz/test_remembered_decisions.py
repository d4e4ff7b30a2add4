"""Decisions reused for condition-free policies must follow every change of those policies.

With no conditions and no policy variables in play, authorization remembers a decision by
action, resource, principal and the policy objects; each test changes one input between two
identical calls and expects the second call to be decided anew.
"""
import json

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from iamulator import mock_aws, set_initial_no_auth_action_count
from iamulator.accounts import root_access_key

BUCKET_ARN = "arn:aws:s3:::data"


def _doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


ALLOW_GET = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": BUCKET_ARN + "/*"}
DENY_GET = {"Effect": "Deny", "Action": "s3:GetObject", "Resource": BUCKET_ARN + "/secret"}


@pytest.fixture
def world():
    with set_initial_no_auth_action_count(0), mock_aws():
        iam = boto3.client("iam", region_name="us-east-1")
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="data")
        s3.put_object(Bucket="data", Key="k", Body=b"v")
        s3.put_object(Bucket="data", Key="secret", Body=b"v")
        iam.create_user(UserName="ann")
        key = iam.create_access_key(UserName="ann")["AccessKey"]
        ann = boto3.client("s3", region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                           aws_secret_access_key=key["SecretAccessKey"],
                           config=Config(retries={"max_attempts": 1}))
        yield iam, s3, ann


def _get(client, key="k"):
    try:
        client.get_object(Bucket="data", Key=key)["Body"].read()
        return "allowed"
    except ClientError as err:
        return err.response["Error"]["Code"]


def test_inline_policy_added_changed_and_removed(world):
    iam, _, ann = world
    assert _get(ann) == "AccessDenied"
    iam.put_user_policy(UserName="ann", PolicyName="p", PolicyDocument=_doc(ALLOW_GET))
    assert _get(ann) == "allowed" and _get(ann) == "allowed"
    iam.put_user_policy(UserName="ann", PolicyName="p",
                        PolicyDocument=_doc({**ALLOW_GET, "Resource": BUCKET_ARN + "/other"}))
    assert _get(ann) == "AccessDenied"
    iam.put_user_policy(UserName="ann", PolicyName="p", PolicyDocument=_doc(ALLOW_GET))
    assert _get(ann) == "allowed"
    iam.delete_user_policy(UserName="ann", PolicyName="p")
    assert _get(ann) == "AccessDenied"


def test_managed_policy_versions_and_detach(world):
    iam, _, ann = world
    arn = iam.create_policy(PolicyName="m", PolicyDocument=_doc(ALLOW_GET))["Policy"]["Arn"]
    iam.attach_user_policy(UserName="ann", PolicyArn=arn)
    assert _get(ann) == "allowed" and _get(ann, "secret") == "allowed"
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=_doc(ALLOW_GET, DENY_GET), SetAsDefault=True)
    assert _get(ann) == "allowed" and _get(ann, "secret") == "AccessDenied"
    iam.set_default_policy_version(PolicyArn=arn, VersionId="v1")
    assert _get(ann, "secret") == "allowed"
    iam.detach_user_policy(UserName="ann", PolicyArn=arn)
    assert _get(ann) == "AccessDenied"


def test_group_membership(world):
    iam, _, ann = world
    iam.create_group(GroupName="readers")
    iam.put_group_policy(GroupName="readers", PolicyName="g", PolicyDocument=_doc(ALLOW_GET))
    assert _get(ann) == "AccessDenied"
    iam.add_user_to_group(GroupName="readers", UserName="ann")
    assert _get(ann) == "allowed"
    iam.remove_user_from_group(GroupName="readers", UserName="ann")
    assert _get(ann) == "AccessDenied"


def test_permissions_boundary(world):
    iam, _, ann = world
    iam.put_user_policy(UserName="ann", PolicyName="p", PolicyDocument=_doc(ALLOW_GET))
    assert _get(ann) == "allowed"
    arn = iam.create_policy(PolicyName="b", PolicyDocument=_doc(
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}))["Policy"]["Arn"]
    iam.put_user_permissions_boundary(UserName="ann", PermissionsBoundary=arn)
    assert _get(ann) == "AccessDenied"
    iam.delete_user_permissions_boundary(UserName="ann")
    assert _get(ann) == "allowed"


def test_bucket_policy_put_and_deleted(world):
    iam, s3, ann = world
    iam.put_user_policy(UserName="ann", PolicyName="p", PolicyDocument=_doc(ALLOW_GET))
    assert _get(ann) == "allowed"
    s3.put_bucket_policy(Bucket="data", Policy=_doc(
        {**DENY_GET, "Principal": "*", "Resource": BUCKET_ARN + "/k"}))
    assert _get(ann) == "AccessDenied"
    s3.delete_bucket_policy(Bucket="data")
    assert _get(ann) == "allowed"


def test_a_condition_in_play_is_evaluated_every_time(world):
    iam, _, ann = world
    iam.put_user_policy(UserName="ann", PolicyName="p", PolicyDocument=_doc(
        {**ALLOW_GET, "Condition": {"StringEquals": {"s3:ExistingObjectTag/team": "blue"}}}))
    root = root_access_key("123456789012")
    s3 = boto3.client("s3", region_name="us-east-1", aws_access_key_id=root["AccessKeyId"],
                      aws_secret_access_key=root["SecretAccessKey"])
    assert _get(ann) == "AccessDenied"
    s3.put_object(Bucket="data", Key="k", Body=b"v", Tagging="team=blue")
    assert _get(ann) == "allowed"
    s3.put_object(Bucket="data", Key="k", Body=b"v", Tagging="team=red")
    assert _get(ann) == "AccessDenied"


def test_the_same_denial_keeps_its_message(world):
    _, _, ann = world
    messages = set()
    for _ in range(3):
        with pytest.raises(ClientError) as err:
            ann.get_object(Bucket="data", Key="k")
        messages.add(err.value.response["Error"]["Message"])
    assert messages == {"User: arn:aws:iam::123456789012:user/ann is not authorized to perform: "
                        "s3:GetObject on resource: \"arn:aws:s3:::data/k\" because no identity-based "
                        "policy allows the s3:GetObject action"}
