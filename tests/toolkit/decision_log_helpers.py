"""Shared by the decision-log, soft-mode, explain and plugin tests: policies and principals."""
from __future__ import annotations

import json

import boto3
import pytest
from botocore.config import Config

from iamulator import mock_aws

ACCOUNT = "123456789012"
REGION = "us-east-1"
NO_RETRY = Config(retries={"max_attempts": 1})
RECORD_KEYS = {"time", "request_id", "service", "operation", "region", "principal", "account",
               "action", "resource", "result", "enforced", "decided_by", "statements",
               "context_keys_used", "message"}


def policy(*statements) -> dict:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action, resource="*", **extra) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action, resource="*", **extra) -> dict:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def user(name: str, document=None) -> dict:
    """An IAM user with ``document`` as its inline policy, made by the default root through
    the API; returns its access key."""
    iam = boto3.client("iam", region_name=REGION)
    iam.create_user(UserName=name)
    if document is not None:
        iam.put_user_policy(UserName=name, PolicyName="inline", PolicyDocument=json.dumps(document))
    return iam.create_access_key(UserName=name)["AccessKey"]


def client(service: str, key: dict, secret: str | None = None):
    return boto3.client(service, region_name=REGION, aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=secret or key["SecretAccessKey"],
                        aws_session_token=key.get("SessionToken"), config=NO_RETRY)


def queue_arn(name: str) -> str:
    return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"


def user_arn(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:user/{name}"


@pytest.fixture
def strict():
    """A mock checking every request from the first one; yields the mock."""
    with mock_aws(auth="strict") as mock:
        yield mock
