"""Publish and PublishBatch: validation, the documents subscribers get, FIFO, failures."""
import base64
import json

import pytest

from iamulator.services.sns import delivery, outbox

from sns_support import ACCOUNT, REGION, bodies, drain, error_of, queue_arn

ENVELOPE_KEYS = ["Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature",
                 "SigningCertURL", "UnsubscribeURL", "MessageAttributes"]


@pytest.fixture
def subscribed(sns, topic_arn, queue):
    """(topic ARN, queue URL, subscription ARN) of a queue subscribed to the topic."""
    sub = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1])["SubscriptionArn"]
    return topic_arn, queue[0], sub


def test_notification_document_as_sns_lays_it_out(sns, sqs, subscribed, frozen):
    topic_arn, url, sub = subscribed
    message_id = sns.publish(TopicArn=topic_arn, Message='hello "world"\n', Subject="Greeting", MessageAttributes={
        "store": {"DataType": "String", "StringValue": "example_corp"},
        "price": {"DataType": "Number", "StringValue": "210.75"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
        "tags": {"DataType": "String.Array", "StringValue": '["a", "b"]'},
    })["MessageId"]
    [received] = drain(sqs, url, AttributeNames=["SenderId"])
    assert received["Attributes"]["SenderId"] == delivery.SNS_SENDER_ID
    body = received["Body"]
    document = json.loads(body)
    assert list(document) == ENVELOPE_KEYS
    assert document["Type"] == "Notification"
    assert document["MessageId"] == message_id
    assert document["TopicArn"] == topic_arn
    assert document["Subject"] == "Greeting"
    assert document["Message"] == 'hello "world"\n'
    assert document["Timestamp"] == "2023-11-14T22:13:20.000Z"
    assert document["SignatureVersion"] == "1"
    assert len(base64.b64decode(document["Signature"])) == 256
    assert document["SigningCertURL"].startswith(f"https://sns.{REGION}.amazonaws.com/SimpleNotificationService-")
    assert document["UnsubscribeURL"] == f"https://sns.{REGION}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={sub}"
    assert document["MessageAttributes"] == {
        "store": {"Type": "String", "Value": "example_corp"},
        "price": {"Type": "Number", "Value": "210.75"},
        "blob": {"Type": "Binary", "Value": "AAE="},
        "tags": {"Type": "String.Array", "Value": '["a", "b"]'},
    }
    # SNS's own layout: a member per line, " : " between name and value.
    assert body.startswith('{\n  "Type" : "Notification",\n  "MessageId" : "')
    assert '\n  "MessageAttributes" : {\n    "store" : {"Type":"String","Value":"example_corp"},\n' in body
    assert body.endswith("\n  }\n}")


def test_notification_without_subject_or_attributes(sns, sqs, subscribed):
    topic_arn, url, _ = subscribed
    sns.publish(TopicArn=topic_arn, Message="plain")
    document = json.loads(drain(sqs, url)[0]["Body"])
    assert list(document) == [k for k in ENVELOPE_KEYS if k not in ("Subject", "MessageAttributes")]


def test_signature_version_follows_the_topic(sns, sqs, subscribed):
    topic_arn, url, _ = subscribed
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="SignatureVersion", AttributeValue="2")
    sns.publish(TopicArn=topic_arn, Message="m")
    assert json.loads(drain(sqs, url)[0]["Body"])["SignatureVersion"] == "2"


