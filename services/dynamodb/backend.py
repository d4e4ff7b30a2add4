"""The DynamoDB backend: tables and items of one account in one region."""
from __future__ import annotations

import math

from iamulator.services.base import Service
from iamulator.services.dynamodb import reads, schema
from iamulator.services.dynamodb import values as V
from iamulator.services.dynamodb.expressions import compile_expressions
from iamulator.services.dynamodb.expressions.projection import path_tree, project
from iamulator.services.dynamodb.tables import MAX_ITEM_SIZE, Table
from iamulator.services.errors import AWSError

_WRITE_LEGACY = ("Expected", "ConditionalOperator")


def _invalid(message: str) -> AWSError:
    return AWSError("ValidationException", message)


def _unsupported_legacy(params: dict, operation: str, names: tuple):
    for name in names:
        if params.get(name) is not None:
            raise AWSError("NotImplemented", f"The legacy parameter {name} of DynamoDB {operation} is not "
                                             "implemented by iamulator; use the expression parameters.", 501)


def _consumed(params: dict, table: Table, units: float):
    mode = params.get("ReturnConsumedCapacity")
    if mode not in ("TOTAL", "INDEXES"):
        return None
    out = {"TableName": table.name, "CapacityUnits": units}
    if mode == "INDEXES":
        out["Table"] = {"CapacityUnits": units}
    return out


def _read_units(size: int, consistent: bool) -> float:
    units = max(1, math.ceil(size / 4096))
    return float(units if consistent else units / 2)


def _write_units(size: int) -> float:
    return float(max(1, math.ceil(size / 1024)))


