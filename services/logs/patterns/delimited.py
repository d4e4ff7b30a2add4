"""``[a, b, ..., c = 4*]`` patterns over space-delimited messages.

A message splits at spaces into fields, except that text in double quotes or square brackets is
one field (without its quotes or brackets). Each pattern element names the field at its position
and may add conditions (``status = 4* || status = 5*``); ``...`` stands for any number of fields.
Without ``...`` the message must have exactly as many fields as the pattern has elements.
"""
from __future__ import annotations

import re

from iamulator.services.logs.patterns.conditions import MISSING, Parser, bad, tokenize

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
ELLIPSIS = "..."


def split_fields(message: str) -> list[str]:
    fields, i, n = [], 0, len(message)
    while i < n:
        c = message[i]
        if c == " ":
            i += 1
            continue
        closer = {'"': '"', "[": "]"}.get(c)
        if closer is not None:
            end = message.find(closer, i + 1)
            if end >= 0:
                fields.append(message[i + 1:end])
                i = end + 1
                continue
        end = message.find(" ", i)
        end = n if end < 0 else end
        fields.append(message[i:end])
        i = end
    return fields


def _split_elements(body: str) -> list[str]:
    """The pattern's comma-separated elements (commas inside quotes or %regex% do not count)."""
    parts, current, quote = [], [], None
    for c in body:
        if quote:
            current.append(c)
            if c == quote:
                quote = None
        elif c in '"%':
            quote = c
            current.append(c)
        elif c == ",":
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(c)
    parts.append("".join(current).strip())
    return parts


def _align(elements: list, fields: list[str]) -> dict | None:
    """Field values by element name when the fields fit the elements, else None."""
    names: dict = {}

    def fit(e: int, f: int) -> bool:
        if e == len(elements):
            return f == len(fields)
        name = elements[e]
        if name == ELLIPSIS:
            return any(fit(e + 1, k) for k in range(len(fields), f - 1, -1))
        if f >= len(fields):
            return False
        if name is not None:
            names[name] = fields[f]
        return fit(e + 1, f + 1)

    return names if fit(0, 0) else None


def compile_delimited(text: str):
    if not text.endswith("]"):
        raise bad("a space-delimited pattern must end with ]")
    elements, conditions = [], []
    raw = _split_elements(text[1:-1])
    if raw == [""]:
        raise bad("empty space-delimited pattern")
    names = set()
    for part in raw:
        if part == ELLIPSIS:
            elements.append(ELLIPSIS)
            continue
        if not part:
            raise bad("empty field in a space-delimited pattern")
        tokens = tokenize(part)
        head = tokens[0]
        if head[0] == "(":
            head = next((t for t in tokens if t[0] == "word"), (None, None))
        name = head[1]
        if head[0] != "word" or not _NAME.match(name):
            raise bad(f"invalid field name {name}")
        elements.append(name)
        names.add(name)
        if len(tokens) > 1:
            def reference(word: str):
                if word not in names and word != name:
                    raise bad(f"unknown field {word}")
                return lambda values, word=word: [values.get(word, MISSING)]
            conditions.append(Parser(tokens, reference).parse())

    def matches(message: str) -> bool:
        values = _align(elements, split_fields(message))
        if values is None:
            return False
        return all(c(values) for c in conditions)

    def value(message: str, selector: str):
        values = _align(elements, split_fields(message))
        if values is None or not selector.startswith("$"):
            return None
        return values.get(selector[1:])

    def fields(message: str) -> dict:
        values = _align(elements, split_fields(message))
        return {f"${k}": v for k, v in (values or {}).items()}

    return matches, value, fields
