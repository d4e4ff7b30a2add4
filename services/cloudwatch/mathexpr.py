"""Metric math for GetMetricData and alarms: arithmetic (+ - * / ^, unary minus, parentheses) on
time series and numbers, arrays ``[m1, m2]``, and the functions ABS, CEIL, FLOOR, SUM, AVG, MIN,
MAX, STDDEV, FILL, RATE, DIFF, METRICS, PERIOD and TIME_SERIES.

A time series is a dict {timestamp: value}; arithmetic between two series keeps the timestamps
both have. Aggregates over an array give a series (per timestamp); over one series, a number.
"""
from __future__ import annotations

import math
import re

from iamulator.services.errors import AWSError

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)"
                    r"|(\"[^\"]*\"|'[^']*')|(.))")


class MathError(Exception):
    pass


class Array(list):
    """An array of (label, series) pairs."""


def tokenize(text: str) -> list[tuple[str, object]]:
    out, i = [], 0
    while i < len(text):
        m = _TOKEN.match(text, i)
        if m is None or m.end() == i:
            break
        i = m.end()
        number, name, string, other = m.groups()
        if number is not None:
            out.append(("num", float(number)))
        elif name is not None:
            out.append(("name", name))
        elif string is not None:
            out.append(("str", string[1:-1]))
        elif other is not None and not other.isspace():
            if other not in "+-*/^()[],":
                raise MathError(f"Unexpected character {other}")
            out.append((other, other))
    return out


class Parser:
    def __init__(self, text: str):
        self.tokens = tokenize(text)
        self.i = 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, kind=None):
        token = self.peek()
        if token[0] is None or (kind is not None and token[0] != kind):
            raise MathError(f"Expected {kind or 'more input'} but found {token[1] if token[0] else 'end of input'}")
        self.i += 1
        return token

    def parse(self):
        node = self.sum()
        if self.peek()[0] is not None:
            raise MathError(f"Unexpected {self.peek()[1]}")
        return node

    def sum(self):
        node = self.product()
        while self.peek()[0] in ("+", "-"):
            op = self.take()[0]
            node = ("op", op, node, self.product())
        return node

    def product(self):
        node = self.unary()
        while self.peek()[0] in ("*", "/"):
            op = self.take()[0]
            node = ("op", op, node, self.unary())
        return node

    def unary(self):
        if self.peek()[0] == "-":
            self.take()
            return ("neg", self.unary())
        if self.peek()[0] == "+":
            self.take()
            return self.unary()
        return self.power()

    def power(self):
        node = self.primary()
        if self.peek()[0] == "^":
            self.take()
            node = ("op", "^", node, self.unary())
        return node

    def primary(self):
        kind, value = self.take()
        if kind == "num":
            return ("num", value)
        if kind == "str":
            return ("str", value)
        if kind == "(":
            node = self.sum()
            self.take(")")
            return node
        if kind == "[":
            items = [self.sum()]
            while self.peek()[0] == ",":
                self.take()
                items.append(self.sum())
            self.take("]")
            return ("array", items)
        if kind == "name":
            if self.peek()[0] == "(":
                self.take()
                args = []
                if self.peek()[0] != ")":
                    args.append(self.sum())
                    while self.peek()[0] == ",":
                        self.take()
                        args.append(self.sum())
                self.take(")")
                return ("call", value.upper(), args)
            return ("ref", value)
        raise MathError(f"Unexpected {value}")


def references(node) -> set[str]:
    if node[0] == "ref":
        return {node[1]}
    if node[0] in ("op",):
        return references(node[2]) | references(node[3])
    if node[0] == "neg":
        return references(node[1])
    if node[0] == "array":
        return set().union(*(references(n) for n in node[1]))
    if node[0] == "call":
        found = set().union(*(references(n) for n in node[2])) if node[2] else set()
        if node[1] == "FILL" and len(node[2]) == 2 and node[2][1][0] == "ref" and \
                node[2][1][1].upper() in ("REPEAT", "LINEAR"):
            found.discard(node[2][1][1])
        return found
    return set()


_BINARY = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b if b != 0 else None, "^": lambda a, b: _power(a, b),
}


def _power(a, b):
    try:
        result = a ** b
    except (OverflowError, ZeroDivisionError):
        return None
    return result if isinstance(result, float) and math.isfinite(result) else (
        float(result) if isinstance(result, (int, float)) else None)


def _apply(op, a, b):
    fn = _BINARY[op]
    if isinstance(a, Array):
        return Array((label, _apply(op, s, b)) for label, s in a)
    if isinstance(b, Array):
        return Array((label, _apply(op, a, s)) for label, s in b)
    if isinstance(a, dict) and isinstance(b, dict):
        out = {t: fn(a[t], b[t]) for t in a if t in b}
    elif isinstance(a, dict):
        out = {t: fn(v, b) for t, v in a.items()}
    elif isinstance(b, dict):
        out = {t: fn(a, v) for t, v in b.items()}
    else:
        return fn(a, b)
    return {t: v for t, v in out.items() if v is not None}


def _elementwise(value, fn):
    if isinstance(value, Array):
        return Array((label, _elementwise(s, fn)) for label, s in value)
    if isinstance(value, dict):
        return {t: fn(v) for t, v in value.items()}
    return fn(value)


