"""Rules (patterns and schedules) and their targets."""
import json

import pytest

from events_support import ACCOUNT, REGION, error_of

PATTERN = json.dumps({"source": ["shop.orders"]})
RULE_ARN = f"arn:aws:events:{REGION}:{ACCOUNT}:rule/"
QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}:inbox"


def test_put_describe_update(events):
    arn = events.put_rule(Name="orders", EventPattern=PATTERN, Description="new orders")["RuleArn"]
    assert arn == RULE_ARN + "orders"
    described = events.describe_rule(Name="orders")
    assert {k: described[k] for k in ("Name", "Arn", "EventPattern", "State", "Description", "EventBusName",
                                      "CreatedBy")} == {
        "Name": "orders", "Arn": arn, "EventPattern": PATTERN, "State": "ENABLED", "Description": "new orders",
        "EventBusName": "default", "CreatedBy": ACCOUNT}
    events.put_rule(Name="orders", EventPattern=PATTERN, State="DISABLED")
    described = events.describe_rule(Name="orders")
    assert described["State"] == "DISABLED" and "Description" not in described


def test_rules_on_a_custom_bus(events):
    events.create_event_bus(Name="shop")
    arn = events.put_rule(Name="orders", EventBusName="shop", EventPattern=PATTERN)["RuleArn"]
    assert arn == RULE_ARN + "shop/orders"
    bus_arn = f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/shop"
    assert events.describe_rule(Name="orders", EventBusName=bus_arn)["EventBusName"] == "shop"
    with pytest.raises(events.exceptions.ResourceNotFoundException) as exc:
        events.describe_rule(Name="orders")
    assert error_of(exc) == ("ResourceNotFoundException", 400, "Rule orders does not exist on EventBus default.")
    with pytest.raises(events.exceptions.ResourceNotFoundException) as exc:
        events.put_rule(Name="x", EventBusName="nope", EventPattern=PATTERN)
    assert error_of(exc)[2] == "Event bus nope does not exist."


@pytest.mark.parametrize("expression", ["rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(12 hours)",
                                        "rate(1 day)", "rate(7 days)", "cron(0 20 * * ? *)",
                                        "cron(0/15 * * * ? *)", "cron(0 18 ? * MON-FRI *)", "cron(0 8 1 * ? *)",
                                        "cron(15 10 ? * 6L 2022-2030)", "cron(0 12 ? * 2#1 *)", "cron(0 0 L * ? *)"])
def test_valid_schedules(events, expression):
    events.put_rule(Name="tick", ScheduleExpression=expression)
    assert events.describe_rule(Name="tick")["ScheduleExpression"] == expression


@pytest.mark.parametrize("expression", ["rate(1 minutes)", "rate(5 minute)", "rate(0 minutes)", "rate(5 weeks)",
                                        "cron(0 20 * * * *)", "cron(0 20 ? * ? *)", "cron(60 0 * * ? *)",
                                        "cron(0 20 * *)", "every 5 minutes", "rate(-1 days)"])
def test_invalid_schedules(events, expression):
    with pytest.raises(events.exceptions.ClientError) as exc:
        events.put_rule(Name="tick", ScheduleExpression=expression)
    assert error_of(exc) == ("ValidationException", 400, "Parameter ScheduleExpression is not valid.")


def test_rule_errors(events):
    with pytest.raises(events.exceptions.ClientError) as exc:
        events.put_rule(Name="r")
    assert error_of(exc) == ("ValidationException", 400,
                             "Parameter(s) EventPattern or ScheduleExpression must be specified.")
    events.create_event_bus(Name="shop")
    with pytest.raises(events.exceptions.ClientError) as exc:
        events.put_rule(Name="r", EventBusName="shop", ScheduleExpression="rate(5 minutes)")
    assert error_of(exc) == ("ValidationException", 400,
                             "ScheduleExpression is supported only on the default event bus.")
    with pytest.raises(events.exceptions.InvalidEventPatternException) as exc:
        events.put_rule(Name="r", EventPattern='{"source": "shop.orders"}')
    assert error_of(exc) == ("InvalidEventPatternException", 400,
                             'Event pattern is not valid. Reason: "source" must be an object or an array')
    with pytest.raises(events.exceptions.ClientError) as exc:
        events.put_rule(Name="bad name", EventPattern=PATTERN)
    assert error_of(exc)[0] == "ValidationException"
    with pytest.raises(events.exceptions.ClientError) as exc:
        events.put_rule(Name="r", EventPattern=json.dumps({"detail": {"x": ["a" * 4100]}}))
    assert error_of(exc)[0] == "ValidationException"


