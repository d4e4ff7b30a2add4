"""Secrets Manager's errors, by model shape name, with the service's wording."""
from __future__ import annotations

from iamulator.services.errors import AWSError

MARKED_FOR_DELETION = "You can't perform this operation on the secret because it was marked for deletion."


def secret_not_found() -> AWSError:
    return AWSError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.")


def value_not_found(kind: str, value: str) -> AWSError:
    """No version for a VersionId or staging label (``kind`` is "VersionId" or "staging label")."""
    return AWSError("ResourceNotFoundException",
                    f"Secrets Manager can't find the specified secret value for {kind}: {value}")


def marked_for_deletion() -> AWSError:
    return AWSError("InvalidRequestException", MARKED_FOR_DELETION)


def invalid_parameter(message: str) -> AWSError:
    return AWSError("InvalidParameterException", message)


def invalid_request(message: str) -> AWSError:
    return AWSError("InvalidRequestException", message)


def both_values() -> AWSError:
    return invalid_parameter("You can't specify both a binary secret value and a string secret value in the "
                             "same secret.")
