"""ExecuteStatement, BatchExecuteStatement and ExecuteTransaction.

Statements are parsed by ``partiql_parser`` into the expression engine's trees; writes become the
same plans as PutItem/UpdateItem/DeleteItem (so streams, capacity and transactions behave alike).
UPDATE and DELETE must name one item by its whole primary key in WHERE; the rest of WHERE is a
condition on that item. UPDATE never creates an item and INSERT never replaces one, as in DynamoDB.
"""
from __future__ import annotations

import base64
import json

from iamulator.services.dynamodb import values as V
from iamulator.services.dynamodb.batches import raise_if_cancelled
from iamulator.services.dynamodb.expressions import nodes as n
from iamulator.services.dynamodb.expressions.evaluate import Evaluator
from iamulator.services.dynamodb.expressions.projection import path_tree, project
from iamulator.services.dynamodb.expressions.update import apply as apply_update
from iamulator.services.dynamodb.partiql_parser import Param, StatementError, parse
from iamulator.services.dynamodb.reads import index_view
from iamulator.services.dynamodb.tables import INVALID, MAX_ITEM_SIZE
from iamulator.services.dynamodb.writes import ConditionFailed, Plan, consumed, invalid, read_units
from iamulator.services.errors import AWSError

MISSING_KEY = "Where clause does not contain a mandatory equality on all key attributes"
DUPLICATE_ITEM = "Duplicate primary key exists in table"


def _bind(value, parameters: list):
    if isinstance(value, Param):
        return parameters[value.index]
    if "L" in value:
        return {"L": [_bind(x, parameters) for x in value["L"]]}
    if "M" in value:
        return {"M": {k: _bind(x, parameters) for k, x in value["M"].items()}}
    if "SET" in value:
        members = [_bind(x, parameters) for x in value["SET"]]
        kinds = {V.type_of(m) for m in members}
        if len(kinds) != 1 or not kinds <= {"S", "N", "B"}:
            raise invalid("Set must contain elements of one scalar type: string, number or binary")
        kind = kinds.pop()
        return {kind + "S": [m[kind] for m in members]}
    return value


class Bound:
    """A parsed statement with this request's parameters: its evaluator and table."""
    __slots__ = ("st", "evaluator", "table", "item")

    def __init__(self, backend, source, parameters):
        try:
            self.st = st = parse(source)
        except StatementError as e:
            raise invalid(e.message) from None
        parameters = parameters or []
        if len(parameters) != st.parameter_count:
            raise invalid("Number of parameters in request and statement don't match.")
        checked = [V.validate(p) for p in parameters]
        values = {ref: V.validate(_bind(v, checked)) for ref, v in st.literals.items()}
        self.evaluator = Evaluator(st.names, values)
        self.item = V.validate(_bind(st.item, checked)) if st.item is not None else None
        self.table = backend._table({"TableName": st.table})

    def key(self):
        """(hk, rk) when WHERE has an equality on every key attribute, else None; and whether
        WHERE says nothing else."""
        equal = {}
        conjuncts = []
        _conjuncts(self.st.where, conjuncts)
        others = False
        for c in conjuncts:
            if isinstance(c, n.Compare) and c.op == "=":
                sides = (c.left, c.right) if isinstance(c.left, n.Path) else (c.right, c.left)
                path, value = sides
                if isinstance(path, n.Path) and len(path.elements) == 1 and isinstance(value, n.Value):
                    equal[self.st.names[path.elements[0]]] = self.evaluator.values[value.ref]
                    continue
            others = True
        table = self.table
        if any(k not in equal for k in table.key_names()):
            return None, True
        key = {k: equal[k] for k in table.key_names()}
        others = others or len(equal) > len(key)
        try:
            return table.key_from_request(key), not others
        except AWSError:
            return None, True

    def matches(self, item) -> bool:
        return self.st.where is None or self.evaluator.matches(self.st.where, item)


def _conjuncts(tree, out: list):
    if isinstance(tree, n.And):
        _conjuncts(tree.left, out)
        _conjuncts(tree.right, out)
    elif tree is not None:
        out.append(tree)


