"""EC2's ``Filters``: every filter must match (AND), any of a filter's values may (OR).

Values are case-sensitive and may use ``*`` (any run of characters) and ``?`` (exactly one), with
a backslash escaping either. A resource type supplies ``getters``: filter name -> function
returning the resource's value (a string, a list of strings, or None); ``tag:<key>``,
``tag-key`` and ``tag-value`` work for every resource with a ``tags`` dict.
"""
from __future__ import annotations

import functools
import re
from typing import Callable, Iterable

from iamulator.services.ec2.errors import invalid_value


@functools.lru_cache(maxsize=4096)
def value_matcher(pattern: str) -> Callable[[str], bool]:
    if "*" not in pattern and "?" not in pattern and "\\" not in pattern:
        return pattern.__eq__
    out = []
    chars = iter(pattern)
    for ch in chars:
        if ch == "\\":
            out.append(re.escape(next(chars, "\\")))
        elif ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        else:
            out.append(re.escape(ch))
    regex = re.compile("".join(out), re.DOTALL)
    return lambda value: regex.fullmatch(value) is not None


def _tag_value(key: str):
    return lambda resource: resource.tags.get(key)


def _tag_keys(resource):
    return list(resource.tags)


def _tag_values(resource):
    return list(resource.tags.values())


def compile_filters(filters: Iterable[dict] | None, getters: dict) -> list:
    """Resolves filter names once per request; unknown names are EC2's InvalidParameterValue."""
    compiled = []
    for f in filters or ():
        name = f.get("Name") or ""
        if name.startswith("tag:"):
            getter = _tag_value(name[4:])
        elif name == "tag-key":
            getter = _tag_keys
        elif name == "tag-value":
            getter = _tag_values
        else:
            getter = getters.get(name)
            if getter is None:
                raise invalid_value(f"The filter '{name}' is invalid")
        compiled.append((getter, [value_matcher(str(v)) for v in f.get("Values") or ()]))
    return compiled


def matches(resource, compiled: list) -> bool:
    for getter, matchers in compiled:
        value = getter(resource)
        if value is None:
            return False
        values = (value,) if isinstance(value, str) else value
        if not any(m(v) for v in values for m in matchers):
            return False
    return True
