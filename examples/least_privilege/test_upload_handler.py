"""upload_handler, run as a user holding only policy.json (docs/least-privilege.md).

    IAMULATOR_AUTH=soft pytest examples/least_privilege      # evaluate and log, deny nothing
    IAMULATOR_AUTH=strict pytest examples/least_privilege    # deny what policy.json does not allow
"""
import json
import os

import boto3
import pytest

import iamulator
from upload_handler import handler

HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.fixture
def uploads(aws, monkeypatch):
    """The bucket and the table, made with the mock's default (root) credentials."""
    boto3.client("s3").create_bucket(Bucket="uploads-bucket")
    boto3.client("dynamodb").create_table(
        TableName="uploads", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
    monkeypatch.setenv("UPLOAD_BUCKET", "uploads-bucket")
    monkeypatch.setenv("UPLOAD_TABLE", "uploads")


@pytest.fixture
def as_uploader(uploads, iam_principal, monkeypatch):
    """The handler's boto3 calls made as the user "uploader", whose only policy is policy.json;
    the decision log of the run is saved next to this file."""
    with open(os.path.join(HERE, "policy.json")) as f:
        session = iam_principal(policy=f.read(), kind="user", name="uploader")
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", session)
    yield
    iamulator.save_decisions(os.path.join(HERE, "decisions.json"))


def sqs_event(*uploads):
    return {"Records": [{"messageId": str(i), "body": json.dumps(u)} for i, u in enumerate(uploads)]}


def test_handler_stores_each_upload_and_its_metadata(as_uploader):
    event = sqs_event({"id": "a1", "content": "hello"}, {"id": "b2", "content": "hi"})

    assert handler(event, None) == {"stored": ["uploads/a1.txt", "uploads/b2.txt"]}

    admin = boto3.Session()           # the mock's root credentials, to look at the result
    body = admin.client("s3").get_object(Bucket="uploads-bucket", Key="uploads/b2.txt")["Body"]
    assert body.read() == b"hi"
    item = admin.resource("dynamodb").Table("uploads").get_item(Key={"id": "a1"})["Item"]
    assert item == {"id": "a1", "key": "uploads/a1.txt", "size": 5}
