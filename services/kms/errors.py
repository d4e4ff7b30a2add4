"""KMS errors with the service's own wording.

KMS names a key by its ARN in most messages; messages AWS sends without text
(``InvalidCiphertextException``, ``KMSInvalidSignatureException``, ...) stay empty here too.
"""
from __future__ import annotations

from iamulator.services.errors import AWSError


def validation(message: str) -> AWSError:
    return AWSError("ValidationException", message, 400)


def key_not_found(arn: str) -> AWSError:
    return AWSError("NotFoundException", f"Key '{arn}' does not exist")


def invalid_key_id(value: str) -> AWSError:
    return AWSError("NotFoundException", f"Invalid keyId {value}")


def alias_not_found(alias_arn: str) -> AWSError:
    return AWSError("NotFoundException", f"Alias {alias_arn} is not found.")


def invalid_arn(value: str) -> AWSError:
    return AWSError("InvalidArnException", f"Invalid arn {value}")


def disabled(arn: str) -> AWSError:
    return AWSError("DisabledException", f"{arn} is disabled.")


def invalid_state(arn: str, state_words: str) -> AWSError:
    return AWSError("KMSInvalidStateException", f"{arn} is {state_words}.")


def invalid_key_usage(arn: str, usage: str, operation: str) -> AWSError:
    return AWSError("InvalidKeyUsageException", f"{arn} key usage is {usage} which is not valid for {operation}.")


def incompatible_algorithm(algorithm: str, spec: str) -> AWSError:
    return AWSError("InvalidKeyUsageException", f"Algorithm {algorithm} is incompatible with key spec {spec}.")


def unsupported(message: str) -> AWSError:
    return AWSError("UnsupportedOperationException", message)


def invalid_ciphertext() -> AWSError:
    return AWSError("InvalidCiphertextException", "")


def incorrect_key() -> AWSError:
    return AWSError("IncorrectKeyException",
                    "The key ID in the request does not identify a KMS key that can perform this operation.")


def invalid_signature() -> AWSError:
    return AWSError("KMSInvalidSignatureException", "")


def invalid_mac() -> AWSError:
    return AWSError("KMSInvalidMacException", "")


def invalid_marker() -> AWSError:
    return AWSError("InvalidMarkerException", "Invalid marker")


def dry_run() -> AWSError:
    return AWSError("DryRunOperationException", "The request would have succeeded, but the DryRun option is set.",
                    412)


def malformed_policy(message: str) -> AWSError:
    return AWSError("MalformedPolicyDocumentException", message)


def tag_error(message: str) -> AWSError:
    return AWSError("TagException", message)


def limit_exceeded(message: str) -> AWSError:
    return AWSError("LimitExceededException", message)