def _aggregate(value, fn):
    if isinstance(value, Array):
        stamps = sorted(set().union(*(s.keys() for _, s in value if isinstance(s, dict))))
        out = {}
        for t in stamps:
            found = [s[t] for _, s in value if isinstance(s, dict) and t in s]
            found += [s for _, s in value if not isinstance(s, dict)]
            if found:
                out[t] = fn(found)
        return out
    if isinstance(value, dict):
        return fn(list(value.values())) if value else None
    return value


def _stddev(values):
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


_AGGREGATES = {"SUM": sum, "AVG": lambda v: sum(v) / len(v), "MIN": min, "MAX": max, "STDDEV": _stddev}
_UNARY = {"ABS": abs, "CEIL": lambda v: float(math.ceil(v)), "FLOOR": lambda v: float(math.floor(v))}


class Evaluator:
    """Evaluates parsed expressions against ``results`` (id -> series, the MetricStat and earlier
    expression results), ``labels`` (id -> label) and the query's time ``grid``."""

    def __init__(self, results: dict, labels: dict, stat_ids: list, grid: list[float], period: int):
        self.results = results
        self.labels = labels
        self.stat_ids = stat_ids
        self.grid = grid
        self.period = period

    def eval(self, node):
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "str":
            raise MathError("A string is only valid as an argument of METRICS")
        if kind == "ref":
            if node[1] not in self.results:
                raise MathError(f"Unrecognized identifier {node[1]}")
            return self.results[node[1]]
        if kind == "neg":
            return _elementwise(self.eval(node[1]), lambda v: -v)
        if kind == "op":
            return _apply(node[1], self.eval(node[2]), self.eval(node[3]))
        if kind == "array":
            items = Array()
            for child in node[1]:
                value = self.eval(child)
                if isinstance(value, Array):
                    items.extend(value)
                elif isinstance(value, dict):
                    items.append((self.labels.get(child[1], "") if child[0] == "ref" else "", value))
                else:
                    raise MathError("Arrays may only contain time series")
            return items
        return self.call(node[1], node[2])

    def call(self, name: str, args: list):
        if name == "METRICS":
            needle = None
            if args:
                if len(args) != 1 or args[0][0] != "str":
                    raise MathError("METRICS takes an optional string")
                needle = args[0][1]
            return Array((self.labels[i], self.results[i]) for i in self.stat_ids
                         if needle is None or needle in self.labels[i])
        if name == "FILL":
            if len(args) != 2:
                raise MathError("FILL takes two arguments")
            value = self.eval(args[0])
            how = args[1]
            if how[0] == "ref" and how[1].upper() in ("REPEAT", "LINEAR"):
                return _elementwise_series(value, lambda s: self._fill_repeat(s) if how[1].upper() == "REPEAT"
                                           else self._fill_linear(s))
            filler = self.eval(how)
            if isinstance(filler, (dict, Array)):
                raise MathError("FILL's second argument must be a number, REPEAT or LINEAR")
            return _elementwise_series(value, lambda s: {t: s.get(t, filler) for t in self.grid})
        if name == "PERIOD":
            return float(self.period)
        if name == "TIME_SERIES":
            if len(args) != 1:
                raise MathError("TIME_SERIES takes one argument")
            value = self.eval(args[0])
            if isinstance(value, (dict, Array)):
                raise MathError("TIME_SERIES takes a number")
            return {t: value for t in self.grid}
        if len(args) != 1:
            raise MathError(f"{name} takes one argument")
        value = self.eval(args[0])
        if name in _UNARY:
            return _elementwise(value, _UNARY[name])
        if name in _AGGREGATES:
            return _aggregate(value, _AGGREGATES[name])
        if name in ("RATE", "DIFF"):
            return _elementwise_series(value, lambda s: _differences(s, name == "RATE"))
        raise MathError(f"Unknown function {name}")

    def _fill_repeat(self, series: dict) -> dict:
        out, last = {}, None
        for t in self.grid:
            if t in series:
                last = series[t]
            if last is not None:
                out[t] = last
        return out

    def _fill_linear(self, series: dict) -> dict:
        known = sorted(series.items())
        out = dict(series)
        for (t0, v0), (t1, v1) in zip(known, known[1:]):
            for t in self.grid:
                if t0 < t < t1:
                    out[t] = v0 + (v1 - v0) * (t - t0) / (t1 - t0)
        return dict(sorted(out.items()))


def _elementwise_series(value, fn):
    if isinstance(value, Array):
        return Array((label, fn(s)) for label, s in value)
    if isinstance(value, dict):
        return fn(value)
    raise MathError("This function takes a time series")


def _differences(series: dict, per_second: bool) -> dict:
    items = sorted(series.items())
    out = {}
    for (t0, v0), (t1, v1) in zip(items, items[1:]):
        out[t1] = (v1 - v0) / (t1 - t0) if per_second else v1 - v0
    return out


def parse(text: str):
    try:
        return Parser(text).parse()
    except MathError:
        raise
    except (ValueError, IndexError) as err:
        raise MathError(str(err)) from None


def failure(query_id: str, err: MathError) -> AWSError:
    return AWSError("ValidationError", f"Error in expression {query_id}: {err}")
