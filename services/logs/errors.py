"""CloudWatch Logs errors with the service's own wording."""
from __future__ import annotations

from iamulator.services.errors import AWSError


def invalid(message: str) -> AWSError:
    return AWSError("InvalidParameterException", message)


def group_not_found() -> AWSError:
    return AWSError("ResourceNotFoundException", "The specified log group does not exist.")


def stream_not_found() -> AWSError:
    return AWSError("ResourceNotFoundException", "The specified log stream does not exist.")


def constraint(value, path: str, rule: str) -> AWSError:
    """The service framework's one-line validation failure, e.g. for a name that breaks its pattern."""
    shown = "null" if value is None else f"'{value}'"
    return invalid(f"1 validation error detected: Value {shown} at '{path}' failed to satisfy constraint: "
                   f"Member must {rule}")


def bad_token() -> AWSError:
    return invalid("The specified nextToken is invalid.")
