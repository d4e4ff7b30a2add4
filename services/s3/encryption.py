"""Server-side encryption: a bucket's default encryption (Put/Get/DeleteBucketEncryption), the
settings of a write, and the SSE-C key checks of a read.

Nothing is encrypted: the emulator records what S3 would report (since 2023 every new object
is at least SSE-S3, ``AES256``) and enforces the rules a client can observe. SSE-KMS writes ask
KMS for a data key, so a key that does not exist, is disabled or cannot encrypt fails the write
with KMS's own error as S3 relays it (``KMS.NotFoundException``...), and the object reports the
key's ARN.
"""
from __future__ import annotations

import base64
import binascii

from iamulator.services.errors import AWSError
from iamulator.services.protocol.checksums import content_md5
from iamulator.services.s3.bucket_index import require_bucket
from iamulator.services.s3.errors import invalid_argument, invalid_request, malformed_xml

_METHODS = ("AES256", "aws:kms", "aws:kms:dsse")
# Copy requests name the source's customer key with the same rules under other members.
SOURCE_MEMBERS = ("CopySourceSSECustomerAlgorithm", "CopySourceSSECustomerKey", "CopySourceSSECustomerKeyMD5")
TARGET_MEMBERS = ("SSECustomerAlgorithm", "SSECustomerKey", "SSECustomerKeyMD5")


_KMS_REQUIRES_HEADER = ("Server Side Encryption with AWS KMS managed key requires HTTP header "
                        "x-amz-server-side-encryption : aws:kms")
DEFAULT_RULE = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": False}


def kms_key_arn(store, account_id: str, region: str, key_id: str | None, object_arn: str) -> str:
    """The ARN of the key an SSE-KMS write uses (``aws/s3``, created on first use, when none is
    named), after KMS has made a data key under it as S3 asks it to."""
    from iamulator.services.kms import access

    try:
        _, _, arn = access.generate_data_key(store, account_id, region, key_id, 32,
                                             {"aws:s3:arn": object_arn}, service="s3")
    except AWSError as err:
        raise AWSError("KMS." + err.code, err.message, 400 if err.status < 500 else err.status) from None
    return arn


def _store(ctx):
    if ctx is not None and getattr(ctx, "store", None) is not None:
        return ctx.store
    from iamulator.services.state import STORE

    return STORE


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


def for_write(params: dict, bucket, account_id: str, ctx=None, key: str | None = None) -> dict:
    """The encryption output members a new object is stored with (``key`` names the object for
    the encryption context S3 gives KMS; ``ctx`` says which store's KMS to ask)."""
    sse = params.get("ServerSideEncryption")
    customer = _customer_key(params)
    if customer is not None:
        if sse is not None:
            raise invalid_argument("Server Side Encryption with Customer provided key is incompatible "
                                   "with the encryption method specified", "x-amz-server-side-encryption", sse)
        return customer
    if sse is None:
        if params.get("SSEKMSKeyId"):
            raise invalid_argument(_KMS_REQUIRES_HEADER, "x-amz-server-side-encryption-aws-kms-key-id",
                                   params["SSEKMSKeyId"])
        rule = bucket_rule(bucket)["ApplyServerSideEncryptionByDefault"]
        sse = rule["SSEAlgorithm"]
        if sse == "AES256":
            return {"ServerSideEncryption": "AES256"}
        key_id, bucket_key = rule.get("KMSMasterKeyID"), bool(bucket_rule(bucket).get("BucketKeyEnabled"))
    elif sse not in _METHODS:
        raise invalid_argument("The encryption method specified is not supported",
                               "x-amz-server-side-encryption", sse)
    elif not sse.startswith("aws:kms"):
        if params.get("SSEKMSKeyId"):
            raise invalid_argument(_KMS_REQUIRES_HEADER, "x-amz-server-side-encryption-aws-kms-key-id",
                                   params["SSEKMSKeyId"])
        return {"ServerSideEncryption": sse}
    else:
        key_id = params.get("SSEKMSKeyId")
        bucket_key = params.get("BucketKeyEnabled")
        if bucket_key is None:
            bucket_key = bool(bucket_rule(bucket).get("BucketKeyEnabled"))
    object_arn = f"{bucket.arn}/{key}" if key is not None else bucket.arn
    result = {"ServerSideEncryption": sse,
              "SSEKMSKeyId": kms_key_arn(_store(ctx), account_id, bucket.region, key_id, object_arn)}
    if params.get("SSEKMSEncryptionContext"):
        result["SSEKMSEncryptionContext"] = params["SSEKMSEncryptionContext"]
    if bucket_key:
        result["BucketKeyEnabled"] = True
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


# -- default encryption of a bucket ---------------------------------------------------------

def bucket_rule(bucket) -> dict:
    """The bucket's default encryption rule (SSE-S3 unless PutBucketEncryption said otherwise)."""
    return getattr(bucket, "encryption_rule", None) or DEFAULT_RULE


def _check_rules(config: dict | None) -> dict:
    rules = (config or {}).get("Rules") or []
    if len(rules) != 1:
        raise malformed_xml()
    rule = rules[0]
    default = rule.get("ApplyServerSideEncryptionByDefault")
    if default is None:
        raise malformed_xml()
    algorithm = default.get("SSEAlgorithm")
    if algorithm not in _METHODS:
        raise malformed_xml()
    if default.get("KMSMasterKeyID") and not algorithm.startswith("aws:kms"):
        raise invalid_argument("a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms "
                               "or aws:kms:dsse", "ApplyServerSideEncryptionByDefault", None)
    out = {"ApplyServerSideEncryptionByDefault": {k: v for k, v in default.items() if v is not None},
           "BucketKeyEnabled": bool(rule.get("BucketKeyEnabled"))}
    return out


class EncryptionConfigOperations:
    def put_bucket_encryption(self, ctx, params):
        bucket = require_bucket(ctx, params)
        # S3 does not look the default key up here: a missing key fails the writes that use it.
        bucket.encryption_rule = _check_rules(params.get("ServerSideEncryptionConfiguration"))
        return {}

    def get_bucket_encryption(self, ctx, params):
        bucket = require_bucket(ctx, params)
        rule = bucket_rule(bucket)
        return {"ServerSideEncryptionConfiguration": {"Rules": [{
            "ApplyServerSideEncryptionByDefault": dict(rule["ApplyServerSideEncryptionByDefault"]),
            "BucketKeyEnabled": rule["BucketKeyEnabled"]}]}}

    def delete_bucket_encryption(self, ctx, params):
        bucket = require_bucket(ctx, params)
        # Since 2023 a bucket without a configuration of its own is SSE-S3 again.
        bucket.encryption_rule = None
        ctx.status = 204
        return {}
