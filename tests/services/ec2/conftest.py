import boto3
import pytest

from iamulator import mock_aws

from ec2_support import REGION


@pytest.fixture
def ec2():
    with mock_aws():
        yield boto3.client("ec2", region_name=REGION)
