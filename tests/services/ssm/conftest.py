import boto3
import pytest

from iamulator import mock_aws
from iamulator.services.ssm import clock

from ssm_support import REGION, FakeClock


@pytest.fixture
def ssm():
    with mock_aws():
        yield boto3.client("ssm", region_name=REGION)


@pytest.fixture
def frozen(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(clock, "now", fake)
    return fake
