"""Event buses: the default bus, custom buses, policies (PutPermission), tags."""
import json

import pytest

from events_support import ACCOUNT, NOW, REGION, error_of

ARN = f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/"


def test_the_default_bus_exists(events):
    (bus,) = events.list_event_buses()["EventBuses"]
    assert (bus["Name"], bus["Arn"], bus["CreationTime"].timestamp()) == ("default", ARN + "default", NOW)
    described = events.describe_event_bus()
    assert (described["Name"], described["Arn"]) == ("default", ARN + "default")
    assert events.describe_event_bus(Name=ARN + "default")["Name"] == "default"


def test_create_describe_list_delete(events):
    out = events.create_event_bus(Name="orders", Description="order events",
                                  DeadLetterConfig={"Arn": "arn:aws:sqs:us-east-1:123456789012:dlq"})
    assert out["EventBusArn"] == ARN + "orders" and out["Description"] == "order events"
    described = events.describe_event_bus(Name="orders")
    assert described["Description"] == "order events"
    assert described["DeadLetterConfig"] == {"Arn": "arn:aws:sqs:us-east-1:123456789012:dlq"}
    events.create_event_bus(Name="audit")
    assert [b["Name"] for b in events.list_event_buses()["EventBuses"]] == ["audit", "default", "orders"]
    assert [b["Name"] for b in events.list_event_buses(NamePrefix="or")["EventBuses"]] == ["orders"]
    page = events.list_event_buses(Limit=2)
    assert len(page["EventBuses"]) == 2
    assert [b["Name"] for b in events.list_event_buses(Limit=2, NextToken=page["NextToken"])["EventBuses"]] == \
        ["orders"]
    events.delete_event_bus(Name="orders")
    events.delete_event_bus(Name="orders")          # deleting a missing custom bus succeeds
    with pytest.raises(events.exceptions.ResourceNotFoundException) as exc:
        events.describe_event_bus(Name="orders")
    assert error_of(exc) == ("ResourceNotFoundException", 400, "Event bus orders does not exist.")


def test_update(events):
    events.create_event_bus(Name="orders")
    out = events.update_event_bus(Name="orders", Description="now described")
    assert out["Description"] == "now described" and out["Arn"] == ARN + "orders"
    assert events.describe_event_bus(Name="orders")["Description"] == "now described"


def test_bus_errors(events):
    with pytest.raises(events.exceptions.ResourceAlreadyExistsException) as exc:
        events.create_event_bus(Name="default")
    assert error_of(exc) == ("ResourceAlreadyExistsException", 400, "Event bus default already exists.")
    events.create_event_bus(Name="b")
    with pytest.raises(events.exceptions.ResourceAlreadyExistsException):
        events.create_event_bus(Name="b")
    with pytest.raises(events.exceptions.ClientError) as exc:
        events.create_event_bus(Name="team/bus")
    assert error_of(exc) == ("ValidationException", 400, "Event bus name must not contain '/'.")
    with pytest.raises(events.exceptions.ClientError) as exc:
        events.delete_event_bus(Name="default")
    assert error_of(exc) == ("ValidationException", 400, "Cannot delete event bus default.")
    events.put_rule(Name="r", EventBusName="b", EventPattern='{"source": ["x"]}')
    with pytest.raises(events.exceptions.ClientError) as exc:
        events.delete_event_bus(Name="b")
    assert error_of(exc) == ("ValidationException", 400, "EventBus can't be deleted since it has rules.")
    with pytest.raises(events.exceptions.ClientError) as exc:
        events.create_event_bus(Name="b", DeadLetterConfig={"Arn": "not-an-arn"})


