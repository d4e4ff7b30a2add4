import boto3
import pytest

from iamulator import mock_aws

from ecr_support import REGION


@pytest.fixture
def ecr():
    with mock_aws():
        yield boto3.client("ecr", region_name=REGION)
