"""Form parameters of the query and ec2 protocols (``A.member.1.B=x``) -> params.

The flat names are first folded into a tree along their dots, so decoding walks only what the
request carries, however large the input shape.
"""
from __future__ import annotations

import base64
import binascii
import math

from iamulator.services.protocol import timestamps
from iamulator.services.protocol.compiled import BadInput, memoized

_SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def tree(pairs) -> dict:
    """``[("A.member.1.B", "x"), ...]`` -> ``{"A": {"member": {"1": {"B": "x"}}}}``."""
    root: dict = {}
    for name, value in pairs:
        if "." not in name:
            if name not in root or type(root[name]) is not dict:
                root[name] = value
            continue
        node = root
        parts = name.split(".")
        for part in parts[:-1]:
            child = node.get(part)
            if type(child) is not dict:
                # A leaf here was an empty-collection marker ("A="): the deeper keys win.
                child = {}
                node[part] = child
            node = child
        last = parts[-1]
        if type(node.get(last)) is not dict:
            node[last] = value
    return root


def input_name(member, name: str, ec2: bool) -> str:
    ser = member.serialization
    if ec2:
        if "queryName" in ser:
            return ser["queryName"]
        if "name" in ser:
            loc = ser["name"]
            return loc[:1].upper() + loc[1:]
        return name
    if member.type_name == "list" and ser.get("flattened"):
        inner = member.member.serialization.get("name")
        if inner:
            return inner
    return ser.get("name", name)


def _indexed(node, what):
    """The values of an ``{ "1": x, "2": y }`` node in index order."""
    if type(node) is not dict:
        if node == "":
            return []
        raise BadInput(f"Expected {what} members but got a value")
    items = []
    for k, v in node.items():
        try:
            items.append((int(k), v))
        except ValueError:
            continue
    items.sort(key=lambda kv: kv[0])
    return [v for _, v in items]


def _scalar(fn, what):
    def dec(v):
        if type(v) is dict:
            raise BadInput(f"Expected a {what} value")
        return fn(v)
    return dec


def _to_int(v):
    try:
        return int(v)
    except ValueError:
        raise BadInput(f"Invalid integer value: {v!r}") from None


def _to_float(v):
    if v in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[v]
    try:
        return float(v)
    except ValueError:
        raise BadInput(f"Invalid number value: {v!r}") from None


def _to_bool(v):
    low = v.lower()
    if low == "true":
        return True
    if low == "false":
        return False
    raise BadInput(f"Invalid boolean value: {v!r}")


def _to_blob(v):
    try:
        return base64.b64decode(v, validate=True)
    except (binascii.Error, ValueError):
        raise BadInput("Invalid base64 value") from None


def _to_timestamp(v):
    try:
        return timestamps.parse(v)
    except timestamps.TimestampError as e:
        raise BadInput(str(e)) from None


def _to_str(v):
    return v


_SCALARS = {
    "string": _to_str, "character": _to_str,
    "integer": _to_int, "long": _to_int, "short": _to_int, "byte": _to_int,
    "float": _to_float, "double": _to_float,
    "boolean": _to_bool, "blob": _to_blob, "timestamp": _to_timestamp,
}


def decoder(shape, memo: dict, ec2: bool):
    """A function turning a tree node for ``shape`` into params (raises BadInput)."""
    return memoized(memo, shape, lambda s: _build(s, memo, ec2))


def _build(shape, memo, ec2):
    t = shape.type_name
    if t == "structure":
        table = {}
        for name, member in shape.members.items():
            table[input_name(member, name, ec2)] = (name, decoder(member, memo, ec2))

        def dec_structure(node):
            if type(node) is not dict:
                if node == "":
                    return {}
                raise BadInput("Expected a structure but got a value")
            out = {}
            for key, raw in node.items():
                entry = table.get(key)
                if entry is not None:
                    out[entry[0]] = entry[1](raw)
            return out
        return dec_structure
    if t == "list":
        item = decoder(shape.member, memo, ec2)
        if ec2 or shape.serialization.get("flattened"):
            return lambda node: [item(x) for x in _indexed(node, "list")]
        wrapper = shape.member.serialization.get("name", "member")

        def dec_list(node):
            if type(node) is dict:
                node = node.get(wrapper, "")
            return [item(x) for x in _indexed(node, "list")]
        return dec_list
    if t == "map":
        key_name = shape.key.serialization.get("name", "key")
        val_name = shape.value.serialization.get("name", "value")
        key_dec = decoder(shape.key, memo, ec2)
        val_dec = decoder(shape.value, memo, ec2)
        flat = shape.serialization.get("flattened")

        def dec_map(node):
            if not flat and type(node) is dict:
                node = node.get("entry", "")
            out = {}
            for entry in _indexed(node, "map"):
                if type(entry) is not dict or key_name not in entry:
                    raise BadInput("Map entry without a key")
                value = entry.get(val_name)
                out[key_dec(entry[key_name])] = None if value is None else val_dec(value)
            return out
        return dec_map
    return _scalar(_SCALARS.get(t, _to_str), t)
