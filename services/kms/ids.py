"""Key and alias identifiers: key IDs, key ARNs, alias names and alias ARNs.

A request may name a key four ways (``1234abcd-...``, ``arn:aws:kms:us-east-2:111122223333:key/1234abcd-...``,
``alias/ExampleAlias``, ``arn:aws:kms:us-east-2:111122223333:alias/ExampleAlias``); ``parse`` tells
them apart once so that every operation resolves them the same way.
"""
from __future__ import annotations

import re
import secrets
import uuid
from typing import NamedTuple

from iamulator.authz.partitions import partition_of as partition  # noqa: F401  (also used by callers)

_KEY_ID = re.compile(r"(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})\Z")
_ARN = re.compile(r"arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):(key|alias)/(.+)\Z", re.S)

ALIAS_PREFIX = "alias/"
RESERVED_ALIAS_PREFIX = "alias/aws/"


class Ref(NamedTuple):
    kind: str                   # "key" or "alias"
    name: str                   # key ID, or alias name with its "alias/" prefix
    account: str | None = None  # set when the caller gave an ARN
    region: str | None = None
    text: str = ""              # as the caller wrote it


def parse(value: str) -> Ref | None:
    """The reference ``value`` makes, or None when it is no key or alias identifier at all."""
    if value.startswith("arn:"):
        m = _ARN.match(value)
        if m is None:
            return None
        _, region, account, kind, rest = m.groups()
        name = rest if kind == "key" else ALIAS_PREFIX + rest
        return Ref(kind, name, account, region, value)
    if value.startswith(ALIAS_PREFIX):
        return Ref("alias", value, text=value)
    return Ref("key", value, text=value)


def is_predefined_alias(alias_name: str) -> bool:
    """An ``alias/aws/<service>`` name, which names the service's AWS managed key."""
    rest = alias_name[len(RESERVED_ALIAS_PREFIX):] if alias_name.startswith(RESERVED_ALIAS_PREFIX) else ""
    return bool(rest) and all(c.isalnum() or c == "-" for c in rest)


def is_key_id(value: str) -> bool:
    return _KEY_ID.match(value) is not None


def new_key_id(multi_region: bool = False) -> str:
    if multi_region:
        return "mrk-" + uuid.uuid4().hex
    return str(uuid.uuid4())


def new_material_id() -> str:
    return secrets.token_hex(32)


def key_arn(region: str, account: str, key_id: str) -> str:
    return f"arn:{partition(region)}:kms:{region}:{account}:key/{key_id}"


def alias_arn(region: str, account: str, alias_name: str) -> str:
    return f"arn:{partition(region)}:kms:{region}:{account}:{alias_name}"


def root_arn(region: str, account: str) -> str:
    return f"arn:{partition(region)}:iam::{account}:root"