def test_raw_delivery_maps_message_attributes_to_the_queue(sns, sqs, subscribed):
    topic_arn, url, sub = subscribed
    sns.set_subscription_attributes(SubscriptionArn=sub, AttributeName="RawMessageDelivery", AttributeValue="true")
    attributes = {
        "store": {"DataType": "String", "StringValue": "example_corp"},
        "price": {"DataType": "Number", "StringValue": "210.75"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
        "tags": {"DataType": "String.Array", "StringValue": '["a"]'},
    }
    sns.publish(TopicArn=topic_arn, Message="raw body", MessageAttributes=attributes)
    [received] = drain(sqs, url, MessageAttributeNames=["All"])
    assert received["Body"] == "raw body"
    assert received["MessageAttributes"] == attributes


def test_message_structure_json_chooses_each_protocols_message(sns, sqs, topic_arn, queue):
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1])
    sns.subscribe(TopicArn=topic_arn, Protocol="email", Endpoint="ops@example.com", ReturnSubscriptionArn=True)
    token = json.loads(outbox.sent()[-1]["Body"])["Token"]
    sns.confirm_subscription(TopicArn=topic_arn, Token=token)
    message = json.dumps({"default": "for everyone", "sqs": "for queues", "lambda": 5})
    sns.publish(TopicArn=topic_arn, Message=message, MessageStructure="json", Subject="Hi")
    assert bodies(sqs, queue[0]) == ["for queues"]
    email = outbox.sent()[-1]
    assert (email["Protocol"], email["Body"], email["Subject"]) == ("email", "for everyone", "Hi")


@pytest.mark.parametrize("message, reason", [
    ("not json", "Message Structure - JSON message body failed to parse"),
    ('["default"]', "Message Structure - JSON message body failed to parse"),
    (json.dumps({"sqs": "only"}), "Message Structure - No default entry in JSON message body"),
    (json.dumps({"default": 1}), "Message Structure - No default entry in JSON message body"),
])
def test_message_structure_errors(sns, topic_arn, message, reason):
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.publish(TopicArn=topic_arn, Message=message, MessageStructure="json")
    assert error_of(excinfo) == ("InvalidParameter", 400, f"Invalid parameter: {reason}")


def test_message_size_limit_counts_attributes(sns, topic_arn):
    assert sns.publish(TopicArn=topic_arn, Message="x" * 262144)["MessageId"]
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.publish(TopicArn=topic_arn, Message="x" * 262145)
    assert error_of(excinfo)[2] == "Invalid parameter: Message too long"
    # Name (1) + type (6) + value (1) = 8 bytes of attributes.
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.publish(TopicArn=topic_arn, Message="x" * (262144 - 7),
                    MessageAttributes={"a": {"DataType": "String", "StringValue": "b"}})
    assert sns.publish(TopicArn=topic_arn, Message="x" * (262144 - 8),
                       MessageAttributes={"a": {"DataType": "String", "StringValue": "b"}})["MessageId"]
    # Multi-byte characters count as bytes.
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.publish(TopicArn=topic_arn, Message="é" * 131073)


@pytest.mark.parametrize("kwargs, message", [
    ({"Message": ""}, "Invalid parameter: Empty message"),
    ({"Message": "m", "Subject": ""}, "Invalid parameter: Subject"),
    ({"Message": "m", "Subject": "s" * 101}, "Invalid parameter: Subject"),
    ({"Message": "m", "Subject": "two\nlines"}, "Invalid parameter: Subject"),
    ({"Message": "m", "MessageStructure": "xml"}, "Invalid parameter: MessageStructure"),
    ({"Message": "m", "MessageDeduplicationId": "d"},
     "Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that "
     "is not valid for this topic type"),
    ({"Message": "m", "MessageGroupId": "bad group"},
     "Invalid parameter: MessageGroupId Reason: MessageGroupId can only include alphanumeric and punctuation "
     "characters. 1 to 128 in length."),
])
def test_publish_parameter_errors(sns, topic_arn, kwargs, message):
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.publish(TopicArn=topic_arn, **kwargs)
    assert error_of(excinfo) == ("InvalidParameter", 400, message)


def test_subject_of_100_characters_is_accepted(sns, topic_arn):
    assert sns.publish(TopicArn=topic_arn, Message="m", Subject="s" * 100)["MessageId"]


