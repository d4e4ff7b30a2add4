"""EventBridge under authorization: rules checked on their ARN, PutEvents' ``events:source`` and
``events:detail-type`` per entry, rule tags as ``aws:ResourceTag``, and event bus policies deciding
PutEvents from other accounts. A denial is ``AccessDeniedException``, 400."""
import json

import boto3
import pytest
from botocore.config import Config

from iamulator import mock_aws, set_initial_no_auth_action_count
from iamulator.accounts import root_access_key
from iamulator.services.events import delivered

from events_support import ACCOUNT, REGION
from aws_errors import refusal

OTHER = "210987654321"
RULE = f"arn:aws:events:{REGION}:{ACCOUNT}:rule/"
BUS = f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/"
PATTERN = json.dumps({"source": ["app.orders"]})


def as_keys(key):
    return {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}


def events_user(iam, name, *statements):
    """(ARN, EventBridge client) of a new user with ``statements`` as its inline policy (if any)."""
    arn = iam.create_user(UserName=name)["User"]["Arn"]
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": list(statements)}))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return arn, boto3.client("events", region_name=REGION, config=Config(retries={"max_attempts": 1}),
                             **as_keys(key))




def entry(source="app.orders", detail_type="OrderPlaced", bus=None):
    out = {"Source": source, "DetailType": detail_type, "Detail": "{}"}
    if bus:
        out["EventBusName"] = bus
    return out


@pytest.fixture
def owner():
    """(IAM client, EventBridge client) of the account's root, with a custom bus ``orders``."""
    with set_initial_no_auth_action_count(0), mock_aws():
        keys = as_keys(root_access_key(ACCOUNT))
        events = boto3.client("events", region_name=REGION, **keys)
        events.create_event_bus(Name="orders")
        yield boto3.client("iam", region_name=REGION, **keys), events


def test_put_rule_on_one_rule_arn(owner):
    iam, _ = owner
    arn, events = events_user(iam, "alice", {"Effect": "Allow", "Action": "events:PutRule",
                                             "Resource": [RULE + "orders-*", RULE + "orders/audit"]})
    events.put_rule(Name="orders-placed", EventPattern=PATTERN)
    events.put_rule(Name="audit", EventBusName="orders", EventPattern=PATTERN)
    assert refusal(events.put_rule, Name="billing", EventPattern=PATTERN) == (
        "AccessDeniedException", 400,
        f"User: {arn} is not authorized to perform: events:PutRule on resource: {RULE}billing because no "
        "identity-based policy allows the events:PutRule action")
    # On a custom bus the rule's ARN carries the bus: rule/<bus>/<name>.
    assert refusal(events.put_rule, Name="orders-x", EventBusName="orders", EventPattern=PATTERN)[2] == (
        f"User: {arn} is not authorized to perform: events:PutRule on resource: {RULE}orders/orders-x because no "
        "identity-based policy allows the events:PutRule action")


def test_an_explicit_deny_on_one_rule(owner):
    iam, admin = owner
    admin.put_rule(Name="keep", EventPattern=PATTERN)
    admin.put_rule(Name="drop", EventPattern=PATTERN)
    arn, events = events_user(iam, "alice", {"Effect": "Allow", "Action": "events:*", "Resource": "*"},
                              {"Effect": "Deny", "Action": "events:DeleteRule", "Resource": RULE + "keep"})
    events.delete_rule(Name="drop")
    assert refusal(events.delete_rule, Name="keep") == (
        "AccessDeniedException", 400,
        f"User: {arn} is not authorized to perform: events:DeleteRule on resource: {RULE}keep with an explicit "
        "deny in an identity-based policy")


def test_source_and_detail_type_conditions_on_put_events(owner):
    iam, _ = owner
    arn, events = events_user(iam, "producer", {
        "Effect": "Allow", "Action": "events:PutEvents", "Resource": BUS + "orders",
        "Condition": {"StringEquals": {"events:source": "app.orders"},
                      "StringLike": {"events:detail-type": "Order*"}}})
    assert events.put_events(Entries=[entry(bus="orders")])["FailedEntryCount"] == 0
    assert refusal(events.put_events, Entries=[entry(source="app.billing", bus="orders")]) == (
        "AccessDeniedException", 400,
        f"User: {arn} is not authorized to perform: events:PutEvents on resource: {BUS}orders because no "
        "identity-based policy allows the events:PutEvents action")
    assert refusal(events.put_events, Entries=[entry(detail_type="Refund", bus="orders")])[0] == \
        "AccessDeniedException"
    # Every entry is checked: one refused entry refuses the request.
    assert refusal(events.put_events, Entries=[entry(bus="orders"), entry(source="x", bus="orders")])[0] == \
        "AccessDeniedException"
    # The policy names the orders bus only.
    assert refusal(events.put_events, Entries=[entry()])[2].endswith(
        f"on resource: {BUS}default because no identity-based policy allows the events:PutEvents action")


