"""The Condition element: every operator, ``IfExists``, set qualifiers and missing keys.

Evaluation rules, from AWS's "Condition operators" and "Conditions with multiple context
keys or values" pages:

* operators in a block, and keys under one operator, are ANDed;
* several policy values for one key are ORed, and for a negated operator NOR-ed (the
  condition holds when none of the values match);
* a missing key makes a condition false, except that a negated operator is true on a
  missing key, ``...IfExists`` is true on a missing key, and ``Null`` tests presence;
* ``ForAllValues`` is true when every context value matches (and on a missing or empty
  key); ``ForAnyValue`` is true when at least one does (and false on a missing key);
* a multivalued context key used without a set qualifier matches when any of its values
  matches, and its negated form is the negation of that.

Policy variables may appear in the values of String, ARN and Bool operators only.
"""
from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from datetime import datetime, timedelta
from typing import Callable

from ..errors import NEEDS_VENDOR, SYNTAX, PolicyError
from .patterns import ArnPattern, matcher, split_arn, substitute, tokenize, var_keys

# operator family, negated?, accepts policy variables?
_BASES: dict[str, tuple[str, bool, bool]] = {
    "StringEquals": ("str_eq", False, True),
    "StringNotEquals": ("str_eq", True, True),
    "StringEqualsIgnoreCase": ("str_eq_ic", False, True),
    "StringNotEqualsIgnoreCase": ("str_eq_ic", True, True),
    "StringLike": ("str_like", False, True),
    "StringNotLike": ("str_like", True, True),
    "NumericEquals": ("num_eq", False, False),
    "NumericNotEquals": ("num_eq", True, False),
    "NumericLessThan": ("num_lt", False, False),
    "NumericLessThanEquals": ("num_le", False, False),
    "NumericGreaterThan": ("num_gt", False, False),
    "NumericGreaterThanEquals": ("num_ge", False, False),
    "DateEquals": ("date_eq", False, False),
    "DateNotEquals": ("date_eq", True, False),
    "DateLessThan": ("date_lt", False, False),
    "DateLessThanEquals": ("date_le", False, False),
    "DateGreaterThan": ("date_gt", False, False),
    "DateGreaterThanEquals": ("date_ge", False, False),
    "Bool": ("bool", False, True),
    "BinaryEquals": ("binary", False, False),
    "IpAddress": ("ip", False, False),
    "NotIpAddress": ("ip", True, False),
    "ArnEquals": ("arn", False, True),
    "ArnLike": ("arn", False, True),
    "ArnNotEquals": ("arn", True, True),
    "ArnNotLike": ("arn", True, True),
    "Null": ("null", False, False),
}
_BASES_LOWER = {k.lower(): k for k in _BASES}
OPERATORS = tuple(_BASES)

FOR_ALL = "ForAllValues"
FOR_ANY = "ForAnyValue"


def parse_operator(name: str) -> tuple[str | None, str, bool]:
    """``ForAnyValue:StringLikeIfExists`` -> ("ForAnyValue", "StringLike", True)."""
    qualifier = None
    rest = name
    if ":" in name:
        prefix, _, rest = name.partition(":")
        if prefix.lower() == "forallvalues":
            qualifier = FOR_ALL
        elif prefix.lower() == "foranyvalue":
            qualifier = FOR_ANY
        else:
            raise PolicyError(SYNTAX, detail=f"unknown condition set operator {prefix!r} in {name!r}")
    base = _BASES_LOWER.get(rest.lower())
    if_exists = False
    if base is None and rest.lower().endswith("ifexists"):
        base = _BASES_LOWER.get(rest[:-8].lower())
        if_exists = True
        if base == "Null":
            raise PolicyError(SYNTAX, detail="the Null operator does not take IfExists")
    if base is None:
        raise PolicyError(SYNTAX, detail=f"unknown condition operator {name!r}")
    return qualifier, base, if_exists


# --- value parsing --------------------------------------------------------------------

