"""Metric alarms: validation, evaluation as data arrives, missing data, history, actions, tags."""
import json

import boto3
import pytest

from cloudwatch_support import ACCOUNT, REGION, at, error_of, put

ARN = f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:"
HOST = [{"Name": "Host", "Value": "a"}]


def alarm(cw, name="high", **kw):
    params = {"AlarmName": name, "MetricName": "Latency", "Namespace": "App", "Dimensions": HOST,
              "Statistic": "Maximum", "Period": 60, "EvaluationPeriods": 1, "Threshold": 100.0,
              "ComparisonOperator": "GreaterThanThreshold"}
    params.update(kw)
    cw.put_metric_alarm(**{k: v for k, v in params.items() if v is not None})


def state(cw, name="high"):
    return cw.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]["StateValue"]


def test_created_alarm_without_data_is_insufficient(cw):
    alarm(cw, AlarmDescription="p100 latency", AlarmActions=["arn:aws:sns:us-east-1:123456789012:ops"])
    (found,) = cw.describe_alarms()["MetricAlarms"]
    assert found["AlarmArn"] == ARN + "high"
    assert found["StateValue"] == "INSUFFICIENT_DATA"
    assert found["StateReason"] == "Unchecked: Initial alarm creation"
    assert (found["AlarmDescription"], found["Threshold"], found["Period"], found["Dimensions"]) == (
        "p100 latency", 100.0, 60, HOST)
    assert found["ActionsEnabled"] is True and found["TreatMissingData"] == "missing"
    assert found["AlarmActions"] == ["arn:aws:sns:us-east-1:123456789012:ops"]


def test_alarm_follows_the_data(cw, frozen):
    alarm(cw)
    put(cw, values=[150], dims=HOST)
    found = cw.describe_alarms()["MetricAlarms"][0]
    assert found["StateValue"] == "ALARM"
    assert found["StateReason"] == (
        "Threshold Crossed: 1 out of the last 1 datapoints [150.0 (14/11/23 22:13:00)] was greater than the "
        "threshold (100.0) (minimum 1 datapoint for OK -> ALARM transition).")
    reason_data = json.loads(found["StateReasonData"])
    assert reason_data["recentDatapoints"] == [150.0] and reason_data["statistic"] == "Maximum"
    frozen.advance(60)
    put(cw, values=[20], dims=HOST, offset=60)
    assert state(cw) == "OK"
    # Data for another dimension set does not touch it.
    frozen.advance(60)
    put(cw, values=[500], dims=[{"Name": "Host", "Value": "b"}], offset=120)
    assert state(cw) == "OK"


def test_m_out_of_n(cw, frozen):
    alarm(cw, EvaluationPeriods=3, DatapointsToAlarm=2)
    for i, value in enumerate((150, 10, 150)):
        if i:
            frozen.advance(60)
        put(cw, values=[value], dims=HOST, offset=60 * i)
    assert state(cw) == "ALARM"
    frozen.advance(60)
    put(cw, values=[10], dims=HOST, offset=180)     # now 10, 150, 10: one breach of the two needed
    assert state(cw) == "OK"


@pytest.mark.parametrize("treat, expected", [("missing", "ALARM"), ("ignore", "ALARM"), ("breaching", "ALARM"),
                                             ("notBreaching", "OK")])
def test_missing_data_treatment(cw, frozen, treat, expected):
    # Three periods, three needed; only the last has data, and it breaches.
    alarm(cw, EvaluationPeriods=3, TreatMissingData=treat)
    put(cw, values=[150], dims=HOST)
    assert state(cw) == expected


def test_all_missing_is_insufficient_data_but_breaching_counts(cw, frozen):
    alarm(cw, name="missing", TreatMissingData="missing")
    alarm(cw, name="breaching", TreatMissingData="breaching")
    assert state(cw, "missing") == "INSUFFICIENT_DATA"
    assert state(cw, "breaching") == "ALARM"


