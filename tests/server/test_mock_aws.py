"""mock_aws as decorator, context manager and raw; nesting; interception; environment."""
import os
import subprocess
import sys
import textwrap
import unittest

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError

import iamulator
from iamulator import mock_aws, set_initial_no_auth_action_count
from iamulator.server import inprocess


def _bucket_names():
    return [b["Name"] for b in boto3.client("s3", region_name="us-east-1").list_buckets()["Buckets"]]


def test_bare_decorator_and_with_parentheses():
    @mock_aws
    def bare():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="bucket-one")
        return _bucket_names()

    @mock_aws()
    def called():
        return _bucket_names()

    assert bare() == ["bucket-one"]
    assert called() == []           # each outermost start begins from empty state
    assert bare.__name__ == "bare"
    assert not inprocess.is_active()


def test_context_manager_and_raw_start_stop():
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="ctx")
        assert _bucket_names() == ["ctx"]
    m = mock_aws()
    m.start()
    try:
        assert _bucket_names() == []
    finally:
        m.stop()
    with pytest.raises(RuntimeError):
        m.stop()


def test_nested_mocks_share_state_and_only_outermost_resets():
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="outer")
        with mock_aws():
            assert _bucket_names() == ["outer"]
            boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="inner")
        assert inprocess.is_active()
        assert sorted(_bucket_names()) == ["inner", "outer"]
    assert not inprocess.is_active()


def test_decorated_method():
    class Thing:
        @mock_aws
        def make(self, name):
            boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=name)
            return _bucket_names()

    assert Thing().make("meth") == ["meth"]


@mock_aws
class DecoratedTestCase(unittest.TestCase):
    def setUp(self):
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="from-setup")

    def test_state_from_setup_is_visible(self):
        assert _bucket_names() == ["from-setup"]

    def test_each_test_starts_clean(self):
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="extra")
        assert sorted(_bucket_names()) == ["extra", "from-setup"]


@mock_aws
class DecoratedSetUpClass(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="class-level")

    def test_class_state_survives_into_tests(self):
        assert _bucket_names() == ["class-level"]


@mock_aws
class TestPytestStyleClass:
    def setup_method(self, method):
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="pytest-setup")

    def test_sees_setup_state(self):
        assert _bucket_names() == ["pytest-setup"]


@mock_aws
class TestPlainClass:
    def test_methods_are_wrapped(self):
        assert inprocess.is_active()


def test_per_service_aliases_exist_for_shipped_services():
    for name in ("s3", "ec2", "sqs", "dynamodb", "sts"):
        assert getattr(iamulator, f"mock_{name}") is mock_aws
    with pytest.raises(AttributeError):
        iamulator.mock_not_a_service


def test_client_created_before_mock_started_is_intercepted():
    client = boto3.client("s3", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y")
    with mock_aws():
        client.create_bucket(Bucket="early")
        assert [b["Name"] for b in client.list_buckets()["Buckets"]] == ["early"]


def test_client_created_before_iamulator_was_imported_is_intercepted():
    code = textwrap.dedent("""
        import boto3
        s3 = boto3.client("s3", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y")
        from iamulator import mock_aws
        with mock_aws():
            s3.create_bucket(Bucket="before-import")
            print([b["Name"] for b in s3.list_buckets()["Buckets"]])
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['before-import']"


def test_fake_credentials_in_environment_while_active(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "real-looking")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "real-token")
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    with mock_aws():
        assert os.environ["AWS_ACCESS_KEY_ID"] == iamulator.settings.DEFAULT_ACCESS_KEY_ID
        assert os.environ["AWS_SECRET_ACCESS_KEY"] == iamulator.settings.DEFAULT_SECRET_ACCESS_KEY
        assert "AWS_SESSION_TOKEN" not in os.environ
        assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
    assert os.environ["AWS_ACCESS_KEY_ID"] == "real-looking"
    assert os.environ["AWS_SESSION_TOKEN"] == "real-token"
    assert "AWS_DEFAULT_REGION" not in os.environ


def test_unimplemented_operation_is_a_clear_501_and_never_a_network_call():
    with mock_aws():
        r53 = boto3.client("route53", region_name="us-east-1")
        with pytest.raises(ClientError) as exc:
            r53.list_hosted_zones()
    err = exc.value.response
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert err["Error"]["Code"] == "NotImplemented"
    assert "ListHostedZones" in err["Error"]["Message"] and "route53" in err["Error"]["Message"]


def test_requests_to_aws_hosts_are_served_by_the_mock():
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="presigned")
        s3.put_object(Bucket="presigned", Key="k.txt", Body=b"via requests")
        url = s3.generate_presigned_url("get_object", Params={"Bucket": "presigned", "Key": "k.txt"})
        r = requests.get(url)
        assert r.status_code == 200 and r.content == b"via requests"
        missing = requests.get(s3.generate_presigned_url("get_object", Params={"Bucket": "presigned", "Key": "nope"}))
        assert missing.status_code == 404 and b"NoSuchKey" in missing.content


def test_nothing_is_intercepted_after_stop():
    with mock_aws():
        pass
    client = boto3.client("s3", region_name="us-east-1", endpoint_url="http://127.0.0.1:9",
                          aws_access_key_id="x", aws_secret_access_key="y",
                          config=Config(retries={"max_attempts": 1}, connect_timeout=1))
    with pytest.raises(EndpointConnectionError):
        client.list_buckets()


def test_initial_no_auth_action_count_counts_requests():
    with set_initial_no_auth_action_count(2), mock_aws():
        # Made-up credentials pass while unchecked, as the default root user of the account.
        s3 = boto3.client("s3", region_name="us-east-1", aws_access_key_id="testing",
                          aws_secret_access_key="testing")
        s3.list_buckets()
        s3.list_buckets()
        with pytest.raises(ClientError) as err:   # the third request is authenticated
            s3.list_buckets()
        assert err.value.response["Error"]["Code"] == "InvalidAccessKeyId"
        assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
        # The mock's default credentials are the account's root user: allowed everything.
        assert boto3.client("s3", region_name="us-east-1").list_buckets()["Buckets"] == []
    with mock_aws():                        # the previous setting (never checked) is restored
        for _ in range(5):
            boto3.client("s3", region_name="us-east-1", aws_access_key_id="testing",
                         aws_secret_access_key="testing").list_buckets()


def test_initial_no_auth_action_count_from_environment(monkeypatch):
    monkeypatch.setenv("INITIAL_NO_AUTH_ACTION_COUNT", "1")
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1", aws_access_key_id="testing",
                          aws_secret_access_key="testing")
        s3.list_buckets()
        with pytest.raises(ClientError) as err:
            s3.list_buckets()
        assert err.value.response["Error"]["Code"] == "InvalidAccessKeyId"


def test_root_access_key_of_another_account_acts_there():
    from iamulator.accounts import root_access_key

    with pytest.raises(ValueError):
        root_access_key("12345")
    with set_initial_no_auth_action_count(0), mock_aws():
        key = root_access_key("210987654321")
        sts = boto3.client("sts", region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                           aws_secret_access_key=key["SecretAccessKey"])
        assert sts.get_caller_identity()["Arn"] == "arn:aws:iam::210987654321:root"
