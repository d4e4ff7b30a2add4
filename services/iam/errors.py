"""IAM's errors, with the service's own wording."""
from __future__ import annotations

from iamulator.services.errors import AWSError


def no_such_entity(message: str) -> AWSError:
    return AWSError("NoSuchEntity", message, 404)


def already_exists(message: str) -> AWSError:
    return AWSError("EntityAlreadyExists", message, 409)


def delete_conflict(message: str) -> AWSError:
    return AWSError("DeleteConflict", message, 409)


def limit_exceeded(message: str) -> AWSError:
    return AWSError("LimitExceeded", message, 409)


def quota(name: str, limit: int) -> AWSError:
    return limit_exceeded(f"Cannot exceed quota for {name}: {limit}")


def invalid_input(message: str) -> AWSError:
    return AWSError("InvalidInput", message, 400)


def validation_error(message: str) -> AWSError:
    return AWSError("ValidationError", message, 400)


def malformed_policy(message: str) -> AWSError:
    return AWSError("MalformedPolicyDocument", message, 400)


def unmodifiable(message: str) -> AWSError:
    return AWSError("UnmodifiableEntity", message, 400)


def not_attachable(message: str) -> AWSError:
    return AWSError("PolicyNotAttachable", message, 400)


def from_policy_error(err) -> AWSError:
    """An ``authz.PolicyError`` as IAM answers it (the evaluator's parser already speaks
    IAM's codes and messages)."""
    if err.code == "LimitExceeded":
        return limit_exceeded(err.message)
    if err.code == "ValidationError":
        return validation_error(err.message)
    return malformed_policy(err.message)
