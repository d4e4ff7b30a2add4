"""The condition language JSON and space-delimited patterns share: comparisons joined by ``&&``
and ``||`` with parentheses, e.g. ``$.status = 4* && $.latency > 500`` or ``bytes != 0``.

A comparison's left side is a reference (a ``$.json.path`` or a delimited field name) that the
caller resolves to candidate values; it holds when any candidate satisfies it. Literals are
quoted strings, bare words (numbers compare numerically; ``*`` is a wildcard in strings) or
``%regex%``. ``IS TRUE``, ``IS FALSE``, ``IS NULL`` and ``NOT EXISTS`` test JSON values.
"""
from __future__ import annotations

import math
import re

from iamulator.services.logs.errors import invalid
from iamulator.services.logs.patterns.regex import compile_regex
from iamulator.services.logs.patterns.terms import _read_quoted

_STOP = set(" \t\r\n=!<>()&|,")
_OPS = ("!=", "<=", ">=", "=", "<", ">")
MISSING = object()


def bad(detail: str):
    return invalid(f"Invalid filter pattern: {detail}")


def tokenize(text: str) -> list[tuple[str, object]]:
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            out.append((c, c))
            i += 1
        elif text.startswith("&&", i) or text.startswith("||", i):
            out.append((text[i:i + 2], text[i:i + 2]))
            i += 2
        elif c in "=!<>":
            for op in _OPS:
                if text.startswith(op, i):
                    out.append(("op", op))
                    i += len(op)
                    break
            else:
                raise bad(f"unexpected '{c}'")
        elif c == '"':
            value, i = _read_quoted(text, i)
            out.append(("str", value))
        elif c == "%":
            end = text.find("%", i + 1)
            if end < 0:
                raise bad("unterminated regular expression")
            out.append(("regex", compile_regex(text[i + 1:end])))
            i = end + 1
        else:
            start = i
            while i < n and text[i] not in _STOP:
                i += 1
            if start == i:
                raise bad(f"unexpected '{c}'")
            out.append(("word", text[start:i]))
    return out


def _number(value):
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _wildcard(literal: str):
    if "*" not in literal:
        return lambda s: s == literal
    rx = re.compile("".join(".*" if part == "*" else re.escape(part)
                            for part in re.split(r"(\*)", literal)) + r"\Z", re.S)
    return lambda s: rx.match(s) is not None


_NUMERIC = {
    "=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


def comparison(op: str, kind: str, literal):
    """A test of one candidate value (``MISSING`` when the reference resolves to nothing)."""
    if kind == "regex":
        if op not in ("=", "!="):
            raise bad(f"operator {op} cannot compare with a regular expression")
        search = literal.search

        def test(value):
            text = _text(value) if value is not MISSING else None
            if text is None:
                return False
            return (search(text) is not None) == (op == "=")
        return test
    number = _number(literal) if kind == "word" else None
    if number is not None:
        compare = _NUMERIC[op]

        def test(value):
            if value is MISSING:
                return False
            got = _number(value)
            return got is not None and compare(got, number)
        return test
    if op not in ("=", "!="):
        raise bad(f"operator {op} needs a numeric value, got {literal}")
    equal = _wildcard(literal)

    def test(value):
        if value is MISSING:
            return False
        text = _text(value)
        if text is None:
            return op == "!=" and value is not None
        return equal(text) == (op == "=")
    return test


_STATES = {
    "TRUE": lambda v: v is True,
    "FALSE": lambda v: v is False,
    "NULL": lambda v: v is None,
}


class Parser:
    """Recursive descent over the tokens; ``reference(word)`` validates and compiles the left side
    of a comparison into a function message-context -> list of candidate values."""

    def __init__(self, tokens, reference):
        self.tokens = tokens
        self.i = 0
        self.reference = reference

    def peek(self, offset: int = 0):
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        if token[0] is None:
            raise bad("unexpected end of pattern")
        self.i += 1
        return token

    def parse(self):
        node = self.either()
        if self.i != len(self.tokens):
            raise bad(f"unexpected '{self.peek()[1]}'")
        return node

    def either(self):
        parts = [self.both()]
        while self.peek()[0] == "||":
            self.take()
            parts.append(self.both())
        if len(parts) == 1:
            return parts[0]
        return lambda ctx: any(p(ctx) for p in parts)

    def both(self):
        parts = [self.primary()]
        while self.peek()[0] == "&&":
            self.take()
            parts.append(self.primary())
        if len(parts) == 1:
            return parts[0]
        return lambda ctx: all(p(ctx) for p in parts)

    def primary(self):
        kind, value = self.take()
        if kind == "(":
            node = self.either()
            if self.take()[0] != ")":
                raise bad("missing ')'")
            return node
        if kind != "word":
            raise bad(f"expected a field, got '{value}'")
        resolve = self.reference(value)
        kind, op = self.take()
        if kind == "word" and op.upper() == "IS":
            state = self.take()[1]
            check = _STATES.get(str(state).upper())
            if check is None:
                raise bad(f"IS must be followed by TRUE, FALSE or NULL, got {state}")
            return lambda ctx: any(v is not MISSING and check(v) for v in resolve(ctx))
        if kind == "word" and op.upper() == "NOT":
            if str(self.take()[1]).upper() != "EXISTS":
                raise bad("NOT must be followed by EXISTS")
            return lambda ctx: all(v is MISSING for v in resolve(ctx))
        if kind == "word" and op.upper() == "EXISTS":
            return lambda ctx: any(v is not MISSING for v in resolve(ctx))
        if kind != "op":
            raise bad(f"expected a comparison operator after {value}")
        lit_kind, literal = self.take()
        if lit_kind not in ("str", "word", "regex"):
            raise bad(f"expected a value after {op}")
        test = comparison(op, lit_kind, literal)

        def holds(ctx) -> bool:
            for value in resolve(ctx):
                if test(value):
                    return True
            return False
        return holds
