"""Validating a pattern and building its matcher.

A pattern is a JSON object whose keys name event fields: a nested object matches a nested
field; an array lists the values (or matching forms) of which any may match. ``$or`` holds
alternatives. An event field holding an array matches when any of its elements does.
"""
from __future__ import annotations

import functools
import json

from iamulator.services.events.errors import invalid_pattern
from iamulator.services.events.patterns.matchers import OPERATORS, exact

_MISSING = object()


class Pattern:
    __slots__ = ("text", "_match")

    def __init__(self, text: str, match):
        self.text = text
        self._match = match

    def matches(self, event: dict) -> bool:
        return self._match(event)


@functools.lru_cache(maxsize=1024)
def compile_pattern(text: str) -> Pattern:
    try:
        doc = json.loads(text)
    except (ValueError, TypeError) as err:
        raise invalid_pattern(f"Filter is not valid JSON: {err}") from None
    if not isinstance(doc, dict):
        raise invalid_pattern("Filter is not an object")
    return Pattern(text, _object(doc, top=True))


def _object(doc: dict, top: bool = False):
    fields, alternatives = [], []
    for key, spec in doc.items():
        if key == "$or":
            if not isinstance(spec, list) or len(spec) < 2 or not all(isinstance(s, dict) for s in spec):
                raise invalid_pattern("Or relationship must be an array of at least 2 objects")
            alternatives.append([_object(s) for s in spec])
        elif isinstance(spec, dict):
            if not spec:
                raise invalid_pattern(f'Empty objects are not allowed as the value of "{key}"')
            fields.append((key, _nested(_object(spec))))
        elif isinstance(spec, list):
            fields.append((key, _leaf(key, spec)))
        else:
            raise invalid_pattern(f'"{key}" must be an object or an array')
    if top and not fields and not alternatives:
        return lambda event: True

    def match(obj) -> bool:
        for key, test in fields:
            if not test(obj.get(key, _MISSING) if isinstance(obj, dict) else _MISSING):
                return False
        for group in alternatives:
            if not any(alternative(obj) for alternative in group):
                return False
        return True
    return match


def _nested(match):
    def test(value) -> bool:
        if value is _MISSING or value is None:
            return match({})
        if isinstance(value, dict):
            return match(value)
        if isinstance(value, list):
            return any(isinstance(v, dict) and match(v) for v in value)
        return False
    return test


def _flatten(value) -> list:
    if isinstance(value, list):
        out = []
        for v in value:
            out.extend(_flatten(v))
        return out
    return [value]


def _leaf(key: str, spec: list):
    if not spec:
        raise invalid_pattern(f'Empty arrays are not allowed: "{key}"')
    value_tests, exists = [], None
    for item in spec:
        if isinstance(item, dict):
            if len(item) != 1:
                raise invalid_pattern(f"Only one key allowed in match expression: {json.dumps(item)}")
            (op, arg), = item.items()
            if op == "exists":
                if not isinstance(arg, bool):
                    raise invalid_pattern("exists match pattern must be either true or false.")
                exists = arg
                continue
            maker = OPERATORS.get(op)
            if maker is None:
                raise invalid_pattern(f"Unrecognized match type {op}")
            value_tests.append(maker(arg))
        elif isinstance(item, list):
            raise invalid_pattern(f'Match value must be String, number, true, false, or null: "{key}"')
        else:
            value_tests.append(exact(item))

    def test(value) -> bool:
        if value is _MISSING:
            return exists is False
        if isinstance(value, dict):
            return False          # matching forms apply to leaf values only
        if exists is True:
            return True
        candidates = _flatten(value)
        return any(t(v) for t in value_tests for v in candidates)
    return test
