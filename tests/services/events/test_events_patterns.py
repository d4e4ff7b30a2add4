"""Event patterns as EventBridge matches them, through TestEventPattern."""
import json

import pytest

from events_support import error_of

EVENT = {
    "version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2", "account": "111122223333", "time": "2017-12-22T18:43:48Z", "region": "us-west-1",
    "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
    "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated", "c-count": 5, "ratio": 0.75,
               "source-ip": "10.0.0.42", "tags": ["blue", "green"], "owner": None, "enabled": True,
               "disks": [{"size": 8, "type": "gp3"}, {"size": 100, "type": "io2"}],
               "location": {"city": "Dublin", "zone": "eu-west-1a"}},
}

CASES = [
    ({"source": ["aws.ec2"]}, True),
    ({"source": ["aws.s3", "aws.ec2"]}, True),
    ({"source": ["aws.s3"]}, False),
    ({"source": ["AWS.EC2"]}, False),
    ({"detail": {"state": ["terminated"], "instance-id": ["i-1234567890abcdef0"]}}, True),
    ({"detail": {"state": ["terminated"], "instance-id": ["i-other"]}}, False),
    ({"detail": {"location": {"city": ["Dublin"]}}}, True),
    ({"detail": {"c-count": [5]}}, True),
    ({"detail": {"c-count": [5.0]}}, True),
    ({"detail": {"c-count": ["5"]}}, False),
    ({"detail": {"owner": [None]}}, True),
    ({"detail": {"enabled": [True]}}, True),
    ({"detail": {"enabled": ["true"]}}, False),
    ({"detail": {"tags": ["green"]}}, True),
    ({"detail": {"tags": ["red"]}}, False),
    ({"detail": {"disks": {"type": ["io2"]}}}, True),
    ({"detail": {"disks": {"size": [{"numeric": [">", 50]}]}}}, True),
    ({"detail-type": [{"prefix": "EC2 Instance"}]}, True),
    ({"detail-type": [{"prefix": {"equals-ignore-case": "ec2 instance"}}]}, True),
    ({"detail-type": [{"suffix": "Notification"}]}, True),
    ({"detail-type": [{"suffix": {"equals-ignore-case": "NOTIFICATION"}}]}, True),
    ({"detail": {"state": [{"anything-but": "running"}]}}, True),
    ({"detail": {"state": [{"anything-but": ["running", "terminated"]}]}}, False),
    ({"detail": {"state": [{"anything-but": {"prefix": "term"}}]}}, False),
    ({"detail": {"state": [{"anything-but": {"suffix": "ing"}}]}}, True),
    ({"detail": {"state": [{"anything-but": {"equals-ignore-case": ["TERMINATED"]}}]}}, False),
    ({"detail": {"state": [{"anything-but": {"wildcard": "term*"}}]}}, False),
    ({"detail": {"c-count": [{"anything-but": [1, 2]}]}}, True),
    ({"detail": {"tags": [{"anything-but": "blue"}]}}, True),
    ({"detail": {"c-count": [{"numeric": [">", 0, "<=", 5]}]}}, True),
    ({"detail": {"c-count": [{"numeric": ["<", 5]}]}}, False),
    ({"detail": {"ratio": [{"numeric": ["=", 0.75]}]}}, True),
    ({"detail": {"state": [{"numeric": [">", 0]}]}}, False),
    ({"detail": {"state": [{"exists": True}]}}, True),
    ({"detail": {"missing": [{"exists": False}]}}, True),
    ({"detail": {"state": [{"exists": False}]}}, False),
    ({"detail": {"missing": [{"exists": True}]}}, False),
    ({"detail": {"location": [{"exists": True}]}}, False),      # exists applies to leaves only
    ({"detail": {"state": [{"equals-ignore-case": "TERMINATED"}]}}, True),
    ({"detail": {"source-ip": [{"cidr": "10.0.0.0/24"}]}}, True),
    ({"detail": {"source-ip": [{"cidr": "10.0.1.0/24"}]}}, False),
    ({"detail": {"instance-id": [{"wildcard": "i-*def0"}]}}, True),
    ({"resources": [{"wildcard": "arn:aws:ec2:*:instance/*"}]}, True),
    ({"$or": [{"source": ["aws.s3"]}, {"detail": {"c-count": [5]}}]}, True),
    ({"$or": [{"source": ["aws.s3"]}, {"detail": {"c-count": [6]}}]}, False),
    ({"source": ["aws.ec2"], "$or": [{"detail": {"state": ["running"]}}, {"detail": {"tags": ["blue"]}}]}, True),
    ({"detail": {"missing": ["x"]}}, False),
    ({"nothing": {"here": ["x"]}}, False),
    ({"nothing": {"here": [{"exists": False}]}}, True),
    ({}, True),
]