def to_text(value) -> str:
    """AWS's string form of a JSON scalar in a policy or request context."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(type(value).__name__)


_NUM = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")


def parse_number(text: str) -> float | None:
    if not _NUM.match(text):
        return None
    try:
        return float(text)
    except (ValueError, OverflowError):
        return None


_ISO = re.compile(
    r"^(\d{4})(?:-?(\d{2})(?:-?(\d{2})(?:[Tt ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?)?"
    r"\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$"
)


_EPOCH = datetime(1970, 1, 1)


def parse_date(text: str) -> float | None:
    """Seconds since the epoch for an ISO 8601 (W3C profile) date or epoch seconds."""
    text = text.strip()
    if not text:
        return None
    if _NUM.match(text):
        # A bare number is epoch seconds (aws:EpochTime), never a compact ISO date.
        return parse_number(text)
    m = _ISO.match(text)
    if m:
        year, month, day, hh, mm, ss, frac, tz = m.groups()
        try:
            dt = datetime(int(year), int(month or 1), int(day or 1), int(hh or 0),
                          int(mm or 0), int(ss or 0))
        except ValueError:
            return None
        seconds = (dt - _EPOCH).total_seconds()
        if frac:
            seconds += float("0." + frac)
        if tz and tz not in ("Z", "z"):
            sign = 1 if tz[0] == "+" else -1
            digits = tz[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
            seconds -= sign * offset.total_seconds()
        return seconds
    return None


def parse_ip(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def parse_network(text: str):
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def decode_binary(text: str) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def _context_bytes(text: str) -> bytes:
    decoded = decode_binary(text)
    return decoded if decoded is not None else text.encode("utf-8", "surrogatepass")


# --- predicate builders: a compiled list of policy values -> (context value -> bool) ---

def _build_positive(family: str, values: tuple[str, ...]) -> Callable[[str], bool]:
    """Whether one context value matches any of the (already substituted) policy values."""
    if family == "str_eq":
        if len(values) == 1:
            return values[0].__eq__
        return frozenset(values).__contains__
    if family == "str_eq_ic":
        lowered = frozenset(v.lower() for v in values)
        return lambda v: v.lower() in lowered
    if family == "str_like":
        ms = [matcher(tokenize(v, False, True)) for v in values]
        if len(ms) == 1:
            return ms[0]
        return lambda v: any(m(v) for m in ms)
    if family.startswith("num_"):
        nums = [n for n in (parse_number(v) for v in values) if n is not None]
        return _ordered(family[4:], nums, parse_number)
    if family.startswith("date_"):
        dates = [d for d in (parse_date(v) for v in values) if d is not None]
        return _ordered(family[5:], dates, parse_date)
    if family == "bool":
        wanted = frozenset(v.lower() for v in values)
        return lambda v: v.lower() in wanted
    if family == "binary":
        blobs = frozenset(b for b in (decode_binary(v) for v in values) if b is not None)
        return lambda v: _context_bytes(v) in blobs
    if family == "ip":
        nets = [n for n in (parse_network(v) for v in values) if n is not None]

        def ip_match(v: str) -> bool:
            addr = parse_ip(v)
            if addr is None:
                return False
            return any(addr.version == n.version and addr in n for n in nets)
        return ip_match
    if family == "arn":
        return _arn_positive([ArnPattern(v, variables=False) for v in values])
    raise AssertionError(family)


def _ordered(cmp: str, wanted: list[float], parse) -> Callable[[str], bool]:
    def test(v: str) -> bool:
        x = parse(v)
        if x is None:
            return False
        if cmp == "eq":
            return any(x == w for w in wanted)
        if cmp == "lt":
            return any(x < w for w in wanted)
        if cmp == "le":
            return any(x <= w for w in wanted)
        if cmp == "gt":
            return any(x > w for w in wanted)
        return any(x >= w for w in wanted)
    return test


def _text(tokens) -> str:
    return "".join(t[1] if t[0] == "lit" else t[0] for t in tokens)


def _arn_positive(pats):
    def arn_match(v: str) -> bool:
        parts = split_arn(v)
        return any(p.match(v, parts, None) for p in pats)
    return arn_match


def _substituted_values(tokens_list, resolve) -> tuple[str, ...]:
    """Policy values after variable substitution; unresolvable values are dropped."""
    out = []
    for toks in tokens_list:
        sub = substitute(toks, resolve)
        if sub is None:
            continue
        out.append(_text(sub))
    return tuple(out)


class Clause:
    """One (operator, key, values) triple from a Condition block."""

    __slots__ = ("operator", "qualifier", "base", "if_exists", "family", "negated", "key",
                 "key_l", "values", "_tokens", "_arn_patterns", "_positive", "var_keys",
                 "_null_wants")

    def __init__(self, operator: str, key: str, raw_values, variables_enabled: bool):
        self.operator = operator
        self.qualifier, self.base, self.if_exists = parse_operator(operator)
        self.family, self.negated, takes_vars = _BASES[self.base]
        if not isinstance(key, str) or ":" not in key:
            raise PolicyError(NEEDS_VENDOR, detail=f"condition key {key!r} has no vendor prefix")
        self.key = key
        self.key_l = key.lower()
        if not isinstance(raw_values, list):
            raw_values = [raw_values]
        values = []
        for v in raw_values:
            if v is None or isinstance(v, (dict, list)):
                raise PolicyError(SYNTAX, detail=f"condition value for {key!r} must be a string, "
                                                 f"number or boolean, not {type(v).__name__}")
            try:
                values.append(to_text(v))
            except (TypeError, ValueError):
                raise PolicyError(SYNTAX, detail=f"condition value for {key!r} is not a JSON scalar") from None
        self.values = tuple(values)
        self._null_wants = None
        if self.family == "null":
            wants = set()
            for v in self.values:
                if v.lower() not in ("true", "false"):
                    raise PolicyError(SYNTAX, detail=f"Null condition on {key!r} needs true or false, got {v!r}")
                wants.add(v.lower() == "true")
            self._null_wants = frozenset(wants)
        self._tokens = None
        self._arn_patterns = None
        self.var_keys: list[str] = []
        self._positive = None
        if variables_enabled and takes_vars:
            # Read ${...} (including the literal ${*} ${?} ${$}) in the 2012-10-17 language.
            if self.family == "arn":
                pats = [ArnPattern(v, variables=True) for v in self.values]
                for pat in pats:
                    self.var_keys.extend(pat.keys)
                if self.var_keys:
                    self._arn_patterns = pats
                else:
                    self._positive = _arn_positive(pats)
            else:
                toks = [tokenize(v, True, self.family == "str_like") for v in self.values]
                for t in toks:
                    self.var_keys.extend(var_keys(t))
                if self.var_keys:
                    self._tokens = toks
                elif self.family == "str_like":
                    ms = [matcher(t) for t in toks]
                    self._positive = lambda v: any(m(v) for m in ms)
                else:
                    self._positive = _build_positive(self.family, tuple(_text(t) for t in toks))
        elif self.family != "null":
            _check_typed_values(self.family, key, self.values)
            self._positive = _build_positive(self.family, self.values)

    def positive(self, resolve) -> Callable[[str], bool]:
        if self._positive is not None:
            return self._positive
        if self._arn_patterns is not None:
            pats = self._arn_patterns
            # An unresolvable variable makes that value not match (match() gives None).
            return lambda v: any(p.match(v, split_arn(v), resolve) for p in pats)
        if self.family == "str_like":
            # Substituted text is literal: build the matcher from tokens, not text.
            ms = []
            for toks in self._tokens:
                sub = substitute(toks, resolve)
                if sub is not None:
                    ms.append(matcher(sub))
            return lambda v: any(m(v) for m in ms)
        return _cached_positive(self.family, _substituted_values(self._tokens, resolve))

    def evaluate(self, values: tuple | None, resolve) -> bool:
        """``values``: the context key's values (None when absent)."""
        if self.family == "null":
            present = bool(values)
            return (not present) in self._null_wants
        if not values:
            if self.if_exists:
                return True
            if self.qualifier == FOR_ALL:
                return True
            if self.qualifier == FOR_ANY:
                return False
            return self.negated
        positive = self.positive(resolve)
        if self.qualifier is None:
            hit = any(positive(v) for v in values) if len(values) > 1 else positive(values[0])
            return not hit if self.negated else hit
        if self.qualifier == FOR_ALL:
            if values == ("",):
                return True
            if self.negated:
                return not any(positive(v) for v in values)
            return all(positive(v) for v in values)
        # ForAnyValue
        if values == ("",):
            return False
        if self.negated:
            return any(not positive(v) for v in values)
        return any(positive(v) for v in values)

    def describe_values(self) -> str:
        return "[" + ", ".join(repr(v) for v in self.values) + "]"


