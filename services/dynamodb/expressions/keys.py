"""Turns a checked KeyConditionExpression into one condition per key attribute.

A key condition is a conjunction of at most one comparison per key attribute, each with the
attribute on one side and values on the other; anything else gets DynamoDB's own message.
"""
from __future__ import annotations

from iamulator.services.dynamodb.expressions import nodes as n
from iamulator.services.dynamodb.expressions.errors import ExpressionError

_FLIPPED = {"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_NOT_ALLOWED = ("attribute_exists", "attribute_not_exists", "attribute_type", "contains")


class KeyCondition:
    """``op`` is one of = < <= > >= BETWEEN begins_with; ``args`` are value placeholders."""
    __slots__ = ("attribute", "op", "args")

    def __init__(self, attribute, op, args):
        self.attribute = attribute
        self.op = op
        self.args = args


def _fail(message: str):
    raise ExpressionError(message, prefixed=False)


def _key_attribute(operands, names, op_name):
    attribute, position = None, -1
    for i, x in enumerate(operands):
        if isinstance(x, n.Function):
            _fail("KeyConditionExpressions cannot contain nested operations")
        if isinstance(x, n.Path):
            if attribute is not None:
                _fail("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition")
            if len(x.elements) > 1:
                _fail("KeyConditionExpressions cannot have conditions on nested attributes")
            e = x.elements[0]
            attribute, position = (names[e] if e[0] == "#" else e), i
    if attribute is None:
        _fail("Invalid condition in KeyConditionExpression: No key attribute specified")
    return attribute, position


def key_conditions(tree, names: dict) -> dict[str, KeyCondition]:
    out: dict[str, KeyCondition] = {}

    def add(cond: KeyCondition):
        if cond.attribute in out:
            _fail("KeyConditionExpressions must only contain one condition per key")
        out[cond.attribute] = cond

    def walk(node):
        if isinstance(node, n.And):
            walk(node.left)
            walk(node.right)
        elif isinstance(node, n.Or):
            _fail("Invalid operator used in KeyConditionExpression: OR")
        elif isinstance(node, n.Not):
            _fail("Invalid operator used in KeyConditionExpression: NOT")
        elif isinstance(node, n.In):
            _fail("Invalid operator used in KeyConditionExpression: IN")
        elif isinstance(node, n.Compare):
            if node.op == "<>":
                _fail("Invalid operator used in KeyConditionExpression: <>")
            attribute, pos = _key_attribute((node.left, node.right), names, node.op)
            op = node.op if pos == 0 else _FLIPPED[node.op]
            value = node.right if pos == 0 else node.left
            add(KeyCondition(attribute, op, [value.ref]))
        elif isinstance(node, n.Between):
            if not isinstance(node.operand, n.Path):
                _fail("Invalid condition in KeyConditionExpression: BETWEEN operator must have the key "
                      "attribute as its first operand")
            attribute, _ = _key_attribute((node.operand, node.low, node.high), names, "BETWEEN")
            add(KeyCondition(attribute, "BETWEEN", [node.low.ref, node.high.ref]))
        elif isinstance(node, n.Function):
            if node.name in _NOT_ALLOWED:
                _fail(f"Invalid operator used in KeyConditionExpression: {node.name}")
            if node.name == "size":
                _fail("KeyConditionExpressions cannot contain nested operations")
            if not isinstance(node.args[0], n.Path):
                _fail("Invalid condition in KeyConditionExpression: begins_with operator must have the key "
                      "attribute as its first operand")
            attribute, _ = _key_attribute(node.args, names, "begins_with")
            add(KeyCondition(attribute, "begins_with", [node.args[1].ref]))

    walk(tree)
    return out
