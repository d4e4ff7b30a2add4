"""Shared helpers of the EventBridge tests (a module name of its own: every test folder has a conftest)."""
import json

from botocore.exceptions import ClientError
from queue_messages import bodies  # noqa: F401  (re-exported for this folder's tests)
from fake_clock import FakeClock  # noqa: F401  (this folder's tests import it from here)

REGION = "us-east-1"
ACCOUNT = "123456789012"
NOW = 1_700_000_000.0         # 2023-11-14T22:13:20Z


def error_of(excinfo) -> tuple:
    """(Error.Code, HTTP status, message) of a ClientError."""
    err: ClientError = excinfo.value
    return (err.response["Error"]["Code"], err.response["ResponseMetadata"]["HTTPStatusCode"],
            err.response["Error"]["Message"])


def entry(source="shop.orders", detail_type="OrderPlaced", detail=None, **extra):
    return {"Source": source, "DetailType": detail_type, "Detail": json.dumps(detail or {"id": 1}), **extra}