class Backend(Service):
    name = "dynamodb"

    def __init__(self, account_id, region, store=None):
        super().__init__(account_id, region, store)
        self.tables: dict[str, Table] = {}

    # -- tables ------------------------------------------------------------------------------
    def _table(self, params: dict, describe: bool = False) -> Table:
        name = schema.table_name(params)
        table = self.tables.get(name)
        if table is None:
            message = f"Requested resource not found: Table: {name} not found" if describe else \
                "Requested resource not found"
            raise AWSError("ResourceNotFoundException", message)
        return table

    def create_table(self, ctx, params):
        name = schema.table_name(params)
        schema.validate_create(params)
        if name in self.tables:
            raise AWSError("ResourceInUseException", f"Table already exists: {name}")
        table = Table(params, name, self.account_id, self.region)
        self.tables[name] = table
        return {"TableDescription": table.describe()}

    def describe_table(self, ctx, params):
        return {"Table": self._table(params, describe=True).describe()}

    def delete_table(self, ctx, params):
        table = self._table(params, describe=True)
        if table.deletion_protection:
            raise _invalid("Resource cannot be deleted as it is currently protected against deletion. "
                           "Disable deletion protection first.")
        del self.tables[table.name]
        description = table.describe()
        description["TableStatus"] = "DELETING"
        return {"TableDescription": description}

    def list_tables(self, ctx, params):
        limit = params.get("Limit", 100)
        if limit < 1 or limit > 100:
            raise _invalid(f"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: "
                           f"Member must have value {'greater than or equal to 1' if limit < 1 else 'less than or equal to 100'}")
        names = sorted(self.tables)
        start = params.get("ExclusiveStartTableName")
        if start is not None:
            names = [n for n in names if n > start]
        out = {"TableNames": names[:limit]}
        if len(names) > limit:
            out["LastEvaluatedTableName"] = names[limit - 1]
        return out

    # -- items -------------------------------------------------------------------------------
    @staticmethod
    def _return_values(params: dict):
        rv = params.get("ReturnValues", "NONE")
        if rv not in ("NONE", "ALL_OLD"):
            raise _invalid("ReturnValues can only be ALL_OLD or NONE")
        return rv

    @staticmethod
    def _check_condition(exprs, params, old):
        if exprs.condition is None or exprs.matches(exprs.condition, old or {}):
            return
        fields = {}
        if old is not None and params.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD":
            fields["Item"] = old
        raise AWSError("ConditionalCheckFailedException", "The conditional request failed", **fields)

    def put_item(self, ctx, params):
        schema.table_name(params)
        exprs = compile_expressions(params, ("ConditionExpression",), _WRITE_LEGACY)
        _unsupported_legacy(params, "PutItem", _WRITE_LEGACY)
        item = V.validate_item(params.get("Item") or {})
        rv = self._return_values(params)
        size = V.item_size(item)
        if size > MAX_ITEM_SIZE:
            raise _invalid("Item size has exceeded the maximum allowed size")
        table = self._table(params)
        hk, rk = table.key_from_item(item)
        old = table.get(hk, rk)
        self._check_condition(exprs, params, old)
        table.put(hk, rk, item, size)
        out = {}
        if rv == "ALL_OLD" and old is not None:
            out["Attributes"] = old
        consumed = _consumed(params, table, _write_units(max(size, V.item_size(old) if old else 0)))
        if consumed:
            out["ConsumedCapacity"] = consumed
        return out

    def get_item(self, ctx, params):
        schema.table_name(params)
        exprs = compile_expressions(params, ("ProjectionExpression",), ("AttributesToGet",))
        attributes = params.get("AttributesToGet")
        table = self._table(params)
        hk, rk = table.key_from_request(params.get("Key"))
        item = table.get(hk, rk)
        out = {}
        if item is not None:
            if exprs.projection is not None:
                item = project(item, exprs.projection)
            elif attributes is not None:
                item = project(item, path_tree([[a] for a in attributes]))
            out["Item"] = item
        consistent = bool(params.get("ConsistentRead"))
        consumed = _consumed(params, table, _read_units(V.item_size(item) if item else 0, consistent))
        if consumed:
            out["ConsumedCapacity"] = consumed
        return out

    def delete_item(self, ctx, params):
        schema.table_name(params)
        exprs = compile_expressions(params, ("ConditionExpression",), _WRITE_LEGACY)
        _unsupported_legacy(params, "DeleteItem", _WRITE_LEGACY)
        rv = self._return_values(params)
        table = self._table(params)
        hk, rk = table.key_from_request(params.get("Key"))
        old = table.get(hk, rk)
        self._check_condition(exprs, params, old)
        if old is not None:
            table.delete(hk, rk)
        out = {}
        if rv == "ALL_OLD" and old is not None:
            out["Attributes"] = old
        consumed = _consumed(params, table, _write_units(V.item_size(old) if old else 0))
        if consumed:
            out["ConsumedCapacity"] = consumed
        return out

    def query(self, ctx, params):
        schema.table_name(params)
        legacy = ("AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions")
        exprs = compile_expressions(params, ("ProjectionExpression", "FilterExpression", "KeyConditionExpression"),
                                    legacy)
        _unsupported_legacy(params, "Query", legacy)
        table = self._table(params)
        out = reads.query(table, params, exprs)
        self._add_read_capacity(params, table, out)
        return out

    def scan(self, ctx, params):
        schema.table_name(params)
        legacy = ("AttributesToGet", "ScanFilter", "ConditionalOperator")
        exprs = compile_expressions(params, ("ProjectionExpression", "FilterExpression"), legacy)
        _unsupported_legacy(params, "Scan", legacy)
        table = self._table(params)
        out = reads.scan(table, params, exprs)
        self._add_read_capacity(params, table, out)
        return out

    @staticmethod
    def _add_read_capacity(params, table, out):
        if params.get("ReturnConsumedCapacity") in ("TOTAL", "INDEXES"):
            size = sum(V.item_size(i) for i in out.get("Items", ()))
            out["ConsumedCapacity"] = _consumed(params, table, _read_units(size, bool(params.get("ConsistentRead"))))
