"""Queues: creation rules, URLs, attributes, listing and deletion."""
import json
import threading

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from iamulator.services.base import Context
from iamulator.services.state import STORE

from sqs_support import ACCOUNT, REGION, error_of

DEFAULTS = {
    "DelaySeconds": "0",
    "MaximumMessageSize": "1048576",
    "MessageRetentionPeriod": "345600",
    "ReceiveMessageWaitTimeSeconds": "0",
    "VisibilityTimeout": "30",
    "SqsManagedSseEnabled": "true",
}


def test_create_returns_the_regional_url_and_get_queue_url_agrees(sqs):
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    assert url == f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/orders"
    assert sqs.get_queue_url(QueueName="orders")["QueueUrl"] == url


def test_url_follows_the_region_of_the_client(sqs):
    west = boto3.client("sqs", region_name="eu-west-1")
    assert west.create_queue(QueueName="q")["QueueUrl"] == f"https://sqs.eu-west-1.amazonaws.com/{ACCOUNT}/q"
    # Regions are separate: the us-east-1 client does not see it.
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName="q")


def test_create_is_idempotent_with_the_same_attributes(sqs):
    first = sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "60"})["QueueUrl"]
    assert sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "60"})["QueueUrl"] == first
    # Omitting attributes, or restating a default, is not a difference.
    assert sqs.create_queue(QueueName="q")["QueueUrl"] == first
    assert sqs.create_queue(QueueName="q", Attributes={"DelaySeconds": "0"})["QueueUrl"] == first


def test_create_with_a_different_attribute_value_is_queue_name_exists(sqs):
    sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "60"})
    with pytest.raises(sqs.exceptions.QueueNameExists) as exc:
        sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "61"})
    assert error_of(exc) == ("QueueAlreadyExists", "QueueNameExists", 400,
                             "A queue already exists with the same name and a different value for attribute "
                             "VisibilityTimeout")


@pytest.mark.parametrize("name", ["has space", "dot.ted", "x" * 81, "", "ünïcode", "q.fifo"])
def test_invalid_standard_queue_names(sqs, name):
    with pytest.raises(ClientError) as exc:
        sqs.create_queue(QueueName=name)
    assert error_of(exc) == ("InvalidParameterValue", "InvalidParameterValue", 400,
                             "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")


@pytest.mark.parametrize("name", ["plain", "x" * 76 + ".fifo", "bad name.fifo", ".fifo"])
def test_invalid_fifo_queue_names(sqs, name):
    with pytest.raises(ClientError) as exc:
        sqs.create_queue(QueueName=name, Attributes={"FifoQueue": "true"})
    code, _, status, message = error_of(exc)
    assert (code, status) == ("InvalidParameterValue", 400)
    assert message == ("The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, "
                       "must end with .fifo suffix and be 1 to 80 in length.")


def test_name_length_limits_include_the_fifo_suffix(sqs):
    assert sqs.create_queue(QueueName="a" * 80)["QueueUrl"].endswith("/" + "a" * 80)
    name = "b" * 75 + ".fifo"
    assert sqs.create_queue(QueueName=name, Attributes={"FifoQueue": "true"})["QueueUrl"].endswith("/" + name)


def test_names_are_case_sensitive(sqs):
    a = sqs.create_queue(QueueName="Queue")["QueueUrl"]
    b = sqs.create_queue(QueueName="queue")["QueueUrl"]
    assert a != b