def test_math_alarm(cw, frozen):
    cw.put_metric_alarm(AlarmName="error-rate", EvaluationPeriods=1, Threshold=10.0,
                        ComparisonOperator="GreaterThanOrEqualToThreshold", Metrics=[
                            {"Id": "errors", "ReturnData": False, "MetricStat": {
                                "Metric": {"Namespace": "App", "MetricName": "Errors"}, "Period": 60, "Stat": "Sum"}},
                            {"Id": "requests", "ReturnData": False, "MetricStat": {
                                "Metric": {"Namespace": "App", "MetricName": "Requests"}, "Period": 60,
                                "Stat": "Sum"}},
                            {"Id": "rate", "Expression": "100 * errors / requests", "Label": "Error rate"}])
    put(cw, name="Requests", values=[10, 10])
    put(cw, name="Errors", values=[1])
    assert state(cw, "error-rate") == "OK"
    put(cw, name="Errors", values=[2])
    assert state(cw, "error-rate") == "ALARM"
    (found,) = cw.describe_alarms(AlarmNames=["error-rate"])["MetricAlarms"]
    assert [m["Id"] for m in found["Metrics"]] == ["errors", "requests", "rate"]


def test_percentile_alarm(cw):
    alarm(cw, Statistic=None, ExtendedStatistic="p90", Threshold=50.0)
    cw.put_metric_data(Namespace="App", MetricData=[{"MetricName": "Latency", "Dimensions": HOST, "Timestamp": at(0),
                                                     "Values": [float(v) for v in range(1, 101)]}])
    assert state(cw) == "ALARM"


@pytest.mark.parametrize("changes, code, message", [
    ({"Period": 45}, "InvalidParameterValue", "The parameter Period must be 10, 20, 30 or a multiple of 60."),
    ({"Period": 3540, "EvaluationPeriods": 25}, "ValidationError",
     "Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400)."),
    ({"Statistic": None}, "InvalidParameterCombination",
     "Exactly one of the parameters Statistic or ExtendedStatistic must be specified."),
    ({"ExtendedStatistic": "p90"}, "InvalidParameterCombination",
     "The parameters Statistic and ExtendedStatistic are mutually exclusive and you have specified both."),
    ({"Statistic": None, "ExtendedStatistic": "p200"}, "InvalidParameterValue",
     "The value p200 for parameter ExtendedStatistic is invalid."),
    ({"DatapointsToAlarm": 2}, "ValidationError", "DatapointsToAlarm must be less than or equal to EvaluationPeriods."),
    ({"TreatMissingData": "sometimes"}, "InvalidParameterValue",
     "The value sometimes for parameter TreatMissingData is invalid."),
    ({"Threshold": None}, "ValidationError", "Threshold must be set for static threshold alarms."),
    ({"MetricName": None}, "InvalidParameterCombination",
     "One of the parameters MetricName or Metrics must be specified."),
    ({"AlarmActions": ["not-an-arn"]}, "ValidationError", "Invalid arn syntax: not-an-arn"),
    ({"OKActions": [f"arn:aws:sns:us-east-1:123456789012:t{i}" for i in range(6)]}, "InvalidParameterValue",
     "The collection OKActions must not contain more than 5 items."),
    ({"Namespace": None}, "MissingParameter", "The parameter Namespace is required."),
])
def test_invalid_alarms(cw, changes, code, message):
    with pytest.raises(cw.exceptions.ClientError) as exc:
        alarm(cw, **changes)
    assert error_of(exc) == (code, 400, message)
    assert cw.describe_alarms()["MetricAlarms"] == []


def test_math_alarm_must_return_exactly_one_series(cw):
    with pytest.raises(cw.exceptions.ClientError) as exc:
        cw.put_metric_alarm(AlarmName="x", EvaluationPeriods=1, Threshold=1.0,
                            ComparisonOperator="GreaterThanThreshold", Metrics=[
                                {"Id": "a", "MetricStat": {"Metric": {"Namespace": "App", "MetricName": "A"},
                                                           "Period": 60, "Stat": "Sum"}},
                                {"Id": "b", "Expression": "a * 2"}])
    assert error_of(exc) == ("ValidationError", 400, "Exactly one element of the metrics list should return data.")


