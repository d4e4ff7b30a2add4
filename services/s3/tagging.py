"""The ``x-amz-tagging`` header: object tags as a URL query string, ``k1=v1&k2=v2``."""
from __future__ import annotations

from urllib.parse import parse_qsl

from iamulator.services.errors import AWSError

MAX_TAGS = 10
MAX_KEY = 128
MAX_VALUE = 256


def _invalid(message: str, **fields) -> AWSError:
    return AWSError("InvalidTag", message, 400, **fields)


def parse_header(value: str | None) -> dict[str, str]:
    if not value:
        return {}
    tags: dict[str, str] = {}
    for key, val in parse_qsl(value, keep_blank_values=True):
        if key in tags:
            raise _invalid("Cannot provide multiple Tags with the same key", TagKey=key)
        if not key or len(key) > MAX_KEY:
            raise _invalid("The TagKey you have provided is invalid", TagKey=key)
        if len(val) > MAX_VALUE:
            raise _invalid("The TagValue you have provided is invalid", TagKey=key, TagValue=val)
        tags[key] = val
    if len(tags) > MAX_TAGS:
        raise AWSError("BadRequest", "Object tags cannot be greater than 10", 400)
    return tags
