"""CloudWatch under authorization: alarms checked on their ARN, PutMetricData's
``cloudwatch:namespace``, alarm tags as ``aws:ResourceTag`` and request tags on PutMetricAlarm.
CloudWatch keeps its query-era error codes on every protocol: a denial is ``AccessDenied``, 403."""
import json

import boto3
import pytest
from botocore.config import Config

from iamulator import mock_aws, set_initial_no_auth_action_count

from cloudwatch_support import ACCOUNT, REGION
from aws_errors import refusal

ALARM = f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:"


@pytest.fixture
def iam():
    with set_initial_no_auth_action_count(0), mock_aws():
        yield boto3.client("iam", region_name=REGION)


def acting_as(iam, name, *statements):
    """(user ARN, CloudWatch client of a new user whose one inline policy has ``statements``)."""
    arn = iam.create_user(UserName=name)["User"]["Arn"]
    iam.put_user_policy(UserName=name, PolicyName="p",
                        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": list(statements)}))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return arn, boto3.client("cloudwatch", region_name=REGION, aws_access_key_id=key["AccessKeyId"],
                             aws_secret_access_key=key["SecretAccessKey"], config=Config(retries={"max_attempts": 1}))




def alarm(name, **extra):
    return {"AlarmName": name, "MetricName": "Latency", "Namespace": "App", "Statistic": "Average", "Period": 60,
            "EvaluationPeriods": 1, "Threshold": 1.0, "ComparisonOperator": "GreaterThanThreshold", **extra}


def test_put_metric_alarm_on_one_alarm_arn(iam):
    arn, cw = acting_as(iam, "alice", {"Effect": "Allow", "Action": "cloudwatch:PutMetricAlarm",
                                       "Resource": ALARM + "app-*"})
    cw.put_metric_alarm(**alarm("app-latency"))
    assert refusal(cw.put_metric_alarm, **alarm("db-cpu")) == (
        "AccessDenied", 403,
        f"User: {arn} is not authorized to perform: cloudwatch:PutMetricAlarm on resource: {ALARM}db-cpu because no "
        "identity-based policy allows the cloudwatch:PutMetricAlarm action")


def test_an_explicit_deny_on_one_alarm(iam):
    arn, cw = acting_as(iam, "alice", {"Effect": "Allow", "Action": "cloudwatch:*", "Resource": "*"},
                        {"Effect": "Deny", "Action": "cloudwatch:DeleteAlarms", "Resource": ALARM + "keep"})
    cw.put_metric_alarm(**alarm("keep"))
    cw.put_metric_alarm(**alarm("drop"))
    cw.delete_alarms(AlarmNames=["drop"])
    assert refusal(cw.delete_alarms, AlarmNames=["keep"]) == (
        "AccessDenied", 403,
        f"User: {arn} is not authorized to perform: cloudwatch:DeleteAlarms on resource: {ALARM}keep with an "
        "explicit deny in an identity-based policy")
    assert [a["AlarmName"] for a in cw.describe_alarms()["MetricAlarms"]] == ["keep"]


def test_namespace_condition_on_put_metric_data(iam):
    arn, cw = acting_as(iam, "alice", {"Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*",
                                       "Condition": {"StringEquals": {"cloudwatch:namespace": "App"}}})
    cw.put_metric_data(Namespace="App", MetricData=[{"MetricName": "Hits", "Value": 1.0}])
    # PutMetricData names no resource: AWS's message then has no "on resource" part.
    assert refusal(cw.put_metric_data, Namespace="Billing", MetricData=[{"MetricName": "Hits", "Value": 1.0}]) == (
        "AccessDenied", 403,
        f"User: {arn} is not authorized to perform: cloudwatch:PutMetricData because no identity-based policy "
        "allows the cloudwatch:PutMetricData action")


def test_alarm_tags_as_resource_tags(iam):
    admin = boto3.client("cloudwatch", region_name=REGION)
    admin.put_metric_alarm(**alarm("tagged", Tags=[{"Key": "team", "Value": "core"}]))
    admin.put_metric_alarm(**alarm("plain"))
    _, cw = acting_as(iam, "alice", {"Effect": "Allow", "Action": ["cloudwatch:DisableAlarmActions"],
                                     "Resource": "*",
                                     "Condition": {"StringEquals": {"aws:ResourceTag/team": "core"}}})
    cw.disable_alarm_actions(AlarmNames=["tagged"])
    assert refusal(cw.disable_alarm_actions, AlarmNames=["plain"])[:2] == ("AccessDenied", 403)
    # Every named alarm is checked: one untagged alarm refuses the whole request.
    assert refusal(cw.disable_alarm_actions, AlarmNames=["tagged", "plain"])[:2] == ("AccessDenied", 403)


def test_request_tags_on_put_metric_alarm(iam):
    _, cw = acting_as(iam, "alice", {"Effect": "Allow", "Action": "cloudwatch:PutMetricAlarm", "Resource": "*",
                                     "Condition": {"StringEquals": {"aws:RequestTag/team": "core"}}})
    cw.put_metric_alarm(**alarm("mine", Tags=[{"Key": "team", "Value": "core"}]))
    assert refusal(cw.put_metric_alarm, **alarm("theirs", Tags=[{"Key": "team", "Value": "ops"}]))[0] == "AccessDenied"
    assert refusal(cw.put_metric_alarm, **alarm("untagged"))[0] == "AccessDenied"


def test_listing_alarms_needs_every_alarm(iam):
    arn, cw = acting_as(iam, "alice", {"Effect": "Allow", "Action": "cloudwatch:DescribeAlarms",
                                       "Resource": ALARM + "app-*"})
    assert cw.describe_alarms(AlarmNames=["app-1"])["MetricAlarms"] == []
    assert refusal(cw.describe_alarms)[2] == (
        f"User: {arn} is not authorized to perform: cloudwatch:DescribeAlarms on resource: {ALARM}* because no "
        "identity-based policy allows the cloudwatch:DescribeAlarms action")


def test_the_query_protocol_words_the_denial_the_same(iam):
    """Older SDKs sign query-protocol requests: the denial is the XML ``AccessDenied`` error, 403."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest, HeadersDict
    from botocore.credentials import Credentials
    from botocore.parsers import create_parser
    from botocore.serialize import create_serializer

    from iamulator.server.dispatch import dispatch
    from iamulator.services.http import Request
    from iamulator.services.models import operation_model

    arn = iam.create_user(UserName="legacy")["User"]["Arn"]
    key = iam.create_access_key(UserName="legacy")["AccessKey"]
    model = operation_model("cloudwatch", "PutMetricAlarm")
    body = create_serializer("query", include_validation=False).serialize_to_request(alarm("old"), model)["body"]
    request = AWSRequest("POST", f"https://monitoring.{REGION}.amazonaws.com/", data=body,
                         headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    SigV4Auth(Credentials(key["AccessKeyId"], key["SecretAccessKey"]), "monitoring", REGION).add_auth(request)
    prepared = request.prepare()
    data = prepared.body if isinstance(prepared.body, bytes) else prepared.body.encode()
    response = dispatch(Request("POST", prepared.url, dict(prepared.headers.items()), data))
    parsed = create_parser("query").parse({"status_code": response.status, "headers": HeadersDict(response.headers),
                                           "body": response.body}, model.output_shape)
    assert response.status == 403
    assert parsed["Error"]["Code"] == "AccessDenied"
    assert parsed["Error"]["Message"] == (
        f"User: {arn} is not authorized to perform: cloudwatch:PutMetricAlarm on resource: {ALARM}old because no "
        "identity-based policy allows the cloudwatch:PutMetricAlarm action")
