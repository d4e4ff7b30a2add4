import boto3
import pytest
from sts_support import NO_RETRY

from iamulator import mock_aws, set_initial_no_auth_action_count


@pytest.fixture
def iam():
    """The root's IAM client on a mock checking every request."""
    with set_initial_no_auth_action_count(0), mock_aws():
        yield boto3.client("iam", region_name="us-east-1", config=NO_RETRY)
