"""Shared helpers of the STS tests (a module name of its own: test folders import by name)."""
import json

import boto3
from aws_errors import refusal as error  # noqa: F401  (this folder's tests import it from here)
from botocore.config import Config

ACCOUNT = "123456789012"
NO_RETRY = Config(retries={"max_attempts": 1})


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def client(service, key, region="us-east-1"):
    """A client acting with ``key`` (an access key dict, with its session token if any)."""
    return boto3.client(service, region_name=region, aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"],
                        aws_session_token=key.get("SessionToken"), config=NO_RETRY)


def make_user(iam, name="alice", policy=None, boundary=None):
    """A user with an inline ``policy`` and a ``boundary`` (both JSON, optional); its access key."""
    iam.create_user(UserName=name)
    if policy:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=policy)
    if boundary:
        arn = iam.create_policy(PolicyName=f"{name}-b", PolicyDocument=boundary)["Policy"]["Arn"]
        iam.put_user_permissions_boundary(UserName=name, PermissionsBoundary=arn)
    return iam.create_access_key(UserName=name)["AccessKey"]
