"""Server-side encryption settings of a write, and the SSE-C key checks of a read.

Nothing is encrypted: the emulator records what S3 would report (since 2023 every new object
is at least SSE-S3, ``AES256``) and enforces the rules a client can observe.
"""
from __future__ import annotations

import base64
import binascii
import uuid

from iamulator.services.errors import AWSError
from iamulator.services.protocol.checksums import content_md5
from iamulator.services.s3.errors import invalid_argument, invalid_request

_METHODS = ("AES256", "aws:kms", "aws:kms:dsse")
# Copy requests name the source's customer key with the same rules under other members.
SOURCE_MEMBERS = ("CopySourceSSECustomerAlgorithm", "CopySourceSSECustomerKey", "CopySourceSSECustomerKeyMD5")
TARGET_MEMBERS = ("SSECustomerAlgorithm", "SSECustomerKey", "SSECustomerKeyMD5")


def default_kms_key(account_id: str, region: str) -> str:
    """The ARN S3 reports for the ``aws/s3`` managed key when none is named: stable per account
    and region."""
    key_id = uuid.uuid5(uuid.NAMESPACE_URL, f"aws/s3:{account_id}:{region}")
    return f"arn:aws:kms:{region}:{account_id}:key/{key_id}"


def _customer_key(params: dict, members=TARGET_MEMBERS) -> dict | None:
    algorithm_member, key_member, md5_member = members
    algorithm = params.get(algorithm_member)
    key = params.get(key_member)
    if algorithm is None and key is None:
        return None
    if algorithm != "AES256":
        raise invalid_argument("The encryption algorithm specified is not valid",
                               "x-amz-server-side-encryption-customer-algorithm", algorithm)
    try:
        raw = base64.b64decode(key or "", validate=True)
    except (ValueError, binascii.Error):
        raw = b""
    if len(raw) != 32:
        raise invalid_argument("The secret key was invalid for the specified algorithm.",
                               "x-amz-server-side-encryption-customer-key", "")
    digest = content_md5(raw)
    given = params.get(md5_member)
    if given is not None and given != digest:
        raise invalid_argument("The calculated MD5 hash of the key did not match the hash that was provided.",
                               "x-amz-server-side-encryption-customer-key-MD5", given)
    return {"SSECustomerAlgorithm": algorithm, "SSECustomerKeyMD5": digest}


def for_write(params: dict, bucket, account_id: str) -> dict:
    """The encryption output members a new object is stored with."""
    sse = params.get("ServerSideEncryption")
    customer = _customer_key(params)
    if customer is not None:
        if sse is not None:
            raise invalid_argument("Server Side Encryption with Customer provided key is incompatible "
                                   "with the encryption method specified", "x-amz-server-side-encryption", sse)
        return customer
    if sse is None:
        if params.get("SSEKMSKeyId"):
            raise invalid_argument("Server Side Encryption with AWS KMS managed key requires HTTP header "
                                   "x-amz-server-side-encryption : aws:kms",
                                   "x-amz-server-side-encryption-aws-kms-key-id", params["SSEKMSKeyId"])
        return dict(bucket.default_encryption)
    if sse not in _METHODS:
        raise invalid_argument("The encryption method specified is not supported",
                               "x-amz-server-side-encryption", sse)
    result = {"ServerSideEncryption": sse}
    if sse.startswith("aws:kms"):
        result["SSEKMSKeyId"] = params.get("SSEKMSKeyId") or default_kms_key(account_id, bucket.region)
        if params.get("SSEKMSEncryptionContext"):
            result["SSEKMSEncryptionContext"] = params["SSEKMSEncryptionContext"]
        if params.get("BucketKeyEnabled"):
            result["BucketKeyEnabled"] = True
    elif params.get("SSEKMSKeyId"):
        raise invalid_argument("Server Side Encryption with AWS KMS managed key requires HTTP header "
                               "x-amz-server-side-encryption : aws:kms",
                               "x-amz-server-side-encryption-aws-kms-key-id", params["SSEKMSKeyId"])
    return result


def check_read(obj, params: dict, members=TARGET_MEMBERS) -> None:
    """An SSE-C object is readable only with its own key; other objects refuse SSE-C headers."""
    stored = obj.encryption.get("SSECustomerKeyMD5")
    given = _customer_key(params, members)
    if stored is None:
        if given is not None:
            raise invalid_request("The encryption parameters are not applicable to this object.")
        return
    if given is None:
        raise invalid_request("The object was stored using a form of Server Side Encryption. "
                              "The correct parameters must be provided to retrieve the object.")
    if given["SSECustomerKeyMD5"] != stored:
        raise AWSError("AccessDenied", "Requests specifying Server Side Encryption with Customer provided "
                       "keys must provide the correct secret key.", 403)
