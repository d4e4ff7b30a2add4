"""The ciphertext blob of symmetric encryption: self-describing, as KMS's is.

    version (1) | ARN length (2) | key ARN | key material ID (32) | nonce (12) | AES-256-GCM output

The blob names the key by ARN (so Decrypt needs no KeyId, across accounts too) and the key
material that sealed it (so material replaced by rotation still opens old blobs). The
encryption context is bound as additional authenticated data together with the header: any
change to either, or a different context at Decrypt, fails authentication.
"""
from __future__ import annotations

import json
import os
import struct
from typing import NamedTuple

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from iamulator.services.kms import errors

VERSION = 1
_NONCE = 12
_MATERIAL = 32
_TAG = 16


class Sealed(NamedTuple):
    key_arn: str
    material_id: str
    header: bytes
    nonce: bytes
    body: bytes


def _context_bytes(context: dict | None) -> bytes:
    if not context:
        return b""
    return json.dumps(context, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _aead(version) -> AESGCM:
    aead = version.aead
    if aead is None:
        aead = version.aead = AESGCM(version.secret)
    return aead


def seal(key_arn: str, version, plaintext: bytes, context: dict | None) -> bytes:
    """Encrypt with one version of a key's material (a ``key.Material``)."""
    arn = key_arn.encode("ascii")
    header = struct.pack(">BH", VERSION, len(arn)) + arn + bytes.fromhex(version.material_id)
    nonce = os.urandom(_NONCE)
    body = _aead(version).encrypt(nonce, plaintext, header + _context_bytes(context))
    return header + nonce + body


def parse(blob: bytes) -> Sealed:
    """The parts of a blob; InvalidCiphertextException when it is not one of ours."""
    if len(blob) < 3 or blob[0] != VERSION:
        raise errors.invalid_ciphertext()
    (length,) = struct.unpack_from(">H", blob, 1)
    end = 3 + length + _MATERIAL
    if len(blob) < end + _NONCE + _TAG:
        raise errors.invalid_ciphertext()
    try:
        arn = blob[3:3 + length].decode("ascii")
    except UnicodeDecodeError:
        raise errors.invalid_ciphertext() from None
    material_id = blob[3 + length:end].hex()
    return Sealed(arn, material_id, blob[:end], blob[end:end + _NONCE], blob[end + _NONCE:])


def open_sealed(sealed: Sealed, version, context: dict | None) -> bytes:
    try:
        return _aead(version).decrypt(sealed.nonce, sealed.body, sealed.header + _context_bytes(context))
    except InvalidTag:
        raise errors.invalid_ciphertext() from None