@pytest.mark.parametrize("attribute, message", [
    ({"a": {"DataType": "Text", "StringValue": "v"}},
     "The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes is "
     "Binary, Number, and String."),
    ({"a": {"DataType": "String", "StringValue": ""}},
     "The message attribute 'a' must contain non-empty message attribute value for message attribute type 'String'."),
    ({"a": {"DataType": "Binary", "StringValue": "v"}},
     "The message attribute 'a' with type 'Binary' must use field 'Binary'."),
    ({"a": {"DataType": "Number", "StringValue": "ten"}}, "Could not cast message attribute 'a' value to number."),
    ({".a": {"DataType": "String", "StringValue": "v"}},
     "Invalid message attribute name starting with character '.' was found."),
    ({"a.": {"DataType": "String", "StringValue": "v"}},
     "Invalid message attribute name ending with character '.' was found."),
    ({"a..b": {"DataType": "String", "StringValue": "v"}}, "Message attribute name can not have successive '.' character."),
    ({"a b": {"DataType": "String", "StringValue": "v"}},
     "Invalid non-alphanumeric character '#x20' was found in the message attribute name. Can only include "
     "alphanumeric characters, hyphens, underscores, or dots."),
])
def test_message_attribute_errors(sns, topic_arn, attribute, message):
    with pytest.raises(sns.exceptions.InvalidParameterValueException) as excinfo:
        sns.publish(TopicArn=topic_arn, Message="m", MessageAttributes=attribute)
    assert error_of(excinfo) == ("ParameterValueInvalid", 400, message)


def test_publish_target_errors(sns, topic_arn):
    with pytest.raises(sns.exceptions.NotFoundException) as excinfo:
        sns.publish(TopicArn=topic_arn + "-absent", Message="m")
    assert error_of(excinfo) == ("NotFound", 404, "Topic does not exist")
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.publish(TopicArn=topic_arn.replace(REGION, "eu-west-1"), Message="m")
    assert error_of(excinfo)[2] == "Invalid parameter: TopicArn"
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.publish(Message="m")
    assert error_of(excinfo)[2] == "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter"
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.publish(TargetArn=f"arn:aws:sns:{REGION}:{ACCOUNT}:endpoint/GCM/app/0a1b", Message="m")
    assert error_of(excinfo)[2] == "Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified"


def test_target_arn_may_name_a_topic(sns, sqs, subscribed):
    topic_arn, url, _ = subscribed
    sns.publish(TargetArn=topic_arn, Message="via target")
    assert bodies(sqs, url) == ["via target"]


def test_publish_to_a_phone_number_is_recorded(sns):
    message_id = sns.publish(PhoneNumber="+15555550100", Message="Your code is 1234")["MessageId"]
    record = outbox.sent()[-1]
    assert (record["Protocol"], record["Endpoint"], record["MessageId"], record["Body"]) == \
        ("sms", "+15555550100", message_id, "Your code is 1234")
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.publish(PhoneNumber="555-0100", Message="m")
    assert error_of(excinfo)[2] == "Invalid parameter: PhoneNumber Reason: 555-0100 is not valid to publish to"


def test_every_confirmed_subscription_gets_the_message(sns, sqs, topic_arn):
    urls = [sqs.create_queue(QueueName=f"q{i}")["QueueUrl"] for i in range(3)]
    for url in urls:
        sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue_arn(sqs, url))
    sns.subscribe(TopicArn=topic_arn, Protocol="https", Endpoint="https://example.com/hook")
    sns.publish(TopicArn=topic_arn, Message="fan out")
    assert [bodies(sqs, url) for url in urls] == [["fan out"]] * 3
    # The unconfirmed HTTPS endpoint got its confirmation request only.
    assert [r["Type"] for r in outbox.sent()] == ["SubscriptionConfirmation"]


def test_unsubscribed_queues_get_nothing(sns, sqs, subscribed):
    topic_arn, url, sub = subscribed
    sns.unsubscribe(SubscriptionArn=sub)
    sns.publish(TopicArn=topic_arn, Message="m")
    assert drain(sqs, url) == []


def test_http_email_json_and_sms_deliveries_are_recorded(sns, topic_arn):
    sns.subscribe(TopicArn=topic_arn, Protocol="sms", Endpoint="+15555550100")
    for protocol, endpoint in (("http", "http://example.com/a"), ("email-json", "ops@example.com")):
        arn = sns.subscribe(TopicArn=topic_arn, Protocol=protocol, Endpoint=endpoint,
                            ReturnSubscriptionArn=True)["SubscriptionArn"]
        sns.confirm_subscription(TopicArn=topic_arn, Token=outbox.confirmation_token(arn))
    outbox.clear()
    message_id = sns.publish(TopicArn=topic_arn, Message="hello", Subject="Hi")["MessageId"]
    records = {r["Protocol"]: r for r in outbox.sent()}
    assert set(records) == {"sms", "http", "email-json"}
    assert records["sms"]["Body"] == "hello"
    for protocol in ("http", "email-json"):
        document = json.loads(records[protocol]["Body"])
        assert (document["Type"], document["MessageId"], document["Message"], document["Subject"]) == \
            ("Notification", message_id, "hello", "Hi")
        assert records[protocol]["Status"] == "recorded"