def test_describe_filters_and_pages(cw):
    for name in ("web-1", "web-2", "db-1"):
        alarm(cw, name=name, OKActions=[f"arn:aws:sns:us-east-1:123456789012:{name}"])
    cw.set_alarm_state(AlarmName="web-2", StateValue="ALARM", StateReason="testing")
    names = lambda **kw: [a["AlarmName"] for a in cw.describe_alarms(**kw)["MetricAlarms"]]
    assert names() == ["db-1", "web-1", "web-2"]
    assert names(AlarmNamePrefix="web") == ["web-1", "web-2"]
    assert names(StateValue="ALARM") == ["web-2"]
    assert names(ActionPrefix="arn:aws:sns:us-east-1:123456789012:db") == ["db-1"]
    assert names(AlarmTypes=["CompositeAlarm"]) == []
    assert cw.describe_alarms(AlarmTypes=["CompositeAlarm", "MetricAlarm"])["CompositeAlarms"] == []
    first = cw.describe_alarms(MaxRecords=2)
    assert len(first["MetricAlarms"]) == 2
    assert [a["AlarmName"] for a in cw.describe_alarms(NextToken=first["NextToken"])["MetricAlarms"]] == ["web-2"]
    assert sum(len(p["MetricAlarms"]) for p in cw.get_paginator("describe_alarms").paginate(
        PaginationConfig={"PageSize": 1})) == 3
    with pytest.raises(cw.exceptions.InvalidParameterCombinationException):
        cw.describe_alarms(AlarmNames=["web-1"], AlarmNamePrefix="web")
    with pytest.raises(cw.exceptions.InvalidNextToken):
        cw.describe_alarms(NextToken="nope")


def test_describe_alarms_for_metric(cw):
    alarm(cw, name="max")
    alarm(cw, name="avg", Statistic="Average")
    alarm(cw, name="other-host", Dimensions=[{"Name": "Host", "Value": "b"}])
    found = lambda **kw: [a["AlarmName"] for a in cw.describe_alarms_for_metric(
        MetricName="Latency", Namespace="App", **kw)["MetricAlarms"]]
    assert found() == ["avg", "max", "other-host"]
    assert found(Dimensions=HOST) == ["avg", "max"]
    assert found(Dimensions=HOST, Statistic="Average") == ["avg"]
    assert found(Period=300) == []


def test_set_state_history_and_reupdate(cw, frozen):
    alarm(cw)
    cw.set_alarm_state(AlarmName="high", StateValue="ALARM", StateReason="drill",
                       StateReasonData='{"why": "test"}')
    found = cw.describe_alarms()["MetricAlarms"][0]
    assert (found["StateValue"], found["StateReason"], found["StateReasonData"]) == ("ALARM", "drill",
                                                                                     '{"why": "test"}')
    frozen.advance(5)
    alarm(cw, Threshold=200.0)
    items = cw.describe_alarm_history(AlarmName="high")["AlarmHistoryItems"]
    assert [(i["HistoryItemType"], i["HistorySummary"]) for i in items] == [
        # Re-evaluated with the new configuration: there is no data.
        ("StateUpdate", "Alarm updated from ALARM to INSUFFICIENT_DATA"),
        ("ConfigurationUpdate", 'Alarm "high" updated'),
        ("StateUpdate", "Alarm updated from INSUFFICIENT_DATA to ALARM"),
        ("ConfigurationUpdate", 'Alarm "high" created'),
    ]
    assert state(cw) == "INSUFFICIENT_DATA"
    ascending = cw.describe_alarm_history(ScanBy="TimestampAscending", HistoryItemType="ConfigurationUpdate")
    assert [i["HistorySummary"] for i in ascending["AlarmHistoryItems"]] == ['Alarm "high" created',
                                                                             'Alarm "high" updated']
    data = json.loads(items[2]["HistoryData"])
    assert data["newState"] == {"stateValue": "ALARM", "stateReason": "drill", "stateReasonData": {"why": "test"}}
    assert cw.describe_alarm_history(EndDate=at(-1))["AlarmHistoryItems"] == []


def test_set_state_errors(cw):
    with pytest.raises(cw.exceptions.ResourceNotFound) as exc:
        cw.set_alarm_state(AlarmName="nope", StateValue="OK", StateReason="x")
    assert error_of(exc) == ("ResourceNotFound", 404, "Alarm nope not found")
    alarm(cw)
    with pytest.raises(cw.exceptions.InvalidFormatFault) as exc:
        cw.set_alarm_state(AlarmName="high", StateValue="OK", StateReason="x", StateReasonData="{not json")
    assert error_of(exc) == ("InvalidFormat", 400, "Data was not syntactically valid JSON")


