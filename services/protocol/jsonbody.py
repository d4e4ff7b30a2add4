"""JSON bodies (the json and rest-json protocols): parsed JSON <-> params, compiled per shape."""
from __future__ import annotations

import base64
import binascii
import math

from iamulator.services.protocol import timestamps
from iamulator.services.protocol.compiled import BadInput, memoized

_SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def _type_error(expected, value):
    return BadInput(f"Expected {expected} but got {type(value).__name__}: {str(value)[:100]}")


# --- decoding (request JSON -> params) -------------------------------------------------------

def _dec_string(v):
    if type(v) is str:
        return v
    raise _type_error("string", v)


def _dec_integer(v):
    t = type(v)
    if t is int:
        return v
    if t is float and v.is_integer():
        return int(v)
    raise _type_error("integer", v)


def _dec_float(v):
    t = type(v)
    if t is float or t is int:
        return float(v)
    if t is str and v in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[v]
    raise _type_error("number", v)


def _dec_boolean(v):
    if type(v) is bool:
        return v
    raise _type_error("boolean", v)


def _dec_blob(v):
    if type(v) is not str:
        raise _type_error("base64 string", v)
    try:
        return base64.b64decode(v, validate=True)
    except (binascii.Error, ValueError):
        raise BadInput("Invalid base64: " + v[:100]) from None


def _dec_timestamp(v):
    if type(v) is bool:
        raise _type_error("timestamp", v)
    try:
        return timestamps.parse(v)
    except timestamps.TimestampError as e:
        raise BadInput(str(e)) from None


def _dec_document(v):
    return v


_SCALAR_DECODERS = {
    "string": _dec_string, "character": _dec_string,
    "integer": _dec_integer, "long": _dec_integer, "short": _dec_integer, "byte": _dec_integer,
    "float": _dec_float, "double": _dec_float,
    "boolean": _dec_boolean, "blob": _dec_blob, "timestamp": _dec_timestamp,
}


def _body_members(shape):
    """(member name, JSON key, member shape) of the members that travel in the JSON body:
    not headers, URI labels or query strings, nor event-stream headers and payloads."""
    for name, member in shape.members.items():
        ser = member.serialization
        if ser.get("location") or ser.get("eventheader") or ser.get("eventpayload"):
            continue
        yield name, ser.get("name", name), member


def decoder(shape, memo: dict):
    """A function turning parsed JSON for ``shape`` into params (raises BadInput)."""
    return memoized(memo, shape, lambda s: _build_decoder(s, memo))


def _build_decoder(shape, memo):
    t = shape.type_name
    if t == "structure":
        if shape.is_document_type:
            return _dec_document
        table = {wire: (name, decoder(member, memo)) for name, wire, member in _body_members(shape)}
        shape_name = shape.name

        def dec_structure(v):
            if type(v) is not dict:
                raise _type_error(f"object ({shape_name})", v)
            out = {}
            for key, raw in v.items():
                entry = table.get(key)
                if entry is not None and raw is not None:
                    out[entry[0]] = entry[1](raw)
            return out
        return dec_structure
    if t == "list":
        item = decoder(shape.member, memo)

        def dec_list(v):
            if type(v) is not list:
                raise _type_error("list", v)
            return [None if x is None else item(x) for x in v]
        return dec_list
    if t == "map":
        key_dec = decoder(shape.key, memo)
        val_dec = decoder(shape.value, memo)

        def dec_map(v):
            if type(v) is not dict:
                raise _type_error("map", v)
            return {key_dec(k): (None if x is None else val_dec(x)) for k, x in v.items()}
        return dec_map
    return _SCALAR_DECODERS.get(t, _dec_document)


# --- encoding (result -> JSON-ready values) --------------------------------------------------

def _enc_plain(v):
    return v


def _enc_float(v):
    v = float(v)
    if math.isfinite(v):
        return v
    return "NaN" if v != v else ("Infinity" if v > 0 else "-Infinity")


def _enc_integer(v):
    return int(v)


def _enc_blob(v):
    if isinstance(v, str):
        v = v.encode("utf-8")
    return base64.b64encode(v).decode("ascii")


def encoder(shape, memo: dict):
    """A function turning a result value for ``shape`` into JSON-ready Python values."""
    return memoized(memo, shape, lambda s: _build_encoder(s, memo))


def _build_encoder(shape, memo):
    t = shape.type_name
    if t == "structure":
        if shape.is_document_type:
            return _enc_plain
        table = {name: (wire, encoder(member, memo)) for name, wire, member in _body_members(shape)}

        def enc_structure(v):
            out = {}
            for key, raw in v.items():
                entry = table.get(key)
                if entry is not None and raw is not None:
                    out[entry[0]] = entry[1](raw)
            return out
        return enc_structure
    if t == "list":
        item = encoder(shape.member, memo)
        if item is _enc_plain:
            return list
        return lambda v: [None if x is None else item(x) for x in v]
    if t == "map":
        val = encoder(shape.value, memo)
        if val is _enc_plain:
            return dict
        return lambda v: {k: (None if x is None else val(x)) for k, x in v.items()}
    if t in ("float", "double"):
        return _enc_float
    if t in ("integer", "long", "short", "byte"):
        return _enc_integer
    if t == "blob":
        return _enc_blob
    if t == "timestamp":
        return timestamps.formatter(shape.serialization.get("timestampFormat"), "unixtimestamp")
    return _enc_plain