@pytest.mark.parametrize("attributes, code, message", [
    ({"Colour": "blue"}, "InvalidAttributeName", "Unknown Attribute Colour."),
    ({"QueueArn": "arn:aws:sqs:us-east-1:123456789012:x"}, "InvalidAttributeName", "Unknown Attribute QueueArn."),
    ({"ContentBasedDeduplication": "true"}, "InvalidAttributeName", "Unknown Attribute ContentBasedDeduplication."),
    ({"VisibilityTimeout": "43201"}, "InvalidAttributeValue", "Invalid value for the parameter VisibilityTimeout."),
    ({"VisibilityTimeout": "-1"}, "InvalidAttributeValue", "Invalid value for the parameter VisibilityTimeout."),
    ({"DelaySeconds": "soon"}, "InvalidAttributeValue", "Invalid value for the parameter DelaySeconds."),
    ({"MaximumMessageSize": "1023"}, "InvalidAttributeValue", "Invalid value for the parameter MaximumMessageSize."),
    ({"MessageRetentionPeriod": "59"}, "InvalidAttributeValue",
     "Invalid value for the parameter MessageRetentionPeriod."),
    ({"ReceiveMessageWaitTimeSeconds": "21"}, "InvalidAttributeValue",
     "Invalid value for the parameter ReceiveMessageWaitTimeSeconds."),
    ({"FifoQueue": "maybe"}, "InvalidAttributeValue", "Invalid value for the parameter FifoQueue."),
    ({"Policy": "{not json"}, "InvalidAttributeValue", "Invalid value for the parameter Policy."),
    ({"SqsManagedSseEnabled": "yes"}, "InvalidAttributeValue", "Invalid value for the parameter SqsManagedSseEnabled."),
])
def test_invalid_attributes_at_creation(sqs, attributes, code, message):
    with pytest.raises(ClientError) as exc:
        sqs.create_queue(QueueName="q", Attributes=attributes)
    assert error_of(exc) == (code, code, 400, message)
    assert "QueueUrls" not in sqs.list_queues()


def test_invalid_attribute_errors_match_the_modeled_exceptions(sqs):
    with pytest.raises(sqs.exceptions.InvalidAttributeName):
        sqs.create_queue(QueueName="q", Attributes={"Colour": "blue"})
    with pytest.raises(sqs.exceptions.InvalidAttributeValue):
        sqs.create_queue(QueueName="q", Attributes={"DelaySeconds": "901"})


def test_default_attributes(sqs, queue_url):
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    created = int(attributes.pop("CreatedTimestamp"))
    assert int(attributes.pop("LastModifiedTimestamp")) == created
    assert attributes == {
        **DEFAULTS,
        "QueueArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:work",
        "ApproximateNumberOfMessages": "0",
        "ApproximateNumberOfMessagesNotVisible": "0",
        "ApproximateNumberOfMessagesDelayed": "0",
    }


def test_fifo_defaults(sqs):
    url = sqs.create_queue(QueueName="q.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert {k: attributes[k] for k in ("FifoQueue", "ContentBasedDeduplication", "DeduplicationScope",
                                       "FifoThroughputLimit")} == {
        "FifoQueue": "true", "ContentBasedDeduplication": "false", "DeduplicationScope": "queue",
        "FifoThroughputLimit": "perQueue"}


def test_standard_queue_accepts_fifo_queue_false(sqs):
    url = sqs.create_queue(QueueName="std", Attributes={"FifoQueue": "false"})["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert "FifoQueue" not in attributes


def test_specific_attribute_names_and_none(sqs, queue_url):
    got = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["VisibilityTimeout", "QueueArn"])
    assert got["Attributes"] == {"VisibilityTimeout": "30", "QueueArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:work"}
    # Without names SQS returns no attributes at all.
    assert "Attributes" not in sqs.get_queue_attributes(QueueUrl=queue_url)
    # A valid name the queue has no value for (no policy set) is left out.
    assert "Attributes" not in sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["Policy"])


def test_unknown_attribute_name_in_get(sqs, queue_url):
    with pytest.raises(sqs.exceptions.InvalidAttributeName) as exc:
        sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["Colour"])
    assert error_of(exc) == ("InvalidAttributeName", "InvalidAttributeName", 400, "Unknown Attribute Colour.")


def test_set_queue_attributes(sqs, queue_url, frozen):
    policy = json.dumps({"Version": "2012-10-17", "Statement": []})
    frozen.advance(100)
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"VisibilityTimeout": "0120", "Policy": policy})
    got = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    assert got["VisibilityTimeout"] == "120"
    assert got["Policy"] == policy
    assert int(got["LastModifiedTimestamp"]) == int(frozen.t)
    # An empty policy removes it.
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": ""})
    assert "Policy" not in sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]


def test_set_queue_attributes_rejects_bad_values_and_changes_nothing(sqs, queue_url):
    with pytest.raises(sqs.exceptions.InvalidAttributeValue):
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"DelaySeconds": "5", "VisibilityTimeout": "x"})
    got = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["DelaySeconds"])["Attributes"]
    assert got == {"DelaySeconds": "0"}
    with pytest.raises(sqs.exceptions.InvalidAttributeName) as exc:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"FifoQueue": "true"})
    assert error_of(exc)[3] == "Unknown Attribute FifoQueue."