def test_delete_and_enable_disable(cw):
    alarm(cw, name="a")
    alarm(cw, name="b")
    cw.disable_alarm_actions(AlarmNames=["a", "unknown"])
    assert cw.describe_alarms(AlarmNames=["a"])["MetricAlarms"][0]["ActionsEnabled"] is False
    cw.enable_alarm_actions(AlarmNames=["a"])
    assert cw.describe_alarms(AlarmNames=["a"])["MetricAlarms"][0]["ActionsEnabled"] is True
    with pytest.raises(cw.exceptions.ResourceNotFound) as exc:
        cw.delete_alarms(AlarmNames=["a", "ghost"])
    assert error_of(exc) == ("ResourceNotFound", 404, "Alarm(s) not found: ghost")
    assert [a["AlarmName"] for a in cw.describe_alarms()["MetricAlarms"]] == ["b"]   # "a" was still deleted
    cw.delete_alarms(AlarmNames=["b"])
    assert cw.describe_alarms()["MetricAlarms"] == []


def test_tags(cw):
    alarm(cw, Tags=[{"Key": "team", "Value": "a"}])
    arn = ARN + "high"
    cw.tag_resource(ResourceARN=arn, Tags=[{"Key": "env", "Value": "dev"}])
    assert cw.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "team", "Value": "a"},
                                                                 {"Key": "env", "Value": "dev"}]
    cw.untag_resource(ResourceARN=arn, TagKeys=["team"])
    assert cw.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "env", "Value": "dev"}]
    with pytest.raises(cw.exceptions.ResourceNotFoundException) as exc:
        cw.list_tags_for_resource(ResourceARN=ARN + "ghost")
    assert exc.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    with pytest.raises(cw.exceptions.InvalidParameterValueException):
        cw.tag_resource(ResourceARN="arn:aws:s3:::bucket", Tags=[{"Key": "a", "Value": "b"}])


def test_alarm_actions_notify_sns(cw, frozen):
    sns = boto3.client("sns", region_name=REGION)
    sqs = boto3.client("sqs", region_name=REGION)
    topic = sns.create_topic(Name="ops")["TopicArn"]
    queue = sqs.create_queue(QueueName="pager")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"})
    alarm(cw, AlarmActions=[topic], OKActions=["arn:aws:automate:us-east-1:ec2:stop"])
    put(cw, values=[150], dims=HOST)
    (message,) = sqs.receive_message(QueueUrl=queue)["Messages"]
    body = json.loads(message["Body"])
    assert (body["AlarmName"], body["NewStateValue"], body["OldStateValue"]) == ("high", "ALARM",
                                                                                  "INSUFFICIENT_DATA")
    assert body["Region"] == "US East (N. Virginia)" and body["AlarmArn"] == ARN + "high"
    assert body["Trigger"]["MetricName"] == "Latency" and body["Trigger"]["Threshold"] == 100.0
    actions = cw.describe_alarm_history(HistoryItemType="Action")["AlarmHistoryItems"]
    assert [a["HistorySummary"] for a in actions] == [f"Successfully executed action {topic}"]
    # Actions disabled: state changes, nothing is sent.
    cw.disable_alarm_actions(AlarmNames=["high"])
    frozen.advance(60)
    put(cw, values=[1], dims=HOST, offset=60)
    assert state(cw) == "OK"
    assert "Messages" not in sqs.receive_message(QueueUrl=queue)


def test_history_pages(cw, frozen):
    for i in range(5):
        alarm(cw, name=f"a{i}")
        frozen.advance(1)
    first = cw.describe_alarm_history(HistoryItemType="ConfigurationUpdate", MaxRecords=2)
    assert [h["AlarmName"] for h in first["AlarmHistoryItems"]] == ["a4", "a3"]
    rest = [h["AlarmName"] for p in cw.get_paginator("describe_alarm_history").paginate(
        HistoryItemType="ConfigurationUpdate", PaginationConfig={"PageSize": 2, "StartingToken": first["NextToken"]})
        for h in p["AlarmHistoryItems"]]
    assert rest == ["a2", "a1", "a0"]
    with pytest.raises(cw.exceptions.InvalidNextToken):
        cw.describe_alarm_history(NextToken="bogus")
