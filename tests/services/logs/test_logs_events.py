"""PutLogEvents' batch rules and rejections; GetLogEvents' directions and tokens."""
import pytest

from logs_support import NOW_MS, error_of, put

DAY = 86_400_000
HOUR = 3_600_000


def events_of(logs, group, stream, **kw):
    return [e["message"] for e in logs.get_log_events(logGroupName=group, logStreamName=stream, **kw)["events"]]


def test_put_then_get(logs, stream):
    group, name = stream
    result = put(logs, group, name, "one", "two")
    assert len(result["nextSequenceToken"]) == 56
    assert "rejectedLogEventsInfo" not in result
    got = logs.get_log_events(logGroupName=group, logStreamName=name, startFromHead=True)
    assert got["events"] == [{"timestamp": NOW_MS, "message": "one", "ingestionTime": NOW_MS},
                             {"timestamp": NOW_MS + 1, "message": "two", "ingestionTime": NOW_MS}]


def test_sequence_tokens_are_accepted_and_ignored(logs, stream):
    group, name = stream
    put(logs, group, name, "a")
    logs.put_log_events(logGroupName=group, logStreamName=name, sequenceToken="not-the-right-one",
                        logEvents=[{"timestamp": NOW_MS, "message": "b"}])
    assert events_of(logs, group, name, startFromHead=True) == ["a", "b"]


def test_out_of_order_batch_is_refused_whole(logs, stream):
    group, name = stream
    with pytest.raises(logs.exceptions.InvalidParameterException) as exc:
        logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[
            {"timestamp": NOW_MS, "message": "a"}, {"timestamp": NOW_MS - 1, "message": "b"}])
    assert error_of(exc) == ("InvalidParameterException", 400,
                             "Log events in a single PutLogEvents request must be in chronological order.")
    assert events_of(logs, group, name) == []


def test_batch_spanning_more_than_a_day_is_refused(logs, stream):
    group, name = stream
    with pytest.raises(logs.exceptions.InvalidParameterException) as exc:
        put(logs, group, name, "a", "b", start=NOW_MS - DAY - 1, step=DAY + 1)
    assert error_of(exc)[2] == ("The batch of log events in a single PutLogEvents request cannot span more than "
                                "24 hours.")


def test_too_old_and_too_new_events_are_set_aside(logs, stream):
    group, name = stream
    stamps = [NOW_MS - 15 * DAY, NOW_MS - 14 * DAY - 1, NOW_MS - 10, NOW_MS, NOW_MS + 2 * HOUR + 1, NOW_MS + 3 * HOUR]
    result = logs.put_log_events(logGroupName=group, logStreamName=name,
                                 logEvents=[{"timestamp": t, "message": str(i)} for i, t in enumerate(stamps)])
    assert result["rejectedLogEventsInfo"] == {"tooOldLogEventEndIndex": 2, "tooNewLogEventStartIndex": 4}
    assert events_of(logs, group, name, startFromHead=True) == ["2", "3"]


def test_events_older_than_the_retention_are_expired(logs, stream):
    group, name = stream
    logs.put_retention_policy(logGroupName=group, retentionInDays=1)
    stamps = [NOW_MS - 20 * DAY, NOW_MS - 2 * DAY, NOW_MS - DAY - 1, NOW_MS]
    result = logs.put_log_events(logGroupName=group, logStreamName=name,
                                 logEvents=[{"timestamp": t, "message": str(i)} for i, t in enumerate(stamps)])
    assert result["rejectedLogEventsInfo"] == {"tooOldLogEventEndIndex": 1, "expiredLogEventEndIndex": 3}
    assert events_of(logs, group, name) == ["3"]


def test_stored_events_disappear_after_the_retention(logs, stream, frozen):
    group, name = stream
    logs.put_retention_policy(logGroupName=group, retentionInDays=1)
    put(logs, group, name, "old", start=NOW_MS - 1000)
    frozen.advance(86_400)
    assert events_of(logs, group, name) == []
    assert "firstEventTimestamp" not in logs.describe_log_streams(logGroupName=group)["logStreams"][0]


