import boto3
import pytest
from botocore.exceptions import ClientError

from iamulator import mock_aws
from iamulator.services.sqs import clock

REGION = "us-east-1"
ACCOUNT = "123456789012"


@pytest.fixture
def sqs():
    with mock_aws():
        yield boto3.client("sqs", region_name=REGION)


@pytest.fixture
def queue_url(sqs):
    return sqs.create_queue(QueueName="work")["QueueUrl"]


class FakeClock:
    """Stands in for the wall clock SQS uses for timestamps, delays, visibility and retention."""

    def __init__(self, start: float = 1_700_000_000.0):
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def frozen(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(clock, "now", fake)
    return fake


def error_of(excinfo) -> tuple:
    """(Error.Code, QueryErrorCode, HTTP status, message) of a ClientError."""
    err: ClientError = excinfo.value
    e = err.response["Error"]
    return e["Code"], e.get("QueryErrorCode"), err.response["ResponseMetadata"]["HTTPStatusCode"], e["Message"]
