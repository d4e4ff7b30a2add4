"""Evaluating a compiled filter policy against a published message.

Values are compared as ``(kind, value)`` pairs, kind ``s`` string, ``n`` number (a float),
``b`` boolean, ``z`` null, so that the string ``"5"`` never equals the number ``5`` and exact
matches are set lookups. Message attributes turn into such pairs once per publish; a message
body is read as JSON once per publish and walked along the policy's keys only.
"""
from __future__ import annotations

import json

from iamulator.services.sns.filter_policy import FilterPolicy, Node

_NOT_JSON = object()


def attribute_values(attributes: dict | None) -> dict[str, list]:
    """Each message attribute's comparable values. Binary attributes are left out (SNS ignores
    them); a ``String.Array`` offers each of its elements."""
    out: dict[str, list] = {}
    for name, attribute in (attributes or {}).items():
        data_type = attribute.get("DataType") or ""
        if data_type.startswith("Binary"):
            continue
        text = attribute.get("StringValue")
        if text is None:
            continue
        if data_type.startswith("Number"):
            try:
                out[name] = [("n", float(text))]
            except ValueError:
                continue
        elif data_type == "String.Array":
            try:
                parsed = json.loads(text)
            except ValueError:
                continue
            values: list = []
            _json_values(parsed if isinstance(parsed, list) else [parsed], values)
            if values:
                out[name] = values
        else:
            out[name] = [("s", text)]
    return out


def parse_body(message: str):
    """The message body as a JSON object for ``MessageBody`` filtering, or a marker that it
    is not one (then only an empty policy matches)."""
    try:
        body = json.loads(message)
    except (ValueError, RecursionError):
        return _NOT_JSON
    return body if isinstance(body, dict) else _NOT_JSON


def matches_attributes(policy: FilterPolicy, values: dict) -> bool:
    return policy.root is None or _match(policy.root, values, False)


def matches_body(policy: FilterPolicy, body) -> bool:
    if policy.root is None:
        return True
    if body is _NOT_JSON:
        return False
    return _match(policy.root, body, True)


def _json_values(value, out: list) -> None:
    if isinstance(value, str):
        out.append(("s", value))
    elif isinstance(value, bool):
        out.append(("b", value))
    elif value is None:
        out.append(("z", None))
    elif isinstance(value, (int, float)):
        out.append(("n", float(value)))
    elif isinstance(value, list):
        for item in value:
            _json_values(item, out)
    # Objects hold no value of their own: their keys are deeper paths.


def _match(node: Node, obj: dict, raw: bool) -> bool:
    for key, leaf in node.leaves:
        if raw:
            values: list = []
            if key in obj:
                _json_values(obj[key], values)
        else:
            values = obj.get(key)
        if not values:
            if not leaf.absent:
                return False
            continue
        if leaf.present:
            continue
        exact, tests = leaf.exact, leaf.tests
        for kv in values:
            if kv in exact or any(test(kv) for test in tests):
                break
        else:
            return False
    for key, child in node.children:
        value = obj.get(key)
        if isinstance(value, dict):
            if not _match(child, value, raw):
                return False
        elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
            # Keys of one array element match together, never across elements.
            if not any(_match(child, v, raw) for v in _objects(value)):
                return False
        elif not _match(child, {}, raw):
            return False
    for alternatives in node.ors:
        if not any(_match(alt, obj, raw) for alt in alternatives):
            return False
    return True


def _objects(values: list):
    for v in values:
        if isinstance(v, dict):
            yield v
        elif isinstance(v, list):
            yield from _objects(v)
