"""SNS errors by model shape, with the wording SNS uses.

SNS prefixes most refusals with ``Invalid parameter:``; the shape's ``error`` trait gives the wire
code (``InvalidParameter``, ``NotFound``, ``ParameterValueInvalid``...) and the HTTP status.
"""
from __future__ import annotations

from iamulator.services.errors import AWSError


def invalid_parameter(message: str) -> AWSError:
    """``InvalidParameter`` (400); ``message`` is the whole text, prefix included."""
    return AWSError("InvalidParameterException", message)


def invalid(reason: str) -> AWSError:
    """``InvalidParameter`` with SNS's ``Invalid parameter: `` prefix."""
    return AWSError("InvalidParameterException", f"Invalid parameter: {reason}")


def invalid_value(message: str) -> AWSError:
    """``ParameterValueInvalid`` (400), used for message attributes."""
    return AWSError("InvalidParameterValueException", message)


def not_found(message: str) -> AWSError:
    return AWSError("NotFoundException", message)


def topic_not_found() -> AWSError:
    return not_found("Topic does not exist")


def subscription_not_found() -> AWSError:
    return not_found("Subscription does not exist")


def resource_not_found() -> AWSError:
    return AWSError("ResourceNotFoundException", "Resource does not exist")


def validation_error(message: str) -> AWSError:
    """The request-validation error SNS's front end answers before the operation runs."""
    return AWSError("ValidationError", message, 400)


def missing(wire_name: str) -> AWSError:
    """A required member left out (SDKs check this themselves; raw callers may not)."""
    return validation_error(f"1 validation error detected: Value null at '{wire_name}' failed to satisfy "
                            "constraint: Member must not be null")
