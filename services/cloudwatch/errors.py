"""CloudWatch errors: the model's shapes (whose ``error`` traits give the wire codes
InvalidParameterValue, MissingParameter, InvalidParameterCombination, ResourceNotFound, ...)."""
from __future__ import annotations

from iamulator.services.errors import AWSError


def invalid_value(message: str) -> AWSError:
    return AWSError("InvalidParameterValueException", message)


def bad_value(value, parameter: str) -> AWSError:
    return invalid_value(f"The value {value} for parameter {parameter} is invalid.")


def missing(parameter: str) -> AWSError:
    return AWSError("MissingRequiredParameterException", f"The parameter {parameter} is required.")


def combination(message: str) -> AWSError:
    return AWSError("InvalidParameterCombinationException", message)


def exclusive(first: str, second: str) -> AWSError:
    return combination(f"The parameters {first} and {second} are mutually exclusive and you have specified both.")


def validation(message: str) -> AWSError:
    """The generic ``ValidationError`` the service's request validation answers with."""
    return AWSError("ValidationError", message)


def bad_token() -> AWSError:
    return AWSError("InvalidNextToken", "The service couldn't process the provided NextToken.")


def resource_not_found(message: str) -> AWSError:
    return AWSError("ResourceNotFoundException", message)
