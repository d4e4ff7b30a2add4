"""Additional checksums (``x-amz-checksum-*``) as object fields.

The codec verifies a checksum against the body before the backend runs (header or aws-chunked
trailer), so a value that reaches here is the body's: it is stored as sent and returned when a
reader asks with ``x-amz-checksum-mode: ENABLED``.
"""
from __future__ import annotations

from iamulator.services.errors import AWSError
from iamulator.services.protocol import checksums
from iamulator.services.s3.errors import invalid_request

ALGORITHMS = ("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256", "SHA512", "MD5",
              "XXHASH64", "XXHASH3", "XXHASH128")
MEMBERS = tuple(("Checksum" + a, a) for a in ALGORITHMS)
FULL_OBJECT = "FULL_OBJECT"


def from_params(params: dict) -> dict[str, str]:
    """Algorithm -> value of the checksums a write carries (at most one, as S3 requires)."""
    found = {algorithm: params[member] for member, algorithm in MEMBERS if params.get(member)}
    if len(found) > 1:
        raise invalid_request("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.")
    return found


def members(checksums: dict[str, str], checksum_type: str | None) -> dict:
    """Output members (``ChecksumCRC32``..., ``ChecksumType``) for stored checksums."""
    out = {"Checksum" + algorithm: value for algorithm, value in checksums.items()}
    if out and checksum_type:
        out["ChecksumType"] = checksum_type
    return out


def compute(algorithm: str, body: bytes) -> str:
    """The base64 checksum S3 would compute for ``body``."""
    try:
        return checksums.checksum(algorithm, body)
    except ValueError:
        raise AWSError("NotImplemented", f"Computing {algorithm} checksums is not implemented by iamulator.",
                       501) from None
