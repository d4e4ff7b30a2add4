"""Logs written from inside the emulator: Lambda invocation logs, and metric filters publishing."""
import re

from iamulator.services.logs import write_events, write_invocation_logs
from iamulator.services.state import STORE

from logs_support import ACCOUNT, NOW_MS, REGION


def test_invocation_logs_get_a_group_and_a_stream_each(logs, frozen):
    first = write_invocation_logs(STORE, ACCOUNT, REGION, "resize", ["hello", "done"], request_id="req-1",
                                  duration_ms=12.3)
    second = write_invocation_logs(STORE, ACCOUNT, REGION, "resize", ["again"])
    assert re.fullmatch(r"2023/11/14/\[\$LATEST\][0-9a-f]{32}", first)
    assert first != second
    groups = logs.describe_log_groups(logGroupNamePrefix="/aws/lambda/")["logGroups"]
    assert [g["logGroupName"] for g in groups] == ["/aws/lambda/resize"]
    got = logs.get_log_events(logGroupName="/aws/lambda/resize", logStreamName=first, startFromHead=True)
    assert [e["message"] for e in got["events"]] == [
        "START RequestId: req-1 Version: $LATEST", "hello\n", "done\n", "END RequestId: req-1",
        "REPORT RequestId: req-1\tDuration: 12.30 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\t"
        "Max Memory Used: 64 MB\t"]
    assert all(e["timestamp"] == NOW_MS for e in got["events"])
    found = logs.filter_log_events(logGroupName="/aws/lambda/resize", filterPattern="again")["events"]
    assert [e["logStreamName"] for e in found] == [second]


def test_write_events_into_an_existing_stream(logs, stream):
    group, name = stream
    write_events(STORE, ACCOUNT, REGION, group, name, [(NOW_MS - 5, "early"), "now"])
    got = logs.get_log_events(logGroupName=group, logStreamName=name, startFromHead=True)["events"]
    assert [(e["timestamp"], e["message"]) for e in got] == [(NOW_MS - 5, "early"), (NOW_MS, "now")]
