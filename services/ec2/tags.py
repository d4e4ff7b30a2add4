"""Tags given at creation (``TagSpecifications``) with EC2's limits."""
from __future__ import annotations

from iamulator.services.ec2.errors import invalid_value
from iamulator.services.errors import AWSError

MAX_TAGS = 50


def tags_for(specifications, resource_type: str, allowed: frozenset) -> dict:
    """The tags ``specifications`` give resources of ``resource_type``, after checking every
    specification names a type this operation can tag."""
    tags: dict[str, str] = {}
    for spec in specifications or ():
        kind = spec.get("ResourceType")
        if kind not in allowed:
            raise invalid_value(f"'{kind}' is not a valid taggable resource type for this operation.")
        if kind != resource_type:
            continue
        for tag in spec.get("Tags") or ():
            key = tag.get("Key")
            value = tag.get("Value") or ""
            check_tag(key, value)
            tags[key] = value
    if len(tags) > MAX_TAGS:
        raise AWSError("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.")
    return tags


def check_tag(key, value: str) -> None:
    if not key:
        raise invalid_value("Tag key cannot be empty")
    if len(key) > 128:
        raise invalid_value("Tag key exceeds the maximum length of 128 characters")
    if len(value) > 256:
        raise invalid_value("Tag value exceeds the maximum length of 256 characters")
    if key.lower().startswith("aws:"):
        raise invalid_value("Tag keys starting with 'aws:' are reserved for internal use")


def tag_list(tags: dict) -> list[dict]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]
