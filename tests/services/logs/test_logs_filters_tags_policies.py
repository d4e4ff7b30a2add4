"""Metric and subscription filters, tags (by ARN and the legacy by-name calls), resource policies."""
import json

import pytest

from logs_support import ACCOUNT, NOW_MS, REGION, error_of

ARN = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:"
LAMBDA = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:shipper"


@pytest.fixture
def group(logs, frozen):
    logs.create_log_group(logGroupName="g")
    return "g"


def transformation(**extra):
    return [{"metricName": "Errors", "metricNamespace": "App", "metricValue": "1", **extra}]


def test_subscription_filters(logs, group):
    logs.put_subscription_filter(logGroupName="g", filterName="ship", filterPattern="ERROR",
                                 destinationArn=LAMBDA)
    logs.put_subscription_filter(logGroupName="g", filterName="all", filterPattern="",
                                 destinationArn="arn:aws:kinesis:us-east-1:123456789012:stream/s",
                                 roleArn="arn:aws:iam::123456789012:role/r", distribution="Random")
    filters = logs.describe_subscription_filters(logGroupName="g")["subscriptionFilters"]
    assert filters == [
        {"filterName": "all", "logGroupName": "g", "filterPattern": "",
         "destinationArn": "arn:aws:kinesis:us-east-1:123456789012:stream/s",
         "roleArn": "arn:aws:iam::123456789012:role/r", "distribution": "Random",
         "applyOnTransformedLogs": False, "creationTime": NOW_MS},
        {"filterName": "ship", "logGroupName": "g", "filterPattern": "ERROR", "destinationArn": LAMBDA,
         "distribution": "ByLogStream", "applyOnTransformedLogs": False, "creationTime": NOW_MS},
    ]
    assert [f["filterName"] for f in logs.describe_subscription_filters(
        logGroupName="g", filterNamePrefix="sh")["subscriptionFilters"]] == ["ship"]
    # Updating one of the two is fine; a third is over the limit.
    logs.put_subscription_filter(logGroupName="g", filterName="ship", filterPattern="WARN", destinationArn=LAMBDA)
    with pytest.raises(logs.exceptions.LimitExceededException) as exc:
        logs.put_subscription_filter(logGroupName="g", filterName="third", filterPattern="", destinationArn=LAMBDA)
    assert error_of(exc) == ("LimitExceededException", 400, "Resource limit exceeded.")
    logs.delete_subscription_filter(logGroupName="g", filterName="ship")
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as exc:
        logs.delete_subscription_filter(logGroupName="g", filterName="ship")
    assert error_of(exc)[2] == "The specified subscription filter does not exist."


def test_subscription_filter_errors(logs, group):
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.put_subscription_filter(logGroupName="g", filterName="f", filterPattern="{ broken",
                                     destinationArn=LAMBDA)
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.put_subscription_filter(logGroupName="nope", filterName="f", filterPattern="", destinationArn=LAMBDA)
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.put_subscription_filter(logGroupName="g", filterName="f", filterPattern="", destinationArn="lambda")


def test_metric_filters(logs, group):
    logs.put_metric_filter(logGroupName="g", filterName="errors", filterPattern="ERROR",
                           metricTransformations=transformation(defaultValue=0.0, unit="Count"))
    logs.create_log_group(logGroupName="h")
    logs.put_metric_filter(logGroupName="h", filterName="latency", filterPattern="{ $.latency > 0 }",
                           metricTransformations=[{"metricName": "Latency", "metricNamespace": "App",
                                                   "metricValue": "$.latency",
                                                   "dimensions": {"Route": "$.route"}}])
    everything = logs.describe_metric_filters()["metricFilters"]
    assert [(f["logGroupName"], f["filterName"]) for f in everything] == [("g", "errors"), ("h", "latency")]
    assert everything[0] == {
        "filterName": "errors", "filterPattern": "ERROR", "logGroupName": "g", "creationTime": NOW_MS,
        "applyOnTransformedLogs": False,
        "metricTransformations": [{"metricName": "Errors", "metricNamespace": "App", "metricValue": "1",
                                   "defaultValue": 0.0, "unit": "Count"}],
    }
    assert logs.describe_log_groups(logGroupNamePrefix="g")["logGroups"][0]["metricFilterCount"] == 1
    by_metric = logs.describe_metric_filters(metricName="Latency", metricNamespace="App")["metricFilters"]
    assert [f["filterName"] for f in by_metric] == ["latency"]
    by_prefix = logs.describe_metric_filters(logGroupName="g", filterNamePrefix="err")["metricFilters"]
    assert [f["filterName"] for f in by_prefix] == ["errors"]
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.describe_metric_filters(metricName="Latency")
    logs.delete_metric_filter(logGroupName="g", filterName="errors")
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as exc:
        logs.delete_metric_filter(logGroupName="g", filterName="errors")
    assert error_of(exc)[2] == "The specified metric filter does not exist."