_PARSERS = {"num": (parse_number, "a number"), "date": (parse_date, "an ISO 8601 date or epoch seconds"),
            "ip": (parse_network, "an IPv4 or IPv6 address or CIDR block"),
            "binary": (decode_binary, "base64-encoded binary")}


def _check_typed_values(family: str, key: str, values: tuple[str, ...]) -> None:
    """Refuse values a typed operator can never match, so that a negated operator
    cannot silently match everything because of a typo in the policy."""
    parser = _PARSERS.get(family.split("_", 1)[0])
    if parser is None:
        return
    parse, what = parser
    for v in values:
        if parse(v) is None:
            raise PolicyError(SYNTAX, detail=f"condition value {v!r} for {key!r} is not {what}")


_positive_cache: dict = {}


def _cached_positive(family: str, values: tuple) -> Callable[[str], bool]:
    key = (family, values)
    fn = _positive_cache.get(key)
    if fn is None:
        if len(_positive_cache) > 4096:
            _positive_cache.clear()
        fn = _positive_cache[key] = _build_positive(family, values)
    return fn


def compile_conditions(block, variables_enabled: bool) -> tuple[Clause, ...]:
    if not isinstance(block, dict):
        raise PolicyError(SYNTAX, detail="Condition must be an object of operators")
    clauses = []
    for operator, keys in block.items():
        if not isinstance(keys, dict):
            raise PolicyError(SYNTAX, detail=f"condition operator {operator!r} must map keys to values")
        for key, values in keys.items():
            clauses.append(Clause(operator, key, values, variables_enabled))
    return tuple(clauses)
