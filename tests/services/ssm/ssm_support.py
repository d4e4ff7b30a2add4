"""Shared helpers of the SSM Parameter Store tests (a module name of its own: every test folder
has a conftest)."""
from botocore.exceptions import ClientError

REGION = "us-east-1"
ACCOUNT = "123456789012"
ARN_PREFIX = f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter"


class FakeClock:
    """Stands in for the wall clock Parameter Store uses for LastModifiedDate."""

    def __init__(self, start: float = 1_700_000_000.0):
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def error_of(excinfo) -> tuple:
    """(Error.Code, HTTP status, message) of a ClientError."""
    err: ClientError = excinfo.value
    e = err.response["Error"]
    return e["Code"], err.response["ResponseMetadata"]["HTTPStatusCode"], e.get("Message", "")
