"""BatchGetItem, BatchWriteItem, TransactGetItems and TransactWriteItems.

Batches are validated whole before anything is written, and never leave unprocessed items.
A transaction plans every action (conditions included) before committing any: one failed
condition cancels all of it with ``TransactionCanceledException`` and one reason per action.
"""
from __future__ import annotations

import json
import time

from iamulator.services.dynamodb import values as V
from iamulator.services.dynamodb.expressions import compile_expressions
from iamulator.services.dynamodb.expressions.projection import path_tree, project
from iamulator.services.dynamodb.writes import ConditionFailed, invalid, read_units
from iamulator.services.errors import AWSError

DUPLICATE_KEYS = "Provided list of item keys contains duplicates"
ONE_ITEM = "Transaction request cannot include multiple operations on one item"
WRITE_KINDS = ("ConditionCheck", "Put", "Delete", "Update")
TOKEN_LIFETIME = 600.0        # seconds a ClientRequestToken is remembered, as in DynamoDB


def _capacity(params: dict, per_table: dict) -> list | None:
    mode = params.get("ReturnConsumedCapacity")
    if mode not in ("TOTAL", "INDEXES"):
        return None
    out = []
    for name, units in per_table.items():
        entry = {"TableName": name, "CapacityUnits": units}
        if mode == "INDEXES":
            entry["Table"] = {"CapacityUnits": units}
        out.append(entry)
    return out


def _add_capacity(out: dict, params: dict, per_table: dict):
    capacity = _capacity(params, per_table)
    if capacity is not None:
        out["ConsumedCapacity"] = capacity


def _too_long(member: str, limit: int) -> AWSError:
    return invalid(f"1 validation error detected: Value at '{member}' failed to satisfy constraint: "
                   f"Member must have length less than or equal to {limit}")


def _projection(table, spec: dict):
    """A BatchGetItem table entry's or a Get action's projection (a path tree), or None."""
    exprs = compile_expressions(spec, ("ProjectionExpression",), ("AttributesToGet",))
    if exprs.projection is not None:
        return exprs.projection
    attributes = spec.get("AttributesToGet")
    return path_tree([[a] for a in attributes]) if attributes else None


def raise_if_cancelled(reasons: list):
    if any(r["Code"] != "None" for r in reasons):
        codes = ", ".join(r["Code"] for r in reasons)
        raise AWSError("TransactionCanceledException",
                       f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]",
                       CancellationReasons=reasons)


