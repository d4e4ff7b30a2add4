"""An application using CloudWatch Logs the way real code does: a JSON log shipper and a report."""
import json
import time

import boto3

from iamulator import mock_aws


class LogShipper:
    """Buffers structured records and sends them in chronological batches, creating what it needs."""

    def __init__(self, client, group: str, stream: str):
        self.client, self.group, self.stream = client, group, stream
        self.buffer = []
        try:
            client.create_log_group(logGroupName=group)
        except client.exceptions.ResourceAlreadyExistsException:
            pass
        client.put_retention_policy(logGroupName=group, retentionInDays=14)
        client.create_log_stream(logGroupName=group, logStreamName=stream)

    def log(self, level: str, **fields):
        self.buffer.append({"timestamp": int(time.time() * 1000),
                            "message": json.dumps({"level": level, **fields})})

    def flush(self):
        if self.buffer:
            self.buffer.sort(key=lambda e: e["timestamp"])
            response = self.client.put_log_events(logGroupName=self.group, logStreamName=self.stream,
                                                  logEvents=self.buffer)
            assert "rejectedLogEventsInfo" not in response
            self.buffer = []


def slow_requests(client, group: str, threshold_ms: int) -> list[str]:
    paginator = client.get_paginator("filter_log_events")
    pattern = f'{{ $.level = "info" && $.latency_ms > {threshold_ms} }}'
    return [json.loads(e["message"])["path"]
            for page in paginator.paginate(logGroupName=group, filterPattern=pattern)
            for e in page["events"]]


@mock_aws
def test_ship_and_report():
    client = boto3.client("logs", region_name="eu-central-1")
    shippers = [LogShipper(client, "/shop/api", f"host-{i}") for i in range(2)]
    for i, shipper in enumerate(shippers):
        shipper.log("info", path=f"/cart/{i}", latency_ms=900)
        shipper.log("info", path=f"/home/{i}", latency_ms=15)
        shipper.log("error", path=f"/pay/{i}", latency_ms=3000)
        shipper.flush()
    assert sorted(slow_requests(client, "/shop/api", 500)) == ["/cart/0", "/cart/1"]
    streams = client.describe_log_streams(logGroupName="/shop/api")["logStreams"]
    assert [s["logStreamName"] for s in streams] == ["host-0", "host-1"]
    assert client.describe_log_groups()["logGroups"][0]["retentionInDays"] == 14
