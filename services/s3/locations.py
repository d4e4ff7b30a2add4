"""Where a new bucket goes: CreateBucket's LocationConstraint rules, and region partitions
(bucket names are unique within a partition, across all its accounts and regions)."""
from __future__ import annotations

import functools
import re

from iamulator.services.errors import AWSError

LEGACY_REGION = "us-east-1"
# The one legacy alias S3 still accepts as a constraint; the bucket lives in eu-west-1.
_ALIASES = {"EU": "eu-west-1"}
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")
_PARTITION_PREFIXES = (
    ("us-gov-", "aws-us-gov"), ("cn-", "aws-cn"), ("us-isob-", "aws-iso-b"), ("us-iso-", "aws-iso"),
    ("eu-isoe-", "aws-iso-e"), ("us-isof-", "aws-iso-f"),
)


@functools.lru_cache(maxsize=None)
def partition_of(region: str) -> str:
    for prefix, partition in _PARTITION_PREFIXES:
        if region.startswith(prefix):
            return partition
    return "aws"


def _incompatible(constraint: str | None) -> AWSError:
    what = "unspecified" if constraint is None else constraint
    return AWSError("IllegalLocationConstraintException",
                    f"The {what} location constraint is incompatible for the region specific "
                    "endpoint this request was sent to.", 400)


def _invalid(constraint: str) -> AWSError:
    return AWSError("InvalidLocationConstraint", "The specified location-constraint is not valid", 400,
                    LocationConstraint=constraint)


def bucket_region(request_region: str, constraint: str | None) -> str:
    """The region a CreateBucket sent to ``request_region`` creates its bucket in.

    The us-east-1 endpoint may create a bucket in any region of its partition, named by the
    constraint; every other regional endpoint only creates buckets in its own region and
    insists on being told so.
    """
    if constraint is not None and constraint == "":
        constraint = None
    if constraint is None:
        if request_region == LEGACY_REGION:
            return LEGACY_REGION
        raise _incompatible(None)
    region = _ALIASES.get(constraint, constraint)
    if constraint == LEGACY_REGION or not _REGION.match(region):
        raise _invalid(constraint)
    if request_region == LEGACY_REGION:
        if partition_of(region) != partition_of(request_region):
            raise _incompatible(constraint)
        return region
    if region != request_region:
        raise _incompatible(constraint)
    return region
