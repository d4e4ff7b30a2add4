"""Messages: send, receive, visibility, attributes and their digests, delete."""
import hashlib
import re
import struct
import uuid

import pytest
from botocore.exceptions import ClientError

from sqs_support import ACCOUNT, REGION, error_of


def reference_md5(attributes: dict) -> str:
    """SQS's documented algorithm, written independently of the backend: attributes sorted by
    name; for each, length-prefixed name and data type, a transport byte (1 string/number,
    2 binary) and the length-prefixed value."""
    buf = b""
    for name in sorted(attributes):
        value = attributes[name]
        for part in (name, value["DataType"]):
            data = part.encode()
            buf += struct.pack(">I", len(data)) + data
        if "BinaryValue" in value:
            buf += b"\x02" + struct.pack(">I", len(value["BinaryValue"])) + value["BinaryValue"]
        else:
            data = value["StringValue"].encode()
            buf += b"\x01" + struct.pack(">I", len(data)) + data
    return hashlib.md5(buf).hexdigest()


ATTRS = {
    "colour": {"DataType": "String", "StringValue": "blue ü"},
    "count": {"DataType": "Number", "StringValue": "-12.5e3"},
    "blob": {"DataType": "Binary", "BinaryValue": b"\x00\xff\x10"},
    "meta.kind": {"DataType": "String.custom", "StringValue": "k"},
    "meta.size": {"DataType": "Number.int", "StringValue": "7"},
}


def test_send_returns_id_and_digests(sqs, queue_url):
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody="héllo", MessageAttributes=ATTRS)
    uuid.UUID(sent["MessageId"])
    assert sent["MD5OfMessageBody"] == hashlib.md5("héllo".encode()).hexdigest()
    assert sent["MD5OfMessageAttributes"] == reference_md5(ATTRS)
    assert "SequenceNumber" not in sent
    assert "MD5OfMessageSystemAttributes" not in sent


def test_digest_of_a_known_attribute_set():
    from iamulator.services.sqs.checksums import md5_of_attributes

    # Worked by hand from the algorithm: 00000001 'a' 00000006 'String' 01 00000001 'b'.
    expected = hashlib.md5(b"\x00\x00\x00\x01a\x00\x00\x00\x06String\x01\x00\x00\x00\x01b").hexdigest()
    assert md5_of_attributes({"a": {"DataType": "String", "StringValue": "b"}}) == expected
    assert md5_of_attributes({}) is None


def test_receive_returns_the_message_with_matching_digests(sqs, queue_url):
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody="body", MessageAttributes=ATTRS)
    got = sqs.receive_message(QueueUrl=queue_url, MessageAttributeNames=["All"])["Messages"]
    assert len(got) == 1
    m = got[0]
    assert m["MessageId"] == sent["MessageId"]
    assert m["Body"] == "body"
    assert m["MD5OfBody"] == sent["MD5OfMessageBody"]
    assert m["MessageAttributes"] == ATTRS
    assert m["MD5OfMessageAttributes"] == reference_md5(m["MessageAttributes"]) == sent["MD5OfMessageAttributes"]
    assert "Attributes" not in m


@pytest.mark.parametrize("names, expected", [
    (["All"], set(ATTRS)),
    ([".*"], set(ATTRS)),
    (["meta.*"], {"meta.kind", "meta.size"}),
    (["colour", "blob"], {"colour", "blob"}),
    (["colour", "meta.*"], {"colour", "meta.kind", "meta.size"}),
    (["absent"], set()),
])
def test_message_attribute_name_filters(sqs, queue_url, names, expected):
    sqs.send_message(QueueUrl=queue_url, MessageBody="b", MessageAttributes=ATTRS)
    m = sqs.receive_message(QueueUrl=queue_url, MessageAttributeNames=names)["Messages"][0]
    returned = m.get("MessageAttributes", {})
    assert set(returned) == expected
    if returned:
        # The digest covers what came back, so an SDK can verify it.
        assert m["MD5OfMessageAttributes"] == reference_md5(returned)


