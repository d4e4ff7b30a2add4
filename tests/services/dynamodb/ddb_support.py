"""Helpers shared by the DynamoDB tests (a uniquely named module: several test folders have
a conftest, and ``from conftest import`` would pick whichever was imported first)."""
import pytest
from botocore.exceptions import ClientError

REGION = "us-east-1"


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
