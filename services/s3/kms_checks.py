"""The KMS permissions an SSE-KMS request needs besides its S3 action, as AWS checks them: S3
asks KMS for a data key on the caller's behalf when it writes an SSE-KMS object
(``kms:GenerateDataKey``) and to decrypt one when it reads it (``kms:Decrypt``), so the caller's
policies and the key policy must allow those too.

The checks carry the keys KMS sees on such calls: ``kms:ViaService`` (what the ``aws/s3``
managed key's policy asks for), ``kms:CallerAccount`` and the encryption context S3 sets,
``aws:s3:arn``. A key named by ID or alias is resolved in the caller's account and the
bucket's region, as S3 resolves it.
"""
from __future__ import annotations

from iamulator.authz.declarations import act
from iamulator.services.s3.encryption import bucket_rule


def _bucket(r, name: str | None = None):
    from iamulator.services.s3.authorization import _bucket as bucket_of

    return bucket_of(r, name or r.params.get("Bucket"))


def _write_rule(r) -> tuple[str | None, str | None]:
    """(the SSE method a write uses, the key it names) — the request's or the bucket default's."""
    params = r.params
    if params.get("SSECustomerAlgorithm") or params.get("SSECustomerKey"):
        return None, None
    sse = params.get("ServerSideEncryption")
    if sse is not None:
        return sse, params.get("SSEKMSKeyId")
    bucket = _bucket(r)
    if bucket is None:
        return None, None
    default = bucket_rule(bucket)["ApplyServerSideEncryptionByDefault"]
    return default.get("SSEAlgorithm"), default.get("KMSMasterKeyID")


def _key_arn(r, key_id: str | None) -> str:
    """The ARN of the key, resolved through KMS; for a key KMS cannot find, the ARN its name
    would have (the operation then fails as KMS says)."""
    bucket = _bucket(r)
    region = bucket.region if bucket is not None else r.ctx.region
    account = r.ctx.account_id
    memo_key = ("kms-key", key_id)
    if memo_key in r.memo:
        return r.memo[memo_key]
    from iamulator.services.errors import AWSError
    from iamulator.services.kms import access, ids

    try:
        arn = access.describe_key(r.ctx.store, account, region, key_id or "alias/aws/s3")["Arn"]
    except AWSError:
        if key_id.startswith("arn:"):
            arn = key_id
        elif key_id.startswith("alias/"):
            arn = ids.alias_arn(region, account, key_id)
        else:
            arn = ids.key_arn(region, account, key_id)
    r.memo[memo_key] = arn
    return arn


def _object_arn(r) -> str:
    return f"arn:aws:s3:::{r.params.get('Bucket')}/{r.params.get('Key')}"


def _via_service(r) -> str:
    bucket = _bucket(r)
    return f"s3.{bucket.region if bucket is not None else r.ctx.region}.amazonaws.com"


_KEYS = {
    "kms:ViaService": _via_service,
    "kms:CallerAccount": lambda r: r.ctx.account_id,
    "kms:EncryptionContext:aws:s3:arn": _object_arn,
}


def _writes_with_kms(r) -> bool:
    sse = _write_rule(r)[0]
    return bool(sse) and sse.startswith("aws:kms")


def _kms_key_of(bucket, key: str | None, version_id: str | None) -> str | None:
    if bucket is None or not key:
        return None
    obj = bucket.version(key, version_id) if version_id else bucket.current(key)
    if obj is None or obj.delete_marker:
        return None
    return obj.encryption.get("SSEKMSKeyId")


def _stored_kms_key(r) -> str | None:
    return _kms_key_of(_bucket(r), r.params.get("Key"), r.params.get("VersionId"))


def _upload_kms_key(r) -> str | None:
    """The KMS key of the SSE-KMS multipart upload the request names, if any."""
    bucket = _bucket(r)
    upload = bucket.uploads.get(r.params.get("UploadId")) if bucket is not None else None
    if upload is None or upload.key != r.params.get("Key"):
        return None
    return upload.encryption.get("SSEKMSKeyId")


def _source_kms_key(r) -> str | None:
    from iamulator.services.s3.authorization import _copy_source

    name, key, version_id = _copy_source(r)
    return _kms_key_of(_bucket(r, name), key, version_id)


def _source_arn(r) -> str:
    from iamulator.services.s3.authorization import _copy_source

    name, key, _ = _copy_source(r)
    return f"arn:aws:s3:::{name}/{key}"


#: An SSE-KMS write (the request's method, or the bucket's default): a data key from KMS.
GENERATE_DATA_KEY = act("kms:GenerateDataKey", when=_writes_with_kms, arn=lambda r: _key_arn(r, _write_rule(r)[1]),
                        keys=_KEYS, note="when the object is written with SSE-KMS (the key named or the bucket's)")

#: A read of an SSE-KMS object: KMS decrypts its data key.
DECRYPT = act("kms:Decrypt", when=lambda r: _stored_kms_key(r) is not None, arn=_stored_kms_key, keys=_KEYS,
              note="when the object is stored with SSE-KMS")

#: A copy whose source is an SSE-KMS object.
DECRYPT_SOURCE = act("kms:Decrypt", when=lambda r: _source_kms_key(r) is not None, arn=_source_kms_key,
                     keys={**_KEYS, "kms:EncryptionContext:aws:s3:arn": _source_arn},
                     note="when the copy source is stored with SSE-KMS")

#: Parts of an SSE-KMS multipart upload: S3 decrypts the upload's data key to encrypt each part
#: and to complete the object, so the caller needs kms:Decrypt too (as AWS documents).
DECRYPT_UPLOAD = act("kms:Decrypt", when=lambda r: _upload_kms_key(r) is not None, arn=_upload_kms_key,
                     keys=_KEYS, note="when the multipart upload is encrypted with SSE-KMS")
