"""Term patterns for unstructured messages.

Every plain term must occur in the message (case-sensitive, anywhere in it), at least one of the
``?``-prefixed terms must occur when there are any, and no ``-``-prefixed term may occur. A term
in double quotes is an exact phrase; ``%...%`` is a regular expression searched in the message.
"""
from __future__ import annotations

from iamulator.services.logs.errors import invalid
from iamulator.services.logs.patterns.regex import compile_regex


def _read_quoted(text: str, i: int) -> tuple[str, int]:
    """The phrase starting at the opening quote ``text[i]``, and the index after its closing quote."""
    out = []
    i += 1
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if c == '"':
            return "".join(out), i + 1
        out.append(c)
        i += 1
    raise invalid("Invalid filter pattern: unterminated quoted term.")


def tokenize(text: str) -> list[tuple[str, str, object]]:
    """(prefix, kind, value) per term: prefix '' / '?' / '-', kind 'text' or 'regex'."""
    terms = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        prefix = ""
        if c in "?-" and i + 1 < n and not text[i + 1].isspace():
            prefix = c
            i += 1
            c = text[i]
        if c == '"':
            phrase, i = _read_quoted(text, i)
            terms.append((prefix, "text", phrase))
        elif c == "%":
            end = text.find("%", i + 1)
            if end < 0:
                raise invalid("Invalid filter pattern: unterminated regular expression.")
            terms.append((prefix, "regex", compile_regex(text[i + 1:end])))
            i = end + 1
        else:
            start = i
            while i < n and not text[i].isspace():
                i += 1
            terms.append((prefix, "text", text[start:i]))
    return terms


def _finder(kind: str, value):
    if kind == "regex":
        search = value.search
        return lambda message: search(message) is not None
    return lambda message: value in message


def compile_terms(text: str):
    required, optional, excluded = [], [], []
    for prefix, kind, value in tokenize(text):
        if kind == "text" and value == "":
            continue        # "" matches everything
        {"": required, "?": optional, "-": excluded}[prefix].append(_finder(kind, value))

    def matches(message: str) -> bool:
        for found in required:
            if not found(message):
                return False
        for found in excluded:
            if found(message):
                return False
        if optional:
            for found in optional:
                if found(message):
                    return True
            return False
        return True

    return matches
