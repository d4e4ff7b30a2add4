"""XML bodies: request elements -> params (rest-xml), and result -> XML text (query, ec2,
rest-xml), compiled per shape.

Element naming follows how botocore's XML parser and serializer read the model: a member's
``locationName`` names its element, a flattened list repeats the element named by its member's
``locationName`` (else the member's own name), maps use ``entry``/``key``/``value`` unless told.
"""
from __future__ import annotations

import base64
import binascii
import math

from iamulator.services.protocol import timestamps
from iamulator.services.protocol.compiled import BadInput, memoized
from iamulator.services.protocol.xmltext import escape, escape_attr, local_name, namespace_attr

_SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def element_name(member, member_name: str) -> str:
    """The element a structure member is written as (botocore's ``_member_key_name``)."""
    ser = member.serialization
    if member.type_name == "list" and ser.get("flattened"):
        inner = member.member.serialization.get("name")
        if inner is not None:
            return inner
    return ser.get("name", member_name)


def body_members(shape):
    """(name, member) pairs of a structure that live in the XML body."""
    for name, member in shape.members.items():
        ser = member.serialization
        if ser.get("location") or ser.get("eventheader") or ser.get("eventpayload"):
            continue
        yield name, member


# --- decoding (ElementTree element -> params) ------------------------------------------------

def _text(node):
    return node.text or ""


def _dec_string(node):
    return node.text or ""


def _dec_integer(node):
    try:
        return int((node.text or "").strip())
    except ValueError:
        raise BadInput(f"Invalid integer: {node.text!r}") from None


def _dec_float(node):
    text = (node.text or "").strip()
    if text in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text]
    try:
        return float(text)
    except ValueError:
        raise BadInput(f"Invalid number: {node.text!r}") from None


def _dec_boolean(node):
    text = (node.text or "").strip()
    if text == "true":
        return True
    if text == "false":
        return False
    raise BadInput(f"Invalid boolean: {node.text!r}")


def _dec_blob(node):
    try:
        return base64.b64decode((node.text or "").strip(), validate=True)
    except (binascii.Error, ValueError):
        raise BadInput("Invalid base64 value") from None


def _dec_timestamp(node):
    try:
        return timestamps.parse((node.text or "").strip())
    except timestamps.TimestampError as e:
        raise BadInput(str(e)) from None


_SCALAR_DECODERS = {
    "string": _dec_string, "character": _dec_string,
    "integer": _dec_integer, "long": _dec_integer, "short": _dec_integer, "byte": _dec_integer,
    "float": _dec_float, "double": _dec_float,
    "boolean": _dec_boolean, "blob": _dec_blob, "timestamp": _dec_timestamp,
}


def decoder(shape, memo: dict):
    """A function turning an element for ``shape`` into params (raises BadInput)."""
    return memoized(memo, shape, lambda s: _build_decoder(s, memo))


def _flat_item_decoder(shape, memo):
    """For a flattened list or map: decodes one repeated element."""
    if shape.type_name == "list":
        return decoder(shape.member, memo)
    key_name = shape.key.serialization.get("name", "key")
    val_name = shape.value.serialization.get("name", "value")
    key_dec = decoder(shape.key, memo)
    val_dec = decoder(shape.value, memo)

    def entry(node):
        k = v = None
        for child in node:
            tag = local_name(child.tag)
            if tag == key_name:
                k = key_dec(child)
            elif tag == val_name:
                v = val_dec(child)
        return k, v
    return entry


def _build_decoder(shape, memo):
    t = shape.type_name
    if t == "structure":
        table = {}
        attributes = []
        for name, member in body_members(shape):
            ser = member.serialization
            if ser.get("xmlAttribute"):
                attributes.append((ser.get("name", name).split(":")[-1], name))
                continue
            flat = bool(ser.get("flattened")) and member.type_name in ("list", "map")
            fn = _flat_item_decoder(member, memo) if flat else decoder(member, memo)
            table[element_name(member, name)] = (name, fn, member.type_name if flat else None)

        def dec_structure(node):
            out = {}
            for child in node:
                entry = table.get(local_name(child.tag))
                if entry is None:
                    continue
                name, fn, flat = entry
                if flat is None:
                    out[name] = fn(child)
                elif flat == "list":
                    out.setdefault(name, []).append(fn(child))
                else:
                    k, v = fn(child)
                    out.setdefault(name, {})[k] = v
            if attributes:
                for key, value in node.attrib.items():
                    key = local_name(key)
                    for local, name in attributes:
                        if key == local:
                            out[name] = value
            return out
        return dec_structure
    if t == "list":
        item = decoder(shape.member, memo)
        return lambda node: [item(child) for child in node]
    if t == "map":
        entry = _flat_item_decoder(shape, memo)
        return lambda node: dict(entry(child) for child in node)
    return _SCALAR_DECODERS.get(t, _dec_string)


