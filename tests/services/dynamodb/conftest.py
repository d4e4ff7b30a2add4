import boto3
import pytest
from botocore.exceptions import ClientError

from iamulator import mock_aws

REGION = "us-east-1"


@pytest.fixture
def ddb():
    with mock_aws():
        yield boto3.client("dynamodb", region_name=REGION)


@pytest.fixture
def resource(ddb):
    return boto3.resource("dynamodb", region_name=REGION)


def make_table(client, name="things", hash_type="S", range_type=None, **extra):
    """A PAY_PER_REQUEST table keyed by pk (and sk)."""
    keys = [{"AttributeName": "pk", "KeyType": "HASH"}]
    defs = [{"AttributeName": "pk", "AttributeType": hash_type}]
    if range_type:
        keys.append({"AttributeName": "sk", "KeyType": "RANGE"})
        defs.append({"AttributeName": "sk", "AttributeType": range_type})
    defs += extra.pop("more_definitions", [])
    client.create_table(TableName=name, KeySchema=keys, AttributeDefinitions=defs,
                        BillingMode="PAY_PER_REQUEST", **extra)
    return name


@pytest.fixture
def table(ddb):
    return make_table(ddb, range_type="S")


def error_of(call, *args, **kwargs):
    """(code, message, status) of the ClientError a call raises."""
    with pytest.raises(ClientError) as info:
        call(*args, **kwargs)
    r = info.value.response
    return r["Error"]["Code"], r["Error"]["Message"], r["ResponseMetadata"]["HTTPStatusCode"]


def validation(call, *args, **kwargs) -> str:
    code, message, status = error_of(call, *args, **kwargs)
    assert (code, status) == ("ValidationException", 400), (code, message, status)
    return message
