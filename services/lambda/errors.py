"""Lambda's errors as the service words them (status codes come from the model's error traits)."""
from __future__ import annotations

from iamulator.services.errors import AWSError


def function_not_found(arn: str) -> AWSError:
    return AWSError("ResourceNotFoundException", f"Function not found: {arn}")


def resource_not_found(message: str = "The resource you requested does not exist.") -> AWSError:
    return AWSError("ResourceNotFoundException", message)


def invalid(message: str) -> AWSError:
    return AWSError("InvalidParameterValueException", message)


def conflict(message: str) -> AWSError:
    return AWSError("ResourceConflictException", message)


def revision_mismatch() -> AWSError:
    return AWSError("PreconditionFailedException",
                    "The Revision Id provided does not match the latest Revision Id. Call the "
                    "GetFunction/GetAlias API to retrieve the latest Revision Id")


def validation(problem: str) -> AWSError:
    """One constraint violation, in the words of the model-driven checks
    (``services/ssm/constraints.py``) for the limits the model does not carry."""
    return AWSError("ValidationException", f"1 validation error detected: {problem}", 400)


def too_large(limit: int, operation: str) -> AWSError:
    return AWSError("RequestTooLargeException",
                    f"Request must be smaller than {limit} bytes for the {operation} operation")
