"""PutItem, UpdateItem and DeleteItem, each split into a plan (validation, the condition, the new
item) and a commit, so that TransactWriteItems can plan every action before committing any."""
from __future__ import annotations

import math

from iamulator.services.dynamodb import schema
from iamulator.services.dynamodb import values as V
from iamulator.services.dynamodb.expressions import compile_expressions
from iamulator.services.dynamodb.expressions.projection import path_tree, project
from iamulator.services.dynamodb.expressions.update import apply as apply_update
from iamulator.services.dynamodb.tables import INVALID, MAX_ITEM_SIZE, Table
from iamulator.services.errors import AWSError

WRITE_LEGACY = ("Expected", "ConditionalOperator")
UPDATE_LEGACY = ("AttributeUpdates", "Expected", "ConditionalOperator")
UPDATE_RETURN_VALUES = ("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW")
CONDITION_FAILED = "The conditional request failed"


def invalid(message: str) -> AWSError:
    return AWSError("ValidationException", message)


def unsupported_legacy(params: dict, operation: str, names: tuple):
    for name in names:
        if params.get(name) is not None:
            raise AWSError("NotImplemented", f"The legacy parameter {name} of DynamoDB {operation} is not "
                                             "implemented by iamulator; use the expression parameters.", 501)


def consumed(params: dict, table: Table, units: float):
    mode = params.get("ReturnConsumedCapacity")
    if mode not in ("TOTAL", "INDEXES"):
        return None
    out = {"TableName": table.name, "CapacityUnits": units}
    if mode == "INDEXES":
        out["Table"] = {"CapacityUnits": units}
    return out


def read_units(size: int, consistent: bool) -> float:
    units = max(1, math.ceil(size / 4096))
    return float(units if consistent else units / 2)


def write_units(size: int) -> float:
    return float(max(1, math.ceil(size / 1024)))


class ConditionFailed(Exception):
    """A write's condition did not hold; ``old`` is the item it was checked against."""

    def __init__(self, old, return_old: bool):
        super().__init__(CONDITION_FAILED)
        self.old = old
        self.return_old = return_old

    def reason(self) -> dict:
        """The failure as a transaction's cancellation reason (or a batch statement's error)."""
        out = {"Code": "ConditionalCheckFailed", "Message": CONDITION_FAILED}
        if self.return_old and self.old is not None:
            out["Item"] = self.old
        return out

    def error(self) -> AWSError:
        fields = {"Item": self.old} if self.return_old and self.old is not None else {}
        return AWSError("ConditionalCheckFailedException", CONDITION_FAILED, **fields)


class Plan:
    """One write, checked and ready: ``new`` None deletes, ``write`` False only checks."""
    __slots__ = ("table", "hk", "rk", "old", "new", "size", "write", "paths")

    def __init__(self, table, hk, rk, old, new, size, write=True, paths=None):
        self.table = table
        self.hk = hk
        self.rk = rk
        self.old = old
        self.new = new
        self.size = size
        self.write = write
        self.paths = paths

    def commit(self):
        if not self.write:
            return
        if self.new is None:
            if self.old is not None:
                self.table.delete(self.hk, self.rk)
        else:
            self.table.put(self.hk, self.rk, self.new, self.size)

    def units(self) -> float:
        return write_units(max(self.size if self.new is not None else 0,
                               V.item_size(self.old) if self.old is not None else 0))