# --- writing (result -> XML text) ------------------------------------------------------------

def _str_boolean(v):
    return "true" if v else "false"


def _str_float(v):
    v = float(v)
    if math.isfinite(v):
        return repr(v)
    return "NaN" if v != v else ("Infinity" if v > 0 else "-Infinity")


def _str_integer(v):
    return str(int(v))


def _str_blob(v):
    if isinstance(v, str):
        v = v.encode("utf-8")
    return base64.b64encode(v).decode("ascii")


def _str_timestamp_for(shape):
    render = timestamps.formatter(shape.serialization.get("timestampFormat"), "iso8601")
    return lambda v: str(render(v))


def scalar_to_text(shape):
    """str(value) as the XML protocols write a scalar of ``shape``."""
    t = shape.type_name
    if t == "boolean":
        return _str_boolean
    if t in ("float", "double"):
        return _str_float
    if t in ("integer", "long", "short", "byte"):
        return _str_integer
    if t == "blob":
        return _str_blob
    if t == "timestamp":
        return _str_timestamp_for(shape)
    return str


def writer(shape, tag: str, memo: dict, ec2: bool = False):
    """A function ``write(parts, value)`` appending ``value`` as element(s) named ``tag``."""
    return memoized(memo, shape, lambda s: _build_writer(s, tag, memo, ec2), extra=tag)


def _build_writer(shape, tag, memo, ec2):
    t = shape.type_name
    ns = namespace_attr(shape.serialization.get("xmlNamespace"))
    open_tag = f"<{tag}{ns}>"
    close_tag = f"</{tag}>"
    if t == "structure":
        members = {}
        attributes = {}
        for name, member in body_members(shape):
            ser = member.serialization
            if ser.get("xmlAttribute"):
                attributes[name] = ser.get("name", name)
                continue
            members[name] = writer(member, element_name(member, name), memo, ec2)
        if attributes:
            def write_structure(parts, value):
                attrs = "".join(
                    f' {attributes[k]}="{escape_attr(str(v))}"'
                    for k, v in value.items() if k in attributes and v is not None)
                parts.append(f"<{tag}{ns}{attrs}>")
                for key, v in value.items():
                    w = members.get(key)
                    if w is not None and v is not None:
                        w(parts, v)
                parts.append(close_tag)
            return write_structure

        def write_structure(parts, value):
            parts.append(open_tag)
            for key, v in value.items():
                w = members.get(key)
                if w is not None and v is not None:
                    w(parts, v)
            parts.append(close_tag)
        return write_structure
    if t == "list":
        member = shape.member
        if shape.serialization.get("flattened"):
            item = writer(member, tag, memo, ec2)

            def write_flat_list(parts, value):
                for x in value:
                    if x is not None:
                        item(parts, x)
            return write_flat_list
        item = writer(member, member.serialization.get("name", "item" if ec2 else "member"), memo, ec2)

        def write_list(parts, value):
            parts.append(open_tag)
            for x in value:
                if x is not None:
                    item(parts, x)
            parts.append(close_tag)
        return write_list
    if t == "map":
        key_w = writer(shape.key, shape.key.serialization.get("name", "key"), memo, ec2)
        val_w = writer(shape.value, shape.value.serialization.get("name", "value"), memo, ec2)
        if shape.serialization.get("flattened"):
            def write_flat_map(parts, value):
                for k, v in value.items():
                    parts.append(open_tag)
                    key_w(parts, k)
                    if v is not None:
                        val_w(parts, v)
                    parts.append(close_tag)
            return write_flat_map

        def write_map(parts, value):
            parts.append(open_tag)
            for k, v in value.items():
                parts.append("<entry>")
                key_w(parts, k)
                if v is not None:
                    val_w(parts, v)
                parts.append("</entry>")
            parts.append(close_tag)
        return write_map
    to_text = scalar_to_text(shape)
    if to_text is str:
        def write_string(parts, value):
            parts.append(open_tag + escape(value if type(value) is str else str(value)) + close_tag)
        return write_string

    def write_scalar(parts, value):
        parts.append(open_tag + escape(to_text(value)) + close_tag)
    return write_scalar


def structure_content(shape, memo: dict, ec2: bool = False):
    """``write(parts, value)`` for a structure's members only (the caller writes the root)."""
    members = {}
    for name, member in body_members(shape):
        if member.serialization.get("xmlAttribute"):
            continue
        members[name] = writer(member, element_name(member, name), memo, ec2)

    def write_members(parts, value):
        for key, v in value.items():
            w = members.get(key)
            if w is not None and v is not None:
                w(parts, v)
    return write_members
