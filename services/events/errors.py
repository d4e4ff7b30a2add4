"""EventBridge errors with the service's wording."""
from __future__ import annotations

from iamulator.services.errors import AWSError


def validation(message: str) -> AWSError:
    return AWSError("ValidationException", message)


def not_found(message: str) -> AWSError:
    return AWSError("ResourceNotFoundException", message)


def bus_not_found(name: str) -> AWSError:
    return not_found(f"Event bus {name} does not exist.")


def rule_not_found(name: str, bus: str) -> AWSError:
    return not_found(f"Rule {name} does not exist on EventBus {bus}.")


def invalid_pattern(reason: str) -> AWSError:
    return AWSError("InvalidEventPatternException", f"Event pattern is not valid. Reason: {reason}")


def constraint(value, path: str, rule: str) -> AWSError:
    return validation(f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy constraint: "
                      f"Member must {rule}")
