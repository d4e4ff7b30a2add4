"""SSM Parameter Store errors, by model shape name, with the service's wording."""
from __future__ import annotations

from iamulator.services.errors import AWSError

# The generic message SSM gives for a malformed parameter name (whatever the actual fault).
INVALID_NAME = ("Parameter name: can't be prefixed with \"ssm\" (case-insensitive). If formed as a path, it can "
                "consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, "
                "numbers and the following 3 symbols .-_")
RESERVED_ROOT_NAME = "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive)."
# SSM's message really contains the backslashes before the quotes around aws and ssm.
INVALID_PATH = ("The parameter doesn't meet the parameter name requirements. The parameter name must begin with a "
                "forward slash \"/\". It can't be prefixed with \\\"aws\\\" or \\\"ssm\\\" (case-insensitive). It "
                "must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). "
                "Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "
                "\"/\". Valid example: /get/parameters2-/by1./path0_.")


def validation(message: str) -> AWSError:
    return AWSError("ValidationException", message)


def parameter_not_found() -> AWSError:
    # SSM sends no message with ParameterNotFound.
    return AWSError("ParameterNotFound", "")


def version_not_found(name: str, version) -> AWSError:
    return AWSError("ParameterVersionNotFound", f"Systems Manager could not find version {version} of {name}. "
                                                "Verify the version and try again.")
