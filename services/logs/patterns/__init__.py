"""CloudWatch Logs filter patterns, as FilterLogEvents, metric filters and subscription filters
read them: terms (``ERROR "exact phrase" ?WARN -DEBUG``), regular expressions (``%a|b%``),
JSON conditions (``{ $.level = "error" && $.latency > 500 }``) and space-delimited fields
(``[ip, user, ..., status = 4*, bytes > 1000]``).

``compile_pattern(text)`` returns a ``Pattern`` (compiled once per distinct text) or raises
``InvalidParameterException`` as the service does for a pattern it cannot parse.
"""
from __future__ import annotations

import functools

from iamulator.services.logs.errors import invalid


class Pattern:
    """A compiled filter pattern: ``matches(message)`` and, for metric filters, ``value(message, selector)``."""

    __slots__ = ("text", "kind", "matches", "_value", "_fields")

    def __init__(self, text: str, kind: str, matches, value=None, fields=None):
        self.text = text
        self.kind = kind            # "all", "terms", "json", "delimited"
        self.matches = matches
        self._value = value
        self._fields = fields

    def value(self, message: str, selector: str):
        """The value a metric filter's ``$.field`` / ``$name`` selector reads from a matching message."""
        return self._value(message, selector) if self._value is not None else None

    def fields(self, message: str) -> dict:
        """The named fields of a space-delimited pattern in a message, as ``{"$name": value}``."""
        return self._fields(message) if self._fields is not None else {}


def _match_all(message: str) -> bool:
    return True


@functools.lru_cache(maxsize=512)
def compile_pattern(text: str | None) -> Pattern:
    stripped = (text or "").strip()
    if not stripped or stripped == '""':
        return Pattern(text or "", "all", _match_all)
    if stripped[0] == "{":
        from iamulator.services.logs.patterns import json_pattern
        matches, value = json_pattern.compile_json(stripped)
        return Pattern(text, "json", matches, value)
    if stripped[0] == "[":
        from iamulator.services.logs.patterns import delimited
        matches, value, fields = delimited.compile_delimited(stripped)
        return Pattern(text, "delimited", matches, value, fields)
    from iamulator.services.logs.patterns import terms
    return Pattern(text, "terms", terms.compile_terms(stripped))


def invalid_pattern(detail: str = ""):
    return invalid("Invalid filter pattern" + (f": {detail}" if detail else "") + ".")