def test_lambda_subscriptions_are_invoked_with_the_sns_event(sns, topic_arn, monkeypatch):
    function = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:handler"
    sub = sns.subscribe(TopicArn=topic_arn, Protocol="lambda", Endpoint=function)["SubscriptionArn"]
    calls = []
    monkeypatch.setattr(delivery, "to_function", lambda ctx, arn, payload: calls.append((arn, payload)) or
                        ("delivered", None))
    message_id = sns.publish(TopicArn=topic_arn, Message="event", Subject="S", MessageAttributes={
        "k": {"DataType": "String", "StringValue": "v"}})["MessageId"]
    [(arn, payload)] = calls
    assert arn == function
    [record] = json.loads(payload)["Records"]
    assert (record["EventSource"], record["EventVersion"], record["EventSubscriptionArn"]) == \
        ("aws:sns", "1.0", sub)
    event = record["Sns"]
    assert (event["Type"], event["MessageId"], event["TopicArn"], event["Subject"], event["Message"]) == \
        ("Notification", message_id, topic_arn, "S", "event")
    assert event["MessageAttributes"] == {"k": {"Type": "String", "Value": "v"}}
    assert event["SignatureVersion"] == "1"
    assert event["UnsubscribeUrl"].endswith(sub)
    assert outbox.sent()[-1]["Status"] == "delivered"


