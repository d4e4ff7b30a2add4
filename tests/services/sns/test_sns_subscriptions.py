"""Subscriptions: protocols and endpoints, confirmation, attributes, listing, unsubscribing."""
import json

import pytest

from iamulator.services.sns import outbox
from iamulator.services.state import STORE

from sns_support import ACCOUNT, REGION, error_of, queue_arn

FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:handler"


def test_subscribe_a_queue(sns, topic_arn, queue):
    arn = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1])["SubscriptionArn"]
    assert arn.startswith(topic_arn + ":") and len(arn.rsplit(":", 1)[1]) == 36
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"] == {
        "ConfirmationWasAuthenticated": "true",
        "Endpoint": queue[1],
        "Owner": ACCOUNT,
        "PendingConfirmation": "false",
        "Protocol": "sqs",
        "RawMessageDelivery": "false",
        "SubscriptionArn": arn,
        "SubscriptionPrincipal": f"arn:aws:iam::{ACCOUNT}:root",
        "TopicArn": topic_arn,
    }
    attributes = sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]
    assert (attributes["SubscriptionsConfirmed"], attributes["SubscriptionsPending"]) == ("1", "0")


def test_subscribe_is_idempotent_for_the_same_endpoint(sns, topic_arn, queue):
    first = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1],
                          Attributes={"RawMessageDelivery": "true"})["SubscriptionArn"]
    again = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1],
                          Attributes={"RawMessageDelivery": "true"})["SubscriptionArn"]
    assert again == first
    assert sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1])["SubscriptionArn"] == first
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1],
                      Attributes={"FilterPolicy": json.dumps({"a": ["b"]})})
    assert error_of(excinfo)[2] == ("Invalid parameter: Attributes Reason: Subscription already exists with "
                                    "different attributes")
    assert len(sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]) == 1


@pytest.mark.parametrize("protocol, endpoint", [
    ("lambda", FUNCTION),
    ("sms", "+15555550100"),
    ("application", f"arn:aws:sns:{REGION}:{ACCOUNT}:endpoint/GCM/app/0a1b2c3d"),
    ("firehose", f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/stream"),
])
def test_aws_endpoints_of_the_same_account_are_confirmed_at_once(sns, topic_arn, protocol, endpoint):
    arn = sns.subscribe(TopicArn=topic_arn, Protocol=protocol, Endpoint=endpoint)["SubscriptionArn"]
    attributes = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attributes["PendingConfirmation"] == "false"
    assert (attributes["Protocol"], attributes["Endpoint"]) == (protocol, endpoint)


@pytest.mark.parametrize("protocol, endpoint", [
    ("http", "http://example.com/hook"),
    ("https", "https://example.com/hook"),
    ("email", "ops@example.com"),
    ("email-json", "ops@example.com"),
])
def test_http_and_email_subscriptions_wait_for_confirmation(sns, topic_arn, protocol, endpoint):
    assert sns.subscribe(TopicArn=topic_arn, Protocol=protocol, Endpoint=endpoint)["SubscriptionArn"] == \
        "pending confirmation"
    listed = sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]
    assert listed == [{"SubscriptionArn": "PendingConfirmation", "Owner": ACCOUNT, "Protocol": protocol,
                       "Endpoint": endpoint, "TopicArn": topic_arn}]
    attributes = sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]
    assert (attributes["SubscriptionsConfirmed"], attributes["SubscriptionsPending"]) == ("0", "1")
    record = outbox.sent()[-1]
    assert (record["Type"], record["Protocol"], record["Endpoint"], record["Status"]) == \
        ("SubscriptionConfirmation", protocol, endpoint, "recorded")
    document = json.loads(record["Body"])
    assert list(document) == ["Type", "MessageId", "Token", "TopicArn", "Message", "SubscribeURL", "Timestamp",
                              "SignatureVersion", "Signature", "SigningCertURL"]
    assert document["Message"] == (f"You have chosen to subscribe to the topic {topic_arn}.\nTo confirm the "
                                   "subscription, visit the SubscribeURL included in this message.")
    assert document["SubscribeURL"] == (f"https://sns.{REGION}.amazonaws.com/?Action=ConfirmSubscription"
                                        f"&TopicArn={topic_arn}&Token={document['Token']}")


def test_confirm_subscription_with_the_token_sent(sns, topic_arn):
    pending = sns.subscribe(TopicArn=topic_arn, Protocol="https", Endpoint="https://example.com/hook",
                            ReturnSubscriptionArn=True)["SubscriptionArn"]
    assert pending.startswith(topic_arn + ":")
    before = sns.get_subscription_attributes(SubscriptionArn=pending)["Attributes"]
    assert (before["PendingConfirmation"], before["ConfirmationWasAuthenticated"]) == ("true", "false")
    assert "EffectiveDeliveryPolicy" in before
    token = outbox.confirmation_token(pending)
    assert token == json.loads(outbox.sent()[-1]["Body"])["Token"]
    assert sns.confirm_subscription(TopicArn=topic_arn, Token=token)["SubscriptionArn"] == pending
    # Confirming again is harmless.
    assert sns.confirm_subscription(TopicArn=topic_arn, Token=token)["SubscriptionArn"] == pending
    after = sns.get_subscription_attributes(SubscriptionArn=pending)["Attributes"]
    assert (after["PendingConfirmation"], after["ConfirmationWasAuthenticated"]) == ("false", "true")
    assert sns.list_subscriptions()["Subscriptions"][0]["SubscriptionArn"] == pending


