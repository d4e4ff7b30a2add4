"""Log streams: creation, listing order and pages, deletion."""
import pytest

from logs_support import ACCOUNT, NOW_MS, REGION, error_of, put


def test_create_describe_delete(logs, frozen):
    logs.create_log_group(logGroupName="g")
    logs.create_log_stream(logGroupName="g", logStreamName="s")
    assert logs.describe_log_streams(logGroupName="g")["logStreams"] == [{
        "logStreamName": "s",
        "creationTime": NOW_MS,
        "arn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:g:log-stream:s",
        "storedBytes": 0,
    }]
    logs.delete_log_stream(logGroupName="g", logStreamName="s")
    assert logs.describe_log_streams(logGroupName="g")["logStreams"] == []


def test_stream_errors(logs):
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as exc:
        logs.create_log_stream(logGroupName="none", logStreamName="s")
    assert error_of(exc) == ("ResourceNotFoundException", 400, "The specified log group does not exist.")
    logs.create_log_group(logGroupName="g")
    logs.create_log_stream(logGroupName="g", logStreamName="s")
    with pytest.raises(logs.exceptions.ResourceAlreadyExistsException) as exc:
        logs.create_log_stream(logGroupName="g", logStreamName="s")
    assert error_of(exc) == ("ResourceAlreadyExistsException", 400, "The specified log stream already exists")
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as exc:
        logs.delete_log_stream(logGroupName="g", logStreamName="other")
    assert error_of(exc) == ("ResourceNotFoundException", 400, "The specified log stream does not exist.")
    for bad in ("a:b", "a*b"):
        with pytest.raises(logs.exceptions.InvalidParameterException) as exc:
            logs.create_log_stream(logGroupName="g", logStreamName=bad)
        assert error_of(exc)[2] == (f"1 validation error detected: Value '{bad}' at 'logStreamName' failed to "
                                    "satisfy constraint: Member must satisfy regular expression pattern: [^:*]*")


def test_event_times_appear_once_events_arrive(logs, stream, frozen):
    group, name = stream
    put(logs, group, name, "a", "b", start=NOW_MS - 5000)
    (described,) = logs.describe_log_streams(logGroupName=group)["logStreams"]
    assert described["firstEventTimestamp"] == NOW_MS - 5000
    assert described["lastEventTimestamp"] == NOW_MS - 4999
    assert described["lastIngestionTime"] == NOW_MS
    assert len(described["uploadSequenceToken"]) == 56


def test_order_by_name_and_prefix(logs):
    logs.create_log_group(logGroupName="g")
    for name in ("b", "a2", "a1", "c"):
        logs.create_log_stream(logGroupName="g", logStreamName=name)
    names = lambda **kw: [s["logStreamName"] for s in logs.describe_log_streams(logGroupName="g", **kw)["logStreams"]]
    assert names() == ["a1", "a2", "b", "c"]
    assert names(descending=True) == ["c", "b", "a2", "a1"]
    assert names(logStreamNamePrefix="a") == ["a1", "a2"]


def test_order_by_last_event_time(logs, frozen):
    logs.create_log_group(logGroupName="g")
    for name, offset in (("late", 30), ("early", 10), ("middle", 20)):
        logs.create_log_stream(logGroupName="g", logStreamName=name)
        put(logs, "g", name, "x", start=NOW_MS + offset)
    logs.create_log_stream(logGroupName="g", logStreamName="empty")
    names = lambda **kw: [s["logStreamName"] for s in logs.describe_log_streams(
        logGroupName="g", orderBy="LastEventTime", **kw)["logStreams"]]
    assert names() == ["empty", "early", "middle", "late"]
    assert names(descending=True) == ["late", "middle", "early", "empty"]
    with pytest.raises(logs.exceptions.InvalidParameterException) as exc:
        logs.describe_log_streams(logGroupName="g", orderBy="LastEventTime", logStreamNamePrefix="e")
    assert error_of(exc)[2] == "Cannot order by LastEventTime with a logStreamNamePrefix."


def test_pages_in_both_orders(logs, frozen):
    logs.create_log_group(logGroupName="g")
    for i in range(7):
        logs.create_log_stream(logGroupName="g", logStreamName=f"s{i}")
        put(logs, "g", f"s{i}", "x", start=NOW_MS - i)
    paginator = logs.get_paginator("describe_log_streams")
    for kwargs, expected in (({}, [f"s{i}" for i in range(7)]),
                             ({"descending": True}, [f"s{i}" for i in reversed(range(7))]),
                             ({"orderBy": "LastEventTime"}, [f"s{i}" for i in reversed(range(7))]),
                             ({"orderBy": "LastEventTime", "descending": True}, [f"s{i}" for i in range(7)])):
        pages = paginator.paginate(logGroupName="g", PaginationConfig={"PageSize": 2}, **kwargs)
        assert [s["logStreamName"] for p in pages for s in p["logStreams"]] == expected


def test_group_by_identifier(logs):
    logs.create_log_group(logGroupName="g")
    logs.create_log_stream(logGroupName="g", logStreamName="s")
    arn = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:g"
    for identifier in ("g", arn, arn + ":*"):
        assert len(logs.describe_log_streams(logGroupIdentifier=identifier)["logStreams"]) == 1
    with pytest.raises(logs.exceptions.InvalidParameterException) as exc:
        logs.describe_log_streams(logGroupName="g", logGroupIdentifier="g")
    assert error_of(exc)[2] == "LogGroup name and LogGroup ARN are mutually exclusive parameters."
    with pytest.raises(logs.exceptions.InvalidParameterException) as exc:
        logs.describe_log_streams()
    assert error_of(exc)[2] == "Should provide either name or ARN of LogGroup."
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.describe_log_streams(logGroupIdentifier="arn:aws:logs:us-east-1:999999999999:log-group:g")


def test_deleting_the_group_deletes_its_streams(logs):
    logs.create_log_group(logGroupName="g")
    logs.create_log_stream(logGroupName="g", logStreamName="s")
    logs.delete_log_group(logGroupName="g")
    logs.create_log_group(logGroupName="g")
    assert logs.describe_log_streams(logGroupName="g")["logStreams"] == []
