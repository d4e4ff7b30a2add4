import boto3
import pytest

from iamulator import mock_aws
from iamulator.services.events import clock

from events_support import REGION, FakeClock


@pytest.fixture
def frozen(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(clock, "now", fake)
    return fake


@pytest.fixture
def events(frozen):
    with mock_aws():
        yield boto3.client("events", region_name=REGION)


@pytest.fixture
def sqs(events):
    return boto3.client("sqs", region_name=REGION)


@pytest.fixture
def queue(sqs):
    """(url, arn) of a fresh queue."""
    url = sqs.create_queue(QueueName="inbox")["QueueUrl"]
    return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