def test_list_enable_disable_delete(events):
    for name in ("b-rule", "a-rule", "c-other"):
        events.put_rule(Name=name, EventPattern=PATTERN)
    names = lambda **kw: [r["Name"] for r in events.list_rules(**kw)["Rules"]]
    assert names() == ["a-rule", "b-rule", "c-other"]
    assert names(NamePrefix="c") == ["c-other"]
    first = events.list_rules(Limit=2)
    assert len(first["Rules"]) == 2 and [r["Name"] for r in events.list_rules(
        Limit=2, NextToken=first["NextToken"])["Rules"]] == ["c-other"]
    assert [r["Name"] for p in events.get_paginator("list_rules").paginate(PaginationConfig={"PageSize": 1})
            for r in p["Rules"]] == ["a-rule", "b-rule", "c-other"]
    events.disable_rule(Name="a-rule")
    assert events.describe_rule(Name="a-rule")["State"] == "DISABLED"
    events.enable_rule(Name="a-rule")
    assert events.describe_rule(Name="a-rule")["State"] == "ENABLED"
    with pytest.raises(events.exceptions.ResourceNotFoundException):
        events.enable_rule(Name="ghost")
    events.delete_rule(Name="a-rule")
    events.delete_rule(Name="a-rule")      # deleting a missing rule succeeds
    assert names() == ["b-rule", "c-other"]
    with pytest.raises(events.exceptions.ResourceNotFoundException):
        events.delete_rule(Name="b-rule", EventBusName="no-such-bus")


def test_targets(events):
    events.put_rule(Name="r", EventPattern=PATTERN)
    out = events.put_targets(Rule="r", Targets=[
        {"Id": "queue", "Arn": QUEUE},
        {"Id": "topic", "Arn": f"arn:aws:sns:{REGION}:{ACCOUNT}:alerts", "InputPath": "$.detail"},
        {"Id": "fn", "Arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:handle", "Input": '{"fixed": true}'},
    ])
    assert out == {"FailedEntryCount": 0, "FailedEntries": [], "ResponseMetadata": out["ResponseMetadata"]}
    listed = events.list_targets_by_rule(Rule="r")["Targets"]
    assert [t["Id"] for t in listed] == ["queue", "topic", "fn"]
    assert listed[1] == {"Id": "topic", "Arn": f"arn:aws:sns:{REGION}:{ACCOUNT}:alerts", "InputPath": "$.detail"}
    # Same id again replaces that target.
    events.put_targets(Rule="r", Targets=[{"Id": "queue", "Arn": QUEUE, "Input": "{}"}])
    assert events.list_targets_by_rule(Rule="r")["Targets"][0]["Input"] == "{}"
    assert events.list_rule_names_by_target(TargetArn=QUEUE)["RuleNames"] == ["r"]
    with pytest.raises(events.exceptions.ClientError) as exc:
        events.delete_rule(Name="r")
    assert error_of(exc) == ("ValidationException", 400, "Rule can't be deleted since it has targets.")
    out = events.remove_targets(Rule="r", Ids=["queue", "topic", "fn", "unknown"])
    assert out["FailedEntryCount"] == 0
    assert events.list_targets_by_rule(Rule="r")["Targets"] == []
    events.delete_rule(Name="r")


