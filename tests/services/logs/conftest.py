import boto3
import pytest

from iamulator import mock_aws
from iamulator.services.logs import clock

from logs_support import REGION, FakeClock


@pytest.fixture
def logs():
    with mock_aws():
        yield boto3.client("logs", region_name=REGION)


@pytest.fixture
def frozen(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(clock, "now", fake)
    return fake


@pytest.fixture
def stream(logs, frozen):
    logs.create_log_group(logGroupName="/app/web")
    logs.create_log_stream(logGroupName="/app/web", logStreamName="i-1")
    return "/app/web", "i-1"
