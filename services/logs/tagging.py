"""Tags on log groups, by ARN (TagResource and friends) or by name (the legacy TagLogGroup)."""
from __future__ import annotations

from iamulator.services.errors import AWSError
from iamulator.services.logs.errors import invalid

MAX_TAGS = 50


def add(current: dict, tags: dict) -> None:
    for key in tags:
        if key.startswith("aws:"):
            raise invalid("Tags that begin with aws: are reserved for AWS use.")
    merged = {**current, **tags}
    if len(merged) > MAX_TAGS:
        raise AWSError("TooManyTagsException", f"A resource can have no more than {MAX_TAGS} tags.")
    current.clear()
    current.update(merged)


def remove(current: dict, keys) -> None:
    for key in keys or ():
        current.pop(key, None)
