"""Everything an operation's expression parameters need before it touches a table.

Checks ExpressionAttributeNames/Values the way DynamoDB does (where they may appear, their
keys, their values), parses and checks each expression in DynamoDB's order, and finally rejects
placeholders that no expression used.
"""
from __future__ import annotations

import re

from iamulator.services.dynamodb import values as V
from iamulator.services.dynamodb.expressions import checks, keys, parser, projection
from iamulator.services.dynamodb.expressions.errors import ExpressionError
from iamulator.services.dynamodb.expressions.evaluate import Evaluator
from iamulator.services.errors import AWSError

_NAME_KEY = re.compile(r"#[0-9A-Za-z_]+\Z")
_VALUE_KEY = re.compile(r":[0-9A-Za-z_]+\Z")


def _invalid(message: str) -> AWSError:
    return AWSError("ValidationException", message)


class Expressions:
    """The checked expressions of one request."""
    __slots__ = ("condition", "filter", "key_conditions", "projection", "update", "evaluator", "values")

    def __init__(self):
        self.condition = None          # condition tree
        self.filter = None             # condition tree
        self.key_conditions = None     # {attribute: keys.KeyCondition}
        self.projection = None         # projection.path_tree(...) result
        self.update = None             # [(nodes.Action, resolved path)]
        self.evaluator = None
        self.values = {}

    def matches(self, tree, item) -> bool:
        return self.evaluator.matches(tree, item)


# The (read-only) result for the many requests that use no expression at all.
_NONE = Expressions()
_NONE.evaluator = Evaluator(None, None)


def _run(kind: str, fn, *args):
    try:
        return fn(*args)
    except ExpressionError as e:
        raise _invalid(f"Invalid {kind}: {e.message}" if e.prefixed else e.message) from None


def _condition(kind: str, source: str, ph):
    def go():
        parsed = parser.parse_condition(source)
        checks.check_condition(parsed, ph)
        return parsed.tree
    return _run(kind, go)


def compile_expressions(params: dict, kinds: tuple, legacy: tuple = ()) -> Expressions:
    """``kinds``: the expression parameters this operation has, in the order DynamoDB lists them
    (e.g. ``("ProjectionExpression", "FilterExpression", "KeyConditionExpression")``)."""
    present = [k for k in kinds if params.get(k) is not None]
    if not present and "ExpressionAttributeNames" not in params and "ExpressionAttributeValues" not in params:
        return _NONE
    if present:
        old = [k for k in legacy if params.get(k) is not None]
        if old:
            raise _invalid("Can not use both expression and non-expression parameters in the same request: "
                           f"Non-expression parameters: {{{', '.join(old)}}} "
                           f"Expression parameters: {{{', '.join(present)}}}")
    names = params.get("ExpressionAttributeNames")
    values = params.get("ExpressionAttributeValues")
    if names is not None and not present:
        raise _invalid("ExpressionAttributeNames can only be specified when using expressions")
    value_kinds = [k for k in kinds if k != "ProjectionExpression"]
    if values is not None and value_kinds and not any(params.get(k) is not None for k in value_kinds):
        verb = "are" if len(value_kinds) > 1 else "is"
        raise _invalid("ExpressionAttributeValues can only be specified when using expressions: "
                       f"{' and '.join(value_kinds)} {verb} null")
    if names is not None:
        if not names:
            raise _invalid("ExpressionAttributeNames must not be empty")
        for k in names:
            if not _NAME_KEY.match(k):
                raise _invalid(f'ExpressionAttributeNames contains invalid key: Syntax error; key: "{k}"')
    if values is not None:
        if not values:
            raise _invalid("ExpressionAttributeValues must not be empty")
        for k in values:
            if not _VALUE_KEY.match(k):
                raise _invalid(f'ExpressionAttributeValues contains invalid key: Syntax error; key: "{k}"')
        checked = None
        for k, v in values.items():
            try:
                c = V.validate(v)
            except AWSError as e:
                raise _invalid(f"ExpressionAttributeValues contains invalid value: {e.message} for key {k}") from None
            if c is not v:
                if checked is None:
                    checked = dict(values)
                checked[k] = c
        if checked is not None:
            values = checked

    out = Expressions()
    out.values = values or {}
    ph = checks.Placeholders(names, values)
    if params.get("UpdateExpression") is not None and "UpdateExpression" in kinds:
        out.update = _run("UpdateExpression", lambda: checks.check_update(
            parser.parse_update(params["UpdateExpression"]), ph))
    if params.get("ConditionExpression") is not None and "ConditionExpression" in kinds:
        out.condition = _condition("ConditionExpression", params["ConditionExpression"], ph)
    if params.get("KeyConditionExpression") is not None and "KeyConditionExpression" in kinds:
        tree = _condition("KeyConditionExpression", params["KeyConditionExpression"], ph)
        out.key_conditions = _run("KeyConditionExpression", keys.key_conditions, tree, ph.names)
    if params.get("FilterExpression") is not None and "FilterExpression" in kinds:
        out.filter = _condition("FilterExpression", params["FilterExpression"], ph)
    if params.get("ProjectionExpression") is not None and "ProjectionExpression" in kinds:
        def go():
            parsed = parser.parse_projection(params["ProjectionExpression"])
            return projection.path_tree(checks.check_projection(parsed, ph))
        out.projection = _run("ProjectionExpression", go)

    if names:
        unused = [k for k in names if k not in ph.used_names]
        if unused:
            raise _invalid(f"Value provided in ExpressionAttributeNames unused in expressions: keys: {{{', '.join(unused)}}}")
    if values:
        unused = [k for k in values if k not in ph.used_values]
        if unused:
            raise _invalid(f"Value provided in ExpressionAttributeValues unused in expressions: keys: {{{', '.join(unused)}}}")
    out.evaluator = Evaluator(names, values)
    return out