@pytest.mark.parametrize("pattern, expected", CASES)
def test_match(events, pattern, expected):
    assert events.test_event_pattern(EventPattern=json.dumps(pattern), Event=json.dumps(EVENT))["Result"] is expected


@pytest.mark.parametrize("pattern, reason", [
    ('["aws.ec2"]', "Filter is not an object"),
    ('{"source": "aws.ec2"}', '"source" must be an object or an array'),
    ('{"source": []}', 'Empty arrays are not allowed: "source"'),
    ('{"source": [{"shiny": 1}]}', "Unrecognized match type shiny"),
    ('{"source": [{"prefix": 1}]}', "prefix match pattern must be a string."),
    ('{"source": [{"exists": "yes"}]}', "exists match pattern must be either true or false."),
    ('{"n": [{"numeric": [">", "a"]}]}', "Value of > must be numeric"),
    ('{"n": [{"numeric": ["!", 1]}]}', "Unrecognized numeric range operator: !"),
    ('{"n": [{"numeric": [">", 1, ">", 2]}]}', "Bad numeric range operator: only one lower bound is allowed"),
    ('{"n": [{"numeric": [">", 6000000000]}]}', "Value of > must be between -5.0E9 and 5.0E9 inclusive"),
    ('{"s": [{"anything-but": [true]}]}', "Inside anything but list, start|null|boolean is not supported."),
    ('{"s": [{"wildcard": "a**b"}]}', "Consecutive wildcard characters at pos 2"),
    ('{"s": [{"cidr": "not-an-ip"}]}', "Nonstandard IP address: not-an-ip"),
    ('{"$or": [{"a": ["x"]}]}', "Or relationship must be an array of at least 2 objects"),
    ('{"s": [["nested"]]}', 'Match value must be String, number, true, false, or null: "s"'),
])
def test_invalid_patterns(events, pattern, reason):
    with pytest.raises(events.exceptions.InvalidEventPatternException) as exc:
        events.test_event_pattern(EventPattern=pattern, Event=json.dumps(EVENT))
    assert error_of(exc) == ("InvalidEventPatternException", 400, f"Event pattern is not valid. Reason: {reason}")


def test_invalid_json_pattern(events):
    with pytest.raises(events.exceptions.InvalidEventPatternException) as exc:
        events.test_event_pattern(EventPattern="{not json", Event=json.dumps(EVENT))
    assert exc.value.response["Error"]["Message"].startswith("Event pattern is not valid. Reason: Filter is not "
                                                             "valid JSON")


@pytest.mark.parametrize("event", ["not json", json.dumps(["list"]),
                                   json.dumps({k: v for k, v in EVENT.items() if k != "account"}),
                                   json.dumps({k: v for k, v in EVENT.items() if k != "detail-type"})])
def test_invalid_events(events, event):
    with pytest.raises(events.exceptions.ClientError) as exc:
        events.test_event_pattern(EventPattern='{"source": ["aws.ec2"]}', Event=event)
    assert error_of(exc) == ("ValidationException", 400, "Parameter Event is not valid.")
