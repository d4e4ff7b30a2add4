"""The tests a pattern's array may hold, each a function of one event value: exact values and
the ``prefix``, ``suffix``, ``anything-but``, ``numeric``, ``equals-ignore-case``, ``cidr`` and
``wildcard`` forms. (``exists`` is about the field, not a value: see ``compile``.)"""
from __future__ import annotations

import ipaddress
import re

from iamulator.services.events.errors import invalid_pattern

NUMERIC_OPERATORS = ("<", "<=", "=", ">", ">=")
# Numeric matching works on values within +/- 5.0e9 (as the service documents).
NUMERIC_LIMIT = 5.0e9


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def exact(literal):
    if literal is None:
        return lambda v: v is None
    if isinstance(literal, bool):
        return lambda v: v is literal
    if is_number(literal):
        return lambda v: is_number(v) and v == literal
    return lambda v: isinstance(v, str) and v == literal


def _string_or_ignore_case(op: str, spec):
    """prefix/suffix take a string or ``{"equals-ignore-case": string}``."""
    if isinstance(spec, str):
        return spec, False
    if isinstance(spec, dict) and list(spec) == ["equals-ignore-case"] and isinstance(spec["equals-ignore-case"], str):
        return spec["equals-ignore-case"], True
    raise invalid_pattern(f"{op} match pattern must be a string.")


def prefix(spec):
    text, fold = _string_or_ignore_case("prefix", spec)
    if fold:
        text = text.casefold()
        return lambda v: isinstance(v, str) and v.casefold().startswith(text)
    return lambda v: isinstance(v, str) and v.startswith(text)


def suffix(spec):
    text, fold = _string_or_ignore_case("suffix", spec)
    if fold:
        text = text.casefold()
        return lambda v: isinstance(v, str) and v.casefold().endswith(text)
    return lambda v: isinstance(v, str) and v.endswith(text)


def equals_ignore_case(spec):
    if not isinstance(spec, str):
        raise invalid_pattern("equals-ignore-case match pattern must be a string.")
    folded = spec.casefold()
    return lambda v: isinstance(v, str) and v.casefold() == folded


def wildcard(spec):
    if not isinstance(spec, str):
        raise invalid_pattern("wildcard match pattern must be a string.")
    parts, i = [], 0
    while i < len(spec):
        c = spec[i]
        if c == "\\" and i + 1 < len(spec) and spec[i + 1] in "*\\":
            parts.append(re.escape(spec[i + 1]))
            i += 2
            continue
        if c == "*":
            if i + 1 < len(spec) and spec[i + 1] == "*":
                raise invalid_pattern(f"Consecutive wildcard characters at pos {i + 1}")
            parts.append(".*")
        else:
            parts.append(re.escape(c))
        i += 1
    rx = re.compile("".join(parts) + r"\Z", re.S)
    return lambda v: isinstance(v, str) and rx.match(v) is not None


def cidr(spec):
    if not isinstance(spec, str):
        raise invalid_pattern("prefix match pattern must be a string.")
    try:
        network = ipaddress.ip_network(spec, strict=False)
    except ValueError:
        raise invalid_pattern(f"Nonstandard IP address: {spec}") from None

    def test(v):
        if not isinstance(v, str):
            return False
        try:
            return ipaddress.ip_address(v) in network
        except ValueError:
            return False
    return test


def numeric(spec):
    if not isinstance(spec, list) or not spec or len(spec) % 2:
        raise invalid_pattern("Value of numeric must be an array of operator and value pairs.")
    checks = []
    lower = upper = False
    for i in range(0, len(spec), 2):
        op, bound = spec[i], spec[i + 1]
        if op not in NUMERIC_OPERATORS:
            raise invalid_pattern(f"Unrecognized numeric range operator: {op}")
        if not is_number(bound):
            raise invalid_pattern(f"Value of {op} must be numeric")
        if abs(bound) > NUMERIC_LIMIT:
            raise invalid_pattern(f"Value of {op} must be between -5.0E9 and 5.0E9 inclusive")
        if op in ("<", "<="):
            if upper:
                raise invalid_pattern("Bad numeric range operator: only one upper bound is allowed")
            upper = True
        elif op in (">", ">="):
            if lower:
                raise invalid_pattern("Bad numeric range operator: only one lower bound is allowed")
            lower = True
        elif len(spec) != 2:
            raise invalid_pattern("Bad numeric range operator: = cannot be combined with other operators")
        checks.append({"<": lambda v, b=bound: v < b, "<=": lambda v, b=bound: v <= b,
                       "=": lambda v, b=bound: v == b, ">": lambda v, b=bound: v > b,
                       ">=": lambda v, b=bound: v >= b}[op])
    return lambda v: is_number(v) and all(c(v) for c in checks)


def anything_but(spec):
    if isinstance(spec, dict):
        if len(spec) != 1:
            raise invalid_pattern("Inside anything but, only one of prefix, suffix, equals-ignore-case and "
                                  "wildcard is allowed.")
        (kind, value), = spec.items()
        maker = _ANYTHING_BUT_FORMS.get(kind)
        if maker is None:
            raise invalid_pattern(f"Unsupported anything-but pattern: {kind}")
        # equals-ignore-case and wildcard may list several values; prefix and suffix take one.
        values = value if isinstance(value, list) and kind in ("equals-ignore-case", "wildcard") else [value]
        tests = [maker(x) for x in values]
        return lambda v: isinstance(v, str) and not any(t(v) for t in tests)
    values = spec if isinstance(spec, list) else [spec]
    if not values:
        raise invalid_pattern("Inside anything but list, at least one value is required.")
    for value in values:
        if not (isinstance(value, str) or is_number(value)):
            raise invalid_pattern("Inside anything but list, start|null|boolean is not supported.")
    tests = [exact(x) for x in values]
    return lambda v: (isinstance(v, str) or is_number(v)) and not any(t(v) for t in tests)


_ANYTHING_BUT_FORMS = {"prefix": prefix, "suffix": suffix, "equals-ignore-case": equals_ignore_case,
                       "wildcard": wildcard}

OPERATORS = {
    "prefix": prefix, "suffix": suffix, "anything-but": anything_but, "numeric": numeric,
    "equals-ignore-case": equals_ignore_case, "cidr": cidr, "wildcard": wildcard,
}