def test_source_condition_on_put_rule_reads_the_pattern(owner):
    iam, _ = owner
    _, events = events_user(iam, "alice", {"Effect": "Allow", "Action": "events:PutRule", "Resource": "*",
                                           "Condition": {"ForAllValues:StringEquals": {"events:source": "app.orders"},
                                                         "Null": {"events:source": "false"}}})
    events.put_rule(Name="mine", EventPattern=PATTERN)
    assert refusal(events.put_rule, Name="theirs",
                   EventPattern=json.dumps({"source": ["app.orders", "app.billing"]}))[0] == "AccessDeniedException"
    assert refusal(events.put_rule, Name="any", EventPattern=json.dumps({"detail-type": ["X"]}))[0] == \
        "AccessDeniedException"


def test_rule_tags_as_resource_tags_and_request_tags(owner):
    iam, admin = owner
    admin.put_rule(Name="tagged", EventPattern=PATTERN, Tags=[{"Key": "team", "Value": "core"}])
    admin.put_rule(Name="plain", EventPattern=PATTERN)
    _, events = events_user(
        iam, "alice",
        {"Effect": "Allow", "Action": "events:DisableRule", "Resource": "*",
         "Condition": {"StringEquals": {"aws:ResourceTag/team": "core"}}},
        {"Effect": "Allow", "Action": "events:PutRule", "Resource": "*",
         "Condition": {"StringEquals": {"aws:RequestTag/team": "core"}}})
    events.disable_rule(Name="tagged")
    assert refusal(events.disable_rule, Name="plain")[0] == "AccessDeniedException"
    events.put_rule(Name="new", EventPattern=PATTERN, Tags=[{"Key": "team", "Value": "core"}])
    assert refusal(events.put_rule, Name="new2", EventPattern=PATTERN,
                   Tags=[{"Key": "team", "Value": "ops"}])[0] == "AccessDeniedException"


def test_put_events_to_another_accounts_bus_needs_its_policy_and_the_callers(owner):
    _, admin = owner
    admin.put_rule(Name="all", EventBusName="orders", EventPattern=PATTERN)
    admin.put_targets(Rule="all", EventBusName="orders", Targets=[
        {"Id": "q", "Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:sink"}])
    other_iam = boto3.client("iam", region_name=REGION, **as_keys(root_access_key(OTHER)))
    arn, producer = events_user(other_iam, "producer", {"Effect": "Allow", "Action": "events:PutEvents",
                                                        "Resource": BUS + "orders"})
    _, idle = events_user(other_iam, "idle")
    send = {"Entries": [entry(bus=BUS + "orders")]}
    assert refusal(producer.put_events, **send) == (
        "AccessDeniedException", 400,
        f"User: {arn} is not authorized to perform: events:PutEvents on resource: {BUS}orders because no "
        "resource-based policy allows the events:PutEvents action")
    admin.put_permission(EventBusName="orders", Action="events:PutEvents", Principal=OTHER, StatementId="other")
    assert producer.put_events(**send)["FailedEntryCount"] == 0
    assert [d["RuleArn"] for d in delivered(account=ACCOUNT)] == [RULE + "orders/all"]
    # The bus policy admits the account, but the caller's own policies must allow too.
    assert refusal(idle.put_events, **send)[0] == "AccessDeniedException"
    # Removing the permission shuts the door again.
    admin.remove_permission(EventBusName="orders", StatementId="other")
    assert refusal(producer.put_events, **send)[0] == "AccessDeniedException"


def test_a_deny_in_the_bus_policy_refuses_a_user_of_the_owner(owner):
    iam, admin = owner
    arn, events = events_user(iam, "alice", {"Effect": "Allow", "Action": "events:PutEvents", "Resource": "*"})
    admin.put_permission(EventBusName="orders", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "no-alice", "Effect": "Deny", "Principal": {"AWS": arn}, "Action": "events:PutEvents",
         "Resource": BUS + "orders"}]}))
    assert refusal(events.put_events, Entries=[entry(bus="orders")]) == (
        "AccessDeniedException", 400,
        f"User: {arn} is not authorized to perform: events:PutEvents on resource: {BUS}orders with an explicit "
        "deny in a resource-based policy")
    assert events.put_events(Entries=[entry()])["FailedEntryCount"] == 0
