"""KMS used the way applications use it: envelope encryption behind an alias, and signed tokens
verified offline with the public key."""
import base64
import json
import os

import boto3
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from iamulator import mock_aws

REGION = "eu-central-1"


class Vault:
    """Stores records encrypted under per-record data keys, themselves encrypted by a KMS key
    named by alias, with the tenant bound as encryption context."""

    def __init__(self, alias: str):
        self.kms = boto3.client("kms", region_name=REGION)
        self.alias = alias

    def seal(self, tenant: str, record: dict) -> dict:
        key = self.kms.generate_data_key(KeyId=self.alias, KeySpec="AES_256", EncryptionContext={"tenant": tenant})
        nonce = os.urandom(12)
        body = AESGCM(key["Plaintext"]).encrypt(nonce, json.dumps(record).encode(), tenant.encode())
        return {"key": key["CiphertextBlob"], "nonce": nonce, "body": body}

    def open(self, tenant: str, sealed: dict) -> dict:
        key = self.kms.decrypt(CiphertextBlob=sealed["key"], EncryptionContext={"tenant": tenant})["Plaintext"]
        return json.loads(AESGCM(key).decrypt(sealed["nonce"], sealed["body"], tenant.encode()))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _raw_signature(der: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    r, s = decode_dss_signature(der)
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def sign_token(kms, key_alias: str, claims: dict) -> str:
    """An ES256 JWT signed by KMS."""
    head = _b64(json.dumps({"alg": "ES256", "typ": "JWT"}).encode()) + "." + _b64(json.dumps(claims).encode())
    der = kms.sign(KeyId=key_alias, Message=head.encode(), MessageType="RAW",
                   SigningAlgorithm="ECDSA_SHA_256")["Signature"]
    return head + "." + _b64(_raw_signature(der))


def verify_token(public_der: bytes, token: str) -> dict:
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    head, _, signature = token.rpartition(".")
    raw = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    serialization.load_der_public_key(public_der).verify(der, head.encode(), ec.ECDSA(hashes.SHA256()))
    payload = head.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


@mock_aws
def test_envelope_encryption_survives_rotation_and_a_new_key_behind_the_alias():
    kms = boto3.client("kms", region_name=REGION)
    first = kms.create_key(Description="records")["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/records", TargetKeyId=first)
    vault = Vault("alias/records")

    old = vault.seal("acme", {"invoice": 1, "total": "12.50"})
    kms.rotate_key_on_demand(KeyId=first)
    rotated = vault.seal("acme", {"invoice": 2})
    second = kms.create_key(Description="records v2")["KeyMetadata"]["KeyId"]
    kms.update_alias(AliasName="alias/records", TargetKeyId=second)
    new = vault.seal("acme", {"invoice": 3})

    assert [vault.open("acme", s)["invoice"] for s in (old, rotated, new)] == [1, 2, 3]
    assert kms.decrypt(CiphertextBlob=new["key"], EncryptionContext={"tenant": "acme"})["KeyId"].endswith(second)
    # Another tenant's context cannot unwrap the data key.
    with pytest.raises(kms.exceptions.InvalidCiphertextException):
        vault.open("globex", old)
    # Retiring the old key locks its records away.
    kms.disable_key(KeyId=first)
    with pytest.raises(kms.exceptions.DisabledException):
        vault.open("acme", old)
    assert vault.open("acme", new)["invoice"] == 3


@mock_aws
def test_tokens_signed_by_kms_verify_offline():
    kms = boto3.client("kms", region_name=REGION)
    key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY", Description="token signer")
    kms.create_alias(AliasName="alias/tokens", TargetKeyId=key["KeyMetadata"]["KeyId"])
    public = kms.get_public_key(KeyId="alias/tokens")["PublicKey"]

    token = sign_token(kms, "alias/tokens", {"sub": "user-1", "scope": "read"})
    assert verify_token(public, token) == {"sub": "user-1", "scope": "read"}
    head, payload, signature = token.split(".")
    forged = head + "." + _b64(json.dumps({"sub": "user-1", "scope": "admin"}).encode()) + "." + signature
    with pytest.raises(InvalidSignature):
        verify_token(public, forged)
