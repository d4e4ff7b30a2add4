"""What a refused boto3 call answered, for tests that assert on AWS's error code, status and
message together."""
import pytest
from botocore.exceptions import ClientError


def refusal(call, **kwargs) -> tuple:
    """(error code, HTTP status, message) of ``call(**kwargs)``, which must raise ClientError."""
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    e = info.value.response
    return e["Error"]["Code"], e["ResponseMetadata"]["HTTPStatusCode"], e["Error"]["Message"]
