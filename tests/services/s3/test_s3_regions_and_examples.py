"""Buckets are global: any regional client reaches any bucket. Moto's README S3 examples run."""
import unittest

import boto3
import pytest
from s3_support import raises

from iamulator import mock_aws


def test_bucket_in_one_region_served_to_clients_of_every_region(aws):
    boto3.client("s3", region_name="eu-west-1").create_bucket(
        Bucket="euro-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    boto3.client("s3", region_name="us-east-1").put_object(Bucket="euro-bucket", Key="k", Body=b"from virginia")
    tokyo = boto3.client("s3", region_name="ap-northeast-1")
    assert tokyo.get_object(Bucket="euro-bucket", Key="k")["Body"].read() == b"from virginia"
    assert [o["Key"] for o in tokyo.list_objects_v2(Bucket="euro-bucket")["Contents"]] == ["k"]
    assert tokyo.head_bucket(Bucket="euro-bucket")["BucketRegion"] == "eu-west-1"


@pytest.mark.parametrize("style", ["virtual", "path"])
def test_addressing_styles_reach_the_same_objects(aws, style):
    from botocore.config import Config

    writer = boto3.client("s3", region_name="us-west-2", config=Config(s3={"addressing_style": style}))
    writer.create_bucket(Bucket="styled", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    writer.put_object(Bucket="styled", Key="dir/file.txt", Body=b"styled")
    other = "path" if style == "virtual" else "virtual"
    reader = boto3.client("s3", region_name="us-west-2", config=Config(s3={"addressing_style": other}))
    assert reader.get_object(Bucket="styled", Key="dir/file.txt")["Body"].read() == b"styled"
    assert reader.head_object(Bucket="styled", Key="dir/file.txt")["ContentLength"] == 6
    assert reader.get_bucket_location(Bucket="styled")["LocationConstraint"] == "us-west-2"
    reader.delete_object(Bucket="styled", Key="dir/file.txt")
    writer.delete_bucket(Bucket="styled")


def test_dotted_bucket_names_use_path_style(s3):
    s3.create_bucket(Bucket="with.dots.in.name")
    s3.put_object(Bucket="with.dots.in.name", Key="k", Body=b"dots")
    assert s3.get_object(Bucket="with.dots.in.name", Key="k")["Body"].read() == b"dots"


def test_china_partition_has_its_own_namespace(aws):
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="shared-name")
    china = boto3.client("s3", region_name="cn-north-1")
    china.create_bucket(Bucket="shared-name", CreateBucketConfiguration={"LocationConstraint": "cn-north-1"})
    assert china.head_bucket(Bucket="shared-name")["BucketRegion"] == "cn-north-1"
    assert [b["Name"] for b in china.list_buckets()["Buckets"]] == ["shared-name"]


def test_us_east_1_endpoint_cannot_create_in_another_partition(s3):
    with raises("IllegalLocationConstraintException", 400):
        s3.create_bucket(Bucket="cross-partition", CreateBucketConfiguration={"LocationConstraint": "cn-north-1"})


# -- Moto's README, with only the import changed ------------------------------------------------

class MyModel:
    def __init__(self, name, value):
        self.name = name
        self.value = value

    def save(self):
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.put_object(Bucket="mybucket", Key=self.name, Body=self.value)


@mock_aws
def test_my_model_save():
    conn = boto3.resource("s3", region_name="us-east-1")
    # We need to create the bucket since this is all in the emulator's 'virtual' AWS account
    conn.create_bucket(Bucket="mybucket")
    model_instance = MyModel("steve", "is awesome")
    model_instance.save()
    body = conn.Object("mybucket", "steve").get()["Body"].read().decode("utf-8")
    assert body == "is awesome"


def test_my_model_save_raw_use():
    mock = mock_aws()
    mock.start()
    try:
        conn = boto3.resource("s3", region_name="us-east-1")
        conn.create_bucket(Bucket="mybucket")
        MyModel("steve", "is awesome").save()
        assert conn.Object("mybucket", "steve").get()["Body"].read().decode() == "is awesome"
    finally:
        mock.stop()


def func_to_test(bucket_name, key, content):
    s3 = boto3.resource("s3")
    object = s3.Object(bucket_name, key)
    object.put(Body=content)


class MyTest(unittest.TestCase):
    """The README's unittest example: a default-region resource creates an af-south-1 bucket."""

    __test__ = False       # run by test_readme_unittest_example_runs, with the region it expects
    mock_s3 = mock_aws()
    bucket_name = "test-bucket"

    def setUp(self):
        self.mock_s3.start()
        s3 = boto3.resource("s3")
        bucket = s3.Bucket(self.bucket_name)
        bucket.create(CreateBucketConfiguration={"LocationConstraint": "af-south-1"})

    def tearDown(self):
        self.mock_s3.stop()

    def test(self):
        content = b"abc"
        key = "/path/to/obj"
        func_to_test(self.bucket_name, key, content)
        s3 = boto3.resource("s3")
        object = s3.Object(self.bucket_name, key)
        actual = object.get()["Body"].read()
        self.assertEqual(actual, content)


@pytest.fixture
def default_region_unset(monkeypatch):
    # The README example relies on the mock's default region, not the developer's.
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)


def test_readme_unittest_example_runs(default_region_unset):
    result = unittest.TextTestRunner(stream=open("/dev/null", "w")).run(
        unittest.defaultTestLoader.loadTestsFromTestCase(MyTest))
    assert result.wasSuccessful(), result.errors + result.failures
