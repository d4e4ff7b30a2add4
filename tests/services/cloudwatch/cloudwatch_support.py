"""Shared helpers of the CloudWatch tests (a module name of its own: every test folder has a conftest)."""
import datetime

from botocore.exceptions import ClientError
from fake_clock import FakeClock  # noqa: F401  (this folder's tests import it from here)

REGION = "us-east-1"
ACCOUNT = "123456789012"
# 2023-11-14T22:13:20Z: the fake clock's start, 20 seconds into a minute.
NOW = 1_700_000_000.0
MINUTE_START = NOW - 20


def at(seconds: float) -> datetime.datetime:
    """A client-side timestamp ``seconds`` after the fake clock's start."""
    return datetime.datetime.fromtimestamp(NOW + seconds, datetime.timezone.utc)


def epoch(value: datetime.datetime) -> float:
    return value.timestamp()


def error_of(excinfo) -> tuple:
    """(Error.Code, HTTP status, message) of a ClientError."""
    err: ClientError = excinfo.value
    return (err.response["Error"]["Code"], err.response["ResponseMetadata"]["HTTPStatusCode"],
            err.response["Error"]["Message"])


def put(cw, name="Latency", values=(), namespace="App", dims=None, offset=0.0, **extra):
    data = [{"MetricName": name, "Value": v, "Timestamp": at(offset), "Dimensions": dims or [], **extra}
            for v in values]
    cw.put_metric_data(Namespace=namespace, MetricData=data)
