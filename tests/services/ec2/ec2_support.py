"""Shared helpers of the EC2 tests (a module name of its own: every test folder has a conftest)."""
from botocore.exceptions import ClientError

REGION = "us-east-1"
ACCOUNT = "123456789012"
AMI = "ami-12c6146b"


def error_of(excinfo) -> tuple:
    """(Error.Code, HTTP status, message) of a ClientError."""
    err: ClientError = excinfo.value
    return (err.response["Error"]["Code"], err.response["ResponseMetadata"]["HTTPStatusCode"],
            err.response["Error"]["Message"])


def launch(ec2, count=1, **kwargs):
    kwargs.setdefault("ImageId", AMI)
    return ec2.run_instances(MinCount=count, MaxCount=count, **kwargs)
