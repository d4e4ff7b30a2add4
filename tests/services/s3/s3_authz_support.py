"""Checked S3 requests for the authorization tests: a mock whose every request is authorized,
an admin client acting as the account's root, and clients for users with exactly one policy."""
import contextlib

import boto3

from iamulator import mock_aws, set_initial_no_auth_action_count
from iamulator.testing import assert_allowed, assert_denied, make_principal

GUARDED = "guarded-bucket"

__all__ = ["GUARDED", "assert_allowed", "assert_denied", "checked_s3", "user_s3"]


@contextlib.contextmanager
def checked_s3():
    """The root's client on a mock that checks every request, with the bucket ``GUARDED``."""
    with set_initial_no_auth_action_count(0), mock_aws():
        admin = boto3.client("s3", region_name="us-east-1")
        admin.create_bucket(Bucket=GUARDED)
        yield admin


def user_s3(*statements):
    """An S3 client for a new user allowed exactly ``statements`` (Effect defaults to Allow)."""
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", **s} for s in statements]}
    return make_principal(policy).client("s3", region_name="us-east-1")
