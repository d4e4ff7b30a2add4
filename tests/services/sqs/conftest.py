import boto3
import pytest

from iamulator import mock_aws
from iamulator.services.sqs import clock

from sqs_support import REGION, FakeClock


@pytest.fixture
def sqs():
    with mock_aws():
        yield boto3.client("sqs", region_name=REGION)


@pytest.fixture
def queue_url(sqs):
    return sqs.create_queue(QueueName="work")["QueueUrl"]


@pytest.fixture
def frozen(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(clock, "now", fake)
    return fake