def test_confirm_subscription_errors(sns, topic_arn):
    pending = sns.subscribe(TopicArn=topic_arn, Protocol="email", Endpoint="a@example.com",
                            ReturnSubscriptionArn=True)["SubscriptionArn"]
    token = outbox.confirmation_token(pending)
    other = sns.create_topic(Name="other")["TopicArn"]
    for arn, bad_token in ((topic_arn, "0" * 128), (other, token)):
        with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
            sns.confirm_subscription(TopicArn=arn, Token=bad_token)
        assert error_of(excinfo) == ("InvalidParameter", 400, "Invalid parameter: Token")
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.confirm_subscription(TopicArn=topic_arn + "-absent", Token=token)


def test_cross_account_queue_subscription_sends_the_confirmation_to_the_queue(sns, sqs, topic_arn):
    # The caller is the default account; the queue belongs to another one.
    STORE.backend("sqs", "444455556666", REGION).create_queue(None, {"QueueName": "theirs"})
    their_queue = f"arn:aws:sqs:{REGION}:444455556666:theirs"
    arn = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=their_queue,
                        ReturnSubscriptionArn=True)["SubscriptionArn"]
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["PendingConfirmation"] == "true"
    url = f"https://sqs.{REGION}.amazonaws.com/444455556666/theirs"
    message = sqs.receive_message(QueueUrl=url)["Messages"][0]
    document = json.loads(message["Body"])
    assert document["Type"] == "SubscriptionConfirmation"
    sns.confirm_subscription(TopicArn=topic_arn, Token=document["Token"])
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["PendingConfirmation"] == "false"


@pytest.mark.parametrize("protocol, endpoint, message", [
    ("smoke", "x", "Invalid parameter: Amazon SNS does not support this protocol string: smoke"),
    ("http", "https://example.com", "Invalid parameter: Endpoint must match the specified protocol"),
    ("https", "example.com", "Invalid parameter: Endpoint must match the specified protocol"),
    ("email", "not-an-address", "Invalid parameter: Email address"),
    ("sms", "5555550100", "Invalid SMS endpoint: 5555550100"),
    ("sqs", "https://sqs.us-east-1.amazonaws.com/123456789012/q", "Invalid parameter: SQS endpoint ARN"),
    ("sqs", f"arn:aws:sqs:{REGION}:{ACCOUNT}:q.fifo",
     "Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard "
     "SNS topics"),
    ("lambda", f"arn:aws:sqs:{REGION}:{ACCOUNT}:q", "Invalid parameter: Lambda endpoint ARN"),
    ("application", "arn:aws:sns:us-east-1:123456789012:app/GCM/x", "Invalid parameter: ApplicationEndpoint ARN"),
])
def test_invalid_endpoints(sns, topic_arn, protocol, endpoint, message):
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.subscribe(TopicArn=topic_arn, Protocol=protocol, Endpoint=endpoint)
    assert error_of(excinfo) == ("InvalidParameter", 400, message)


def test_fifo_topics_take_queues_only(sns, sqs):
    topic = sns.create_topic(Name="t.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=FUNCTION)
    assert error_of(excinfo)[2] == "Invalid parameter: Invalid protocol type: lambda"
    fifo_url = sqs.create_queue(QueueName="q.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    std_url = sqs.create_queue(QueueName="q")["QueueUrl"]
    for url in (fifo_url, std_url):
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(sqs, url))
    assert len(sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]) == 2


def test_subscribe_to_a_missing_topic(sns, topic_arn, queue):
    with pytest.raises(sns.exceptions.NotFoundException) as excinfo:
        sns.subscribe(TopicArn=topic_arn + "-absent", Protocol="sqs", Endpoint=queue[1])
    assert error_of(excinfo) == ("NotFound", 404, "Topic does not exist")


def test_subscription_attributes(sns, topic_arn, queue, sqs):
    arn = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1],
                        Attributes={"RawMessageDelivery": "True"})["SubscriptionArn"]
    dlq = queue_arn(sqs, sqs.create_queue(QueueName="dlq")["QueueUrl"])
    policy = json.dumps({"store": ["example_corp"]})
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="FilterPolicy", AttributeValue=policy)
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="RedrivePolicy",
                                    AttributeValue=json.dumps({"deadLetterTargetArn": dlq}))
    attributes = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attributes["RawMessageDelivery"] == "true"
    assert attributes["FilterPolicy"] == policy
    assert attributes["FilterPolicyScope"] == "MessageAttributes"
    assert json.loads(attributes["RedrivePolicy"]) == {"deadLetterTargetArn": dlq}
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="FilterPolicyScope",
                                    AttributeValue="MessageBody")
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["FilterPolicyScope"] == "MessageBody"
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="FilterPolicy", AttributeValue="")
    attributes = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert "FilterPolicy" not in attributes and "FilterPolicyScope" not in attributes