class PartiQL:
    """Mixed into the DynamoDB backend, which provides ``_table`` and the token helpers."""

    # -- reads -------------------------------------------------------------------------------
    def _select(self, b: Bound) -> list:
        st, table = b.st, b.table
        index = None
        if st.index is not None:
            index = table.indexes.get(st.index)
            if index is None:
                raise invalid(f"The table does not have the specified index: {st.index}")
        if index is None:
            key, _ = b.key()
            if key is not None:
                item = table.get(*key)
                candidates = [item] if item is not None else []
            else:
                candidates = table.iter_items()
        else:
            names = index.key_names()
            candidates = (index_view(table, index, item, "ALL_PROJECTED_ATTRIBUTES")
                          for item in table.iter_items() if all(k in item for k in names))
        tree = path_tree(st.projection) if st.projection else None
        return [project(item, tree) if tree is not None else item for item in candidates if b.matches(item)]

    # -- writes ------------------------------------------------------------------------------
    def _plan_statement(self, b: Bound, return_old: bool = False) -> Plan:
        st, table = b.st, b.table
        if st.kind == "INSERT":
            return self._plan_insert(table, b.item["M"])
        key, key_only = b.key()
        if key is None:
            raise invalid(MISSING_KEY)
        hk, rk = key
        old = table.get(hk, rk)
        if st.kind == "DELETE":
            if old is None and key_only:
                return Plan(table, hk, rk, None, None, 0)
            if old is None or not b.matches(old):
                raise ConditionFailed(old, return_old)
            return Plan(table, hk, rk, old, None, 0)
        for _, path in st.actions:
            if path[0] in table.key_names():
                raise invalid(INVALID + f"Cannot update attribute {path[0]}. This attribute is part of the key")
        if old is None or not b.matches(old):
            raise ConditionFailed(old, return_old)
        new = apply_update(st.actions, old, b.evaluator)
        table.key_from_item(new)
        size = V.item_size(new)
        if size > MAX_ITEM_SIZE:
            raise invalid("Item size to update has exceeded the maximum allowed size")
        return Plan(table, hk, rk, old, new, size)

    @staticmethod
    def _plan_insert(table, item: dict) -> Plan:
        size = V.item_size(item)
        if size > MAX_ITEM_SIZE:
            raise invalid("Item size has exceeded the maximum allowed size")
        hk, rk = table.key_from_item(item)
        if table.get(hk, rk) is not None:
            raise AWSError("DuplicateItemException", DUPLICATE_ITEM)
        return Plan(table, hk, rk, None, item, size)

    # -- operations --------------------------------------------------------------------------
    def execute_statement(self, ctx, params):
        b = Bound(self, params.get("Statement"), params.get("Parameters"))
        if b.st.kind == "SELECT":
            items = self._select(b)
            start = _offset(params.get("NextToken"), params.get("Statement"))
            limit = params.get("Limit")
            end = len(items) if limit is None else min(len(items), start + limit)
            out = {"Items": items[start:end]}
            if end < len(items):
                out["NextToken"] = _token(end, params.get("Statement"))
            size = sum(V.item_size(i) for i in out["Items"])
            used = consumed(params, b.table, read_units(size, bool(params.get("ConsistentRead"))))
        else:
            try:
                plan = self._plan_statement(b, params.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD")
            except ConditionFailed as failed:
                raise failed.error() from None
            plan.commit()
            out = {"Items": []}
            used = consumed(params, b.table, plan.units())
        if used:
            out["ConsumedCapacity"] = used
        return out

    def batch_execute_statement(self, ctx, params):
        statements = params.get("Statements") or []
        if len(statements) > 25:
            raise invalid("1 validation error detected: Value at 'statements' failed to satisfy constraint: "
                          "Member must have length less than or equal to 25")
        responses = []
        for spec in statements:
            response = {}
            try:
                b = Bound(self, spec.get("Statement"), spec.get("Parameters"))
                response["TableName"] = b.table.name
                if b.st.kind == "SELECT":
                    key, _ = b.key()
                    if key is None:
                        raise invalid("Select statements within BatchExecuteStatement must specify the full "
                                      "primary key in the where clause")
                    found = self._select(b)
                    if found:
                        response["Item"] = found[0]
                else:
                    self._plan_statement(b, spec.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD").commit()
            except ConditionFailed as failed:
                response["Error"] = failed.reason()
            except AWSError as e:
                code = {"DuplicateItemException": "DuplicateItem",
                        "ResourceNotFoundException": "ResourceNotFound"}.get(e.code, "ValidationError")
                response["Error"] = {"Code": code, "Message": e.message}
            responses.append(response)
        return {"Responses": responses}

    def execute_transaction(self, ctx, params):
        statements = params.get("TransactStatements") or []
        if len(statements) > 100:
            raise invalid("1 validation error detected: Value at 'transactStatements' failed to satisfy "
                          "constraint: Member must have length less than or equal to 100")
        token = params.get("ClientRequestToken")
        if token is not None:
            earlier = self._remembered_token(token, params)
            if earlier is not None:
                return earlier
        bound = [Bound(self, s.get("Statement"), s.get("Parameters")) for s in statements]
        reads = [b.st.kind == "SELECT" for b in bound]
        if any(reads) and not all(reads):
            raise invalid("Transaction statements must all be either reads or writes")
        seen = set()
        for b in bound:
            if b.st.kind == "INSERT":
                continue
            key, _ = b.key()
            if key is None:
                raise invalid(MISSING_KEY)
            if (b.table.name, key) in seen:
                raise invalid("Transaction request cannot include multiple operations on one item")
            seen.add((b.table.name, key))
        if bound and all(reads):
            return {"Responses": [{"Item": found[0]} if (found := self._select(b)) else {} for b in bound]}
        plans, reasons = [], []
        for b, spec in zip(bound, statements):
            try:
                plans.append(self._plan_statement(b, spec.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"))
                reasons.append({"Code": "None"})
            except ConditionFailed as failed:
                reasons.append(failed.reason())
            except AWSError as e:
                if e.code != "DuplicateItemException":
                    raise
                reasons.append({"Code": "DuplicateItem", "Message": e.message})
        raise_if_cancelled(reasons)
        for plan in plans:
            plan.commit()
        out = {}
        if token is not None:
            self._remember_token(token, params, out)
        return out


def _token(offset: int, statement: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([offset, hash(statement) & 0xFFFFFFFF]).encode()).decode()


def _offset(token, statement: str) -> int:
    if token is None:
        return 0
    try:
        offset, check = json.loads(base64.urlsafe_b64decode(token.encode()))
        if check == hash(statement) & 0xFFFFFFFF and isinstance(offset, int) and offset >= 0:
            return offset
    except (ValueError, TypeError, AttributeError):
        pass
    raise invalid("Invalid NextToken")
