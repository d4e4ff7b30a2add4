"""Shared helpers of the SSM Parameter Store tests (a module name of its own: every test folder
has a conftest)."""
from botocore.exceptions import ClientError
from fake_clock import FakeClock  # noqa: F401  (this folder's tests import it from here)

REGION = "us-east-1"
ACCOUNT = "123456789012"
ARN_PREFIX = f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter"


def error_of(excinfo) -> tuple:
    """(Error.Code, HTTP status, message) of a ClientError."""
    err: ClientError = excinfo.value
    e = err.response["Error"]
    return e["Code"], err.response["ResponseMetadata"]["HTTPStatusCode"], e.get("Message", "")
