"""PutEvents: entry validation, and delivery of matching events to each kind of target."""
import json

import boto3
import pytest

from iamulator.services.events import delivered, fire_scheduled_rule
from iamulator.services.state import STORE

from events_support import ACCOUNT, REGION, bodies, entry, error_of

ORDERS = json.dumps({"source": ["shop.orders"], "detail-type": ["OrderPlaced"]})


def route_to(events, arn, rule="orders", pattern=ORDERS, bus=None, **target):
    kwargs = {"EventBusName": bus} if bus else {}
    events.put_rule(Name=rule, EventPattern=pattern, **kwargs)
    events.put_targets(Rule=rule, Targets=[{"Id": "t", "Arn": arn, **target}], **kwargs)


def test_sqs_receives_the_event_as_eventbridge_sends_it(events, sqs, queue):
    url, arn = queue
    route_to(events, arn)
    out = events.put_events(Entries=[entry(detail={"orderId": "o-1", "total": 12.5},
                                           Resources=["arn:aws:shop:::order/o-1"])])
    assert out["FailedEntryCount"] == 0
    event_id = out["Entries"][0]["EventId"]
    (body,) = bodies(sqs, url)
    assert body == json.dumps({
        "version": "0", "id": event_id, "detail-type": "OrderPlaced", "source": "shop.orders", "account": ACCOUNT,
        "time": "2023-11-14T22:13:20Z", "region": REGION, "resources": ["arn:aws:shop:::order/o-1"],
        "detail": {"orderId": "o-1", "total": 12.5}}, separators=(",", ":"))


def test_only_matching_enabled_rules_deliver(events, sqs, queue):
    url, arn = queue
    route_to(events, arn)
    events.put_events(Entries=[entry(source="shop.payments"), entry(detail_type="OrderShipped")])
    assert bodies(sqs, url) == []
    events.disable_rule(Name="orders")
    events.put_events(Entries=[entry()])
    assert bodies(sqs, url) == []
    events.enable_rule(Name="orders")
    events.put_events(Entries=[entry(), entry()])
    assert len(bodies(sqs, url)) == 2


def test_event_time_from_the_entry(events, sqs, queue):
    import datetime
    url, arn = queue
    route_to(events, arn)
    events.put_events(Entries=[entry(Time=datetime.datetime(2024, 2, 29, 12, 30, 5, tzinfo=datetime.timezone.utc))])
    assert json.loads(bodies(sqs, url)[0])["time"] == "2024-02-29T12:30:05Z"


def test_input_path_input_and_transformer(events, sqs, queue):
    url, arn = queue
    events.put_rule(Name="orders", EventPattern=ORDERS)
    events.put_targets(Rule="orders", Targets=[
        {"Id": "path", "Arn": arn, "InputPath": "$.detail"},
        {"Id": "constant", "Arn": arn, "Input": '{"ping": true}'},
        {"Id": "template", "Arn": arn, "InputTransformer": {
            "InputPathsMap": {"order": "$.detail.orderId", "total": "$.detail.total", "kind": "$.detail-type",
                              "none": "$.detail.missing"},
            "InputTemplate": '{"text": "order <order> is <kind>", "order": <order>, "total": <total>, '
                             '"missing": <none>, "rule": "<aws.events.rule-name>"}'}},
        {"Id": "quoted", "Arn": arn, "InputTransformer": {
            "InputPathsMap": {"order": "$.detail.orderId"}, "InputTemplate": '"Order <order> placed"'}},
        {"Id": "text", "Arn": arn, "InputTransformer": {
            "InputPathsMap": {"order": "$.detail.orderId"}, "InputTemplate": "Order <order> placed"}},
    ])
    events.put_events(Entries=[entry(detail={"orderId": "o-7", "total": 3})])
    got = sorted(bodies(sqs, url))
    assert got == sorted([
        '{"orderId":"o-7","total":3}',
        '{"ping": true}',
        '{"text": "order o-7 is OrderPlaced", "order": "o-7", "total": 3, "missing": null, "rule": "orders"}',
        '"Order o-7 placed"',
        "Order o-7 placed",
    ])


def test_fifo_queue_target(events, sqs):
    url = sqs.create_queue(QueueName="orders.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    route_to(events, arn, SqsParameters={"MessageGroupId": "orders"})
    events.put_events(Entries=[entry(detail={"n": i}) for i in range(3)])
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["MessageGroupId"])["Messages"]
    assert [json.loads(m["Body"])["detail"]["n"] for m in got] == [0, 1, 2]
    assert {m["Attributes"]["MessageGroupId"] for m in got} == {"orders"}


def test_sns_target(events, sqs, queue):
    url, queue_arn = queue
    sns = boto3.client("sns", region_name=REGION)
    topic = sns.create_topic(Name="order-events")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    route_to(events, topic, InputPath="$.detail")
    events.put_events(Entries=[entry(detail={"orderId": "o-9"})])
    (body,) = bodies(sqs, url)
    envelope = json.loads(body)
    assert envelope["Type"] == "Notification" and envelope["TopicArn"] == topic
    assert json.loads(envelope["Message"]) == {"orderId": "o-9"}


def test_lambda_target_that_does_not_exist_fails(events):
    # Lambda ships, so the target is really invoked (tests/services/lambda covers a function
    # that exists); this one names none.
    fn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:on-order"
    route_to(events, fn)
    event_id = events.put_events(Entries=[entry()])["Entries"][0]["EventId"]
    (record,) = [d for d in delivered() if d["TargetArn"] == fn]
    assert record["EventId"] == event_id and record["RuleArn"].endswith(":rule/orders")
    assert record["Status"] == "failed"
    assert record["Error"] == f"ResourceNotFoundException: Function not found: {fn}"
    assert json.loads(record["Input"])["id"] == event_id


