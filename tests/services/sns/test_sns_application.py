"""SNS used the way applications use it: fan-out of domain events to queues with filters,
consumers reading SNS's documents, FIFO ordering per customer, and raw calls on the wire."""
import json
from urllib.parse import urlencode

import boto3

from iamulator import mock_aws
from iamulator.server.dispatch import Request, dispatch

REGION = "us-east-1"


# -- a small order service and its consumers -----------------------------------------------------
class OrderEvents:
    def __init__(self, topic_arn: str):
        self.sns = boto3.client("sns", region_name=REGION)
        self.topic_arn = topic_arn

    def order_placed(self, order_id: str, total: float, country: str) -> str:
        return self.sns.publish(
            TopicArn=self.topic_arn,
            Subject="OrderPlaced",
            Message=json.dumps({"orderId": order_id, "total": total}),
            MessageAttributes={"event": {"DataType": "String", "StringValue": "OrderPlaced"},
                               "country": {"DataType": "String", "StringValue": country},
                               "total": {"DataType": "Number", "StringValue": str(total)}},
        )["MessageId"]


def wire_up(sns, sqs, topic_arn: str, queue: str, policy: dict | None = None, raw: bool = False) -> str:
    url = sqs.create_queue(QueueName=queue)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    attributes = {"RawMessageDelivery": "true" if raw else "false"}
    if policy:
        attributes["FilterPolicy"] = json.dumps(policy)
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=arn, Attributes=attributes)
    return url


def consume(sqs, url: str) -> list:
    """What a worker does with SNS-fed messages: unwrap the notification, act, delete."""
    handled = []
    while True:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"],
                                       WaitTimeSeconds=0).get("Messages", [])
        if not messages:
            return handled
        for m in messages:
            body = json.loads(m["Body"])
            if body.get("Type") == "Notification":
                handled.append((body["Subject"], json.loads(body["Message"]),
                                {k: v["Value"] for k, v in body.get("MessageAttributes", {}).items()}))
            else:
                handled.append(("raw", json.loads(m["Body"]),
                                {k: v["StringValue"] for k, v in m.get("MessageAttributes", {}).items()}))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])


@mock_aws
def test_order_events_fan_out_to_filtered_consumers():
    sns = boto3.client("sns", region_name=REGION)
    sqs = boto3.client("sqs", region_name=REGION)
    topic = sns.create_topic(Name="order-events")["TopicArn"]
    billing = wire_up(sns, sqs, topic, "billing")
    big_orders = wire_up(sns, sqs, topic, "fraud-review", {"total": [{"numeric": [">=", 1000]}]})
    eu_orders = wire_up(sns, sqs, topic, "eu-warehouse", {"country": ["DE", "FR"]}, raw=True)

    events = OrderEvents(topic)
    events.order_placed("o-1", 25.0, "US")
    events.order_placed("o-2", 2500.0, "DE")
    events.order_placed("o-3", 80.0, "FR")

    assert [(s, m["orderId"]) for s, m, _ in consume(sqs, billing)] == \
        [("OrderPlaced", "o-1"), ("OrderPlaced", "o-2"), ("OrderPlaced", "o-3")]
    [(subject, message, attributes)] = consume(sqs, big_orders)
    assert (message, attributes["country"], attributes["total"]) == ({"orderId": "o-2", "total": 2500.0}, "DE",
                                                                     "2500.0")
    assert [(m["orderId"], a["country"]) for _, m, a in consume(sqs, eu_orders)] == [("o-2", "DE"), ("o-3", "FR")]


@mock_aws
def test_fifo_topic_keeps_each_customers_order():
    sns = boto3.client("sns", region_name=REGION)
    sqs = boto3.client("sqs", region_name=REGION)
    topic = sns.create_topic(Name="ledger.fifo", Attributes={"FifoTopic": "true",
                                                              "ContentBasedDeduplication": "true"})["TopicArn"]
    url = sqs.create_queue(QueueName="ledger.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"})
    for customer, amount in (("alice", 10), ("bob", 5), ("alice", -3), ("alice", -3), ("bob", 7)):
        sns.publish(TopicArn=topic, Message=json.dumps({"customer": customer, "amount": amount}),
                    MessageGroupId=customer)
    balances: dict = {}
    while True:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            break
        for m in messages:
            entry = json.loads(m["Body"])
            balances.setdefault(entry["customer"], []).append(entry["amount"])
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    # The repeated alice -3 within five minutes is a duplicate and is delivered once.
    assert balances == {"alice": [10, -3], "bob": [5, 7]}


# -- raw calls on the wire -------------------------------------------------------------------------
def call(action: str, **params) -> tuple:
    body = urlencode({"Action": action, "Version": "2010-03-31", **params}).encode()
    response = dispatch(Request("POST", f"https://sns.{REGION}.amazonaws.com/", {
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        "Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/sns/aws4_request, "
                         "SignedHeaders=host, Signature=0"}, body))
    return response.status, response.body.decode()


def test_raw_query_calls_and_their_errors():
    with mock_aws():
        status, body = call("CreateTopic", Name="wire")
        assert status == 200 and "<TopicArn>arn:aws:sns:us-east-1:123456789012:wire</TopicArn>" in body
        status, body = call("Publish", Message="m")
        assert status == 400 and "<Code>InvalidParameter</Code>" in body
        status, body = call("Publish", TopicArn="arn:aws:sns:us-east-1:123456789012:wire")
        assert status == 400 and "<Code>ValidationError</Code>" in body
        assert "Value null at &apos;message&apos;" in body or "Value null at 'message'" in body
        status, body = call("Subscribe", TopicArn="arn:aws:sns:us-east-1:123456789012:wire")
        assert status == 400 and "<Code>ValidationError</Code>" in body
        status, body = call("GetTopicAttributes", TopicArn="arn:aws:sns:us-east-1:123456789012:gone")
        assert status == 404 and "<Code>NotFound</Code>" in body and "<Type>Sender</Type>" in body
        status, body = call("CreatePlatformApplication", Name="app", Platform="GCM")
        assert status == 501 and "NotImplemented" in body
