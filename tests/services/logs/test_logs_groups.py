"""Log groups: creation rules, listing filters and pages, retention, deletion."""
import pytest
from botocore.exceptions import ClientError

from logs_support import ACCOUNT, REGION, error_of

ARN = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:"


def test_create_and_describe(logs, frozen):
    logs.create_log_group(logGroupName="/app/web", kmsKeyId="arn:aws:kms:us-east-1:123456789012:key/k")
    (group,) = logs.describe_log_groups()["logGroups"]
    assert group == {
        "logGroupName": "/app/web",
        "creationTime": 1_700_000_000_000,
        "metricFilterCount": 0,
        "arn": ARN + "/app/web:*",
        "logGroupArn": ARN + "/app/web",
        "storedBytes": 0,
        "logGroupClass": "STANDARD",
        "kmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/k",
        "deletionProtectionEnabled": False,
    }


def test_create_twice_is_resource_already_exists(logs):
    logs.create_log_group(logGroupName="g")
    with pytest.raises(logs.exceptions.ResourceAlreadyExistsException) as exc:
        logs.create_log_group(logGroupName="g")
    assert error_of(exc) == ("ResourceAlreadyExistsException", 400, "The specified log group already exists")


@pytest.mark.parametrize("name", ["has space", "colon:name", "star*", "x" * 513])
def test_invalid_names_are_refused(logs, name):
    with pytest.raises(logs.exceptions.InvalidParameterException) as exc:
        logs.create_log_group(logGroupName=name)
    code, status, message = error_of(exc)
    assert (code, status) == ("InvalidParameterException", 400)
    assert message.startswith(f"1 validation error detected: Value '{name}' at 'logGroupName' failed to satisfy "
                              "constraint: Member must ")


def test_names_may_not_start_with_aws_slash(logs):
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.create_log_group(logGroupName="aws/mine")
    logs.create_log_group(logGroupName="/aws/lambda/mine")    # the leading slash makes it fine


def test_describe_by_prefix_and_pattern(logs):
    for name in ("/app/DataLogs", "/app/other", "aws-DataLogs", "datalogs"):
        logs.create_log_group(logGroupName=name)
    names = lambda **kw: [g["logGroupName"] for g in logs.describe_log_groups(**kw)["logGroups"]]
    assert names(logGroupNamePrefix="/app/") == ["/app/DataLogs", "/app/other"]
    assert names(logGroupNamePattern="DataLogs") == ["/app/DataLogs", "aws-DataLogs"]
    # A pattern answers only the name, ARN and creation time.
    assert set(logs.describe_log_groups(logGroupNamePattern="other")["logGroups"][0]) == {
        "logGroupName", "arn", "creationTime"}
    with pytest.raises(logs.exceptions.InvalidParameterException) as exc:
        logs.describe_log_groups(logGroupNamePrefix="/app", logGroupNamePattern="x")
    assert error_of(exc)[2] == "LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters."


def test_describe_is_ascii_sorted_and_pages(logs):
    names = [f"g{i:02d}" for i in range(7)] + ["A", "Z", "_"]
    for name in reversed(names):
        logs.create_log_group(logGroupName=name)
    first = logs.describe_log_groups(limit=4)
    assert [g["logGroupName"] for g in first["logGroups"]] == ["A", "Z", "_", "g00"]
    pages = logs.get_paginator("describe_log_groups").paginate(PaginationConfig={"PageSize": 3})
    seen = [g["logGroupName"] for p in pages for g in p["logGroups"]]
    assert seen == sorted(names)
    with pytest.raises(logs.exceptions.InvalidParameterException) as exc:
        logs.describe_log_groups(nextToken="garbage")
    assert error_of(exc) == ("InvalidParameterException", 400, "The specified nextToken is invalid.")


def test_describe_limit_above_50_is_refused(logs):
    with pytest.raises(logs.exceptions.InvalidParameterException) as exc:
        logs.describe_log_groups(limit=51)
    assert error_of(exc)[2] == ("1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: "
                                "Member must have value less than or equal to 50")


def test_describe_by_identifiers_and_class(logs):
    logs.create_log_group(logGroupName="a")
    logs.create_log_group(logGroupName="b", logGroupClass="INFREQUENT_ACCESS")
    logs.create_log_group(logGroupName="c")
    found = logs.describe_log_groups(logGroupIdentifiers=["a", ARN + "b"])["logGroups"]
    assert [g["logGroupName"] for g in found] == ["a", "b"]
    found = logs.describe_log_groups(logGroupClass="INFREQUENT_ACCESS")["logGroups"]
    assert [(g["logGroupName"], g["logGroupClass"]) for g in found] == [("b", "INFREQUENT_ACCESS")]


def test_list_log_groups(logs):
    logs.create_log_group(logGroupName="/svc/a")
    logs.create_log_group(logGroupName="/other")
    assert logs.list_log_groups(logGroupNamePattern="svc")["logGroups"] == [
        {"logGroupName": "/svc/a", "logGroupArn": ARN + "/svc/a", "logGroupClass": "STANDARD"}]


def test_delete(logs):
    logs.create_log_group(logGroupName="g")
    logs.delete_log_group(logGroupName="g")
    assert logs.describe_log_groups()["logGroups"] == []
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as exc:
        logs.delete_log_group(logGroupName="g")
    assert error_of(exc) == ("ResourceNotFoundException", 400, "The specified log group does not exist.")


def test_deletion_protection(logs):
    logs.create_log_group(logGroupName="keep", deletionProtectionEnabled=True)
    with pytest.raises(ClientError) as exc:
        logs.delete_log_group(logGroupName="keep")
    assert error_of(exc) == ("ValidationException", 400, "Cannot delete log group with deletion protection "
                                                         "enabled. Disable deletion protection first.")
    logs.put_log_group_deletion_protection(logGroupIdentifier="keep", deletionProtectionEnabled=False)
    logs.delete_log_group(logGroupName="keep")


def test_regions_and_accounts_are_separate(logs):
    import boto3
    logs.create_log_group(logGroupName="g")
    assert boto3.client("logs", region_name="eu-west-1").describe_log_groups()["logGroups"] == []


@pytest.mark.parametrize("days", [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
                                  2192, 2557, 2922, 3288, 3653])
def test_every_valid_retention(logs, days):
    logs.create_log_group(logGroupName="g")
    logs.put_retention_policy(logGroupName="g", retentionInDays=days)
    assert logs.describe_log_groups()["logGroups"][0]["retentionInDays"] == days


@pytest.mark.parametrize("days", [0, 2, 4, 100, 3654])
def test_invalid_retention(logs, days):
    logs.create_log_group(logGroupName="g")
    with pytest.raises(logs.exceptions.InvalidParameterException) as exc:
        logs.put_retention_policy(logGroupName="g", retentionInDays=days)
    assert error_of(exc)[2] == (
        f"1 validation error detected: Value '{days}' at 'retentionInDays' failed to satisfy constraint: Member "
        "must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, "
        "1827, 2192, 2557, 2922, 3288, 3653]")


def test_retention_delete_and_missing_group(logs):
    logs.create_log_group(logGroupName="g")
    logs.put_retention_policy(logGroupName="g", retentionInDays=7)
    logs.delete_retention_policy(logGroupName="g")
    assert "retentionInDays" not in logs.describe_log_groups()["logGroups"][0]
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.put_retention_policy(logGroupName="nope", retentionInDays=7)
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.delete_retention_policy(logGroupName="nope")
