"""What each key spec is: the key usages it allows and the algorithms each usage offers.

DescribeKey lists the algorithms in this order, as KMS does.
"""
from __future__ import annotations

from typing import NamedTuple

ENCRYPT_DECRYPT = "ENCRYPT_DECRYPT"
SIGN_VERIFY = "SIGN_VERIFY"
GENERATE_VERIFY_MAC = "GENERATE_VERIFY_MAC"
KEY_AGREEMENT = "KEY_AGREEMENT"

SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT"

_RSA_ENCRYPTION = ("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256")
_RSA_SIGNING = ("RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512",
                "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512")


class Spec(NamedTuple):
    name: str
    family: str              # "symmetric", "rsa", "ecc", "hmac"
    usages: dict             # key usage -> {metadata member: algorithms}
    bits: int = 0            # RSA modulus size, HMAC digest size
    curve: str = ""          # ECC curve name as the cryptography package calls it


def _ecc(name: str, curve: str, signing: str, agreement: bool) -> Spec:
    usages = {SIGN_VERIFY: {"SigningAlgorithms": (signing,)}}
    if agreement:
        usages[KEY_AGREEMENT] = {"KeyAgreementAlgorithms": ("ECDH",)}
    return Spec(name, "ecc", usages, curve=curve)


def _hmac(bits: int) -> Spec:
    return Spec(f"HMAC_{bits}", "hmac", {GENERATE_VERIFY_MAC: {"MacAlgorithms": (f"HMAC_SHA_{bits}",)}}, bits)


def _rsa(bits: int) -> Spec:
    return Spec(f"RSA_{bits}", "rsa", {ENCRYPT_DECRYPT: {"EncryptionAlgorithms": _RSA_ENCRYPTION},
                                       SIGN_VERIFY: {"SigningAlgorithms": _RSA_SIGNING}}, bits)


SPECS: dict[str, Spec] = {s.name: s for s in (
    Spec(SYMMETRIC_DEFAULT, "symmetric", {ENCRYPT_DECRYPT: {"EncryptionAlgorithms": (SYMMETRIC_DEFAULT,)}}, 256),
    _rsa(2048), _rsa(3072), _rsa(4096),
    _ecc("ECC_NIST_P256", "secp256r1", "ECDSA_SHA_256", True),
    _ecc("ECC_NIST_P384", "secp384r1", "ECDSA_SHA_384", True),
    _ecc("ECC_NIST_P521", "secp521r1", "ECDSA_SHA_512", True),
    _ecc("ECC_SECG_P256K1", "secp256k1", "ECDSA_SHA_256", False),
    _hmac(224), _hmac(256), _hmac(384), _hmac(512),
)}

# Specs the model knows that KMS offers only in some partitions or that iamulator does not emulate.
UNSUPPORTED_SPECS = frozenset({"SM2", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "ECC_NIST_EDWARDS25519"})

# Data key pairs (GenerateDataKeyPair*): the private key never belongs to a KMS key.
DATA_KEY_PAIR_SPECS = frozenset({"RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384",
                                 "ECC_NIST_P521", "ECC_SECG_P256K1", "ECC_NIST_EDWARDS25519"})

# The grant operations each key usage admits (DescribeKey, CreateGrant and RetireGrant always).
_COMMON_GRANT_OPERATIONS = frozenset({"DescribeKey", "CreateGrant", "RetireGrant"})
_GRANT_OPERATIONS = {
    (ENCRYPT_DECRYPT, True): {"Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
                              "ReEncryptFrom", "ReEncryptTo", "GenerateDataKeyPair",
                              "GenerateDataKeyPairWithoutPlaintext"},
    (ENCRYPT_DECRYPT, False): {"Decrypt", "Encrypt", "ReEncryptFrom", "ReEncryptTo", "GetPublicKey"},
    (SIGN_VERIFY, False): {"Sign", "Verify", "GetPublicKey"},
    (GENERATE_VERIFY_MAC, True): {"GenerateMac", "VerifyMac"},
    (KEY_AGREEMENT, False): {"DeriveSharedSecret", "GetPublicKey"},
}


def grant_operations(usage: str, symmetric: bool) -> frozenset:
    return _COMMON_GRANT_OPERATIONS | _GRANT_OPERATIONS.get((usage, symmetric), set())


def algorithms(spec: str, usage: str) -> dict:
    """The metadata members listing the key's algorithms, e.g. {"SigningAlgorithms": (...)}."""
    return SPECS[spec].usages.get(usage, {})
