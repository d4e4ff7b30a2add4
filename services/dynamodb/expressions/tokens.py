"""The lexer shared by every DynamoDB expression kind (condition, projection, key, update)."""
from __future__ import annotations

import re

from iamulator.services.dynamodb.expressions.errors import ExpressionError

NAME = "name"            # attr, begins_with, AND ...
NAME_REF = "#"           # #placeholder
VALUE_REF = ":"          # :placeholder
NUMBER = "number"        # list index digits
OP = "op"                # punctuation and comparators
EOF = "eof"

KEYWORDS = frozenset({"AND", "OR", "NOT", "BETWEEN", "IN"})

# One pattern, tried at each position; anything else is a one-character token that the
# parser will reject, which is how DynamoDB reports e.g. "_" or "-" in a name.
_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<name>[A-Za-z][A-Za-z0-9_]*)"
    r"|(?P<ref>[#:][A-Za-z0-9_]+)"
    r"|(?P<number>[0-9]+)"
    r"|(?P<op><>|<=|>=|[=<>(),.\[\]+\-])"
)


class Token:
    __slots__ = ("kind", "text", "start", "end")

    def __init__(self, kind, text, start, end):
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end

    @property
    def keyword(self) -> str | None:
        if self.kind == NAME:
            up = self.text.upper()
            if up in KEYWORDS:
                return up
        return None

    def __repr__(self):
        return f"Token({self.kind}, {self.text!r})"


def tokenize(source: str) -> list[Token]:
    tokens = []
    pos, n = 0, len(source)
    match = _TOKEN.match
    while pos < n:
        m = match(source, pos)
        if m is None:
            tokens.append(Token("bad", source[pos], pos, pos + 1))
            pos += 1
            continue
        kind = m.lastgroup
        end = m.end()
        if kind != "ws":
            text = m.group()
            if kind == "ref":
                kind = text[0]
            tokens.append(Token(kind, text, pos, end))
        pos = end
    tokens.append(Token(EOF, "<EOF>", n, n))
    return tokens


def syntax_error(source: str, tokens: list[Token], index: int) -> ExpressionError:
    """DynamoDB's wording: the offending token and the text from the token before to the one after."""
    tok = tokens[index]
    first = tokens[index - 1] if index > 0 else tok
    last = tokens[index + 1] if index + 1 < len(tokens) and tokens[index + 1].kind != EOF else tok
    near = source[first.start:max(last.end, tok.end)]
    return ExpressionError(f'Syntax error; token: "{tok.text}", near: "{near}"')
