"""Where each statement of a policy document sits in its text, as line and column, for the
policy simulator's MatchedStatements (StartPosition / EndPosition)."""
from __future__ import annotations

import json
from functools import lru_cache

_DECODER = json.JSONDecoder()
_WS = " \t\r\n"


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS:
        i += 1
    return i


def _value_end(text: str, i: int) -> int:
    return _DECODER.raw_decode(text, i)[1]


def _line_col(text: str, index: int) -> dict:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return {"Line": line, "Column": column}


@lru_cache(maxsize=256)
def statement_positions(text: str) -> tuple:
    """((StartPosition, EndPosition), ...) per statement, in document order: the statement's
    opening brace and the character after its closing brace, 1-based. Empty when the text
    cannot be read (positions are then left out)."""
    try:
        return tuple((_line_col(text, a), _line_col(text, b)) for a, b in _statement_spans(text))
    except (ValueError, IndexError):
        return ()


def _statement_spans(text: str) -> list[tuple[int, int]]:
    i = _skip_ws(text, 0)
    if text[i] != "{":
        raise ValueError("not an object")
    i += 1
    spans: list[tuple[int, int]] = []
    while True:
        i = _skip_ws(text, i)
        if text[i] == "}":
            return spans
        if text[i] == ",":
            i += 1
            continue
        key, i = json.decoder.scanstring(text, i + 1)
        i = _skip_ws(text, i)
        if text[i] != ":":
            raise ValueError("expected ':'")
        i = _skip_ws(text, i + 1)
        end = _value_end(text, i)
        if key == "Statement":
            spans = _elements(text, i) if text[i] == "[" else [(i, end)]
        i = end


def _elements(text: str, i: int) -> list[tuple[int, int]]:
    spans = []
    i += 1
    while True:
        i = _skip_ws(text, i)
        if text[i] == "]":
            return spans
        if text[i] == ",":
            i += 1
            continue
        end = _value_end(text, i)
        spans.append((i, end))
        i = end
