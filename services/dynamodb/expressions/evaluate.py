"""Evaluates a checked condition tree against an item (a dict of attribute name -> value)."""
from __future__ import annotations

from decimal import Decimal

from iamulator.services.dynamodb import values as V
from iamulator.services.dynamodb.expressions import nodes as n


def get_path(item: dict, elements, names: dict):
    """The value at a document path, or None when any step is missing or of the wrong kind."""
    first = elements[0]
    cur = item.get(names[first] if first[0] == "#" else first)
    for e in elements[1:] if len(elements) > 1 else ():
        if cur is None:
            return None
        if isinstance(e, int):
            seq = cur.get("L")
            if seq is None or e >= len(seq):
                return None
            cur = seq[e]
        else:
            m = cur.get("M")
            if m is None:
                return None
            cur = m.get(names[e] if e[0] == "#" else e)
    return cur


def _size(v: dict):
    (kind, x), = v.items()
    if kind == "S":
        return len(x)
    if kind in ("B", "SS", "NS", "BS", "L", "M"):
        return len(x)
    return None


class Evaluator:
    """Binds the request's names and values once; ``matches(tree, item)`` per item."""
    __slots__ = ("names", "values")

    def __init__(self, names: dict | None, values: dict | None):
        self.names = names or {}
        self.values = values or {}

    def operand(self, node, item):
        if isinstance(node, n.Path):
            return get_path(item, node.elements, self.names)
        if isinstance(node, n.Value):
            return self.values[node.ref]
        if isinstance(node, n.Function) and node.name == "size":
            v = self.operand(node.args[0], item)
            if v is None:
                return None
            s = _size(v)
            return None if s is None else {"N": str(s)}
        return None

    def matches(self, node, item) -> bool:
        if isinstance(node, n.Compare):
            a = self.operand(node.left, item)
            b = self.operand(node.right, item)
            op = node.op
            if op == "=":
                return a is not None and b is not None and V.equal(a, b)
            if op == "<>":
                return a is None or b is None or not V.equal(a, b)
            if a is None or b is None:
                return False
            c = V.compare(a, b)
            if c is None:
                return False
            if op == "<":
                return c < 0
            if op == "<=":
                return c <= 0
            if op == ">":
                return c > 0
            return c >= 0
        if isinstance(node, n.And):
            return self.matches(node.left, item) and self.matches(node.right, item)
        if isinstance(node, n.Or):
            return self.matches(node.left, item) or self.matches(node.right, item)
        if isinstance(node, n.Not):
            return not self.matches(node.operand, item)
        if isinstance(node, n.Between):
            a = self.operand(node.operand, item)
            if a is None:
                return False
            low, high = self.operand(node.low, item), self.operand(node.high, item)
            if low is None or high is None:
                return False
            c1, c2 = V.compare(a, low), V.compare(a, high)
            return c1 is not None and c2 is not None and c1 >= 0 and c2 <= 0
        if isinstance(node, n.In):
            a = self.operand(node.operand, item)
            if a is None:
                return False
            for choice in node.choices:
                b = self.operand(choice, item)
                if b is not None and V.equal(a, b):
                    return True
            return False
        if isinstance(node, n.Function):
            return self.function(node, item)
        return False

    def function(self, f: n.Function, item) -> bool:
        name = f.name
        if name == "attribute_exists":
            return self.operand(f.args[0], item) is not None
        if name == "attribute_not_exists":
            return self.operand(f.args[0], item) is None
        a = self.operand(f.args[0], item)
        b = self.operand(f.args[1], item)
        if a is None or b is None:
            return False
        (ka, va), = a.items()
        (kb, vb), = b.items()
        if name == "attribute_type":
            return kb == "S" and ka == vb
        if name == "begins_with":
            return ka == kb and ka in ("S", "B") and va.startswith(vb)
        if name == "contains":
            if ka == "S" and kb == "S" or ka == "B" and kb == "B":
                return vb in va
            if ka == "SS" and kb == "S" or ka == "BS" and kb == "B":
                return vb in va
            if ka == "NS" and kb == "N":
                d = Decimal(vb)
                return any(Decimal(x) == d for x in va)
            if ka == "L":
                return any(V.equal(x, b) for x in va)
            return False
        return False
