import boto3
import pytest
from botocore.config import Config

from iamulator import mock_aws


@pytest.fixture
def iam():
    with mock_aws():
        yield boto3.client("iam", region_name="us-east-1")


@pytest.fixture
def raw_iam(iam):
    """A client that sends whatever it is given (botocore checks minimums and required members
    itself otherwise), to see the service's own validation."""
    return boto3.client("iam", region_name="us-east-1", config=Config(parameter_validation=False))
