import os
import sys

import boto3
import pytest
from botocore.config import Config

from iamulator import mock_aws

sys.path.insert(0, os.path.dirname(__file__))

PATH_STYLE = Config(s3={"addressing_style": "path"})
VIRTUAL_STYLE = Config(s3={"addressing_style": "virtual"})


@pytest.fixture
def aws():
    with mock_aws():
        yield


@pytest.fixture
def s3(aws):
    return boto3.client("s3", region_name="us-east-1")


@pytest.fixture(params=["virtual", "path"])
def any_style_s3(request, aws):
    """The same tests through virtual-host and path-style addressing."""
    config = VIRTUAL_STYLE if request.param == "virtual" else PATH_STYLE
    return boto3.client("s3", region_name="us-east-1", config=config)


@pytest.fixture
def bucket(s3):
    s3.create_bucket(Bucket="test-bucket")
    return "test-bucket"
