"""Secret names and ARNs.

A secret's ARN is its name plus a hyphen and six random characters. A ``SecretId`` may be the
name, the full ARN, or a partial ARN (the full one without that suffix); a partial ARN whose
name itself ends in a hyphen and six characters reads as a full ARN, as on AWS.
"""
from __future__ import annotations

import random
import re
import string

from iamulator.authz.partitions import partition_of as partition  # noqa: F401  (also used by callers)
from iamulator.services.errors import AWSError

_NAME = re.compile(r"[A-Za-z0-9/_+=.@-]+\Z")
_SUFFIX = re.compile(r"-[A-Za-z0-9]{6}\Z")
_SUFFIX_CHARS = string.ascii_letters + string.digits
_random = random.Random()


def validate_name(name: str) -> None:
    if not _NAME.match(name):
        raise AWSError("ValidationException", "Invalid name. Must be a valid name containing alphanumeric "
                                              "characters, or any of the following: -/_+=.@!")


def new_arn(region: str, account: str, name: str) -> str:
    suffix = "".join(_random.choices(_SUFFIX_CHARS, k=6))
    return f"arn:{partition(region)}:secretsmanager:{region}:{account}:secret:{name}-{suffix}"


def parse_arn(arn: str) -> tuple[str, str, str] | None:
    """(region, account, resource after ``secret:``) of a Secrets Manager ARN, or None."""
    parts = arn.split(":", 6)
    if len(parts) != 7 or parts[0] != "arn" or parts[2] != "secretsmanager" or parts[5] != "secret":
        return None
    return parts[3], parts[4], parts[6]


def candidate_name(resource: str) -> tuple[str, bool]:
    """The secret name an ARN's resource part names, and whether it reads as a full ARN."""
    if _SUFFIX.search(resource):
        return resource[:-7], True
    return resource, False
