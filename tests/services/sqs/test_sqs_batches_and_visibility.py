"""Batches, visibility changes, purges, tags and dead-letter source listing."""
import json

import pytest
from botocore.exceptions import ClientError

from sqs_support import ACCOUNT, REGION, error_of


def test_send_message_batch_reports_each_entry(sqs, queue_url):
    got = sqs.send_message_batch(QueueUrl=queue_url, Entries=[
        {"Id": "ok-1", "MessageBody": "one"},
        {"Id": "bad_chars", "MessageBody": "nul \x00"},
        {"Id": "ok-2", "MessageBody": "two", "DelaySeconds": 0,
         "MessageAttributes": {"k": {"DataType": "String", "StringValue": "v"}}},
        {"Id": "too-late", "MessageBody": "x", "DelaySeconds": 901},
    ])
    assert [s["Id"] for s in got["Successful"]] == ["ok-1", "ok-2"]
    assert all(s["MessageId"] and s["MD5OfMessageBody"] for s in got["Successful"])
    assert "MD5OfMessageAttributes" in got["Successful"][1]
    assert [(f["Id"], f["Code"], f["SenderFault"]) for f in got["Failed"]] == [
        ("bad_chars", "InvalidMessageContents", True), ("too-late", "InvalidParameterValue", True)]
    bodies = [m["Body"] for m in sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]]
    assert bodies == ["one", "two"]


@pytest.mark.parametrize("entries, shape, code, message", [
    ([], "EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest",
     "There should be at least one SendMessageBatchRequestEntry in the request."),
    ([{"Id": str(i), "MessageBody": "b"} for i in range(11)], "TooManyEntriesInBatchRequest",
     "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
     "Maximum number of entries per request are 10. You have sent 11."),
    ([{"Id": "a", "MessageBody": "b"}, {"Id": "a", "MessageBody": "c"}], "BatchEntryIdsNotDistinct",
     "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", "Id a repeated."),
    ([{"Id": "no spaces", "MessageBody": "b"}], "InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId",
     "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 "
     "letters long."),
    ([{"Id": str(i), "MessageBody": "x" * 262144} for i in range(5)], "BatchRequestTooLong",
     "AWS.SimpleQueueService.BatchRequestTooLong",
     "Batch requests cannot be longer than 1048576 bytes. You have sent 1310720 bytes."),
])
def test_send_message_batch_request_errors(sqs, queue_url, entries, shape, code, message):
    with pytest.raises(getattr(sqs.exceptions, shape)) as exc:
        sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)
    assert error_of(exc) == (code, shape, 400, message)
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)


def test_delete_message_batch(sqs, queue_url):
    for i in range(3):
        sqs.send_message(QueueUrl=queue_url, MessageBody=str(i))
    handles = [m["ReceiptHandle"] for m in
               sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]]
    got = sqs.delete_message_batch(QueueUrl=queue_url, Entries=[
        {"Id": "a", "ReceiptHandle": handles[0]}, {"Id": "b", "ReceiptHandle": "junk"},
        {"Id": "c", "ReceiptHandle": handles[2]}])
    assert [s["Id"] for s in got["Successful"]] == ["a", "c"]
    assert got["Failed"] == [{"Id": "b", "SenderFault": True, "Code": "ReceiptHandleIsInvalid",
                              "Message": 'The input receipt handle "junk" is not a valid receipt handle.'}]
    counts = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])
    assert counts["Attributes"] == {"ApproximateNumberOfMessagesNotVisible": "1"}


def test_change_message_visibility(sqs, queue_url, frozen):
    sqs.send_message(QueueUrl=queue_url, MessageBody="b")
    handle = sqs.receive_message(QueueUrl=queue_url)["Messages"][0]["ReceiptHandle"]
    sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=100)
    frozen.advance(99)
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)
    frozen.advance(1)
    handle = sqs.receive_message(QueueUrl=queue_url)["Messages"][0]["ReceiptHandle"]
    # Zero makes it visible at once.
    sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=0)
    assert sqs.receive_message(QueueUrl=queue_url)["Messages"][0]["Body"] == "b"


