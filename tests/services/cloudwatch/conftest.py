import boto3
import pytest

from iamulator import mock_aws
from iamulator.services.cloudwatch import clock

from cloudwatch_support import REGION, FakeClock


@pytest.fixture
def frozen(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(clock, "now", fake)
    return fake


@pytest.fixture
def cw(frozen):
    with mock_aws():
        yield boto3.client("cloudwatch", region_name=REGION)
