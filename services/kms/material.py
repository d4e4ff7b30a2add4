"""Key material: generating it for each key spec and exporting what KMS exports (public keys as
DER SubjectPublicKeyInfo, data-key-pair private keys as DER PKCS #8)."""
from __future__ import annotations

import secrets

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from iamulator.services.kms.specs import SPECS

_CURVES = {"secp256r1": ec.SECP256R1, "secp384r1": ec.SECP384R1, "secp521r1": ec.SECP521R1,
           "secp256k1": ec.SECP256K1}


def generate(spec_name: str):
    """Fresh material: bytes for symmetric and HMAC keys, a private key object otherwise."""
    spec = SPECS[spec_name]
    if spec.family in ("symmetric", "hmac"):
        return secrets.token_bytes(spec.bits // 8)
    return _private_key(spec_name)


def _private_key(spec_name: str):
    if spec_name.startswith("RSA_"):
        return rsa.generate_private_key(public_exponent=65537, key_size=int(spec_name[4:]))
    if spec_name == "ECC_NIST_EDWARDS25519":
        return ed25519.Ed25519PrivateKey.generate()
    return ec.generate_private_key(_CURVES[SPECS[spec_name].curve]())


def public_der(private_key) -> bytes:
    return private_key.public_key().public_bytes(serialization.Encoding.DER,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo)


def private_der(private_key) -> bytes:
    return private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption())


def data_key_pair(spec_name: str) -> tuple[bytes, bytes]:
    """(private key as DER PKCS #8, public key as DER SubjectPublicKeyInfo) of a new key pair."""
    key = _private_key(spec_name)
    return private_der(key), public_der(key)


def load_public(der: bytes):
    return serialization.load_der_public_key(der)
