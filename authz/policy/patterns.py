"""Wildcards and policy variables in policy strings.

A policy string is read once into tokens: literal text, ``*``, ``?`` and ``${variable}``
references. Strings without variables become a matcher at compile time; strings with
variables are substituted per request and the resulting matcher is cached, so a
variable-bearing pattern costs one substitution and one cache lookup per evaluation.

Substituted values are literal: a user named ``a*`` does not become a wildcard. That is
why ``${*}``, ``${?}`` and ``${$}`` exist in the language: they are the only way to put a
literal ``*``, ``?`` or ``$`` where it would otherwise be read as syntax.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Optional

Matcher = Callable[[str], bool]
# Resolves a lowercased context key to its single value, or None when the key is
# absent or holds several values (multivalued keys cannot be policy variables).
Resolver = Callable[[str], Optional[str]]

STAR = ("*",)
QMARK = ("?",)

# ${key} or ${key, 'default'}; the key may contain ':' and '/' (aws:PrincipalTag/team).
_VAR = re.compile(r"\$\{([^{}',]*?)\s*(?:,\s*'([^']*)'\s*)?\}")
_LITERAL_VARS = {"*": "*", "?": "?", "$": "$"}


def _always(_: str) -> bool:
    return True


def tokenize(text: str, variables: bool, wildcards: bool) -> tuple:
    """Split ``text`` into ``("lit", s)``, STAR, QMARK and ``("var", key_lower, key, default)``.

    Adjacent literal pieces are merged so that the common case is a single literal.
    """
    out: list = []

    def lit(s: str) -> None:
        if not s:
            return
        if out and out[-1][0] == "lit":
            out[-1] = ("lit", out[-1][1] + s)
        else:
            out.append(("lit", s))

    def plain(s: str) -> None:
        if not wildcards:
            lit(s)
            return
        start = 0
        for i, ch in enumerate(s):
            if ch == "*" or ch == "?":
                lit(s[start:i])
                out.append(STAR if ch == "*" else QMARK)
                start = i + 1
        lit(s[start:])

    if variables and "${" in text:
        pos = 0
        for m in _VAR.finditer(text):
            plain(text[pos:m.start()])
            name = m.group(1).strip()
            if name in _LITERAL_VARS and m.group(2) is None:
                lit(_LITERAL_VARS[name])
            elif name:
                out.append(("var", name.lower(), name, m.group(2)))
            else:
                plain(m.group(0))
            pos = m.end()
        plain(text[pos:])
    else:
        plain(text)
    return tuple(out)


def var_keys(tokens: tuple) -> list[str]:
    return [t[2] for t in tokens if t[0] == "var"]


def substitute(tokens: tuple, resolve: Resolver) -> tuple | None:
    """Replace variables by literal values; None when one cannot be resolved."""
    out: list = []
    for t in tokens:
        if t[0] == "var":
            value = resolve(t[1])
            if value is None:
                value = t[3]
                if value is None:
                    return None
            t = ("lit", value)
        if t[0] == "lit" and out and out[-1][0] == "lit":
            out[-1] = ("lit", out[-1][1] + t[1])
        else:
            out.append(t)
    return tuple(out)


def literal_text(tokens: tuple) -> str | None:
    """The text of a token run with no wildcards, else None."""
    if not tokens:
        return ""
    if len(tokens) == 1 and tokens[0][0] == "lit":
        return tokens[0][1]
    return None


@lru_cache(maxsize=8192)
def matcher(tokens: tuple) -> Matcher:
    """A whole-string matcher for a substituted token run (no variables)."""
    text = literal_text(tokens)
    if text is not None:
        return text.__eq__
    if tokens == (STAR,):
        return _always
    if QMARK not in tokens:
        stars = tokens.count(STAR)
        if stars == 1:
            if tokens[-1] == STAR and len(tokens) == 2:
                prefix = tokens[0][1]
                return lambda s: s.startswith(prefix)
            if tokens[0] == STAR and len(tokens) == 2:
                suffix = tokens[1][1]
                return lambda s: s.endswith(suffix)
            if len(tokens) == 3 and tokens[1] == STAR:
                pre, suf = tokens[0][1], tokens[2][1]
                need = len(pre) + len(suf)
                return lambda s: len(s) >= need and s.startswith(pre) and s.endswith(suf)
    parts = []
    for t in tokens:
        if t == STAR:
            parts.append(".*")
        elif t == QMARK:
            parts.append(".")
        else:
            parts.append(re.escape(t[1]))
    fullmatch = re.compile("".join(parts), re.DOTALL).fullmatch
    return lambda s: fullmatch(s) is not None


def glob(pattern: str) -> Matcher:
    """A matcher for a plain wildcard pattern without variables."""
    return matcher(tokenize(pattern, variables=False, wildcards=True))


# --- ARNs -----------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def split_arn(value: str) -> tuple | None:
    """The six colon-separated parts of an ARN, or None if ``value`` is not ARN-shaped."""
    parts = value.split(":", 5)
    if len(parts) == 6:
        return tuple(parts)
    return None


def _split_segments(tokens: tuple) -> list[tuple]:
    """Split a token run on its first five literal colons (partition...account)."""
    segments: list[list] = [[]]
    for t in tokens:
        if t[0] == "lit" and len(segments) < 6 and ":" in t[1]:
            pieces = t[1].split(":", 6 - len(segments))
            for i, piece in enumerate(pieces):
                if i:
                    segments.append([])
                if piece:
                    segments[-1].append(("lit", piece))
        else:
            segments[-1].append(t)
    return [tuple(s) for s in segments]


class ArnPattern:
    """A Resource / NotResource entry, or an ArnLike condition value.

    An ARN pattern is matched one colon-separated segment at a time for partition,
    service, region and account, so ``*`` there never crosses a colon; the last segment
    of the pattern (normally the resource part) is matched against the rest of the
    value, and its wildcards do cross ``:`` and ``/``. A pattern with no colon at all
    (``*``) is matched against the whole string.
    """

    __slots__ = ("text", "tokens", "segments", "static", "keys")

    def __init__(self, text: str, variables: bool):
        self.text = text
        self.tokens = tokenize(text, variables, wildcards=True)
        self.keys = var_keys(self.tokens)
        self.segments = _split_segments(self.tokens)
        self.static: Callable | None = None
        if not self.keys:
            self.static = _build(self.segments)

    def match(self, value: str, parts: tuple | None, resolve: Resolver | None) -> bool | None:
        """True/False, or None when a variable in the pattern cannot be resolved.

        ``parts`` is ``split_arn(value)``, passed in so a request splits its ARN once.
        """
        if self.static is not None:
            return self.static(value, parts)
        tokens = substitute(self.tokens, resolve) if resolve else None
        if tokens is None:
            return None
        return _dynamic(tokens)(value, parts)


def _build(segments: list[tuple]) -> Callable:
    count = len(segments)
    if count == 1:
        whole = matcher(segments[0])
        return lambda value, parts: whole(value)
    seg = [matcher(s) for s in segments]
    if count == 6:
        m0, m1, m2, m3, m4, m5 = seg

        def match(value: str, parts: tuple | None) -> bool:
            if parts is None:
                return False
            return (m2(parts[2]) and m5(parts[5]) and m4(parts[4]) and m3(parts[3])
                    and m1(parts[1]) and m0(parts[0]))
        return match

    def short(value: str, parts: tuple | None) -> bool:
        pieces = value.split(":", count - 1)
        return len(pieces) == count and all(m(x) for m, x in zip(seg, pieces))
    return short


@lru_cache(maxsize=4096)
def _dynamic(tokens: tuple) -> Callable:
    return _build(_split_segments(tokens))
