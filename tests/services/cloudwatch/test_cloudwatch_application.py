"""Applications using CloudWatch the way real code does: a metrics publisher with a health check,
and a log metric filter feeding an alarm."""
import datetime
import time

import boto3

from iamulator import mock_aws


class RequestMetrics:
    """Publishes per-request latency in batches, and answers "is the service healthy?"."""

    def __init__(self, client, service: str):
        self.client, self.service, self.pending = client, service, []

    def record(self, latency_ms: float, status: int):
        now = datetime.datetime.now(datetime.timezone.utc)
        dims = [{"Name": "Service", "Value": self.service}]
        self.pending.append({"MetricName": "Latency", "Dimensions": dims, "Timestamp": now, "Value": latency_ms,
                             "Unit": "Milliseconds"})
        self.pending.append({"MetricName": "Errors", "Dimensions": dims, "Timestamp": now,
                             "Value": 1.0 if status >= 500 else 0.0, "Unit": "Count"})

    def flush(self):
        # Batches of 20, the limit older code still keeps to.
        for i in range(0, len(self.pending), 20):
            self.client.put_metric_data(Namespace="Shop", MetricData=self.pending[i:i + 20])
        self.pending = []

    def healthy(self) -> bool:
        end = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=1)
        dims = [{"Name": "Service", "Value": self.service}]
        metric = lambda name: {"Namespace": "Shop", "MetricName": name, "Dimensions": dims}
        out = self.client.get_metric_data(StartTime=end - datetime.timedelta(minutes=10), EndTime=end, MetricDataQueries=[
            {"Id": "p99", "MetricStat": {"Metric": metric("Latency"), "Period": 600, "Stat": "p99"}},
            {"Id": "errors", "MetricStat": {"Metric": metric("Errors"), "Period": 600, "Stat": "Sum"},
             "ReturnData": False},
            {"Id": "calls", "MetricStat": {"Metric": metric("Errors"), "Period": 600, "Stat": "SampleCount"},
             "ReturnData": False},
            {"Id": "error_rate", "Expression": "100 * errors / calls"},
        ])
        values = {r["Id"]: r["Values"] for r in out["MetricDataResults"]}
        return max(values["p99"], default=0) < 500 and max(values["error_rate"], default=0) < 5


@mock_aws
def test_publisher_and_health_check():
    metrics = RequestMetrics(boto3.client("cloudwatch", region_name="us-west-2"), "checkout")
    for i in range(200):
        metrics.record(latency_ms=20 + i % 10, status=200)
    metrics.flush()
    assert metrics.healthy()
    for _ in range(20):
        metrics.record(latency_ms=30, status=503)
    metrics.flush()
    assert not metrics.healthy()      # 20 of 220 calls failed


@mock_aws
def test_log_metric_filter_feeds_an_alarm():
    logs = boto3.client("logs", region_name="us-east-1")
    cw = boto3.client("cloudwatch", region_name="us-east-1")
    logs.create_log_group(logGroupName="/app")
    logs.create_log_stream(logGroupName="/app", logStreamName="main")
    logs.put_metric_filter(logGroupName="/app", filterName="errors", filterPattern='{ $.level = "error" }',
                           metricTransformations=[{"metricName": "AppErrors", "metricNamespace": "App",
                                                   "metricValue": "1", "unit": "Count"}])
    cw.put_metric_alarm(AlarmName="app-errors", Namespace="App", MetricName="AppErrors", Statistic="Sum",
                        Period=60, EvaluationPeriods=1, Threshold=2, ComparisonOperator="GreaterThanThreshold",
                        TreatMissingData="notBreaching")
    now = int(time.time() * 1000)
    logs.put_log_events(logGroupName="/app", logStreamName="main", logEvents=[
        {"timestamp": now + i, "message": '{"level": "error"}' if i % 2 else '{"level": "info"}'} for i in range(8)])
    (found,) = cw.describe_alarms(AlarmNames=["app-errors"])["MetricAlarms"]
    assert found["StateValue"] == "ALARM"          # 4 errors > 2
    assert cw.list_metrics(Namespace="App")["Metrics"] == [{"Namespace": "App", "MetricName": "AppErrors",
                                                           "Dimensions": []}]


@mock_aws
def test_metric_filter_values_and_dimensions():
    logs = boto3.client("logs", region_name="us-east-1")
    cw = boto3.client("cloudwatch", region_name="us-east-1")
    logs.create_log_group(logGroupName="/api")
    logs.create_log_stream(logGroupName="/api", logStreamName="s")
    logs.put_metric_filter(logGroupName="/api", filterName="latency", filterPattern="[ip, route, ms]",
                           metricTransformations=[{"metricName": "Latency", "metricNamespace": "Api",
                                                   "metricValue": "$ms", "dimensions": {"Route": "$route"}}])
    now = int(time.time() * 1000)
    logs.put_log_events(logGroupName="/api", logStreamName="s", logEvents=[
        {"timestamp": now, "message": "1.1.1.1 /cart 120"}, {"timestamp": now + 1, "message": "1.1.1.1 /cart 80"},
        {"timestamp": now + 2, "message": "not three fields"}])
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
    out = cw.get_metric_statistics(Namespace="Api", MetricName="Latency", Dimensions=[{"Name": "Route",
                                                                                       "Value": "/cart"}],
                                   StartTime=start, EndTime=start + datetime.timedelta(minutes=10), Period=600,
                                   Statistics=["Sum", "SampleCount"])
    assert [(p["Sum"], p["SampleCount"]) for p in out["Datapoints"]] == [(200.0, 2.0)]