def test_target_limits_and_validation(events):
    events.put_rule(Name="r", EventPattern=PATTERN)
    events.put_targets(Rule="r", Targets=[{"Id": f"t{i}", "Arn": QUEUE} for i in range(5)])
    with pytest.raises(events.exceptions.LimitExceededException) as exc:
        events.put_targets(Rule="r", Targets=[{"Id": "sixth", "Arn": QUEUE}])
    assert error_of(exc) == ("LimitExceededException", 400,
                             "The requested resource exceeds the maximum number allowed.")
    events.remove_targets(Rule="r", Ids=[f"t{i}" for i in range(5)])
    with pytest.raises(events.exceptions.ClientError) as exc:
        events.put_targets(Rule="r", Targets=[{"Id": "t", "Arn": "queue"}])
    assert error_of(exc) == ("ValidationException", 400,
                             "Parameter queue is not valid. Reason: Provided Arn is not in correct format.")
    with pytest.raises(events.exceptions.ClientError) as exc:
        events.put_targets(Rule="r", Targets=[{"Id": "t", "Arn": QUEUE, "Input": "{}", "InputPath": "$.detail"}])
    assert error_of(exc) == ("ValidationException", 400,
                             "Only one of Input, InputPath, or InputTransformer must be provided.")
    with pytest.raises(events.exceptions.ClientError):
        events.put_targets(Rule="r", Targets=[{"Id": "t", "Arn": QUEUE, "Input": "not json"}])
    with pytest.raises(events.exceptions.ClientError):
        events.put_targets(Rule="r", Targets=[{"Id": "t", "Arn": QUEUE, "InputTransformer": {
            "InputPathsMap": {"a": "$.detail.a"}, "InputTemplate": '{"b": <b>}'}}])
    out = events.put_targets(Rule="r", Targets=[{"Id": "fifo", "Arn": QUEUE + ".fifo"}, {"Id": "ok", "Arn": QUEUE}])
    assert out["FailedEntryCount"] == 1
    assert out["FailedEntries"] == [{"TargetId": "fifo", "ErrorCode": "ValidationException",
                                     "ErrorMessage": "Parameter(s) SqsParameters must be specified for target: fifo."}]
    assert [t["Id"] for t in events.list_targets_by_rule(Rule="r")["Targets"]] == ["ok"]
    with pytest.raises(events.exceptions.ResourceNotFoundException) as exc:
        events.put_targets(Rule="ghost", Targets=[{"Id": "t", "Arn": QUEUE}])
    assert error_of(exc)[2] == "Rule ghost does not exist on EventBus default."


def test_rule_tags(events):
    events.put_rule(Name="r", EventPattern=PATTERN, Tags=[{"Key": "team", "Value": "a"}])
    events.tag_resource(ResourceARN=RULE_ARN + "r", Tags=[{"Key": "env", "Value": "dev"}])
    assert events.list_tags_for_resource(ResourceARN=RULE_ARN + "r")["Tags"] == [
        {"Key": "team", "Value": "a"}, {"Key": "env", "Value": "dev"}]
    with pytest.raises(events.exceptions.ResourceNotFoundException) as exc:
        events.tag_resource(ResourceARN=RULE_ARN + "ghost", Tags=[{"Key": "a", "Value": "b"}])
    assert error_of(exc)[2] == "Rule ghost does not exist on EventBus default."


def test_target_and_rule_name_pages(events):
    for rule in ("r1", "r2", "r3"):
        events.put_rule(Name=rule, EventPattern=PATTERN)
        events.put_targets(Rule=rule, Targets=[{"Id": f"t{i}", "Arn": QUEUE} for i in range(3)])
    first = events.list_targets_by_rule(Rule="r1", Limit=2)
    assert [t["Id"] for t in first["Targets"]] == ["t0", "t1"]
    assert [t["Id"] for t in events.list_targets_by_rule(Rule="r1", Limit=2, NextToken=first["NextToken"])[
        "Targets"]] == ["t2"]
    names = events.list_rule_names_by_target(TargetArn=QUEUE, Limit=2)
    assert names["RuleNames"] == ["r1", "r2"]
    assert events.list_rule_names_by_target(TargetArn=QUEUE, NextToken=names["NextToken"], Limit=2)["RuleNames"] == \
        ["r3"]
    with pytest.raises(events.exceptions.ClientError) as exc:
        events.list_rules(NextToken="bogus")
    assert error_of(exc) == ("ValidationException", 400, "The provided NextToken is not valid.")
    with pytest.raises(events.exceptions.ClientError):
        events.list_rules(Limit=101)
