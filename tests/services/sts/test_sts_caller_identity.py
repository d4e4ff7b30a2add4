"""GetCallerIdentity: the default root caller, and a principal's identity once authz sets one."""
from types import SimpleNamespace

import boto3
import pytest

from iamulator import mock_aws
from iamulator.services.base import Context
from iamulator.services.sts import Backend


@pytest.fixture
def sts():
    with mock_aws():
        yield boto3.client("sts", region_name="us-east-1")


def test_default_caller_is_the_root_of_the_default_account(sts):
    identity = sts.get_caller_identity()
    assert identity["Account"] == "123456789012"
    assert identity["Arn"] == "arn:aws:iam::123456789012:root"
    assert identity["UserId"] == "123456789012"
    assert identity["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_any_region_answers_the_same_account_wide_identity():
    with mock_aws():
        east = boto3.client("sts", region_name="us-east-1").get_caller_identity()
        west = boto3.client("sts", region_name="eu-west-3").get_caller_identity()
    assert (east["Account"], east["Arn"]) == (west["Account"], west["Arn"])


def test_backend_is_account_scoped():
    assert Backend.scope == "account"
    assert Backend.name == "sts"


def _ctx(principal=None, account="123456789012"):
    return Context(request=None, service="sts", operation="GetCallerIdentity", protocol="query",
                   account_id=account, region="us-east-1", store=None, principal=principal)


def test_a_known_principal_is_reported_as_itself():
    principal = SimpleNamespace(arn="arn:aws:iam::111122223333:user/alice", user_id="AIDAEXAMPLEALICE",
                                account_id="111122223333")
    backend = Backend("111122223333", "aws-global")
    assert backend.get_caller_identity(_ctx(principal, "111122223333"), {}) == {
        "UserId": "AIDAEXAMPLEALICE", "Account": "111122223333", "Arn": "arn:aws:iam::111122223333:user/alice"}


def test_a_principal_without_identity_attributes_falls_back_to_the_root():
    backend = Backend("123456789012", "aws-global")
    assert backend.get_caller_identity(_ctx(object()), {}) == {
        "UserId": "123456789012", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:root"}
