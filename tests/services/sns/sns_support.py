"""Shared helpers of the SNS tests (a module name of its own: every test folder has a conftest)."""
import json

from botocore.exceptions import ClientError
from queue_messages import drain  # noqa: F401  (also used by this folder's tests)
from fake_clock import FakeClock  # noqa: F401  (this folder's tests import it from here)

REGION = "us-east-1"
ACCOUNT = "123456789012"


def error_of(excinfo) -> tuple:
    """(Error.Code, HTTP status, message) of a ClientError."""
    err: ClientError = excinfo.value
    return (err.response["Error"]["Code"], err.response["ResponseMetadata"]["HTTPStatusCode"],
            err.response["Error"]["Message"])


def queue_arn(sqs, url: str) -> str:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def bodies(sqs, url: str) -> list:
    """The ``Message`` of every SNS notification in the queue, in order."""
    return [json.loads(m["Body"])["Message"] for m in drain(sqs, url)]
