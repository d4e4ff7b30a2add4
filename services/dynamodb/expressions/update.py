"""Applies a checked update expression to an item, with DynamoDB's run-time errors.

Every right-hand side is evaluated against the item as it was before the update, as DynamoDB
does; the result is a new item (containers on the updated paths are copied, never mutated), so
the old item can still be returned, recorded in a stream or kept by a failed transaction.
"""
from __future__ import annotations

from decimal import Decimal

from iamulator.services.dynamodb import values as V
from iamulator.services.dynamodb.expressions import nodes as n
from iamulator.services.dynamodb.expressions.evaluate import get_path
from iamulator.services.errors import AWSError

INCORRECT_TYPE = "An operand in the update expression has an incorrect data type"
MISSING = "The provided expression refers to an attribute that does not exist in the item"
BAD_PATH = "The document path provided in the update expression is invalid for update"
_SETS = ("SS", "NS", "BS")


def _invalid(message: str) -> AWSError:
    return AWSError("ValidationException", message)


def _number(op: str, a: dict, b: dict) -> dict:
    if "N" not in a or "N" not in b:
        raise _invalid(INCORRECT_TYPE)
    x, y = Decimal(a["N"]), Decimal(b["N"])
    result = V.NUMBER_CONTEXT.add(x, y) if op == "+" else V.NUMBER_CONTEXT.subtract(x, y)
    return {"N": V.normalize_number(str(result))}


class _Apply:
    def __init__(self, item: dict, evaluator):
        self.old = item
        self.names = evaluator.names
        self.values = evaluator.values

    def value(self, node) -> dict:
        if isinstance(node, n.Value):
            return self.values[node.ref]
        if isinstance(node, n.Path):
            v = get_path(self.old, node.elements, self.names)
            if v is None:
                raise _invalid(MISSING)
            return v
        if isinstance(node, n.Arithmetic):
            return _number(node.op, self.value(node.left), self.value(node.right))
        if node.name == "if_not_exists":
            v = get_path(self.old, node.args[0].elements, self.names)
            return v if v is not None else self.value(node.args[1])
        a, b = self.value(node.args[0]), self.value(node.args[1])    # list_append
        if "L" not in a or "L" not in b:
            raise _invalid(INCORRECT_TYPE)
        return {"L": a["L"] + b["L"]}


def _parent(item: dict, path: list):
    """The container (dict of a map, list of a list) holding the path's last element, copied
    along the way; None when a step is missing or of the wrong kind."""
    cur = item
    for e in path[:-1]:
        v = _child(cur, e)
        if v is None:
            return None
        if "M" in v:
            copy = dict(v["M"])
            cur[e] = {"M": copy}
        elif "L" in v:
            copy = list(v["L"])
            cur[e] = {"L": copy}
        else:
            return None
        cur = copy
    return cur


def _child(container, e):
    if isinstance(container, dict):
        return container.get(e) if isinstance(e, str) else None
    return container[e] if isinstance(e, int) and e < len(container) else None


def _current(item: dict, path: list):
    cur = item.get(path[0])
    for e in path[1:]:
        if cur is None:
            return None
        inner = cur.get("M") if isinstance(e, str) else cur.get("L")
        cur = None if inner is None else _child(inner, e)
    return cur


def _store(item: dict, path: list, value: dict | None):
    """Sets (or, with None, removes) the value at a path of the new item."""
    container = _parent(item, path) if len(path) > 1 else item
    if container is None:
        raise _invalid(BAD_PATH)
    last = path[-1]
    if isinstance(container, dict) != isinstance(last, str):
        raise _invalid(BAD_PATH)
    if value is None:
        if isinstance(container, dict):
            container.pop(last, None)
        elif last < len(container):
            del container[last]
    elif isinstance(container, dict) or last < len(container):
        container[last] = value
    else:
        container.append(value)


def _add(existing: dict | None, value: dict) -> dict:
    if existing is None:
        return value
    if "N" in value and "N" in existing:
        return _number("+", existing, value)
    (kind, members), = value.items()
    if kind not in existing:
        raise _invalid(INCORRECT_TYPE)
    have = existing[kind]
    present = set(have)
    return {kind: have + [m for m in members if m not in present]}


def _delete(existing: dict | None, value: dict) -> dict | None:
    (kind, members), = value.items()
    if kind not in existing:
        raise _invalid(INCORRECT_TYPE)
    gone = set(members)
    left = [m for m in existing[kind] if m not in gone]
    return {kind: left} if left else None


def _removal_order(entry):
    # Later list elements first, so that each index still names the element it named before.
    return [(1, e) if isinstance(e, int) else (0, e) for e in entry[1]]


def apply(actions: list, item: dict, evaluator) -> dict:
    """The item after ``actions`` (``(Action, resolved path)`` pairs from ``check_update``)."""
    run = _Apply(item, evaluator)
    new = dict(item)
    sets = [(path, run.value(a.value)) for a, path in actions if a.kind == "SET"]
    for path, value in sets:
        _store(new, path, value)
    for a, path in sorted((x for x in actions if x[0].kind == "REMOVE"), key=_removal_order, reverse=True):
        _store(new, path, None)
    for a, path in actions:
        if a.kind == "ADD":
            _store(new, path, _add(_current(new, path), run.value(a.value)))
        elif a.kind == "DELETE":
            existing = _current(new, path)
            if existing is not None:
                _store(new, path, _delete(existing, run.value(a.value)))
    return new
