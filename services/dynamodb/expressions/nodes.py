"""The syntax tree of DynamoDB expressions. Placeholders stay unresolved here so that one parse
of an expression string can be cached and reused with different names and values."""
from __future__ import annotations


class Node:
    __slots__ = ()


class Path(Node):
    """A document path; ``elements`` are raw names, ``#refs`` (str starting with '#') or ints."""
    __slots__ = ("elements", "start")

    def __init__(self, elements, start=0):
        self.elements = elements
        self.start = start


class Value(Node):
    __slots__ = ("ref",)

    def __init__(self, ref):
        self.ref = ref


class Function(Node):
    __slots__ = ("name", "args")

    def __init__(self, name, args):
        self.name = name
        self.args = args


class Compare(Node):
    __slots__ = ("op", "left", "right")

    def __init__(self, op, left, right):
        self.op = op
        self.left = left
        self.right = right


class Between(Node):
    __slots__ = ("operand", "low", "high")

    def __init__(self, operand, low, high):
        self.operand = operand
        self.low = low
        self.high = high


class In(Node):
    __slots__ = ("operand", "choices")

    def __init__(self, operand, choices):
        self.operand = operand
        self.choices = choices


class And(Node):
    __slots__ = ("left", "right")

    def __init__(self, left, right):
        self.left = left
        self.right = right


class Or(Node):
    __slots__ = ("left", "right")

    def __init__(self, left, right):
        self.left = left
        self.right = right


class Not(Node):
    __slots__ = ("operand",)

    def __init__(self, operand):
        self.operand = operand


class Parens(Node):
    """Kept only while parsing, to detect the redundant parentheses DynamoDB rejects."""
    __slots__ = ("inner",)

    def __init__(self, inner):
        self.inner = inner


class Arithmetic(Node):
    """``left + right`` or ``left - right`` in an update expression's SET value."""
    __slots__ = ("op", "left", "right")

    def __init__(self, op, left, right):
        self.op = op
        self.left = left
        self.right = right


class Action(Node):
    """One update action: ``kind`` is SET, REMOVE, ADD or DELETE; ``value`` is None for REMOVE."""
    __slots__ = ("kind", "path", "value")

    def __init__(self, kind, path, value=None):
        self.kind = kind
        self.path = path
        self.value = value