def check_condition(exprs, params, old):
    if exprs.condition is not None and not exprs.matches(exprs.condition, old or {}):
        raise ConditionFailed(old, params.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD")


def _return_values(params: dict):
    rv = params.get("ReturnValues", "NONE")
    if rv not in ("NONE", "ALL_OLD"):
        raise invalid("ReturnValues can only be ALL_OLD or NONE")
    return rv


class ItemWrites:
    """The single-item write operations of the DynamoDB backend."""

    # -- plans -------------------------------------------------------------------------------
    def plan_put(self, params: dict, operation: str = "PutItem") -> Plan:
        schema.table_name(params)
        exprs = compile_expressions(params, ("ConditionExpression",), WRITE_LEGACY)
        unsupported_legacy(params, operation, WRITE_LEGACY)
        item = V.validate_item(params.get("Item") or {})
        size = V.item_size(item)
        if size > MAX_ITEM_SIZE:
            raise invalid("Item size has exceeded the maximum allowed size")
        table = self._table(params)
        hk, rk = table.key_from_item(item)
        old = table.get(hk, rk)
        check_condition(exprs, params, old)
        return Plan(table, hk, rk, old, item, size)

    def plan_delete(self, params: dict, operation: str = "DeleteItem") -> Plan:
        schema.table_name(params)
        exprs = compile_expressions(params, ("ConditionExpression",), WRITE_LEGACY)
        unsupported_legacy(params, operation, WRITE_LEGACY)
        table = self._table(params)
        hk, rk = table.key_from_request(params.get("Key"))
        old = table.get(hk, rk)
        check_condition(exprs, params, old)
        return Plan(table, hk, rk, old, None, 0)

    def plan_check(self, params: dict) -> Plan:
        schema.table_name(params)
        exprs = compile_expressions(params, ("ConditionExpression",))
        if exprs.condition is None:
            raise invalid("1 validation error detected: Value null at 'conditionExpression' failed to satisfy "
                          "constraint: Member must not be null")
        table = self._table(params)
        hk, rk = table.key_from_request(params.get("Key"))
        old = table.get(hk, rk)
        check_condition(exprs, params, old)
        return Plan(table, hk, rk, old, old, 0, write=False)

    def plan_update(self, params: dict, operation: str = "UpdateItem") -> Plan:
        schema.table_name(params)
        exprs = compile_expressions(params, ("UpdateExpression", "ConditionExpression"), UPDATE_LEGACY)
        unsupported_legacy(params, operation, UPDATE_LEGACY)
        table = self._table(params)
        key = params.get("Key")
        hk, rk = table.key_from_request(key)
        actions = exprs.update or ()
        for _, path in actions:
            if path[0] in key:
                raise invalid(INVALID + f"Cannot update attribute {path[0]}. This attribute is part of the key")
        old = table.get(hk, rk)
        check_condition(exprs, params, old)
        base = old if old is not None else {name: V.validate(key[name]) for name in table.key_names()}
        new = apply_update(actions, base, exprs.evaluator) if actions else dict(base)
        table.key_from_item(new)
        size = V.item_size(new)
        if size > MAX_ITEM_SIZE:
            raise invalid("Item size to update has exceeded the maximum allowed size")
        return Plan(table, hk, rk, old, new, size, paths=[path for _, path in actions])

    # -- operations --------------------------------------------------------------------------
    def _finish(self, params: dict, plan: Plan, attributes) -> dict:
        out = {}
        if attributes:
            out["Attributes"] = attributes
        if params.get("ReturnConsumedCapacity") in ("TOTAL", "INDEXES"):
            out["ConsumedCapacity"] = consumed(params, plan.table, plan.units())
        return out

    def _write(self, params: dict, planner) -> dict:
        rv = _return_values(params)
        try:
            plan = planner(params)
        except ConditionFailed as failed:
            raise failed.error() from None
        plan.commit()
        return self._finish(params, plan, plan.old if rv == "ALL_OLD" else None)

    def put_item(self, ctx, params):
        return self._write(params, self.plan_put)

    def delete_item(self, ctx, params):
        return self._write(params, self.plan_delete)

    def update_item(self, ctx, params):
        rv = params.get("ReturnValues", "NONE")
        if rv not in UPDATE_RETURN_VALUES:
            raise schema.constraint(rv, "returnValues", "Member must satisfy enum value set: "
                                                        "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]")
        try:
            plan = self.plan_update(params)
        except ConditionFailed as failed:
            raise failed.error() from None
        plan.commit()
        attributes = None
        if rv == "ALL_OLD":
            attributes = plan.old
        elif rv == "ALL_NEW":
            attributes = plan.new
        elif rv in ("UPDATED_OLD", "UPDATED_NEW") and plan.paths:
            source = plan.old if rv == "UPDATED_OLD" else plan.new
            attributes = project(source, path_tree(plan.paths)) if source else None
        return self._finish(params, plan, attributes)
