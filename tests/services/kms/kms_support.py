"""Shared helpers of the KMS tests (a module name of its own: every test folder has a conftest)."""
from botocore.exceptions import ClientError

REGION = "us-east-1"
ACCOUNT = "123456789012"


def key_arn(key_id: str, region: str = REGION, account: str = ACCOUNT) -> str:
    return f"arn:aws:kms:{region}:{account}:key/{key_id}"


def alias_arn(name: str, region: str = REGION, account: str = ACCOUNT) -> str:
    return f"arn:aws:kms:{region}:{account}:{name}"


class FakeClock:
    """Stands in for the wall clock KMS uses for creation, deletion and rotation dates."""

    def __init__(self, start: float = 1_700_000_000.0):
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


DAY = 86400.0


def error_of(excinfo) -> tuple:
    """(Error.Code, HTTP status, message) of a ClientError."""
    err: ClientError = excinfo.value
    e = err.response["Error"]
    return e["Code"], err.response["ResponseMetadata"]["HTTPStatusCode"], e["Message"]