def test_kms_key_switches_off_sqs_managed_encryption(sqs, queue_url):
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"KmsMasterKeyId": "alias/aws/sqs"})
    got = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    assert got["SqsManagedSseEnabled"] == "false"
    assert got["KmsMasterKeyId"] == "alias/aws/sqs"
    assert got["KmsDataKeyReusePeriodSeconds"] == "300"


def test_redrive_policy_is_stored_as_compact_json(sqs):
    dlq = sqs.create_queue(QueueName="dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    url = sqs.create_queue(QueueName="src", Attributes={
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "3"})})["QueueUrl"]
    got = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedrivePolicy"])["Attributes"]
    assert got["RedrivePolicy"] == f'{{"deadLetterTargetArn":"{dlq_arn}","maxReceiveCount":3}}'


@pytest.mark.parametrize("policy, reason", [
    ("nope", "Redrive policy is not a valid JSON map."),
    ('{"maxReceiveCount": 3}', "Redrive policy does not contain mandatory attribute: deadLetterTargetArn."),
    ('{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:missing", "maxReceiveCount": 3}',
     "Dead-letter target does not exist."),
    ('{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:dlq", "maxReceiveCount": 0}',
     "Invalid value for maxReceiveCount: 0, valid values are from 1 to 1000 both inclusive."),
])
def test_invalid_redrive_policies(sqs, policy, reason):
    sqs.create_queue(QueueName="dlq")
    with pytest.raises(ClientError) as exc:
        sqs.create_queue(QueueName="src", Attributes={"RedrivePolicy": policy})
    assert error_of(exc) == ("InvalidParameterValue", "InvalidParameterValue", 400,
                             f"Value {policy} for parameter RedrivePolicy is invalid. Reason: {reason}")


def test_dead_letter_queue_must_be_of_the_same_type(sqs):
    sqs.create_queue(QueueName="dlq.fifo", Attributes={"FifoQueue": "true"})
    policy = json.dumps({"deadLetterTargetArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:dlq.fifo", "maxReceiveCount": 1})
    with pytest.raises(ClientError) as exc:
        sqs.create_queue(QueueName="src", Attributes={"RedrivePolicy": policy})
    assert error_of(exc)[3].endswith("Reason: Dead-letter queue must be same type of queue as the source.")


def test_delete_queue_then_the_name_is_held_for_a_minute(sqs, queue_url, frozen):
    sqs.delete_queue(QueueUrl=queue_url)
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as exc:
        sqs.get_queue_url(QueueName="work")
    assert error_of(exc) == ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", 400,
                             "The specified queue does not exist.")
    frozen.advance(30)
    with pytest.raises(sqs.exceptions.QueueDeletedRecently) as exc:
        sqs.create_queue(QueueName="work")
    assert error_of(exc) == ("AWS.SimpleQueueService.QueueDeletedRecently", "QueueDeletedRecently", 400,
                             "You must wait 60 seconds after deleting a queue before you can create another with "
                             "the same name.")
    frozen.advance(31)
    assert sqs.create_queue(QueueName="work")["QueueUrl"] == queue_url


@pytest.mark.parametrize("call", [
    lambda c, u: c.delete_queue(QueueUrl=u),
    lambda c, u: c.get_queue_attributes(QueueUrl=u, AttributeNames=["All"]),
    lambda c, u: c.set_queue_attributes(QueueUrl=u, Attributes={"DelaySeconds": "1"}),
    lambda c, u: c.send_message(QueueUrl=u, MessageBody="x"),
    lambda c, u: c.receive_message(QueueUrl=u),
    lambda c, u: c.delete_message(QueueUrl=u, ReceiptHandle="AAAA"),
], ids=["DeleteQueue", "GetQueueAttributes", "SetQueueAttributes", "SendMessage", "ReceiveMessage",
        "DeleteMessage"])
def test_operations_on_a_missing_queue(sqs, call):
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as exc:
        call(sqs, f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/absent")
    assert error_of(exc)[:3] == ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", 400)


@pytest.mark.parametrize("url", ["not-a-url", "https://sqs.us-east-1.amazonaws.com/", "https://x/12/q",
                                 "https://sqs.us-east-1.amazonaws.com/123456789012/q/extra"])
def test_urls_naming_no_queue_are_invalid_addresses(sqs, url):
    with pytest.raises(sqs.exceptions.InvalidAddress) as exc:
        sqs.send_message(QueueUrl=url, MessageBody="x")
    assert error_of(exc) == ("InvalidAddress", "InvalidAddress", 400,
                             f"The address {url} is not valid for this endpoint.")


def test_queue_is_found_by_account_and_name_whatever_the_host(sqs, queue_url):
    for url in (f"http://127.0.0.1:5000/{ACCOUNT}/work", f"https://queue.amazonaws.com/{ACCOUNT}/work",
                f"http://localhost/{ACCOUNT}/work"):
        sqs.send_message(QueueUrl=url, MessageBody=url)
    bodies = {m["Body"] for m in sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]}
    assert len(bodies) == 3


