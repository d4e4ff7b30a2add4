"""EC2 resource ids: a type prefix and 17 hex digits (8 for resources made before 2016)."""
from __future__ import annotations

import re
import secrets

from iamulator.services.errors import AWSError

_SHAPE = r"-(?:[0-9a-f]{8}|[0-9a-f]{17})\Z"
_PATTERNS: dict[str, re.Pattern] = {}


def new_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(9)[:17]}"


def well_formed(prefix: str, value: str) -> bool:
    pattern = _PATTERNS.get(prefix)
    if pattern is None:
        pattern = _PATTERNS[prefix] = re.compile(re.escape(prefix) + _SHAPE)
    return isinstance(value, str) and pattern.match(value) is not None


def check_instance_id(value: str) -> None:
    if not well_formed("i", value):
        raise AWSError("InvalidInstanceID.Malformed", f'Invalid id: "{value}"')


def check_image_id(value: str) -> None:
    if not well_formed("ami", value):
        raise AWSError("InvalidAMIID.Malformed", f'Invalid id: "{value}" (expecting "ami-...")')
