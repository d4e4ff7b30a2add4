"""Topic tags: SNS's limits and its wording for breaking them."""
from __future__ import annotations

from iamulator.services.errors import AWSError
from iamulator.services.sns.errors import invalid, validation_error

MAX_TAGS = 50


def as_dict(tags: list | None, what: str = "tags") -> dict:
    """A request's ``[{Key, Value}]`` list as a dict, validated."""
    out: dict[str, str] = {}
    for i, tag in enumerate(tags or (), start=1):
        key = tag.get("Key")
        value = tag.get("Value")
        if key is None:
            raise validation_error(f"1 validation error detected: Value null at '{what}.{i}.member.key' failed to "
                                   "satisfy constraint: Member must not be null")
        if value is None:
            raise validation_error(f"1 validation error detected: Value null at '{what}.{i}.member.value' failed "
                                   "to satisfy constraint: Member must not be null")
        if not 1 <= len(key) <= 128:
            raise validation_error(f"1 validation error detected: Value '{key}' at '{what}.{i}.member.key' failed "
                                   "to satisfy constraint: Member must have length less than or equal to 128")
        if len(value) > 256:
            raise validation_error(f"1 validation error detected: Value '{value}' at '{what}.{i}.member.value' "
                                   "failed to satisfy constraint: Member must have length less than or equal to "
                                   "256")
        if key in out:
            raise invalid("Duplicated keys are not allowed.")
        out[key] = value
    return out


def check_count(merged: dict) -> None:
    if len(merged) > MAX_TAGS:
        raise AWSError("TagLimitExceededException", "Could not complete request: tag quota of per resource exceeded")


def as_list(tags: dict) -> list[dict]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]