def test_without_attribute_names_no_attributes_come_back(sqs, queue_url):
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody="b", MessageAttributes=ATTRS)
    m = sqs.receive_message(QueueUrl=queue_url)["Messages"][0]
    assert "MessageAttributes" not in m
    assert m["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]


def test_system_attributes(sqs, queue_url, frozen):
    sqs.send_message(QueueUrl=queue_url, MessageBody="b")
    frozen.advance(2.5)
    m = sqs.receive_message(QueueUrl=queue_url, MessageSystemAttributeNames=["All"], VisibilityTimeout=0)["Messages"][0]
    assert m["Attributes"] == {
        "SenderId": ACCOUNT,
        "SentTimestamp": str(int(1_700_000_000 * 1000)),
        "ApproximateReceiveCount": "1",
        "ApproximateFirstReceiveTimestamp": str(int(1_700_000_002.5 * 1000)),
    }
    frozen.advance(1)
    again = sqs.receive_message(QueueUrl=queue_url, AttributeNames=["ApproximateReceiveCount",
                                                                     "ApproximateFirstReceiveTimestamp"])
    assert again["Messages"][0]["Attributes"] == {"ApproximateReceiveCount": "2",
                                                  "ApproximateFirstReceiveTimestamp": "1700000002500"}


def test_legacy_attribute_names_and_system_names_combine(sqs, queue_url):
    sqs.send_message(QueueUrl=queue_url, MessageBody="b")
    m = sqs.receive_message(QueueUrl=queue_url, AttributeNames=["SenderId"],
                            MessageSystemAttributeNames=["SentTimestamp"])["Messages"][0]
    assert set(m["Attributes"]) == {"SenderId", "SentTimestamp"}


def test_trace_header_system_attribute(sqs, queue_url):
    trace = {"AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-5759e988-bd862e3fe1be46a994272793"}}
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody="b", MessageSystemAttributes=trace)
    assert sent["MD5OfMessageSystemAttributes"] == reference_md5(trace)
    m = sqs.receive_message(QueueUrl=queue_url, MessageSystemAttributeNames=["AWSTraceHeader"])["Messages"][0]
    assert m["Attributes"] == {"AWSTraceHeader": "Root=1-5759e988-bd862e3fe1be46a994272793"}


def test_received_message_is_hidden_until_its_visibility_timeout_ends(sqs, queue_url, frozen):
    sqs.send_message(QueueUrl=queue_url, MessageBody="b")
    first = sqs.receive_message(QueueUrl=queue_url, VisibilityTimeout=10)["Messages"][0]
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)
    counts = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    assert (counts["ApproximateNumberOfMessages"], counts["ApproximateNumberOfMessagesNotVisible"]) == ("0", "1")
    frozen.advance(10)
    second = sqs.receive_message(QueueUrl=queue_url)["Messages"][0]
    assert second["MessageId"] == first["MessageId"]
    assert second["ReceiptHandle"] != first["ReceiptHandle"]
    # Then the queue's own VisibilityTimeout (30 s) applies.
    frozen.advance(29)
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)
    frozen.advance(1)
    assert sqs.receive_message(QueueUrl=queue_url)["Messages"][0]["MessageId"] == first["MessageId"]


def test_receive_returns_up_to_max_in_send_order(sqs, queue_url):
    for i in range(12):
        sqs.send_message(QueueUrl=queue_url, MessageBody=str(i))
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=queue_url)["Messages"]] == ["0"]
    batch = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in batch] == [str(i) for i in range(1, 11)]
    assert len({m["ReceiptHandle"] for m in batch}) == 10


@pytest.mark.parametrize("kwargs, message", [
    ({"MaxNumberOfMessages": 0}, "Value 0 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 "
                                 "and 10, if provided."),
    ({"MaxNumberOfMessages": 11}, "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between "
                                  "1 and 10, if provided."),
    ({"WaitTimeSeconds": 21}, "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, "
                              "if provided."),
    ({"WaitTimeSeconds": -1}, "Value -1 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, "
                              "if provided."),
    ({"VisibilityTimeout": 43201}, "Value 43201 for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 "
                                   "and <= 43200, if provided."),
])
def test_receive_parameter_bounds(sqs, queue_url, kwargs, message):
    with pytest.raises(ClientError) as exc:
        sqs.receive_message(QueueUrl=queue_url, **kwargs)
    assert error_of(exc) == ("InvalidParameterValue", "InvalidParameterValue", 400, message)


def test_delay_per_message_and_per_queue(sqs, queue_url, frozen):
    sqs.send_message(QueueUrl=queue_url, MessageBody="later", DelaySeconds=5)
    counts = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    assert (counts["ApproximateNumberOfMessages"], counts["ApproximateNumberOfMessagesDelayed"]) == ("0", "1")
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)
    frozen.advance(5)
    assert sqs.receive_message(QueueUrl=queue_url)["Messages"][0]["Body"] == "later"

    delayed = sqs.create_queue(QueueName="delayed", Attributes={"DelaySeconds": "3"})["QueueUrl"]
    sqs.send_message(QueueUrl=delayed, MessageBody="q")
    sqs.send_message(QueueUrl=delayed, MessageBody="now", DelaySeconds=0)   # the message's own delay wins
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=delayed, MaxNumberOfMessages=10)["Messages"]] == ["now"]
    frozen.advance(3)
    assert sqs.receive_message(QueueUrl=delayed)["Messages"][0]["Body"] == "q"


