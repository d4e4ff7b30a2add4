"""Which bucket names and object keys S3 accepts (general purpose buckets)."""
from __future__ import annotations

import re

from iamulator.services.errors import AWSError

_BUCKET_CHARS = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_IP_ADDRESS = re.compile(r"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$")
_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")

MAX_KEY_BYTES = 1024
MAX_METADATA_BYTES = 2048


def is_valid_bucket_name(name: str) -> bool:
    return (
        bool(_BUCKET_CHARS.match(name))
        and ".." not in name
        and not _IP_ADDRESS.match(name)
        and not name.startswith(_RESERVED_PREFIXES)
        and not name.endswith(_RESERVED_SUFFIXES)
    )


def check_bucket_name(name: str) -> None:
    if not is_valid_bucket_name(name):
        raise AWSError("InvalidBucketName", "The specified bucket is not valid.", 400, BucketName=name)


def check_key(key: str) -> None:
    size = len(key.encode("utf-8", "surrogatepass"))
    if size > MAX_KEY_BYTES:
        raise AWSError("KeyTooLongError", "Your key is too long", 400,
                       Size=size, MaxSizeAllowed=MAX_KEY_BYTES)


def check_metadata(metadata: dict) -> None:
    """User metadata is limited to 2 KB, counted as the UTF-8 bytes of every name and value."""
    size = sum(len(k.encode()) + len(str(v).encode()) for k, v in metadata.items())
    if size > MAX_METADATA_BYTES:
        raise AWSError("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size",
                       400, Size=size, MaxSizeAllowed=MAX_METADATA_BYTES)
