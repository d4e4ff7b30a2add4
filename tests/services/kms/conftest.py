import boto3
import pytest
from botocore.config import Config

from iamulator import mock_aws
from iamulator.services.kms import clock

from kms_support import REGION, FakeClock


@pytest.fixture
def kms():
    with mock_aws():
        yield boto3.client("kms", region_name=REGION)


@pytest.fixture
def raw_kms(kms):
    """A client that sends what it is given: the service, not botocore, validates."""
    return boto3.client("kms", region_name=REGION, config=Config(parameter_validation=False))


@pytest.fixture
def key_id(kms):
    return kms.create_key(Description="test key")["KeyMetadata"]["KeyId"]


@pytest.fixture
def frozen(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(clock, "now", fake)
    return fake
