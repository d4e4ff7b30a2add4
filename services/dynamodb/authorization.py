"""What DynamoDB requests are authorized for, beyond what the Service Authorization Reference says.

The reference maps operations to actions one to one; what it cannot know is the fine-grained
access control keys, read from the request with the table's key schema:
``dynamodb:LeadingKeys`` (the partition key values the request touches), ``dynamodb:Attributes``
(the top-level attribute names it reads or writes), and the batch operations' tables.
``TableName`` may be a table ARN, another account's included (the reference's templates parse it).
"""
from __future__ import annotations

import base64

from iamulator.authz.declarations import Declarations, act


def _table(r, name: str | None = None):
    """The stored table the current check names (its account and region from the ARN if given)."""
    vars_ = r.vars or {}
    name = name or vars_.get("TableName")
    account = vars_.get("Account") or r.ctx.account_id
    region = vars_.get("Region") or r.ctx.region
    key = ("table", account, region, name)
    memo = r.memo
    if key not in memo:
        table = None
        if name:
            try:
                table = r.ctx.store.backend("dynamodb", account, region).tables.get(name)
            except KeyError:
                table = None
        memo[key] = table
    return memo[key]


def _scalar(value) -> str | None:
    """The text of an AttributeValue used as a key: S, N or B (base64, as on the wire)."""
    if not isinstance(value, dict):
        return None
    for kind in ("S", "N"):
        if isinstance(value.get(kind), str):
            return value[kind]
    raw = value.get("B")
    if isinstance(raw, (bytes, bytearray)):
        return base64.b64encode(raw).decode()
    return raw if isinstance(raw, str) else None


def _partition_key(r, index_name: str | None = None) -> str | None:
    table = _table(r)
    if table is None:
        return None
    if index_name:
        index = table.indexes.get(index_name)
        return index.hash_name if index is not None else None
    return table.hash_name


def _key_value(r, key: dict | None) -> str | None:
    if not isinstance(key, dict) or not key:
        return None
    name = _partition_key(r)
    if name is None:
        # Without the schema, a key of one attribute can only be the partition key.
        return _scalar(next(iter(key.values()))) if len(key) == 1 else None
    return _scalar(key.get(name))


def _query_leading_keys(r) -> list | None:
    params = r.params
    name = _partition_key(r, params.get("IndexName"))
    expression = params.get("KeyConditionExpression")
    if expression:
        from iamulator.services.dynamodb.expressions import keys, parser

        conditions = keys.key_conditions(parser.parse_condition(expression).tree,
                                         params.get("ExpressionAttributeNames") or {})
        equal = {a: c for a, c in conditions.items() if c.op == "="}
        if name is None and len(equal) == 1:
            name = next(iter(equal))
        condition = equal.get(name)
        if condition is None:
            return None
        value = (params.get("ExpressionAttributeValues") or {}).get(condition.args[0])
        found = _scalar(value)
        return [found] if found is not None else None
    legacy = params.get("KeyConditions") or {}
    equal = {a: c for a, c in legacy.items() if isinstance(c, dict) and c.get("ComparisonOperator") == "EQ"}
    if name is None and len(equal) == 1:
        name = next(iter(equal))
    condition = equal.get(name)
    if condition is None or not condition.get("AttributeValueList"):
        return None
    found = _scalar(condition["AttributeValueList"][0])
    return [found] if found is not None else None


def _leading_keys(r) -> list | None:
    params = r.params
    if r.action in _PARTIQL_KINDS:
        return _partiql_leading_keys(r)
    if r.item is not None:                 # a batch: the current table's requests
        return _batch_leading_keys(r)
    if "KeyConditionExpression" in params or "KeyConditions" in params:
        return _query_leading_keys(r)
    found = _key_value(r, params.get("Key") if "Key" in params else _item_key(r, params.get("Item")))
    return [found] if found is not None else None


def _item_key(r, item: dict | None) -> dict | None:
    if not isinstance(item, dict):
        return None
    name = _partition_key(r)
    return {name: item[name]} if name is not None and name in item else None


_TRANSACT_KINDS = {"dynamodb:PutItem": "Put", "dynamodb:UpdateItem": "Update", "dynamodb:DeleteItem": "Delete",
                   "dynamodb:ConditionCheckItem": "ConditionCheck", "dynamodb:GetItem": "Get"}


def _transact_specs(r, kind: str | None = None) -> list:
    """The TransactItems actions of the action being checked, on the table being checked when
    one is (``r.item``)."""
    kind = kind or _TRANSACT_KINDS.get(r.action)
    out = []
    for entry in r.params.get("TransactItems") or ():
        spec = entry.get(kind) if isinstance(entry, dict) else None
        if isinstance(spec, dict) and (r.item is None or spec.get("TableName") == r.item):
            out.append(spec)
    return out


