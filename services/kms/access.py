"""KMS for other services and for the authorization layer, without an HTTP round trip.

Services that encrypt with KMS (SSM SecureString parameters, Secrets Manager secrets, ...) call
``encrypt``/``decrypt``/``generate_data_key`` with the caller's account and region and the key
identifier their own caller gave (key ID, key ARN, alias name or alias ARN; ``None`` means the
service's AWS managed key ``alias/aws/<service>``, created on first use as KMS does). They get
KMS's own errors (``NotFoundException``, ``DisabledException``, ``KMSInvalidStateException``,
``InvalidCiphertextException``, ...) as ``AWSError`` to pass on or translate.

Locks: each call takes the KMS backend's lock (and, for a key of another account, that
account's KMS lock instead). KMS never takes another service's lock, so a caller may hold its
own backend's lock while calling.
"""
from __future__ import annotations

from iamulator.services.base import Context


def _backend(store, account_id: str, region: str):
    return store.backend("kms", account_id, region)


def _context(store, account_id: str, region: str, operation: str) -> Context:
    return Context(request=None, service="kms", operation=operation, protocol="", account_id=account_id,
                   region=region, store=store)


def _key_for(key_id: str | None, service: str | None) -> str:
    if key_id:
        return key_id
    if not service:
        raise ValueError("either key_id or service must be given")
    return f"alias/aws/{service}"


def encrypt(store, account_id: str, region: str, key_id: str | None, plaintext: bytes,
            context: dict | None = None, *, service: str | None = None) -> tuple[bytes, str]:
    """Encrypt with a symmetric key: (ciphertext blob, key ARN). The blob is what KMS's Encrypt
    returns and decrypts with KMS's Decrypt too."""
    backend = _backend(store, account_id, region)
    ctx = _context(store, account_id, region, "Encrypt")
    with backend.lock:
        arn, blob, _, _ = backend.seal(ctx, _key_for(key_id, service), plaintext, context, None, "Encrypt")
    return blob, arn


def decrypt(store, account_id: str, region: str, blob: bytes, context: dict | None = None,
            key_id: str | None = None) -> tuple[bytes, str]:
    """Decrypt a symmetric ciphertext blob: (plaintext, key ARN). With ``key_id``, a blob made
    under another key is ``IncorrectKeyException`` as in KMS."""
    backend = _backend(store, account_id, region)
    ctx = _context(store, account_id, region, "Decrypt")
    with backend.lock:
        arn, plaintext, _, _ = backend.unseal(ctx, blob, context, key_id, None, "Decrypt")
    return plaintext, arn


def generate_data_key(store, account_id: str, region: str, key_id: str | None, number_of_bytes: int = 32,
                      context: dict | None = None, *, service: str | None = None) -> tuple[bytes, bytes, str]:
    """A new data key: (plaintext, ciphertext blob, key ARN)."""
    backend = _backend(store, account_id, region)
    ctx = _context(store, account_id, region, "GenerateDataKey")
    with backend.lock:
        out = backend.generate_data_key(ctx, {"KeyId": _key_for(key_id, service),
                                              "NumberOfBytes": number_of_bytes, "EncryptionContext": context})
    return out["Plaintext"], out["CiphertextBlob"], out["KeyId"]


def describe_key(store, account_id: str, region: str, key_id: str) -> dict:
    """DescribeKey's KeyMetadata (creating an AWS managed key for a predefined alias/aws/ name)."""
    backend = _backend(store, account_id, region)
    ctx = _context(store, account_id, region, "DescribeKey")
    with backend.lock:
        return backend.describe_key(ctx, {"KeyId": key_id})["KeyMetadata"]


def resource_policy(ctx, resource_arn: str) -> tuple[str | None, str]:
    """The key policy of the key ``resource_arn`` names and the account owning it, for
    authorization: (policy JSON text, owner account ID). ``(None, account)`` when there is no
    such key (or the ARN is an alias's, which has no policy of its own)."""
    from iamulator.services.kms import ids

    ref = ids.parse(resource_arn)
    account = (ref.account if ref is not None else None) or ctx.account_id
    if ref is None or ref.kind != "key" or ref.account is None or ref.region is None:
        return None, account
    store = ctx.store
    if store is None:
        return None, account
    backend = store.backend("kms", ref.account, ref.region)
    with backend.lock:
        key = backend.keys.get(ref.name)
        return (key.policy if key is not None else None), account