def test_list_queues_prefix_and_pagination(sqs):
    names = [f"q{i:02d}" for i in range(7)] + ["other"]
    for name in names:
        sqs.create_queue(QueueName=name)
    every = sqs.list_queues()["QueueUrls"]
    assert [u.rsplit("/", 1)[1] for u in every] == sorted(names)
    assert "NextToken" not in sqs.list_queues()
    assert [u.rsplit("/", 1)[1] for u in sqs.list_queues(QueueNamePrefix="oth")["QueueUrls"]] == ["other"]
    assert "QueueUrls" not in sqs.list_queues(QueueNamePrefix="zzz")

    seen, token = [], None
    while True:
        kwargs = {"QueueNamePrefix": "q", "MaxResults": 3, **({"NextToken": token} if token else {})}
        page = sqs.list_queues(**kwargs)
        assert len(page["QueueUrls"]) <= 3
        seen += page["QueueUrls"]
        token = page.get("NextToken")
        if not token:
            break
    assert [u.rsplit("/", 1)[1] for u in seen] == [n for n in sorted(names) if n.startswith("q")]
    # The paginator drives the same tokens.
    paged = [u for p in sqs.get_paginator("list_queues").paginate(PaginationConfig={"PageSize": 2})
             for u in p.get("QueueUrls", [])]
    assert paged == every


@pytest.mark.parametrize("limit", [0, 1001])
def test_list_queues_max_results_bounds(sqs, limit):
    with pytest.raises(ClientError) as exc:
        sqs.list_queues(MaxResults=limit)
    assert error_of(exc) == ("InvalidParameterValue", "InvalidParameterValue", 400,
                             f"Value {limit} for parameter MaxResults is invalid. Reason: MaxResults must be an "
                             "integer between 1 and 1000.")


def test_list_queues_bad_token(sqs):
    with pytest.raises(ClientError) as exc:
        sqs.list_queues(MaxResults=5, NextToken="%%%")
    assert error_of(exc)[:3] == ("InvalidParameterValue", "InvalidParameterValue", 400)


def test_queue_of_another_account(sqs):
    other = STORE.backend("sqs", "111122223333", REGION)
    ctx = Context(request=None, service="sqs", operation="CreateQueue", protocol="json",
                  account_id="111122223333", region=REGION, store=STORE)
    with other.lock:
        other.create_queue(ctx, {"QueueName": "shared"})
    url = sqs.get_queue_url(QueueName="shared", QueueOwnerAWSAccountId="111122223333")["QueueUrl"]
    assert url == f"https://sqs.{REGION}.amazonaws.com/111122223333/shared"
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName="shared")
    sqs.send_message(QueueUrl=url, MessageBody="cross-account")
    assert sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"] == "cross-account"
    # It is the other account's queue, not a copy in ours.
    assert "QueueUrls" not in sqs.list_queues()
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName="shared", QueueOwnerAWSAccountId="not-an-account")


def test_server_mode_hands_out_urls_on_the_server_host():
    from werkzeug.serving import make_server

    from iamulator.server.app import create_app

    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        STORE.reset()
        endpoint = f"http://127.0.0.1:{server.server_port}"
        client = boto3.client("sqs", region_name=REGION, endpoint_url=endpoint, aws_access_key_id="AKIDEXAMPLE",
                              aws_secret_access_key="secret", config=Config(retries={"max_attempts": 1}))
        url = client.create_queue(QueueName="srv")["QueueUrl"]
        assert url == f"{endpoint}/{ACCOUNT}/srv"
        client.send_message(QueueUrl=url, MessageBody="hello")
        # The canonical AWS form names the same queue.
        canonical = f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/srv"
        assert client.receive_message(QueueUrl=canonical)["Messages"][0]["Body"] == "hello"
    finally:
        server.shutdown()
        STORE.reset()
