"""Checksums S3 and its clients exchange: ``Content-MD5``, ``x-amz-checksum-<algorithm>``
(CRC32, CRC32C, CRC64NVME, SHA1, SHA256) and the MD5 ETag; computing them for responses and
verifying them on requests with the error codes S3 documents."""
from __future__ import annotations

import base64
import binascii
import hashlib

from iamulator.services.errors import AWSError
from iamulator.services.protocol import crc

#: algorithm name (lower case, as in ``x-amz-checksum-<name>``) -> digest size in bytes
ALGORITHMS = {"crc32": 4, "crc32c": 4, "crc64nvme": 8, "sha1": 20, "sha256": 32}
HEADER_PREFIX = "x-amz-checksum-"


def digest(algorithm: str, data) -> bytes:
    algorithm = algorithm.lower()
    if algorithm == "crc32":
        return crc.crc32(data).to_bytes(4, "big")
    if algorithm == "crc32c":
        return crc.crc32c(data).to_bytes(4, "big")
    if algorithm == "crc64nvme":
        return crc.crc64nvme(data).to_bytes(8, "big")
    if algorithm == "sha1":
        return hashlib.sha1(data).digest()
    if algorithm == "sha256":
        return hashlib.sha256(data).digest()
    if algorithm == "md5":
        return hashlib.md5(data).digest()
    raise ValueError(f"unknown checksum algorithm {algorithm!r}")


def checksum(algorithm: str, data) -> str:
    """The base64 value as sent in ``x-amz-checksum-<algorithm>`` (and the ``Checksum*`` members)."""
    return base64.b64encode(digest(algorithm, data)).decode("ascii")


def content_md5(data) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode("ascii")


def md5_etag(data) -> str:
    """S3's ETag of a single-part object: the quoted hex MD5."""
    return '"' + hashlib.md5(data).hexdigest() + '"'


def multipart_etag(part_md5s) -> str:
    """S3's ETag of a completed multipart upload, from the parts' binary MD5s."""
    parts = list(part_md5s)
    return '"' + hashlib.md5(b"".join(parts)).hexdigest() + f'-{len(parts)}"'


def _decoded(value: str, size: int):
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == size else None


def verify_request(body, headers: dict) -> str | None:
    """Check ``Content-MD5``, ``x-amz-checksum-*`` and a hex ``x-amz-content-sha256`` against
    ``body``; raises the ``AWSError`` S3 returns. Returns the flexible algorithm checked, if any."""
    md5 = headers.get("content-md5")
    if md5 is not None:
        expected = _decoded(md5, 16)
        if expected is None:
            raise AWSError("InvalidDigest", "The Content-MD5 you specified was invalid.", 400,
                           **{"Content-MD5": md5})
        if hashlib.md5(body).digest() != expected:
            raise AWSError("BadDigest", "The Content-MD5 you specified did not match what we received.",
                           400, ExpectedDigest=expected.hex(),
                           CalculatedDigest=hashlib.md5(body).hexdigest())
    checked = None
    for name, size in ALGORITHMS.items():
        value = headers.get(HEADER_PREFIX + name)
        if value is None:
            continue
        expected = _decoded(value, size)
        if expected is None:
            raise AWSError("InvalidRequest", f"Value for {HEADER_PREFIX}{name} header is invalid.", 400)
        if digest(name, body) != expected:
            raise AWSError("BadDigest",
                           f"The {name.upper()} you specified did not match the calculated checksum.",
                           400)
        checked = name
    sha = headers.get("x-amz-content-sha256")
    if sha is not None and len(sha) == 64 and not sha.startswith("STREAMING"):
        if hashlib.sha256(body).hexdigest() != sha.lower():
            raise AWSError("XAmzContentSHA256Mismatch",
                           "The provided 'x-amz-content-sha256' header does not match what was computed.",
                           400, ClientComputedContentSHA256=sha,
                           S3ComputedContentSHA256=hashlib.sha256(body).hexdigest())
    return checked


def has_request_checksums(headers: dict) -> bool:
    if "content-md5" in headers:
        return True
    sha = headers.get("x-amz-content-sha256")
    if sha is not None and len(sha) == 64:
        return True
    for name in headers:
        if name.startswith(HEADER_PREFIX) and name[len(HEADER_PREFIX):] in ALGORITHMS:
            return True
    return False
