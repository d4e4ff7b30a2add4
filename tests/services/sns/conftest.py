import boto3
import pytest

from iamulator import mock_aws
from iamulator.services.sns import clock

from sns_support import REGION, FakeClock, queue_arn


@pytest.fixture
def aws():
    with mock_aws():
        yield


@pytest.fixture
def sns(aws):
    return boto3.client("sns", region_name=REGION)


@pytest.fixture
def sqs(aws):
    return boto3.client("sqs", region_name=REGION)


@pytest.fixture
def topic_arn(sns):
    return sns.create_topic(Name="orders")["TopicArn"]


@pytest.fixture
def queue(sqs):
    """(url, arn) of a standard queue."""
    url = sqs.create_queue(QueueName="inbox")["QueueUrl"]
    return url, queue_arn(sqs, url)


@pytest.fixture
def frozen(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(clock, "now", fake)
    return fake