def test_change_visibility_of_a_message_not_in_flight(sqs, queue_url, frozen):
    sqs.send_message(QueueUrl=queue_url, MessageBody="b")
    handle = sqs.receive_message(QueueUrl=queue_url, VisibilityTimeout=5)["Messages"][0]["ReceiptHandle"]
    frozen.advance(5)
    with pytest.raises(ClientError) as exc:
        sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=10)
    assert error_of(exc) == ("InvalidParameterValue", "InvalidParameterValue", 400,
                             f"Value {handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist "
                             "or is not available for visibility timeout change.")
    with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid):
        sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle="junk", VisibilityTimeout=10)
    with pytest.raises(ClientError) as exc:
        sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=43201)
    assert error_of(exc)[0] == "InvalidParameterValue"


def test_change_message_visibility_batch(sqs, queue_url):
    sqs.send_message(QueueUrl=queue_url, MessageBody="b")
    handle = sqs.receive_message(QueueUrl=queue_url)["Messages"][0]["ReceiptHandle"]
    got = sqs.change_message_visibility_batch(QueueUrl=queue_url, Entries=[
        {"Id": "1", "ReceiptHandle": handle, "VisibilityTimeout": 0},
        {"Id": "2", "ReceiptHandle": "junk", "VisibilityTimeout": 0}])
    assert got["Successful"] == [{"Id": "1"}]
    assert [(f["Id"], f["Code"]) for f in got["Failed"]] == [("2", "ReceiptHandleIsInvalid")]
    assert sqs.receive_message(QueueUrl=queue_url)["Messages"][0]["Body"] == "b"


def test_purge_queue_once_a_minute(sqs, queue_url, frozen):
    for i in range(3):
        sqs.send_message(QueueUrl=queue_url, MessageBody=str(i))
    sqs.purge_queue(QueueUrl=queue_url)
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)
    with pytest.raises(sqs.exceptions.PurgeQueueInProgress) as exc:
        sqs.purge_queue(QueueUrl=queue_url)
    assert error_of(exc) == ("AWS.SimpleQueueService.PurgeQueueInProgress", "PurgeQueueInProgress", 403,
                             "Only one PurgeQueue operation on work is allowed every 60 seconds.")
    frozen.advance(60)
    sqs.purge_queue(QueueUrl=queue_url)


def test_tags(sqs):
    url = sqs.create_queue(QueueName="tagged", tags={"team": "a", "env": "dev"})["QueueUrl"]
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"team": "a", "env": "dev"}
    sqs.tag_queue(QueueUrl=url, Tags={"env": "prod", "cost": "1"})
    sqs.untag_queue(QueueUrl=url, TagKeys=["team", "absent"])
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"env": "prod", "cost": "1"}
    sqs.untag_queue(QueueUrl=url, TagKeys=["env", "cost"])
    assert "Tags" not in sqs.list_queue_tags(QueueUrl=url)
    with pytest.raises(ClientError) as exc:
        sqs.tag_queue(QueueUrl=url, Tags={f"k{i}": "v" for i in range(51)})
    assert error_of(exc) == ("InvalidParameterValue", "InvalidParameterValue", 400,
                             "Too many tags added for queue tagged.")


def test_list_dead_letter_source_queues(sqs):
    dlq = sqs.create_queue(QueueName="dlq")["QueueUrl"]
    policy = json.dumps({"deadLetterTargetArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:dlq", "maxReceiveCount": 3})
    for name in ("src-b", "src-a"):
        sqs.create_queue(QueueName=name, Attributes={"RedrivePolicy": policy})
    sqs.create_queue(QueueName="unrelated")
    got = sqs.list_dead_letter_source_queues(QueueUrl=dlq)
    assert got["queueUrls"] == [f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/src-a",
                                f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/src-b"]
    first = sqs.list_dead_letter_source_queues(QueueUrl=dlq, MaxResults=1)
    assert len(first["queueUrls"]) == 1
    rest = sqs.list_dead_letter_source_queues(QueueUrl=dlq, MaxResults=1, NextToken=first["NextToken"])
    assert rest["queueUrls"][0].endswith("/src-b") and "NextToken" not in rest