def test_delay_seconds_bounds(sqs, queue_url):
    with pytest.raises(ClientError) as exc:
        sqs.send_message(QueueUrl=queue_url, MessageBody="b", DelaySeconds=901)
    assert error_of(exc) == ("InvalidParameterValue", "InvalidParameterValue", 400,
                             "Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 "
                             "and <= 900.")


def test_empty_body_is_a_missing_parameter(sqs, queue_url):
    with pytest.raises(ClientError) as exc:
        sqs.send_message(QueueUrl=queue_url, MessageBody="")
    assert error_of(exc) == ("MissingParameter", "MissingParameter", 400,
                             "The request must contain the parameter MessageBody.")


@pytest.mark.parametrize("body, code_point", [("a\x00b", "0"), ("\x08", "8"), ("x\ufffey", "FFFE"),
                                               ("lone \ud800 surrogate", "D800")])
def test_characters_outside_the_allowed_set(sqs, queue_url, body, code_point):
    with pytest.raises(sqs.exceptions.InvalidMessageContents) as exc:
        sqs.send_message(QueueUrl=queue_url, MessageBody=body)
    code, query_code, status, message = error_of(exc)
    assert (code, query_code, status) == ("InvalidMessageContents", "InvalidMessageContents", 400)
    assert message.startswith(f"Invalid binary character '#x{code_point}' was found in the message body")


def test_allowed_unusual_characters_round_trip(sqs, queue_url):
    body = "tab\t nl\n cr\r emoji 🎉 max \U0010ffff bmp \ufffd"
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody=body)
    m = sqs.receive_message(QueueUrl=queue_url)["Messages"][0]
    assert m["Body"] == body
    assert m["MD5OfBody"] == sent["MD5OfMessageBody"] == hashlib.md5(body.encode()).hexdigest()


def test_message_size_limit_counts_body_and_attributes(sqs):
    url = sqs.create_queue(QueueName="small", Attributes={"MaximumMessageSize": "1024"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="x" * 1024)
    with pytest.raises(ClientError) as exc:
        sqs.send_message(QueueUrl=url, MessageBody="x" * 1025)
    assert error_of(exc) == ("InvalidParameterValue", "InvalidParameterValue", 400,
                             "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.")
    # 1000 + len("k") + len("String") + len("v" * 18) = 1025 bytes.
    with pytest.raises(ClientError):
        sqs.send_message(QueueUrl=url, MessageBody="x" * 1000,
                         MessageAttributes={"k": {"DataType": "String", "StringValue": "v" * 18}})
    # Multi-byte characters count as their UTF-8 bytes.
    with pytest.raises(ClientError):
        sqs.send_message(QueueUrl=url, MessageBody="é" * 513)


def test_default_size_limit_is_one_mebibyte(sqs, queue_url):
    sqs.send_message(QueueUrl=queue_url, MessageBody="x" * 1048576)
    with pytest.raises(ClientError) as exc:
        sqs.send_message(QueueUrl=queue_url, MessageBody="x" * 1048577)
    assert error_of(exc)[3] == ("One or more parameters are invalid. Reason: Message must be shorter than "
                                "1048576 bytes.")


@pytest.mark.parametrize("attributes, message", [
    ({f"a{i}": {"DataType": "String", "StringValue": "v"} for i in range(11)},
     "Number of message attributes [11] exceeds the allowed maximum [10]."),
    ({"x": {"DataType": "String", "StringValue": ""}},
     "Message (user) attribute 'x' must contain a non-empty value of type 'String'."),
    ({"x": {"DataType": "Binary", "BinaryValue": b""}},
     "Message (user) attribute 'x' must contain a non-empty value of type 'Binary'."),
    ({"x": {"DataType": "Number", "StringValue": "twelve"}},
     "Can't cast the value of message (user) attribute 'x' to a number."),
    ({"x": {"DataType": "Date", "StringValue": "2024"}},
     "The message attribute 'x' has an invalid message attribute type, the set of supported type prefixes is "
     "Binary, Number, and String."),
    ({"AWS.reserved": {"DataType": "String", "StringValue": "v"}},
     "Message (user) attribute name 'AWS.reserved' is reserved for use by AWS."),
    ({"amazon.x": {"DataType": "String", "StringValue": "v"}},
     "Message (user) attribute name 'amazon.x' is reserved for use by AWS."),
    ({"": {"DataType": "String", "StringValue": "v"}},
     "The request must contain non-empty message attribute name."),
])
def test_invalid_message_attributes(sqs, queue_url, attributes, message):
    with pytest.raises(ClientError) as exc:
        sqs.send_message(QueueUrl=queue_url, MessageBody="b", MessageAttributes=attributes)
    assert error_of(exc) == ("InvalidParameterValue", "InvalidParameterValue", 400, message)


@pytest.mark.parametrize("name", ["has space", ".lead", "trail.", "two..dots", "x" * 257])
def test_invalid_attribute_names(sqs, queue_url, name):
    with pytest.raises(ClientError) as exc:
        sqs.send_message(QueueUrl=queue_url, MessageBody="b",
                         MessageAttributes={name: {"DataType": "String", "StringValue": "v"}})
    code, _, status, message = error_of(exc)
    assert (code, status) == ("InvalidParameterValue", 400)
    assert message.startswith(f"Message (user) attribute name '{name}' is invalid.")


def test_invalid_system_attribute_name(sqs, queue_url):
    with pytest.raises(ClientError) as exc:
        sqs.send_message(QueueUrl=queue_url, MessageBody="b",
                         MessageSystemAttributes={"Custom": {"DataType": "String", "StringValue": "v"}})
    assert error_of(exc)[:3] == ("InvalidParameterValue", "InvalidParameterValue", 400)


def test_delete_message(sqs, queue_url):
    sqs.send_message(QueueUrl=queue_url, MessageBody="b")
    handle = sqs.receive_message(QueueUrl=queue_url)["Messages"][0]["ReceiptHandle"]
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)
    counts = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    assert (counts["ApproximateNumberOfMessages"], counts["ApproximateNumberOfMessagesNotVisible"]) == ("0", "0")
    # Deleting again with the same, now stale, handle succeeds silently.
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)


