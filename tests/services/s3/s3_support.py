"""Small helpers shared by the S3 tests."""
import contextlib

import pytest
from botocore.exceptions import ClientError


@contextlib.contextmanager
def raises(code: str, status: int, message: str | None = None):
    """Expect a ClientError with this code and HTTP status (and message, when given); yields
    a dict that holds the parsed ``Error`` afterwards."""
    seen = {}
    with pytest.raises(ClientError) as info:
        yield seen
    error = info.value.response["Error"]
    seen.update(error)
    seen["headers"] = info.value.response["ResponseMetadata"]["HTTPHeaders"]
    assert error["Code"] == code, error
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == status, info.value.response
    if message is not None:
        assert error["Message"] == message, error


def call_backend(operation: str, params: dict, *, account: str = "123456789012", region: str = "us-east-1"):
    """Run one operation straight on the S3 backend of the process store, as another account
    than the pipeline's default (which the front doors cannot yet choose)."""
    from iamulator.services.base import Context
    from iamulator.services.state import STORE

    backend = STORE.backend("s3", account, region)
    ctx = Context(request=None, service="s3", operation=operation, protocol="rest-xml",
                  account_id=account, region=region, store=STORE)
    with backend.lock:
        return backend.handler(operation)(backend, ctx, params)
