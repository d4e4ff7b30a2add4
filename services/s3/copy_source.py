"""``x-amz-copy-source``: ``[/]bucket/key[?versionId=id]``, the bucket and key URL-encoded.

A literal ``?`` inside a key arrives as ``%3F``, so the first raw ``?`` starts the query.
"""
from __future__ import annotations

from urllib.parse import parse_qs, unquote

from iamulator.services.s3.errors import invalid_argument

_MUST_NAME_BOTH = "Copy Source must mention the source bucket and key: sourcebucket/sourcekey"


def parse(value: str) -> tuple[str, str, str | None]:
    """(bucket, key, version id or None)."""
    raw_path, _, raw_query = value.partition("?")
    version_id = None
    if raw_query:
        version_id = parse_qs(raw_query, keep_blank_values=True).get("versionId", [None])[0]
        if version_id == "":
            raise invalid_argument("Version id cannot be the empty string", "versionId", "")
    path = unquote(raw_path)
    if path.startswith("/"):
        path = path[1:]
    bucket, slash, key = path.partition("/")
    if not bucket or not slash or not key:
        raise invalid_argument(_MUST_NAME_BOTH, "x-amz-copy-source", value)
    return bucket, key, version_id
