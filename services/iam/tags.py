"""Tags on IAM users, roles, policies and instance profiles.

IAM treats tag keys case-insensitively (a resource cannot carry both ``Env`` and ``env``) and
keeps the spelling last written.
"""
from __future__ import annotations

from iamulator.services.iam.errors import invalid_input, limit_exceeded

MAX_TAGS = 50


class Tags:
    __slots__ = ("_items",)

    def __init__(self):
        self._items: dict[str, tuple[str, str]] = {}

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def as_list(self) -> list[dict]:
        return [{"Key": k, "Value": v} for k, v in self._items.values()]

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in self._items.values()}

    def merge(self, tags: list[dict] | None) -> None:
        """Add or overwrite ``tags`` (already validated with ``check``)."""
        for tag in tags or ():
            self._items[tag["Key"].lower()] = (tag["Key"], tag.get("Value", ""))

    def remove(self, keys: list[str]) -> None:
        for key in keys or ():
            self._items.pop(key.lower(), None)

    def check(self, tags: list[dict] | None) -> None:
        """Refuse duplicate keys in one request and a total above the quota."""
        if not tags:
            return
        seen = set()
        for tag in tags:
            key = tag["Key"].lower()
            if key in seen:
                raise invalid_input("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
            seen.add(key)
        if len(seen | set(self._items)) > MAX_TAGS:
            raise limit_exceeded(f"The number of tags has reached the maximum limit of {MAX_TAGS}.")


def new_tags(tags: list[dict] | None) -> Tags:
    t = Tags()
    t.check(tags)
    t.merge(tags)
    return t
