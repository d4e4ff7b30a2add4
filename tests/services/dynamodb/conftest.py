import boto3
import pytest

from ddb_support import REGION, make_table
from iamulator import mock_aws


@pytest.fixture
def ddb():
    with mock_aws():
        yield boto3.client("dynamodb", region_name=REGION)


@pytest.fixture
def resource(ddb):
    return boto3.resource("dynamodb", region_name=REGION)


@pytest.fixture
def table(ddb):
    return make_table(ddb, range_type="S")
