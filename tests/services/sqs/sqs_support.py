"""Shared helpers of the SQS tests (a module name of its own: every test folder has a conftest)."""
from botocore.exceptions import ClientError

REGION = "us-east-1"
ACCOUNT = "123456789012"


class FakeClock:
    """Stands in for the wall clock SQS uses for timestamps, delays, visibility and retention."""

    def __init__(self, start: float = 1_700_000_000.0):
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def error_of(excinfo) -> tuple:
    """(Error.Code, QueryErrorCode, HTTP status, message) of a ClientError."""
    err: ClientError = excinfo.value
    e = err.response["Error"]
    return e["Code"], e.get("QueryErrorCode"), err.response["ResponseMetadata"]["HTTPStatusCode"], e["Message"]