def test_permissions(events):
    events.put_permission(Action="events:PutEvents", Principal="111122223333", StatementId="partner")
    events.put_permission(Action="events:PutEvents", Principal="*", StatementId="org",
                          Condition={"Type": "StringEquals", "Key": "aws:PrincipalOrgID", "Value": "o-abc"})
    policy = json.loads(events.describe_event_bus()["Policy"])
    assert policy == {"Version": "2012-10-17", "Statement": [
        {"Sid": "partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
         "Action": "events:PutEvents", "Resource": ARN + "default"},
        {"Sid": "org", "Effect": "Allow", "Principal": "*", "Action": "events:PutEvents",
         "Resource": ARN + "default", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}},
    ]}
    events.remove_permission(StatementId="partner")
    assert [s["Sid"] for s in json.loads(events.describe_event_bus()["Policy"])["Statement"]] == ["org"]
    with pytest.raises(events.exceptions.ResourceNotFoundException) as exc:
        events.remove_permission(StatementId="partner")
    assert error_of(exc)[2] == "Statement with the provided id does not exist."
    events.remove_permission(RemoveAllPermissions=True)
    assert "Policy" not in events.describe_event_bus()
    with pytest.raises(events.exceptions.ResourceNotFoundException) as exc:
        events.remove_permission(StatementId="org")
    assert error_of(exc)[2] == "EventBus does not have a policy."


def test_whole_policy_and_validation(events):
    events.create_event_bus(Name="shared")
    policy = {"Version": "2012-10-17", "Statement": [{"Sid": "all", "Effect": "Allow",
                                                      "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                                                      "Action": "events:PutEvents", "Resource": ARN + "shared"}]}
    events.put_permission(EventBusName="shared", Policy=json.dumps(policy))
    assert json.loads(events.describe_event_bus(Name="shared")["Policy"]) == policy
    with pytest.raises(events.exceptions.ClientError) as exc:
        events.put_permission(Action="events:DeleteRule", Principal="111122223333", StatementId="x")
    assert error_of(exc) == ("ValidationException", 400, "Provided value in parameter 'action' is not supported.")
    with pytest.raises(events.exceptions.ClientError):
        events.put_permission(EventBusName="shared", Policy=json.dumps({"Statement": [{"Effect": "Perhaps"}]}))
    with pytest.raises(events.exceptions.ResourceNotFoundException):
        events.put_permission(EventBusName="nope", Action="events:PutEvents", Principal="*", StatementId="x")


def test_bus_policy_for_enforcement(events):
    from iamulator.services.base import Context
    from iamulator.services.events import resource_policy
    from iamulator.services.state import STORE

    ctx = Context(request=None, service="events", operation="PutEvents", protocol="json", account_id=ACCOUNT,
                  region=REGION, store=STORE)
    assert resource_policy(ctx, ARN + "default") == (None, ACCOUNT)
    events.put_permission(Action="events:PutEvents", Principal="111122223333", StatementId="partner")
    document, owner = resource_policy(ctx, ARN + "default")
    assert owner == ACCOUNT and json.loads(document)["Statement"][0]["Sid"] == "partner"


def test_bus_tags(events):
    events.create_event_bus(Name="b", Tags=[{"Key": "team", "Value": "a"}])
    events.tag_resource(ResourceARN=ARN + "b", Tags=[{"Key": "env", "Value": "dev"}])
    assert events.list_tags_for_resource(ResourceARN=ARN + "b")["Tags"] == [{"Key": "team", "Value": "a"},
                                                                          {"Key": "env", "Value": "dev"}]
    events.untag_resource(ResourceARN=ARN + "b", TagKeys=["team"])
    assert events.list_tags_for_resource(ResourceARN=ARN + "b")["Tags"] == [{"Key": "env", "Value": "dev"}]
    with pytest.raises(events.exceptions.ResourceNotFoundException):
        events.list_tags_for_resource(ResourceARN=ARN + "ghost")
    with pytest.raises(events.exceptions.ClientError):
        events.tag_resource(ResourceARN="arn:aws:sqs:us-east-1:123456789012:q", Tags=[{"Key": "a", "Value": "b"}])
