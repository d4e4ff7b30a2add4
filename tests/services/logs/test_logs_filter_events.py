"""FilterLogEvents: streams interleaved by time, filter patterns, stream selection, pages."""
import json

import pytest

from logs_support import NOW_MS, error_of, put


@pytest.fixture
def group(logs, frozen):
    logs.create_log_group(logGroupName="g")
    for name in ("web-1", "web-2", "worker"):
        logs.create_log_stream(logGroupName="g", logStreamName=name)
    put(logs, "g", "web-1", "[ERROR 400] BAD REQUEST", "[INFO] ok", start=NOW_MS)
    put(logs, "g", "web-2", "[ERROR 500] Internal failure", "[WARN] slow", start=NOW_MS + 1, step=2)
    put(logs, "g", "worker", json.dumps({"level": "error", "latency": 700, "user": {"id": 1}}),
        json.dumps({"level": "info", "latency": 20, "user": {"id": 2}}), start=NOW_MS + 10)
    return "g"


def messages(logs, **kw):
    return [e["message"] for e in logs.filter_log_events(logGroupName="g", **kw)["events"]]


def test_all_streams_interleaved_by_timestamp(logs, group):
    out = logs.filter_log_events(logGroupName="g")
    assert [(e["logStreamName"], e["timestamp"]) for e in out["events"]] == [
        ("web-1", NOW_MS), ("web-1", NOW_MS + 1), ("web-2", NOW_MS + 1), ("web-2", NOW_MS + 3),
        ("worker", NOW_MS + 10), ("worker", NOW_MS + 11)]
    first = out["events"][0]
    assert set(first) == {"logStreamName", "timestamp", "message", "ingestionTime", "eventId"}
    assert len(first["eventId"]) == 56 and first["eventId"].isdigit()
    assert len({e["eventId"] for e in out["events"]}) == 6
    assert "nextToken" not in out


def test_terms(logs, group):
    assert messages(logs, filterPattern="ERROR") == ["[ERROR 400] BAD REQUEST", "[ERROR 500] Internal failure"]
    assert messages(logs, filterPattern="ERROR 500") == ["[ERROR 500] Internal failure"]
    assert messages(logs, filterPattern='"BAD REQUEST"') == ["[ERROR 400] BAD REQUEST"]
    assert messages(logs, filterPattern="?WARN ?INFO") == ["[INFO] ok", "[WARN] slow"]
    assert messages(logs, filterPattern="ERROR -400") == ["[ERROR 500] Internal failure"]
    assert messages(logs, filterPattern="Error") == []       # case-sensitive
    assert messages(logs, filterPattern="%ERROR [45]00%") == ["[ERROR 400] BAD REQUEST",
                                                              "[ERROR 500] Internal failure"]
    assert len(messages(logs, filterPattern="")) == 6


def test_json_patterns(logs, group):
    worker = lambda pattern: [json.loads(m)["user"]["id"] for m in messages(logs, filterPattern=pattern)]
    assert worker('{ $.level = "error" }') == [1]
    assert worker("{ $.latency > 100 }") == [1]
    assert worker("{ $.latency <= 20 }") == [2]
    assert worker('{ $.level = "err*" || $.user.id = 2 }') == [1, 2]
    assert worker('{ ($.level = "info") && ($.latency < 100) }') == [2]
    assert worker("{ $.level != error }") == [2]
    assert worker("{ $.missing NOT EXISTS }") == [1, 2]


def test_stream_selection(logs, group):
    assert len(messages(logs, logStreamNames=["web-2", "nope"])) == 2
    assert len(messages(logs, logStreamNamePrefix="web")) == 4
    with pytest.raises(logs.exceptions.InvalidParameterException) as exc:
        logs.filter_log_events(logGroupName="g", logStreamNames=["web-1"], logStreamNamePrefix="web")
    assert error_of(exc)[2] == "logStreamNames and logStreamNamePrefix are mutually exclusive parameters."


def test_time_window_is_inclusive(logs, group):
    out = logs.filter_log_events(logGroupName="g", startTime=NOW_MS + 1, endTime=NOW_MS + 3)["events"]
    assert [e["timestamp"] for e in out] == [NOW_MS + 1, NOW_MS + 1, NOW_MS + 3]


def test_pages(logs, group):
    first = logs.filter_log_events(logGroupName="g", limit=4)
    assert len(first["events"]) == 4 and first["nextToken"]
    second = logs.filter_log_events(logGroupName="g", limit=4, nextToken=first["nextToken"])
    assert len(second["events"]) == 2 and "nextToken" not in second
    pages = logs.get_paginator("filter_log_events").paginate(logGroupName="g", filterPattern="ERROR",
                                                             PaginationConfig={"PageSize": 1})
    assert [e["message"] for p in pages for e in p["events"]] == ["[ERROR 400] BAD REQUEST",
                                                                 "[ERROR 500] Internal failure"]
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.filter_log_events(logGroupName="g", nextToken="bogus")


def test_filter_errors(logs, group):
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.filter_log_events(logGroupName="none")
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.filter_log_events(logGroupName="g", filterPattern="{ $.latency > }")
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.filter_log_events(logGroupName="g", filterPattern="%(a)%")
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.filter_log_events(logGroupName="g", limit=10_001)


def test_space_delimited(logs, frozen):
    logs.create_log_group(logGroupName="access")
    logs.create_log_stream(logGroupName="access", logStreamName="s")
    lines = ['127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534',
             '10.0.0.2 - - [10/Oct/2000:13:25:16 -0700] "GET /img.png HTTP/1.0" 200 99',
             '10.0.0.3 - bob [10/Oct/2000:13:25:17 -0700] "POST /api HTTP/1.0" 500 4000']
    put(logs, "access", "s", *lines)
    found = lambda p: [m.split()[0] for m in (e["message"] for e in logs.filter_log_events(
        logGroupName="access", filterPattern=p)["events"])]
    assert found("[ip, user, username, timestamp, request, status_code, bytes]") == ["127.0.0.1", "10.0.0.2",
                                                                                     "10.0.0.3"]
    assert found('[ip, user, username, timestamp, request = "*html*", status_code = 4*, bytes]') == ["127.0.0.1"]
    assert found("[..., status_code = 404 || status_code = 500, bytes]") == ["127.0.0.1", "10.0.0.3"]
    assert found("[ip, ..., bytes > 1000]") == ["127.0.0.1", "10.0.0.3"]
    assert found("[ip = 10.*, user, username != -, ...]") == ["10.0.0.3"]
    assert found("[a, b]") == []       # too few fields without an ellipsis