def test_an_older_handle_of_a_message_still_deletes_it(sqs, queue_url):
    sqs.send_message(QueueUrl=queue_url, MessageBody="b")
    old = sqs.receive_message(QueueUrl=queue_url, VisibilityTimeout=0)["Messages"][0]["ReceiptHandle"]
    new = sqs.receive_message(QueueUrl=queue_url, VisibilityTimeout=0)["Messages"][0]["ReceiptHandle"]
    assert old != new
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=old)
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)


@pytest.mark.parametrize("handle", ["garbage", "AAAA", "not base64!", "YWJj"])
def test_malformed_receipt_handles(sqs, queue_url, handle):
    with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid) as exc:
        sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)
    assert error_of(exc) == ("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 400,
                             f'The input receipt handle "{handle}" is not a valid receipt handle.')


def test_a_handle_from_another_queue_is_invalid_here(sqs, queue_url):
    other = sqs.create_queue(QueueName="other")["QueueUrl"]
    sqs.send_message(QueueUrl=other, MessageBody="b")
    handle = sqs.receive_message(QueueUrl=other)["Messages"][0]["ReceiptHandle"]
    with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid) as exc:
        sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)
    assert error_of(exc)[3] == f'The receipt handle "{handle}" is not valid for this queue.'


def test_messages_expire_after_the_retention_period(sqs, frozen):
    url = sqs.create_queue(QueueName="short", Attributes={"MessageRetentionPeriod": "60"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="b")
    frozen.advance(60)
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])[
        "Attributes"] == {"ApproximateNumberOfMessages": "1"}
    frozen.advance(1)
    assert "Messages" not in sqs.receive_message(QueueUrl=url)
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])[
        "Attributes"] == {"ApproximateNumberOfMessages": "0"}


def test_receipt_handles_look_like_opaque_base64(sqs, queue_url):
    sqs.send_message(QueueUrl=queue_url, MessageBody="b")
    handle = sqs.receive_message(QueueUrl=queue_url)["Messages"][0]["ReceiptHandle"]
    assert re.fullmatch(r"[A-Za-z0-9+/]+=*", handle)


def test_boto3_resource_api(sqs):
    import boto3

    resource = boto3.resource("sqs", region_name=REGION)
    queue = resource.create_queue(QueueName="res")
    queue.send_message(MessageBody="via resource", MessageAttributes={
        "k": {"DataType": "String", "StringValue": "v"}})
    messages = queue.receive_messages(MessageAttributeNames=["All"])
    assert messages[0].body == "via resource"
    assert messages[0].message_attributes == {"k": {"DataType": "String", "StringValue": "v"}}
    messages[0].delete()
    assert queue.attributes["ApproximateNumberOfMessages"] == "0"
