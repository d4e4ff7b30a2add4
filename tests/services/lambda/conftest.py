import boto3
import pytest

from iamulator import mock_aws

from lambda_support import ECHO, LAMBDA_TRUST, REGION, zip_of


@pytest.fixture
def lam():
    with mock_aws():
        yield boto3.client("lambda", region_name=REGION)


@pytest.fixture
def role(lam):
    """An execution role Lambda may assume."""
    iam = boto3.client("iam", region_name=REGION)
    return iam.create_role(RoleName="runner", Path="/service-role/",
                           AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]


@pytest.fixture
def create(lam, role):
    """Creates a Python function (an echo by default) and returns its configuration."""
    def make(name="echo", files=None, **extra):
        params = {"FunctionName": name, "Runtime": "python3.12", "Role": role, "Handler": "app.handler",
                  "Code": {"ZipFile": zip_of(files or {"app.py": ECHO})}}
        params.update(extra)
        return lam.create_function(**params)
    return make
