"""SecureString values, encrypted and decrypted by the KMS backend as Parameter Store does it:
under the parameter's key (``alias/aws/ssm`` by default, created on first use) with the
encryption context ``{"PARAMETER_ARN": <arn>}``, so the ciphertext really depends on the key
and a disabled or deleted key makes reads fail.

KMS's errors reach the caller as SSM's ``InvalidKeyId`` carrying KMS's own message and code, the
way Parameter Store passes them on.
"""
from __future__ import annotations

import uuid

from iamulator.services.errors import AWSError

DEFAULT_KEY = "alias/aws/ssm"


def _invalid_key(err: AWSError) -> AWSError:
    return AWSError("InvalidKeyId", f"{err.message} (Service: AWSKMS; Status Code: {err.status}; Error Code: "
                                    f"{err.code}; Request ID: {uuid.uuid4()})")


def encrypt(store, account: str, region: str, key_id: str | None, parameter_arn: str, value: str) -> bytes:
    from iamulator.services.kms import access

    try:
        blob, _ = access.encrypt(store, account, region, key_id, value.encode("utf-8"),
                                 {"PARAMETER_ARN": parameter_arn}, service="ssm")
    except AWSError as err:
        raise _invalid_key(err) from None
    return blob


def decrypt(store, account: str, region: str, blob: bytes, parameter_arn: str) -> str:
    from iamulator.services.kms import access

    try:
        plaintext, _ = access.decrypt(store, account, region, blob, {"PARAMETER_ARN": parameter_arn})
    except AWSError as err:
        raise _invalid_key(err) from None
    return plaintext.decode("utf-8")
