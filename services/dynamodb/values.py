"""DynamoDB attribute values: validation, canonical numbers, equality, ordering and size.

Values travel as the wire's typed dicts (``{"S": "x"}``, ``{"N": "1.5"}``, ``{"B": b".."}``, ...),
with numbers kept as their canonical decimal string so that equal numbers are equal strings.
"""
from __future__ import annotations

import re
from decimal import Context, Decimal

from iamulator.services.errors import AWSError

TYPES = ("S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL")
SCALAR_KEY_TYPES = ("S", "N", "B")
INVALID = "One or more parameter values were invalid: "

# Wide enough that no 38-digit number is ever rounded while being normalized.
_CTX = Context(prec=80, Emax=999999, Emin=-999999)
NUMBER_CONTEXT = _CTX
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\Z")


def invalid(message: str) -> AWSError:
    return AWSError("ValidationException", message)


def normalize_number(text) -> str:
    """DynamoDB's canonical form of a number string, or the error DynamoDB gives for it."""
    if not isinstance(text, str) or not _NUMBER.match(text):
        raise invalid("A value provided cannot be converted into a number")
    d = Decimal(text)
    if not d:
        return "0"
    # Exponents far outside DynamoDB's range would overflow the context itself.
    if abs(d.adjusted()) > 10 ** 6:
        digits = "".join(map(str, d.as_tuple().digits)).rstrip("0")
        if len(digits) > 38:
            raise invalid("Attempting to store more than 38 significant digits in a Number")
        raise invalid("Number overflow. Attempting to store a number with magnitude larger than supported range"
                      if d.adjusted() > 0 else
                      "Number underflow. Attempting to store a number with magnitude smaller than supported range")
    d = d.normalize(_CTX)
    if len(d.as_tuple().digits) > 38:
        raise invalid("Attempting to store more than 38 significant digits in a Number")
    exp = d.adjusted()
    if exp > 125:
        raise invalid("Number overflow. Attempting to store a number with magnitude larger than supported range")
    if exp < -130:
        raise invalid("Number underflow. Attempting to store a number with magnitude smaller than supported range")
    return format(d, "f")


def number(text: str) -> Decimal:
    return Decimal(text)


def _render_list(values) -> str:
    return "[" + ", ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in values) + "]"


def validate(value) -> dict:
    """Checks one attribute value (recursively) and returns it with numbers canonical.

    The input dict is never mutated: it may be the caller's params structure.
    """
    if not isinstance(value, dict) or not value:
        raise invalid("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
    if len(value) > 1:
        raise invalid("Supplied AttributeValue has more than one datatypes set, "
                      "must contain exactly one of the supported datatypes")
    (kind, v), = value.items()
    if kind == "S":
        if not isinstance(v, str):
            raise invalid("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
        return value
    if kind == "N":
        n = normalize_number(v)
        return value if n == v else {"N": n}
    if kind == "B":
        if isinstance(v, str):
            v = v.encode()
            return {"B": v}
        return value
    if kind == "BOOL":
        return value
    if kind == "NULL":
        if v is not True:
            raise invalid(INVALID + "Null attribute value types must have the value of true")
        return value
    if kind == "SS":
        if not v:
            raise invalid(INVALID + "An string set  may not be empty")
        if len(set(v)) != len(v):
            raise invalid(INVALID + f"Input collection {_render_list(v)} contains duplicates.")
        return value
    if kind == "NS":
        if not v:
            raise invalid(INVALID + "An number set  may not be empty")
        canon = [normalize_number(x) for x in v]
        if len(set(canon)) != len(canon):
            raise invalid("Input collection contains duplicates")
        return value if canon == v else {"NS": canon}
    if kind == "BS":
        if not v:
            raise invalid(INVALID + "Binary sets should not be empty")
        blobs = [x.encode() if isinstance(x, str) else x for x in v]
        if len(set(blobs)) != len(blobs):
            raise invalid(INVALID + f"Input collection {_render_list(blobs)}of type BS contains duplicates.")
        return {"BS": blobs}
    if kind == "M":
        out = None
        for k, child in v.items():
            c = validate(child)
            if c is not child:
                if out is None:
                    out = dict(v)
                out[k] = c
        return value if out is None else {"M": out}
    if kind == "L":
        out = None
        for i, child in enumerate(v):
            c = validate(child)
            if c is not child:
                if out is None:
                    out = list(v)
                out[i] = c
        return value if out is None else {"L": out}
    raise invalid("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")


def validate_item(item: dict) -> dict:
    out = None
    for name, v in item.items():
        c = validate(v)
        if c is not v:
            if out is None:
                out = dict(item)
            out[name] = c
    return item if out is None else out


def type_of(value: dict) -> str:
    for k in value:
        return k
    return ""


def sort_key(kind: str, v):
    """A Python value that orders like DynamoDB orders keys: UTF-8 bytes, numbers, raw bytes."""
    if kind == "S":
        return v.encode("utf-8")
    if kind == "N":
        return Decimal(v)
    return v


def key_of(value: dict):
    """The hashable, ordered form of a scalar (S/N/B) value."""
    (kind, v), = value.items()
    return sort_key(kind, v)


def equal(a: dict, b: dict) -> bool:
    (ka, va), = a.items()
    (kb, vb), = b.items()
    if ka != kb:
        return False
    if ka == "N":
        return Decimal(va) == Decimal(vb)
    if ka == "NS":
        return {Decimal(x) for x in va} == {Decimal(x) for x in vb}
    if ka in ("SS", "BS"):
        return set(va) == set(vb)
    if ka == "M":
        return va.keys() == vb.keys() and all(equal(va[k], vb[k]) for k in va)
    if ka == "L":
        return len(va) == len(vb) and all(equal(x, y) for x, y in zip(va, vb))
    return va == vb


def compare(a: dict, b: dict):
    """-1/0/1 for two values of the same scalar type (S, N, B); None when not comparable."""
    (ka, va), = a.items()
    (kb, vb), = b.items()
    if ka != kb or ka not in SCALAR_KEY_TYPES:
        return None
    x, y = sort_key(ka, va), sort_key(kb, vb)
    return (x > y) - (x < y)


def _number_size(text: str) -> int:
    digits = text.lstrip("-").replace(".", "").strip("0")
    return (len(digits) + 1) // 2 + 1


def size(value: dict) -> int:
    """Bytes a value counts for in DynamoDB's item size (documented approximations)."""
    (kind, v), = value.items()
    if kind == "S":
        return len(v.encode("utf-8"))
    if kind == "N":
        return _number_size(v)
    if kind == "B":
        return len(v)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(x.encode("utf-8")) for x in v)
    if kind == "NS":
        return sum(_number_size(x) for x in v)
    if kind == "BS":
        return sum(len(x) for x in v)
    if kind == "M":
        return 3 + sum(len(k.encode("utf-8")) + size(x) + 1 for k, x in v.items())
    if kind == "L":
        return 3 + sum(size(x) + 1 for x in v)
    return 0


def item_size(item: dict) -> int:
    return sum(len(name.encode("utf-8")) + size(v) for name, v in item.items())