def test_log_group_target(events):
    logs = boto3.client("logs", region_name=REGION)
    logs.create_log_group(logGroupName="/aws/events/orders")
    route_to(events, f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/events/orders")
    event_id = events.put_events(Entries=[entry()])["Entries"][0]["EventId"]
    found = logs.filter_log_events(logGroupName="/aws/events/orders")["events"]
    assert [(e["logStreamName"], json.loads(e["message"])["id"]) for e in found] == [(event_id, event_id)]


def test_custom_bus_and_bus_to_bus(events, sqs, queue):
    url, arn = queue
    events.create_event_bus(Name="shop")
    route_to(events, arn, rule="on-shop", bus="shop")
    # A rule on the default bus forwards orders to the shop bus.
    route_to(events, f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/shop", rule="forward")
    out = events.put_events(Entries=[entry(), entry(EventBusName="shop")])
    assert out["FailedEntryCount"] == 0
    ids = {json.loads(b)["id"] for b in bodies(sqs, url)}
    assert ids == {e["EventId"] for e in out["Entries"]}


def test_cross_account_bus_target(events, sqs, queue):
    url, arn = queue
    other = "210987654321"
    # The other account's bus routes to this account's queue.
    other_backend = STORE.backend("events", other, REGION)
    with other_backend.lock:
        other_backend.put_rule(None, {"Name": "incoming", "EventPattern": ORDERS})
        other_backend.put_targets(None, {"Rule": "incoming", "Targets": [{"Id": "q", "Arn": arn}]})
    route_to(events, f"arn:aws:events:{REGION}:{other}:event-bus/default")
    event_id = events.put_events(Entries=[entry()])["Entries"][0]["EventId"]
    (body,) = bodies(sqs, url)
    assert json.loads(body)["id"] == event_id and json.loads(body)["account"] == ACCOUNT


def test_bus_loops_stop(events, sqs):
    events.create_event_bus(Name="a")
    events.create_event_bus(Name="b")
    route_to(events, f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/b", rule="ab", bus="a")
    route_to(events, f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/a", rule="ba", bus="b")
    events.put_events(Entries=[entry(EventBusName="a")])
    assert any(d["Status"] == "failed" and "too many times" in d["Error"] for d in delivered())


def test_failed_queue_delivery_is_recorded(events):
    route_to(events, f"arn:aws:sqs:{REGION}:{ACCOUNT}:missing")
    events.put_events(Entries=[entry()])
    (record,) = delivered()
    assert record["Status"] == "failed" and "NonExistentQueue" in record["Error"]


def test_per_entry_errors(events):
    out = events.put_events(Entries=[
        entry(),
        {"DetailType": "x", "Detail": "{}"},
        {"Source": "s", "Detail": "{}"},
        {"Source": "s", "DetailType": "x"},
        entry(detail=None) | {"Detail": "[1, 2]"},
        entry(detail=None) | {"Detail": "{oops"},
        entry(source="aws.ec2"),
        entry(EventBusName="missing"),
    ])
    assert out["FailedEntryCount"] == 7
    assert "EventId" in out["Entries"][0]
    assert out["Entries"][1:] == [
        {"ErrorCode": "InvalidArgument", "ErrorMessage": "Parameter Source is not valid. Reason: Source is a required "
                                                         "argument."},
        {"ErrorCode": "InvalidArgument", "ErrorMessage": "Parameter DetailType is not valid. Reason: DetailType is a "
                                                         "required argument."},
        {"ErrorCode": "InvalidArgument", "ErrorMessage": "Parameter Detail is not valid. Reason: Detail is a required "
                                                         "argument."},
        {"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."},
        {"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."},
        {"ErrorCode": "NotAuthorizedForSourceException", "ErrorMessage": "Not authorized for the source."},
        {"ErrorCode": "ResourceNotFoundException", "ErrorMessage": "Event bus missing does not exist."},
    ]


def test_request_errors(events):
    with pytest.raises(events.exceptions.ClientError) as exc:
        events.put_events(Entries=[entry() for _ in range(11)])
    assert error_of(exc) == ("ValidationException", 400,
                             "1 validation error detected: Value '[PutEventsRequestEntry]' at 'entries' failed to "
                             "satisfy constraint: Member must have length less than or equal to 10")
    with pytest.raises(events.exceptions.ClientError) as exc:
        events.put_events(Entries=[entry(detail={"blob": "x" * 262_144})])
    assert error_of(exc) == ("ValidationException", 400, "Total size of the entries in the request is over the limit.")


def test_scheduled_rule_fired_on_demand(events, sqs, queue):
    url, arn = queue
    events.put_rule(Name="nightly", ScheduleExpression="cron(0 2 * * ? *)")
    events.put_targets(Rule="nightly", Targets=[{"Id": "q", "Arn": arn}])
    event_id = fire_scheduled_rule(STORE, ACCOUNT, REGION, "nightly")
    (body,) = bodies(sqs, url)
    assert json.loads(body) == {
        "version": "0", "id": event_id, "detail-type": "Scheduled Event", "source": "aws.events",
        "account": ACCOUNT, "time": "2023-11-14T22:13:20Z", "region": REGION,
        "resources": [f"arn:aws:events:{REGION}:{ACCOUNT}:rule/nightly"], "detail": {}}
    with pytest.raises(Exception):
        fire_scheduled_rule(STORE, ACCOUNT, REGION, "ghost")
