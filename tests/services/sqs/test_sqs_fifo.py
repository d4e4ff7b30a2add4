"""FIFO queues: group ids, deduplication, ordering within a group, one batch in flight per group."""
import hashlib

import pytest
from botocore.exceptions import ClientError

from sqs_support import error_of


@pytest.fixture
def fifo(sqs):
    return sqs.create_queue(QueueName="jobs.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]


@pytest.fixture
def content_fifo(sqs):
    return sqs.create_queue(QueueName="cbd.fifo", Attributes={"FifoQueue": "true",
                                                              "ContentBasedDeduplication": "true"})["QueueUrl"]


def test_group_id_is_required(sqs, fifo):
    with pytest.raises(ClientError) as exc:
        sqs.send_message(QueueUrl=fifo, MessageBody="b", MessageDeduplicationId="d")
    assert error_of(exc) == ("MissingParameter", "MissingParameter", 400,
                             "The request must contain the parameter MessageGroupId.")


def test_deduplication_id_or_content_based_deduplication_is_required(sqs, fifo):
    with pytest.raises(ClientError) as exc:
        sqs.send_message(QueueUrl=fifo, MessageBody="b", MessageGroupId="g")
    assert error_of(exc) == ("InvalidParameterValue", "InvalidParameterValue", 400,
                             "The queue should either have ContentBasedDeduplication enabled or "
                             "MessageDeduplicationId provided explicitly")


def test_per_message_delay_is_refused(sqs, fifo):
    with pytest.raises(ClientError) as exc:
        sqs.send_message(QueueUrl=fifo, MessageBody="b", MessageGroupId="g", MessageDeduplicationId="d",
                         DelaySeconds=1)
    assert error_of(exc)[3] == ("Value 1 for parameter DelaySeconds is invalid. Reason: The request include "
                                "parameter that is not valid for this queue type.")


def test_standard_queue_refuses_a_deduplication_id(sqs, queue_url):
    with pytest.raises(ClientError) as exc:
        sqs.send_message(QueueUrl=queue_url, MessageBody="b", MessageDeduplicationId="d")
    assert error_of(exc)[:3] == ("InvalidParameterValue", "InvalidParameterValue", 400)


def test_duplicates_within_the_interval_are_dropped(sqs, fifo, frozen):
    first = sqs.send_message(QueueUrl=fifo, MessageBody="a", MessageGroupId="g", MessageDeduplicationId="d1")
    again = sqs.send_message(QueueUrl=fifo, MessageBody="a", MessageGroupId="g", MessageDeduplicationId="d1")
    assert (again["MessageId"], again["SequenceNumber"]) == (first["MessageId"], first["SequenceNumber"])
    assert len(first["SequenceNumber"]) == 20
    got = sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=10)["Messages"]
    assert len(got) == 1
    sqs.delete_message(QueueUrl=fifo, ReceiptHandle=got[0]["ReceiptHandle"])
    # Still a duplicate after delivery, until five minutes have passed.
    sqs.send_message(QueueUrl=fifo, MessageBody="a", MessageGroupId="g", MessageDeduplicationId="d1")
    assert "Messages" not in sqs.receive_message(QueueUrl=fifo)
    frozen.advance(301)
    later = sqs.send_message(QueueUrl=fifo, MessageBody="a", MessageGroupId="g", MessageDeduplicationId="d1")
    assert later["MessageId"] != first["MessageId"]
    assert int(later["SequenceNumber"]) > int(first["SequenceNumber"])


def test_content_based_deduplication_hashes_the_body(sqs, content_fifo):
    a = sqs.send_message(QueueUrl=content_fifo, MessageBody="same", MessageGroupId="g")
    b = sqs.send_message(QueueUrl=content_fifo, MessageBody="same", MessageGroupId="other")
    c = sqs.send_message(QueueUrl=content_fifo, MessageBody="different", MessageGroupId="g")
    assert a["MessageId"] == b["MessageId"] != c["MessageId"]
    m = sqs.receive_message(QueueUrl=content_fifo, MessageSystemAttributeNames=["All"])["Messages"][0]
    assert m["Attributes"]["MessageDeduplicationId"] == hashlib.sha256(b"same").hexdigest()
    assert m["Attributes"]["MessageGroupId"] == "g"
    assert m["Attributes"]["SequenceNumber"] == a["SequenceNumber"]


def test_message_group_scope_deduplicates_per_group(sqs):
    url = sqs.create_queue(QueueName="ht.fifo", Attributes={
        "FifoQueue": "true", "DeduplicationScope": "messageGroup", "FifoThroughputLimit": "perMessageGroupId"})[
        "QueueUrl"]
    a = sqs.send_message(QueueUrl=url, MessageBody="x", MessageGroupId="g1", MessageDeduplicationId="d")
    b = sqs.send_message(QueueUrl=url, MessageBody="x", MessageGroupId="g2", MessageDeduplicationId="d")
    assert a["MessageId"] != b["MessageId"]


def test_order_within_a_group_and_one_batch_in_flight_per_group(sqs, content_fifo):
    for body, group in [("a1", "A"), ("b1", "B"), ("a2", "A"), ("a3", "A"), ("b2", "B")]:
        sqs.send_message(QueueUrl=content_fifo, MessageBody=body, MessageGroupId=group)
    first = sqs.receive_message(QueueUrl=content_fifo, MaxNumberOfMessages=2)["Messages"]
    assert [m["Body"] for m in first] == ["a1", "b1"]
    # Both groups now have a message in flight: nothing more until they are deleted.
    assert "Messages" not in sqs.receive_message(QueueUrl=content_fifo, MaxNumberOfMessages=10)
    sqs.delete_message(QueueUrl=content_fifo, ReceiptHandle=first[0]["ReceiptHandle"])
    nxt = sqs.receive_message(QueueUrl=content_fifo, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in nxt] == ["a2", "a3"]


def test_an_expired_visibility_returns_the_group_head_first(sqs, content_fifo, frozen):
    for body in ("1", "2"):
        sqs.send_message(QueueUrl=content_fifo, MessageBody=body, MessageGroupId="g")
    assert sqs.receive_message(QueueUrl=content_fifo)["Messages"][0]["Body"] == "1"
    frozen.advance(30)
    again = sqs.receive_message(QueueUrl=content_fifo, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in again] == ["1", "2"]


@pytest.mark.parametrize("group", ["", "with space", "x" * 129, "tab\t"])
def test_invalid_group_ids(sqs, content_fifo, group):
    with pytest.raises(ClientError) as exc:
        sqs.send_message(QueueUrl=content_fifo, MessageBody="b", MessageGroupId=group)
    assert error_of(exc)[:3] in {("InvalidParameterValue", "InvalidParameterValue", 400),
                                 ("MissingParameter", "MissingParameter", 400)}


def test_fifo_only_attributes_cannot_be_set_on_standard_queues(sqs, queue_url):
    with pytest.raises(sqs.exceptions.InvalidAttributeName):
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"ContentBasedDeduplication": "true"})


def test_fifo_attributes_can_change(sqs, fifo):
    sqs.set_queue_attributes(QueueUrl=fifo, Attributes={"ContentBasedDeduplication": "TRUE"})
    got = sqs.get_queue_attributes(QueueUrl=fifo, AttributeNames=["ContentBasedDeduplication"])["Attributes"]
    assert got == {"ContentBasedDeduplication": "true"}
    sqs.send_message(QueueUrl=fifo, MessageBody="b", MessageGroupId="g")
