"""Shared helpers of the CloudWatch Logs tests (a module name of its own: every test folder has a conftest)."""
from botocore.exceptions import ClientError
from fake_clock import FakeClock  # noqa: F401  (this folder's tests import it from here)

REGION = "us-east-1"
ACCOUNT = "123456789012"
# 2023-11-14T22:13:20Z, in milliseconds: the fake clock's start.
NOW_MS = 1_700_000_000_000


def error_of(excinfo) -> tuple:
    """(Error.Code, HTTP status, message) of a ClientError."""
    err: ClientError = excinfo.value
    return (err.response["Error"]["Code"], err.response["ResponseMetadata"]["HTTPStatusCode"],
            err.response["Error"]["Message"])


def put(logs, group, stream, *messages, start=NOW_MS, step=1):
    events = [{"timestamp": start + i * step, "message": m} for i, m in enumerate(messages)]
    return logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=events)