def test_invoking_a_missing_function_fails_into_the_dead_letter_queue(sns, sqs, topic_arn):
    function = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:absent-function"
    dlq_url = sqs.create_queue(QueueName="dlq")["QueueUrl"]
    sns.subscribe(TopicArn=topic_arn, Protocol="lambda", Endpoint=function, Attributes={
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": queue_arn(sqs, dlq_url)})})
    sns.publish(TopicArn=topic_arn, Message="event")
    record = outbox.sent()[-1]
    assert record["Status"] == "dead-lettered" and "ResourceNotFound" in record["Error"]
    [moved] = drain(sqs, dlq_url)
    assert json.loads(moved["Body"])["Records"][0]["Sns"]["Message"] == "event"


def test_undeliverable_messages_go_to_the_dead_letter_queue(sns, sqs, subscribed):
    topic_arn, url, sub = subscribed
    dlq_url = sqs.create_queue(QueueName="dlq")["QueueUrl"]
    sns.publish(TopicArn=topic_arn, Message="lost")
    sqs.delete_queue(QueueUrl=url)
    sns.publish(TopicArn=topic_arn, Message="lost")
    failed = outbox.sent()[-1]
    assert (failed["Status"], failed["SubscriptionArn"]) == ("failed", sub)
    assert failed["Error"] == "AWS.SimpleQueueService.NonExistentQueue: The specified queue does not exist."
    sns.set_subscription_attributes(SubscriptionArn=sub, AttributeName="RedrivePolicy",
                                    AttributeValue=json.dumps({"deadLetterTargetArn": queue_arn(sqs, dlq_url)}))
    message_id = sns.publish(TopicArn=topic_arn, Message="rescued")["MessageId"]
    assert outbox.sent()[-1]["Status"] == "dead-lettered"
    document = json.loads(drain(sqs, dlq_url)[0]["Body"])
    assert (document["MessageId"], document["Message"]) == (message_id, "rescued")


def test_delivery_asks_whether_the_queue_lets_sns_send(sns, sqs, subscribed, monkeypatch):
    from iamulator.services.sns import queue_access

    topic_arn, url, sub = subscribed
    asked = []
    monkeypatch.setattr(queue_access, "sns_may_send", lambda topic, queue, policy: asked.append((topic, queue)))
    sns.publish(TopicArn=topic_arn, Message="m")
    assert asked == [(topic_arn, queue_arn(sqs, url))]
    assert drain(sqs, url) == []
    assert outbox.sent()[-1]["Error"].startswith("AccessDenied")


# -- FIFO --------------------------------------------------------------------------------
@pytest.fixture
def fifo(sns, sqs):
    """(topic ARN, FIFO queue URL, standard queue URL), both queues subscribed."""
    topic = sns.create_topic(Name="orders.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    fifo_url = sqs.create_queue(QueueName="orders.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    std_url = sqs.create_queue(QueueName="audit")["QueueUrl"]
    for url in (fifo_url, std_url):
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(sqs, url))
    return topic, fifo_url, std_url


def test_fifo_publish_needs_a_group_and_a_deduplication_id(sns, fifo):
    topic = fifo[0]
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.publish(TopicArn=topic, Message="m")
    assert error_of(excinfo)[2] == "Invalid parameter: The MessageGroupId parameter is required for FIFO topics"
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.publish(TopicArn=topic, Message="m", MessageGroupId="g")
    assert error_of(excinfo)[2] == ("Invalid parameter: The topic should either have ContentBasedDeduplication "
                                    "enabled or MessageDeduplicationId provided explicitly")


def test_fifo_order_sequence_numbers_and_envelope(sns, sqs, fifo):
    topic, fifo_url, std_url = fifo
    answers = [sns.publish(TopicArn=topic, Message=f"m{i}", MessageGroupId="g", MessageDeduplicationId=f"d{i}")
               for i in range(3)]
    sequences = [a["SequenceNumber"] for a in answers]
    assert sequences == sorted(sequences) and len(set(sequences)) == 3 and all(len(s) == 20 for s in sequences)
    received = drain(sqs, fifo_url, AttributeNames=["All"])
    documents = [json.loads(m["Body"]) for m in received]
    assert [d["Message"] for d in documents] == ["m0", "m1", "m2"]
    assert list(documents[0]) == ["Type", "MessageId", "SequenceNumber", "TopicArn", "Message", "Timestamp",
                                  "UnsubscribeURL"]
    assert [d["SequenceNumber"] for d in documents] == sequences
    assert [(m["Attributes"]["MessageGroupId"], m["Attributes"]["MessageDeduplicationId"]) for m in received] == \
        [("g", "d0"), ("g", "d1"), ("g", "d2")]
    # A standard queue subscribed to a FIFO topic gets the messages without FIFO identifiers.
    plain = drain(sqs, std_url, AttributeNames=["All"])
    assert [json.loads(m["Body"])["Message"] for m in plain] == ["m0", "m1", "m2"]
    assert all("MessageGroupId" not in m["Attributes"] for m in plain)


def test_fifo_deduplication_within_five_minutes(sns, sqs, fifo, frozen):
    topic, fifo_url, _ = fifo
    sns.set_topic_attributes(TopicArn=topic, AttributeName="ContentBasedDeduplication", AttributeValue="true")
    first = sns.publish(TopicArn=topic, Message="same", MessageGroupId="g")
    again = sns.publish(TopicArn=topic, Message="same", MessageGroupId="g")
    assert (again["MessageId"], again["SequenceNumber"]) == (first["MessageId"], first["SequenceNumber"])
    assert bodies(sqs, fifo_url) == ["same"]
    frozen.advance(301)
    later = sns.publish(TopicArn=topic, Message="same", MessageGroupId="g")
    assert later["MessageId"] != first["MessageId"]
    assert int(later["SequenceNumber"]) > int(first["SequenceNumber"])


def test_fifo_deduplication_scope_message_group(sns, fifo):
    topic = fifo[0]
    a = sns.publish(TopicArn=topic, Message="m", MessageGroupId="a", MessageDeduplicationId="d")
    b = sns.publish(TopicArn=topic, Message="m", MessageGroupId="b", MessageDeduplicationId="d")
    assert a["MessageId"] == b["MessageId"]
    sns.set_topic_attributes(TopicArn=topic, AttributeName="FifoThroughputScope", AttributeValue="MessageGroup")
    c = sns.publish(TopicArn=topic, Message="m", MessageGroupId="c", MessageDeduplicationId="d2")
    d = sns.publish(TopicArn=topic, Message="m", MessageGroupId="d", MessageDeduplicationId="d2")
    assert c["MessageId"] != d["MessageId"]


def test_standard_topic_forwards_a_message_group_to_standard_queues(sns, sqs, subscribed):
    topic_arn, url, _ = subscribed
    sns.publish(TopicArn=topic_arn, Message="fair", MessageGroupId="tenant-1")
    [received] = drain(sqs, url, MessageSystemAttributeNames=["MessageGroupId"])
    assert received["Attributes"]["MessageGroupId"] == "tenant-1"


# -- PublishBatch -------------------------------------------------------------------------
def test_publish_batch(sns, sqs, subscribed):
    topic_arn, url, _ = subscribed
    answer = sns.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=[
        {"Id": "one", "Message": "first", "Subject": "S"},
        {"Id": "bad", "Message": "", },
        {"Id": "two", "Message": "second", "MessageAttributes": {"k": {"DataType": "String", "StringValue": "v"}}},
    ])
    assert [s["Id"] for s in answer["Successful"]] == ["one", "two"]
    assert answer["Failed"] == [{"Id": "bad", "Code": "InvalidParameter", "Message": "Invalid parameter: Empty message",
                                 "SenderFault": True}]
    documents = [json.loads(m["Body"]) for m in drain(sqs, url)]
    assert [(d["MessageId"], d["Message"]) for d in documents] == \
        [(answer["Successful"][0]["MessageId"], "first"), (answer["Successful"][1]["MessageId"], "second")]


@pytest.mark.parametrize("entries, shape, code, message", [
    ([], "EmptyBatchRequestException", "EmptyBatchRequest", "The batch request doesn't contain any entries."),
    ([{"Id": str(i), "Message": "m"} for i in range(11)], "TooManyEntriesInBatchRequestException",
     "TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible."),
    ([{"Id": "a", "Message": "m"}, {"Id": "a", "Message": "n"}], "BatchEntryIdsNotDistinctException",
     "BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id."),
    ([{"Id": "no spaces", "Message": "m"}], "InvalidBatchEntryIdException", "InvalidBatchEntryId",
     "The Id of a batch entry in the batch request doesn't abide by the specification."),
    ([{"Id": "a", "Message": "x" * 200000}, {"Id": "b", "Message": "x" * 62145}], "BatchRequestTooLongException",
     "BatchRequestTooLong", "The length of all the messages put together is more than the limit."),
])
def test_publish_batch_request_errors(sns, topic_arn, entries, shape, code, message):
    with pytest.raises(getattr(sns.exceptions, shape)) as excinfo:
        sns.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=entries)
    assert error_of(excinfo) == (code, 400, message)


