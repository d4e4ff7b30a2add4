import boto3
import pytest

from iamulator import mock_aws
from iamulator.services.secretsmanager import clock

from sm_support import REGION, FakeClock


@pytest.fixture
def sm():
    with mock_aws():
        yield boto3.client("secretsmanager", region_name=REGION)


@pytest.fixture
def frozen(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(clock, "now", fake)
    return fake
