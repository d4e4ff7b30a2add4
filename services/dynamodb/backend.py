"""The DynamoDB backend: tables and items of one account in one region."""
from __future__ import annotations

from iamulator.services.base import Service
from iamulator.services.dynamodb import reads, schema
from iamulator.services.dynamodb.batches import BatchOperations
from iamulator.services.dynamodb import values as V
from iamulator.services.dynamodb.expressions import compile_expressions
from iamulator.services.dynamodb.expressions.projection import path_tree, project
from iamulator.services.dynamodb.partiql import PartiQL
from iamulator.services.dynamodb.resource_policies import ResourcePolicies, check_document
from iamulator.services.dynamodb.table_settings import TableSettings
from iamulator.services.dynamodb.tables import Table
from iamulator.services.dynamodb.writes import ItemWrites, consumed, read_units, unsupported_legacy
from iamulator.services.errors import AWSError


def _invalid(message: str) -> AWSError:
    return AWSError("ValidationException", message)


def _routing(fn):
    def routed(backend, ctx, params):
        arn = params.get("TableName") or params.get("ResourceArn")
        if arn.__class__ is str and arn.startswith("arn:"):
            parts = arn.split(":", 5)
            if len(parts) == 6 and parts[4] and parts[4] != backend.account_id and \
                    ctx is not None and ctx.store is not None:
                owner = ctx.store.backend("dynamodb", parts[4], backend.region)
                with backend._holding(owner):
                    return fn(owner, ctx, params)
        return fn(backend, ctx, params)
    return routed


class Backend(ItemWrites, BatchOperations, TableSettings, PartiQL, ResourcePolicies, Service):
    name = "dynamodb"

    def __init__(self, account_id, region, store=None):
        super().__init__(account_id, region, store)
        self.tables: dict[str, Table] = {}
        # Streams of deleted tables stay readable, as in DynamoDB (for 24 hours there).
        self.retired_streams: list = []
        # Resource-based policies: table or stream ARN -> (policy text, revision id).
        self.policies: dict[str, tuple] = {}

    @classmethod
    def handler(cls, operation: str):
        """The operation's method, reaching the owning account's backend when the request names
        another account's table by ARN (``TableName`` or ``ResourceArn``): authorization has
        already decided that the caller may."""
        routed = cls.__dict__.get("_routed_table")
        if routed is None:
            routed = cls._routed_table = {}
        if operation in routed:
            return routed[operation]
        fn = super().handler(operation)
        routed[operation] = _routing(fn) if fn is not None else None
        return routed[operation]

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
        policy = params.get("ResourcePolicy")
        if policy is not None:
            check_document(policy)
        if name in self.tables:
            raise AWSError("ResourceInUseException", f"Table already exists: {name}")
        table = Table(params, name, self.account_id, self.region)
        self.tables[name] = table
        if policy is not None:
            self.attach_at_creation(table, policy)
        return {"TableDescription": table.describe()}

    def describe_table(self, ctx, params):
        return {"Table": self._table(params, describe=True).describe()}

    def delete_table(self, ctx, params):
        table = self._table(params, describe=True)
        if table.deletion_protection:
            raise _invalid("Resource cannot be deleted as it is currently protected against deletion. "
                           "Disable deletion protection first.")
        del self.tables[table.name]
        self.policies.pop(table.arn, None)
        description = table.describe()
        description["TableStatus"] = "DELETING"
        table.disable_stream()
        self.retired_streams += table.streams
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
        if params.get("ReturnConsumedCapacity") in ("TOTAL", "INDEXES"):
            consistent = bool(params.get("ConsistentRead"))
            out["ConsumedCapacity"] = consumed(params, table, read_units(V.item_size(item) if item else 0, consistent))
        return out

    def query(self, ctx, params):
        schema.table_name(params)
        legacy = ("AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions")
        exprs = compile_expressions(params, ("ProjectionExpression", "FilterExpression", "KeyConditionExpression"),
                                    legacy)
        unsupported_legacy(params, "Query", legacy)
        table = self._table(params)
        out = reads.query(table, params, exprs)
        self._add_read_capacity(params, table, out)
        return out

    def scan(self, ctx, params):
        schema.table_name(params)
        legacy = ("AttributesToGet", "ScanFilter", "ConditionalOperator")
        exprs = compile_expressions(params, ("ProjectionExpression", "FilterExpression"), legacy)
        unsupported_legacy(params, "Scan", legacy)
        table = self._table(params)
        out = reads.scan(table, params, exprs)
        self._add_read_capacity(params, table, out)
        return out

    @staticmethod
    def _add_read_capacity(params, table, out):
        if params.get("ReturnConsumedCapacity") in ("TOTAL", "INDEXES"):
            size = sum(V.item_size(i) for i in out.get("Items", ()))
            out["ConsumedCapacity"] = consumed(params, table, read_units(size, bool(params.get("ConsistentRead"))))