def test_publish_batch_refuses_invalid_attributes_and_missing_topics(sns, topic_arn):
    with pytest.raises(sns.exceptions.InvalidParameterValueException):
        sns.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=[
            {"Id": "a", "Message": "m", "MessageAttributes": {"n": {"DataType": "Number", "StringValue": "x"}}}])
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.publish_batch(TopicArn=topic_arn + "-absent", PublishBatchRequestEntries=[{"Id": "a", "Message": "m"}])


def test_publish_batch_to_fifo(sns, sqs, fifo):
    topic, fifo_url, _ = fifo
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
            {"Id": "a", "Message": "m", "MessageGroupId": "g", "MessageDeduplicationId": "1"},
            {"Id": "b", "Message": "m", "MessageDeduplicationId": "2"}])
    assert error_of(excinfo)[2] == "Invalid parameter: The MessageGroupId parameter is required for FIFO topics"
    answer = sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
        {"Id": f"e{i}", "Message": f"m{i}", "MessageGroupId": "g", "MessageDeduplicationId": f"d{i}"}
        for i in range(4)])
    sequences = [s["SequenceNumber"] for s in answer["Successful"]]
    assert sequences == sorted(sequences) and len(set(sequences)) == 4
    assert bodies(sqs, fifo_url) == ["m0", "m1", "m2", "m3"]