def test_metric_filter_validation(logs, group):
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.put_metric_filter(logGroupName="g", filterName="f", filterPattern="",
                               metricTransformations=transformation(metricValue="lots"))
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.put_metric_filter(logGroupName="g", filterName="f", filterPattern="[a",
                               metricTransformations=transformation())
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.put_metric_filter(logGroupName="g", filterName="f", filterPattern="",
                               metricTransformations=transformation(defaultValue=0.0, dimensions={"a": "$.a"}))


def test_test_metric_filter(logs):
    matches = logs.test_metric_filter(filterPattern="[ip, status = 5*, bytes]",
                                      logEventMessages=["1.1.1.1 500 10", "2.2.2.2 200 5", "3.3.3.3 503 7"])["matches"]
    assert matches == [
        {"eventNumber": 1, "eventMessage": "1.1.1.1 500 10",
         "extractedValues": {"$ip": "1.1.1.1", "$status": "500", "$bytes": "10"}},
        {"eventNumber": 3, "eventMessage": "3.3.3.3 503 7",
         "extractedValues": {"$ip": "3.3.3.3", "$status": "503", "$bytes": "7"}},
    ]
    assert logs.test_metric_filter(filterPattern="ERROR", logEventMessages=["ERROR x"])["matches"][0][
        "extractedValues"] == {}


def test_tags_by_arn(logs, group):
    logs.tag_resource(resourceArn=ARN + "g", tags={"team": "a", "env": "dev"})
    assert logs.list_tags_for_resource(resourceArn=ARN + "g")["tags"] == {"team": "a", "env": "dev"}
    logs.untag_resource(resourceArn=ARN + "g", tagKeys=["env", "absent"])
    assert logs.list_tags_for_resource(resourceArn=ARN + "g")["tags"] == {"team": "a"}
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.list_tags_for_resource(resourceArn=ARN + "nope")
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.tag_resource(resourceArn="not-an-arn", tags={"a": "b"})
    with pytest.raises(logs.exceptions.TooManyTagsException) as exc:
        logs.tag_resource(resourceArn=ARN + "g", tags={f"k{i}": "v" for i in range(50)})
    assert error_of(exc) == ("TooManyTagsException", 400, "A resource can have no more than 50 tags.")


def test_legacy_tag_calls_and_tags_at_creation(logs):
    logs.create_log_group(logGroupName="g", tags={"a": "1"})
    logs.tag_log_group(logGroupName="g", tags={"b": "2"})
    assert logs.list_tags_log_group(logGroupName="g")["tags"] == {"a": "1", "b": "2"}
    logs.untag_log_group(logGroupName="g", tags=["a"])
    assert logs.list_tags_for_resource(resourceArn=ARN + "g")["tags"] == {"b": "2"}
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.list_tags_log_group(logGroupName="nope")


POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "route53.amazonaws.com"},
    "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": ARN + "/aws/route53/*"}]})


def test_resource_policies(logs, group):
    put = logs.put_resource_policy(policyName="route53", policyDocument=POLICY)["resourcePolicy"]
    assert put["policyName"] == "route53" and put["policyDocument"] == POLICY
    assert put["lastUpdatedTime"] == NOW_MS and put["policyScope"] == "ACCOUNT"
    listed = logs.describe_resource_policies()["resourcePolicies"]
    assert [p["policyName"] for p in listed] == ["route53"]
    scoped = logs.put_resource_policy(policyName="own", policyDocument=POLICY, resourceArn=ARN + "g")
    assert scoped["resourcePolicy"]["policyScope"] == "RESOURCE"
    assert [p["policyName"] for p in logs.describe_resource_policies(resourceArn=ARN + "g")["resourcePolicies"]] \
        == ["own"]
    logs.delete_resource_policy(policyName="route53")
    assert logs.describe_resource_policies()["resourcePolicies"] == []
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.delete_resource_policy(policyName="route53")


def test_resource_policy_validation(logs, group):
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.put_resource_policy(policyName="bad", policyDocument="{not json")
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.put_resource_policy(policyName="bad", policyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Principal": "*", "Action": "logs:*",
                                                    "Resource": "*"}]}))
    for i in range(10):
        logs.put_resource_policy(policyName=f"p{i}", policyDocument=POLICY)
    with pytest.raises(logs.exceptions.LimitExceededException):
        logs.put_resource_policy(policyName="p10", policyDocument=POLICY)
    logs.put_resource_policy(policyName="p0", policyDocument=POLICY)      # replacing is fine


def test_resource_policy_for_enforcement(logs, group):
    from iamulator.services.base import Context
    from iamulator.services.logs import resource_policy
    from iamulator.services.state import STORE

    ctx = Context(request=None, service="logs", operation="PutLogEvents", protocol="json",
                  account_id=ACCOUNT, region=REGION, store=STORE)
    assert resource_policy(ctx, ARN + "g") == (None, ACCOUNT)
    logs.put_resource_policy(policyName="route53", policyDocument=POLICY)
    document, owner = resource_policy(ctx, ARN + "g:log-stream:s")
    assert owner == ACCOUNT
    assert json.loads(document)["Statement"] == json.loads(POLICY)["Statement"]
