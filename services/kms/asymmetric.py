"""RSA encryption and the signing algorithms of asymmetric keys, as KMS names them.

RSASSA-PSS uses MGF1 with the message hash and a salt as long as the digest; ECDSA signatures
are DER-encoded; with MessageType DIGEST the message is the digest and is not hashed again.
"""
from __future__ import annotations

import hashlib
import hmac

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, utils

from iamulator.services.kms import errors

_HASHES = {"SHA_1": hashes.SHA1, "SHA_256": hashes.SHA256, "SHA_384": hashes.SHA384, "SHA_512": hashes.SHA512}

def max_rsa_plaintext(bits: int, algorithm: str) -> int:
    """The largest plaintext RSAES-OAEP takes: modulus bytes - 2 * digest bytes - 2."""
    digest = 20 if algorithm == "RSAES_OAEP_SHA_1" else 32
    return bits // 8 - 2 * digest - 2


def _oaep(algorithm: str):
    h = _HASHES[algorithm[len("RSAES_OAEP_"):]]()
    return padding.OAEP(mgf=padding.MGF1(algorithm=h), algorithm=h, label=None)


def rsa_encrypt(private_key, algorithm: str, plaintext: bytes) -> bytes:
    return private_key.public_key().encrypt(plaintext, _oaep(algorithm))


def rsa_decrypt(private_key, algorithm: str, ciphertext: bytes) -> bytes:
    try:
        return private_key.decrypt(ciphertext, _oaep(algorithm))
    except ValueError:
        raise errors.invalid_ciphertext() from None


def _hash_of(algorithm: str):
    return _HASHES[algorithm[-7:]]()


def _prepared(algorithm: str, message: bytes, message_type: str):
    h = _hash_of(algorithm)
    if message_type == "DIGEST":
        if len(message) != h.digest_size:
            raise errors.validation(f"Digest is invalid length for algorithm {algorithm}.")
        return message, utils.Prehashed(h), h
    return message, h, h


def _scheme(algorithm: str, chosen, h):
    if algorithm.startswith("RSASSA_PSS_"):
        return (padding.PSS(mgf=padding.MGF1(h), salt_length=h.digest_size), chosen)
    if algorithm.startswith("RSASSA_PKCS1_V1_5_"):
        return (padding.PKCS1v15(), chosen)
    return (ec.ECDSA(chosen),)


def sign(private_key, algorithm: str, message: bytes, message_type: str) -> bytes:
    data, chosen, h = _prepared(algorithm, message, message_type)
    return private_key.sign(data, *_scheme(algorithm, chosen, h))


def verify(public_key, algorithm: str, message: bytes, message_type: str, signature: bytes) -> bool:
    data, chosen, h = _prepared(algorithm, message, message_type)
    try:
        public_key.verify(signature, data, *_scheme(algorithm, chosen, h))
    except (InvalidSignature, ValueError):
        return False
    return True


def mac(secret: bytes, algorithm: str, message: bytes) -> bytes:
    return hmac.new(secret, message, getattr(hashlib, "sha" + algorithm.rsplit("_", 1)[-1])).digest()