def _entries(r) -> list:
    """(key or None, item or None, spec) of each request the current check covers in a batch or
    a transaction."""
    if "TransactItems" in r.params:
        return [(spec.get("Key"), spec.get("Item"), spec) for spec in _transact_specs(r)]
    request = (r.params.get("RequestItems") or {}).get(r.item)
    if isinstance(request, dict):                  # BatchGetItem: {"Keys": [...]}
        return [(key, None, request) for key in request.get("Keys") or ()]
    out = []
    for entry in request or ():                    # BatchWriteItem: [{"PutRequest"|"DeleteRequest": ...}]
        if isinstance(entry, dict) and isinstance(entry.get("PutRequest"), dict):
            out.append((None, entry["PutRequest"].get("Item"), entry["PutRequest"]))
        elif isinstance(entry, dict) and isinstance(entry.get("DeleteRequest"), dict):
            out.append((entry["DeleteRequest"].get("Key"), None, entry["DeleteRequest"]))
    return out


def _batch_leading_keys(r) -> list | None:
    found = [_key_value(r, key if key is not None else _item_key(r, item)) for key, item, _ in _entries(r)]
    values = [v for v in dict.fromkeys(found) if v is not None]
    return values or None


def _projected(spec: dict) -> list | None:
    """Top-level attribute names of ``ProjectionExpression`` (placeholders resolved) or
    ``AttributesToGet``."""
    expression = spec.get("ProjectionExpression")
    if isinstance(expression, str) and expression.strip():
        names = spec.get("ExpressionAttributeNames") or {}
        out = []
        for path in expression.split(","):
            head = path.strip().split(".", 1)[0].split("[", 1)[0].strip()
            if head:
                out.append(names.get(head, head) if head.startswith("#") else head)
        return list(dict.fromkeys(out))
    attributes = spec.get("AttributesToGet")
    return list(attributes) if isinstance(attributes, list) and attributes else None


def _updated(spec: dict) -> list:
    """Top-level attribute names an UpdateExpression writes (or AttributeUpdates names)."""
    expression = spec.get("UpdateExpression")
    if not isinstance(expression, str):
        return list(spec.get("AttributeUpdates") or ())
    from iamulator.services.dynamodb.expressions import parser
    from iamulator.services.dynamodb.expressions.errors import ExpressionError

    try:
        actions = parser.parse_update(expression).tree
    except ExpressionError:
        return []
    names = spec.get("ExpressionAttributeNames") or {}
    heads = (a.path.elements[0] for a in actions)
    return [names.get(h, h) if h.startswith("#") else h for h in heads]


def _spec_attributes(spec: dict, key, item) -> list:
    if isinstance(item, dict):
        return list(item)
    projected = _projected(spec)
    if projected is not None:
        return projected
    names = _updated(spec)
    if not names and isinstance(key, dict) and "UpdateExpression" not in spec:
        names = list(key)
    return names


def _attributes(r) -> list | None:
    params = r.params
    if r.item is not None or "TransactItems" in params:
        names = []
        for key, item, spec in _entries(r):
            if r.action in ("dynamodb:GetItem", "dynamodb:BatchGetItem") and _projected(spec) is None:
                return None                # a read without a projection asks for every attribute
            names += _spec_attributes(spec, key, item)
        return list(dict.fromkeys(names)) or None
    if isinstance(params.get("Item"), dict):
        return list(params["Item"])
    projected = _projected(params)
    if projected is not None:
        return projected
    if r.action not in _KEYED_WRITES:
        return None          # a read without a projection asks for every attribute
    return _spec_attributes(params, params.get("Key"), None) or None


_KEYED_WRITES = ("dynamodb:DeleteItem", "dynamodb:UpdateItem")


def _resource_context(r, resource_type: str) -> dict | None:
    table = _table(r)
    if table is None:
        return None
    return {"aws:ResourceTag/" + t["Key"]: t.get("Value", "") for t in table.tags if "Key" in t}


def _batch_tables(r) -> list:
    return list(r.params.get("RequestItems") or ())


def _transact_tables(kind: str):
    def tables(r) -> list:
        return list(dict.fromkeys(spec.get("TableName") for spec in _transact_specs(r, kind)
                                  if isinstance(spec.get("TableName"), str)))
    return tables


def _transact(action: str, kind: str):
    return act(action, on="table", each=_transact_tables(kind), vars={"TableName": lambda r: r.item},
               note=f"one check per table of the {kind} actions")