def test_batch_size_limit(logs, stream):
    group, name = stream
    big = "x" * (1_048_576 - 26)
    put(logs, group, name, big)
    with pytest.raises(logs.exceptions.InvalidParameterException) as exc:
        put(logs, group, name, big, "y")
    assert error_of(exc)[2] == "Upload too large: 1048603 bytes exceeds limit of 1048576"


def test_put_errors(logs, stream):
    group, name = stream
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as exc:
        put(logs, group, "missing", "a")
    assert error_of(exc)[2] == "The specified log stream does not exist."
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as exc:
        put(logs, "missing", name, "a")
    assert error_of(exc)[2] == "The specified log group does not exist."


def test_events_sent_out_of_order_across_batches_are_read_in_time_order(logs, stream):
    group, name = stream
    put(logs, group, name, "second", start=NOW_MS)
    put(logs, group, name, "first", start=NOW_MS - 100)
    put(logs, group, name, "third", start=NOW_MS + 100)
    assert events_of(logs, group, name, startFromHead=True) == ["first", "second", "third"]


def test_get_newest_first_by_default_and_time_window(logs, stream):
    group, name = stream
    put(logs, group, name, *[f"m{i}" for i in range(10)])
    # Without startFromHead the last page is returned, still in chronological order.
    assert events_of(logs, group, name, limit=3) == ["m7", "m8", "m9"]
    assert events_of(logs, group, name, limit=3, startFromHead=True) == ["m0", "m1", "m2"]
    # startTime is inclusive, endTime exclusive.
    assert events_of(logs, group, name, startTime=NOW_MS + 2, endTime=NOW_MS + 5) == ["m2", "m3", "m4"]


def test_forward_tokens_read_everything_and_then_repeat(logs, stream):
    group, name = stream
    put(logs, group, name, *[f"m{i}" for i in range(7)])
    seen, token = [], None
    while True:
        kwargs = {"nextToken": token} if token else {}
        page = logs.get_log_events(logGroupName=group, logStreamName=name, startFromHead=True, limit=3, **kwargs)
        seen.extend(e["message"] for e in page["events"])
        if page["nextForwardToken"] == token:
            break
        token = page["nextForwardToken"]
    assert seen == [f"m{i}" for i in range(7)]
    assert token.startswith("f/") and token.endswith("/s")
    # New events show up behind the same token.
    put(logs, group, name, "late", start=NOW_MS + 50)
    page = logs.get_log_events(logGroupName=group, logStreamName=name, startFromHead=True, nextToken=token)
    assert [e["message"] for e in page["events"]] == ["late"]


def test_backward_tokens_walk_towards_the_start(logs, stream):
    group, name = stream
    put(logs, group, name, *[f"m{i}" for i in range(7)])
    page = logs.get_log_events(logGroupName=group, logStreamName=name, limit=3)
    assert [e["message"] for e in page["events"]] == ["m4", "m5", "m6"]
    page = logs.get_log_events(logGroupName=group, logStreamName=name, limit=3, nextToken=page["nextBackwardToken"])
    assert [e["message"] for e in page["events"]] == ["m1", "m2", "m3"]
    page = logs.get_log_events(logGroupName=group, logStreamName=name, limit=3, nextToken=page["nextBackwardToken"])
    assert [e["message"] for e in page["events"]] == ["m0"]
    last = page["nextBackwardToken"]
    page = logs.get_log_events(logGroupName=group, logStreamName=name, limit=3, nextToken=last)
    assert page["events"] == [] and page["nextBackwardToken"] == last


def test_get_errors(logs, stream):
    group, name = stream
    with pytest.raises(logs.exceptions.InvalidParameterException) as exc:
        logs.get_log_events(logGroupName=group, logStreamName=name, nextToken="f/123")
    assert error_of(exc)[2] == "The specified nextToken is invalid."
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.get_log_events(logGroupName=group, logStreamName="nope")
    empty = logs.get_log_events(logGroupName=group, logStreamName=name)
    assert empty["events"] == []
    assert empty["nextForwardToken"] == "f/" + "0" * 56 + "/s"
    assert empty["nextBackwardToken"] == "b/" + "0" * 56 + "/s"
