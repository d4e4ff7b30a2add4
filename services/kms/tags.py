"""Tags on keys: KMS's reserved prefix and per-key quota."""
from __future__ import annotations

from iamulator.services.kms import errors

MAX_TAGS = 50
RESERVED_PREFIX = "aws:"


def merged(current: dict, requested: list | None) -> dict:
    """The tags after applying ``requested`` (a list of {TagKey, TagValue}); a later value for a
    key replaces an earlier one, as it replaces an existing tag's value."""
    result = dict(current)
    for tag in requested or ():
        key = tag["TagKey"]
        if key.lower().startswith(RESERVED_PREFIX):
            raise errors.tag_error(f"Tag key '{key}' uses the reserved prefix 'aws:'.")
        result[key] = tag.get("TagValue", "")
    if len(result) > MAX_TAGS:
        raise errors.limit_exceeded(f"A KMS key can have at most {MAX_TAGS} tags.")
    return result


def listed(tags: dict) -> list:
    return [{"TagKey": k, "TagValue": tags[k]} for k in sorted(tags)]
