"""Grants: IDs, tokens and the rules CreateGrant applies to operations and constraints.

A grant token names its grant and key, plus random bytes so that every CreateGrant call returns
a new token, as KMS's do; any token of a grant identifies it.
"""
from __future__ import annotations

import base64
import secrets

from iamulator.services.errors import AWSError
from iamulator.services.kms import errors, specs

_TOKEN_VERSION = b"\x01"


def new_grant_id() -> str:
    return secrets.token_hex(32)


def token(grant_id: str, key_arn: str) -> str:
    raw = _TOKEN_VERSION + bytes.fromhex(grant_id) + secrets.token_bytes(32) + key_arn.encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def parse_token(value: str) -> tuple[str, str]:
    """(grant ID, key ARN) of a token; InvalidGrantTokenException for anything else."""
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        if raw[:1] != _TOKEN_VERSION or len(raw) <= 65:
            raise ValueError
        return raw[1:33].hex(), raw[65:].decode("ascii")
    except (ValueError, UnicodeError):
        raise AWSError("InvalidGrantTokenException", "Invalid grant token.") from None


def check_tokens(values) -> None:
    for value in values:
        parse_token(value)


def is_grant_id(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def check_request(key, operations: list, constraints: dict | None) -> None:
    """ValidationException for operations the key's type cannot perform, or for encryption
    context constraints on a key whose operations take no encryption context."""
    if not operations:
        raise errors.validation("1 validation error detected: Value '[]' at 'operations' failed to satisfy "
                                "constraint: Member must have length greater than or equal to 1")
    allowed = specs.grant_operations(key.usage, key.family in ("symmetric", "hmac"))
    invalid = [op for op in operations if op not in allowed]
    if invalid:
        raise errors.validation(f"Grant operations {', '.join(invalid)} are not valid for a KMS key with "
                                f"KeySpec {key.spec} and KeyUsage {key.usage}.")
    if constraints and any(constraints.get(k) for k in ("EncryptionContextSubset", "EncryptionContextEquals")):
        if not key.symmetric:
            raise errors.validation("Grant constraints with an encryption context are supported only for "
                                    "symmetric encryption KMS keys.")


def constraints_match(constraints: dict | None, context: dict | None) -> bool:
    """Whether a grant's encryption context constraints admit a request's encryption context."""
    if not constraints:
        return True
    context = context or {}
    equals = constraints.get("EncryptionContextEquals")
    if equals is not None and dict(equals) != context:
        return False
    subset = constraints.get("EncryptionContextSubset")
    if subset is not None and any(context.get(k) != v for k, v in subset.items()):
        return False
    return True