def _statements(r) -> list:
    """(parsed statement, its parameters) of a PartiQL request; statements that do not parse are
    left out (the request fails validation anyway)."""
    from iamulator.services.dynamodb.partiql_parser import StatementError, parse

    params = r.params
    specs = params.get("Statements") or params.get("TransactStatements") or [params]
    out = []
    for spec in specs:
        source = spec.get("Statement") if isinstance(spec, dict) else None
        try:
            out.append((parse(source), spec.get("Parameters") or []))
        except (StatementError, TypeError):
            continue
    return out


_PARTIQL_KINDS = {"dynamodb:PartiQLSelect": "SELECT", "dynamodb:PartiQLInsert": "INSERT",
                  "dynamodb:PartiQLUpdate": "UPDATE", "dynamodb:PartiQLDelete": "DELETE"}


def _partiql_leading_keys(r) -> list | None:
    """Partition key values the current table's statements name: an INSERT's item key, or an
    equality on the partition key in WHERE."""
    from iamulator.services.dynamodb.expressions import nodes
    from iamulator.services.dynamodb.partiql import _conjuncts
    from iamulator.services.dynamodb.partiql_parser import Param

    name = _partition_key(r)
    kind = _PARTIQL_KINDS.get(r.action)
    found = []

    def value_of(literal, parameters):
        if isinstance(literal, Param):
            return parameters[literal.index] if literal.index < len(parameters) else None
        return literal

    for st, parameters in _statements(r):
        if st.kind != kind or st.table != r.item or name is None:
            continue
        if st.kind == "INSERT":
            found.append(_scalar(value_of((st.item.get("M") or {}).get(name), parameters)))
            continue
        conjuncts: list = []
        _conjuncts(st.where, conjuncts)
        for c in conjuncts:
            if isinstance(c, nodes.Compare) and c.op == "=":
                path, value = (c.left, c.right) if isinstance(c.left, nodes.Path) else (c.right, c.left)
                if isinstance(path, nodes.Path) and path.elements == [path.elements[0]] and \
                        st.names.get(path.elements[0]) == name and isinstance(value, nodes.Value):
                    found.append(_scalar(value_of(st.literals[value.ref], parameters)))
    values = [v for v in dict.fromkeys(found) if v is not None]
    return values or None


def _partiql(action: str, kind: str):
    def tables(r) -> list:
        return list(dict.fromkeys(st.table for st, _ in _statements(r) if st.kind == kind))
    return act(action, on="table", each=tables, vars={"TableName": lambda r: r.item},
               note=f"one check per table named by {kind} statements")


_PARTIQL = [("PartiQLSelect", "SELECT"), ("PartiQLInsert", "INSERT"), ("PartiQLUpdate", "UPDATE"),
            ("PartiQLDelete", "DELETE")]


auth = Declarations(
    "dynamodb",
    keys={
        "dynamodb:LeadingKeys": _leading_keys,
        "dynamodb:Attributes": _attributes,
        "dynamodb:Select": "Select",
        "dynamodb:ReturnValues": "ReturnValues",
        "dynamodb:ReturnConsumedCapacity": "ReturnConsumedCapacity",
    },
    resource_context=_resource_context,
    resource_keys=("aws:ResourceTag/${TagKey}",),
)

auth.operation("CreateTable", act("CreateTable"),
               act("TagResource", on="table", when=lambda r: bool(r.params.get("Tags")), note="when Tags are given"),
               act("PutResourcePolicy", on="table", when=lambda r: r.params.get("ResourcePolicy") is not None,
                   note="when ResourcePolicy is given"))


def _policy_resource(r) -> str | None:
    """``ResourceArn`` as given: a table's ARN or a stream's (the reference's template is the stream's)."""
    arn = r.params.get("ResourceArn")
    return arn if isinstance(arn, str) and arn.startswith("arn:") else None


for _operation in ("PutResourcePolicy", "GetResourcePolicy", "DeleteResourcePolicy"):
    auth.operation(_operation, act(_operation, arn=_policy_resource, note="on the table or stream ResourceArn names"))
auth.operation("BatchGetItem", act("BatchGetItem", on="table", each=_batch_tables,
                                   vars={"TableName": lambda r: r.item}))
auth.operation("BatchWriteItem", act("BatchWriteItem", on="table", each=_batch_tables,
                                     vars={"TableName": lambda r: r.item}))
auth.operation("TransactGetItems", _transact("GetItem", "Get"))
auth.operation("TransactWriteItems", _transact("PutItem", "Put"), _transact("UpdateItem", "Update"),
               _transact("DeleteItem", "Delete"), _transact("ConditionCheckItem", "ConditionCheck"))
for _operation in ("ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction"):
    auth.operation(_operation, *(_partiql(action, kind) for action, kind in _PARTIQL))