@pytest.mark.parametrize("name, value, reason", [
    ("Bogus", "x", "AttributeName"),
    ("RawMessageDelivery", "yes", "RawMessageDelivery: Invalid value [yes]. Must be true or false."),
    ("FilterPolicyScope", "Body", "FilterPolicyScope: Invalid value [Body]. Please use either MessageBody or "
                                  "MessageAttributes"),
    ("FilterPolicy", "{oops", "FilterPolicy: failed to parse JSON."),
    ("FilterPolicy", json.dumps({"a": {"b": ["c"]}}),
     "Filter policy scope MessageAttributes does not support nested filter policy"),
    ("RedrivePolicy", "{oops", "RedrivePolicy: failed to parse JSON."),
    ("RedrivePolicy", json.dumps({"deadLetterTargetArn": "dlq"}), "RedrivePolicy: deadLetterTargetArn is an invalid arn"),
    ("DeliveryPolicy", "[]", "DeliveryPolicy: failed to parse JSON."),
])
def test_invalid_subscription_attributes(sns, topic_arn, queue, name, value, reason):
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1], Attributes={name: value})
    assert error_of(excinfo) == ("InvalidParameter", 400, f"Invalid parameter: Attributes Reason: {reason}")
    arn = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1])["SubscriptionArn"]
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName=name, AttributeValue=value)
    assert error_of(excinfo) == ("InvalidParameter", 400, f"Invalid parameter: {reason}")


def test_raw_delivery_is_for_queues_and_http_only(sns, topic_arn):
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.subscribe(TopicArn=topic_arn, Protocol="lambda", Endpoint=FUNCTION,
                      Attributes={"RawMessageDelivery": "true"})
    assert error_of(excinfo)[2] == ("Invalid parameter: Attributes Reason: Delivery protocol [lambda] does not "
                                    "support raw message delivery.")
    arn = sns.subscribe(TopicArn=topic_arn, Protocol="lambda", Endpoint=FUNCTION,
                        Attributes={"RawMessageDelivery": "false"})["SubscriptionArn"]
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="RawMessageDelivery",
                                        AttributeValue="true")
    assert error_of(excinfo)[2] == "Invalid parameter: Delivery protocol [lambda] does not support raw message delivery."


def test_fifo_subscription_needs_a_fifo_dead_letter_queue(sns, sqs):
    topic = sns.create_topic(Name="t.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    url = sqs.create_queue(QueueName="q.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(sqs, url), Attributes={
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:dlq"})})
    assert error_of(excinfo)[2] == ("Invalid parameter: Attributes Reason: RedrivePolicy: must use a FIFO queue as "
                                    "DLQ for a FIFO Subscription to a FIFO Topic.")


def test_subscription_errors(sns, topic_arn):
    missing = topic_arn + ":0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"
    with pytest.raises(sns.exceptions.NotFoundException) as excinfo:
        sns.get_subscription_attributes(SubscriptionArn=missing)
    assert error_of(excinfo) == ("NotFound", 404, "Subscription does not exist")
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.set_subscription_attributes(SubscriptionArn=missing, AttributeName="RawMessageDelivery",
                                        AttributeValue="true")
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.get_subscription_attributes(SubscriptionArn="nope")
    assert error_of(excinfo)[2] == ("Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 "
                                    "elements, not 1")


def test_unsubscribe(sns, topic_arn, queue):
    arn = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1])["SubscriptionArn"]
    sns.unsubscribe(SubscriptionArn=arn)
    assert sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"] == []
    assert sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]["SubscriptionsDeleted"] == "1"
    # Unsubscribing again, or from a subscription that never was, succeeds.
    sns.unsubscribe(SubscriptionArn=arn)
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.unsubscribe(SubscriptionArn=topic_arn)
    assert error_of(excinfo)[2] == "Invalid parameter: SubscriptionId"
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.unsubscribe(SubscriptionArn="arn:aws:sns")
    assert error_of(excinfo)[2] == ("Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 "
                                    "elements, not 3")


def test_list_subscriptions_pages_by_100(sns, topic_arn):
    other = sns.create_topic(Name="other")["TopicArn"]
    arns = []
    for i in range(150):
        arns.append(sns.subscribe(TopicArn=topic_arn if i % 2 else other, Protocol="sms",
                                  Endpoint=f"+1555555{i:04d}")["SubscriptionArn"])
    first = sns.list_subscriptions()
    assert [s["SubscriptionArn"] for s in first["Subscriptions"]] == arns[:100]
    second = sns.list_subscriptions(NextToken=first["NextToken"])
    assert [s["SubscriptionArn"] for s in second["Subscriptions"]] == arns[100:]
    assert "NextToken" not in second
    by_topic = [s["SubscriptionArn"] for page in sns.get_paginator("list_subscriptions_by_topic").paginate(
        TopicArn=topic_arn) for s in page["Subscriptions"]]
    assert by_topic == arns[1::2]
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.list_subscriptions_by_topic(TopicArn=topic_arn + "-absent")
