"""An application wired with EventBridge the way real code is: a publisher, rules routing to
queues, and a worker consuming them."""
import json

import boto3

from iamulator import mock_aws
from queue_messages import json_bodies


def publish_order(client, order: dict) -> str:
    out = client.put_events(Entries=[{"Source": "shop.orders", "DetailType": "OrderPlaced",
                                      "EventBusName": "shop", "Detail": json.dumps(order)}])
    if out["FailedEntryCount"]:
        raise RuntimeError(out["Entries"][0]["ErrorMessage"])
    return out["Entries"][0]["EventId"]


def wire(events, sqs) -> dict:
    events.create_event_bus(Name="shop")
    queues = {}
    for name in ("fulfilment", "fraud-review"):
        url = sqs.create_queue(QueueName=name)["QueueUrl"]
        queues[name] = (url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"])
    events.put_rule(Name="all-orders", EventBusName="shop",
                    EventPattern=json.dumps({"source": ["shop.orders"], "detail-type": ["OrderPlaced"]}))
    events.put_targets(Rule="all-orders", EventBusName="shop", Targets=[
        {"Id": "fulfil", "Arn": queues["fulfilment"][1], "InputPath": "$.detail"}])
    events.put_rule(Name="big-foreign-orders", EventBusName="shop", EventPattern=json.dumps({
        "source": ["shop.orders"],
        "detail": {"total": [{"numeric": [">=", 1000]}], "country": [{"anything-but": ["IE", "GB"]}]}}))
    events.put_targets(Rule="big-foreign-orders", EventBusName="shop", Targets=[
        {"Id": "review", "Arn": queues["fraud-review"][1], "InputTransformer": {
            "InputPathsMap": {"id": "$.detail.id", "total": "$.detail.total"},
            "InputTemplate": '{"order": "<id>", "amount": <total>, "reason": "large foreign order"}'}}])
    return {name: url for name, (url, _) in queues.items()}


def drain(sqs, url) -> list:
    return json_bodies(sqs, url)


@mock_aws
def test_orders_are_routed():
    events = boto3.client("events", region_name="eu-west-1")
    sqs = boto3.client("sqs", region_name="eu-west-1")
    urls = wire(events, sqs)
    publish_order(events, {"id": "o-1", "total": 20, "country": "IE"})
    publish_order(events, {"id": "o-2", "total": 5000, "country": "US"})
    publish_order(events, {"id": "o-3", "total": 5000, "country": "GB"})
    assert [o["id"] for o in drain(sqs, urls["fulfilment"])] == ["o-1", "o-2", "o-3"]
    assert drain(sqs, urls["fraud-review"]) == [{"order": "o-2", "amount": 5000, "reason": "large foreign order"}]