class BatchOperations:
    """Mixed into the DynamoDB backend, which provides ``_table`` and the ``plan_*`` methods."""

    def batch_get_item(self, ctx, params):
        requests = params.get("RequestItems") or {}
        if sum(len(spec.get("Keys") or ()) for spec in requests.values()) > 100:
            raise invalid("Too many items requested for the BatchGetItem call")
        prepared = []
        for name, spec in requests.items():
            table = self._table({"TableName": name})
            tree = _projection(table, spec)
            keys, seen = [], set()
            for key in spec.get("Keys") or ():
                k = table.key_from_request(key)
                if k in seen:
                    raise invalid(DUPLICATE_KEYS)
                seen.add(k)
                keys.append(k)
            prepared.append((name, table, tree, keys, bool(spec.get("ConsistentRead"))))
        responses, units = {}, {}
        for name, table, tree, keys, consistent in prepared:
            found, used = [], 0.0
            for hk, rk in keys:
                item = table.get(hk, rk)
                used += read_units(V.item_size(item) if item is not None else 0, consistent)
                if item is not None:
                    found.append(project(item, tree) if tree is not None else item)
            responses[name] = found
            units[table.name] = used
        out = {"Responses": responses, "UnprocessedKeys": {}}
        _add_capacity(out, params, units)
        return out

    def batch_write_item(self, ctx, params):
        requests = params.get("RequestItems") or {}
        if sum(len(entries or ()) for entries in requests.values()) > 25:
            raise invalid("Too many items requested for the BatchWriteItem call")
        plans, units = [], {}
        for name, entries in requests.items():
            seen = set()
            for entry in entries or ():
                put, delete = entry.get("PutRequest"), entry.get("DeleteRequest")
                if (put is None) == (delete is None):
                    raise invalid("WriteRequest must contain exactly one of PutRequest or DeleteRequest")
                if put is not None:
                    plan = self.plan_put({"TableName": name, "Item": put.get("Item")}, "BatchWriteItem")
                else:
                    plan = self.plan_delete({"TableName": name, "Key": delete.get("Key")}, "BatchWriteItem")
                if (plan.hk, plan.rk) in seen:
                    raise invalid(DUPLICATE_KEYS)
                seen.add((plan.hk, plan.rk))
                plans.append(plan)
        for plan in plans:
            # Earlier writes of the batch may have changed the item a later one replaces.
            plan.old = plan.table.get(plan.hk, plan.rk)
            plan.commit()
            units[plan.table.name] = units.get(plan.table.name, 0.0) + plan.units()
        out = {"UnprocessedItems": {}}
        _add_capacity(out, params, units)
        return out

    # -- transactions ------------------------------------------------------------------------
    def transact_get_items(self, ctx, params):
        entries = params.get("TransactItems") or []
        if len(entries) > 100:
            raise _too_long("transactItems", 100)
        reads, seen = [], set()
        for entry in entries:
            spec = entry.get("Get") or {}
            table = self._table(spec)
            key = table.key_from_request(spec.get("Key"))
            if (table.name, key) in seen:
                raise invalid(ONE_ITEM)
            seen.add((table.name, key))
            reads.append((table, key, _projection(table, spec)))
        responses, units = [], {}
        for table, (hk, rk), tree in reads:
            item = table.get(hk, rk)
            units[table.name] = units.get(table.name, 0.0) + 2 * read_units(V.item_size(item) if item else 0, True)
            if item is None:
                responses.append({})
            else:
                responses.append({"Item": project(item, tree) if tree is not None else item})
        out = {"Responses": responses}
        _add_capacity(out, params, units)
        return out

    def transact_write_items(self, ctx, params):
        entries = params.get("TransactItems") or []
        if len(entries) > 100:
            raise _too_long("transactItems", 100)
        token = params.get("ClientRequestToken")
        if token is not None:
            earlier = self._remembered_token(token, params)
            if earlier is not None:
                return earlier
        plans, reasons, seen = [], [], set()
        for entry in entries:
            kinds = [k for k in WRITE_KINDS if entry.get(k) is not None]
            if len(kinds) != 1:
                raise invalid("TransactItems can only contain one of Check, Put, Update or Delete")
            kind = kinds[0]
            spec = entry[kind]
            try:
                if kind == "Put":
                    plan = self.plan_put(spec, "TransactWriteItems")
                elif kind == "Delete":
                    plan = self.plan_delete(spec, "TransactWriteItems")
                elif kind == "Update":
                    plan = self.plan_update(spec, "TransactWriteItems")
                else:
                    plan = self.plan_check(spec)
                reasons.append({"Code": "None"})
            except ConditionFailed as failed:
                plan = failed
                reasons.append(failed.reason())
            plans.append((kind, spec, plan))
        for kind, spec, plan in plans:
            table = self._table(spec)
            key = table.key_from_request(spec["Key"]) if kind != "Put" else table.key_from_item(spec["Item"])
            if (table.name, key) in seen:
                raise invalid(ONE_ITEM)
            seen.add((table.name, key))
        raise_if_cancelled(reasons)
        units = {}
        for _, _, plan in plans:
            plan.commit()
            units[plan.table.name] = units.get(plan.table.name, 0.0) + 2 * plan.units()
        out = {}
        _add_capacity(out, params, units)
        if token is not None:
            self._remember_token(token, params, out)
        return out

    def _remembered_token(self, token: str, params: dict):
        tokens = getattr(self, "_tokens", None)
        if not tokens:
            return None
        now = time.monotonic()
        for old in [t for t, (_, _, at) in tokens.items() if now - at > TOKEN_LIFETIME]:
            del tokens[old]
        known = tokens.get(token)
        if known is None:
            return None
        if known[0] != _fingerprint(params):
            raise AWSError("IdempotentParameterMismatchException",
                           "Request token conflicts with a previous request with different parameters")
        return known[1]

    def _remember_token(self, token: str, params: dict, out: dict):
        if getattr(self, "_tokens", None) is None:
            self._tokens = {}
        self._tokens[token] = (_fingerprint(params), out, time.monotonic())


def _fingerprint(params: dict) -> str:
    body = {k: v for k, v in params.items() if k not in ("ClientRequestToken", "ReturnConsumedCapacity")}
    return json.dumps(body, sort_keys=True, default=repr)
