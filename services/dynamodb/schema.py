"""CreateTable's validation of key schemas, attribute definitions, billing and indexes, with
DynamoDB's messages, in the order DynamoDB checks them."""
from __future__ import annotations

import re

from iamulator.services.errors import AWSError

INVALID = "One or more parameter values were invalid: "
_TABLE_NAME = re.compile(r"[a-zA-Z0-9_.-]+\Z")


def _invalid(message: str) -> AWSError:
    return AWSError("ValidationException", message)


def constraint(value, where: str, rule: str) -> AWSError:
    shown = "null" if value is None else f"'{value}'"
    return _invalid(f"1 validation error detected: Value {shown} at '{where}' failed to satisfy constraint: {rule}")


def table_name(params: dict, member: str = "TableName") -> str:
    """The table a request names, by name or by ARN, checked like DynamoDB checks it."""
    name = params.get(member)
    if name is None:
        raise _invalid(f"The parameter '{member}' is required but was not present in the request")
    if name.startswith("arn:"):
        # arn:aws:dynamodb:region:account:table/name
        _, _, resource = name.partition(":table/")
        if not resource:
            raise _invalid(f"Invalid TableArn: Invalid ResourceArn provided as input {name}")
        name = resource.split("/", 1)[0]
    where = member[0].lower() + member[1:]
    if len(name) < 3 or len(name) > 255:
        raise _invalid(f"TableName must be at least 3 characters long and at most 255 characters long")
    if not _TABLE_NAME.match(name):
        raise constraint(name, where, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
    return name


def _key_names(schema) -> list[str]:
    return [k.get("AttributeName") for k in schema]


def check_key_schema(schema, defined: list[str], where: str):
    names = _key_names(schema)
    if len(schema) > 2:
        raise constraint(_render_schema(schema), where, "Member must have length less than or equal to 2")
    for i, k in enumerate(schema, 1):
        if k.get("KeyType") not in ("HASH", "RANGE"):
            raise constraint(k.get("KeyType"), f"{where}.{i}.member.keyType",
                             "Member must satisfy enum value set: [HASH, RANGE]")
    if any(name not in defined for name in names):
        raise _invalid(INVALID + "Some index key attributes are not defined in AttributeDefinitions. "
                       f"Keys: [{', '.join(names)}], AttributeDefinitions: [{', '.join(defined)}]")
    if len(names) == 2 and names[0] == names[1]:
        raise _invalid("Both the Hash Key and the Range Key element in the KeySchema have the same name")
    if schema[0].get("KeyType") != "HASH":
        raise _invalid("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
    if len(schema) == 2 and schema[1].get("KeyType") != "RANGE":
        raise _invalid("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")


def _render_schema(schema) -> str:
    return "[" + ", ".join(f"KeySchemaElement(attributeName={k.get('AttributeName')}, keyType={k.get('KeyType')})"
                           for k in schema) + "]"


def check_projection(index: dict):
    projection = index.get("Projection") or {}
    kind = projection.get("ProjectionType")
    if kind is None:
        raise _invalid(INVALID + "Unknown ProjectionType: null")
    if kind not in ("ALL", "KEYS_ONLY", "INCLUDE"):
        raise constraint(kind, "projection.projectionType", "Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]")
    if projection.get("NonKeyAttributes") and kind != "INCLUDE":
        raise _invalid(INVALID + f"ProjectionType is {kind}, but NonKeyAttributes is specified")


STREAM_VIEW_TYPES = "[NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]"


def check_stream_specification(spec: dict | None) -> None:
    if not spec:
        return
    view = spec.get("StreamViewType")
    if view is not None and view not in ("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"):
        raise constraint(view, "streamSpecification.streamViewType",
                         f"Member must satisfy enum value set: {STREAM_VIEW_TYPES}")
    if spec.get("StreamEnabled") and view is None:
        raise _invalid(INVALID + "StreamViewType is required when StreamEnabled is true")


def validate_create(params: dict) -> None:
    check_stream_specification(params.get("StreamSpecification"))
    definitions = params.get("AttributeDefinitions") or []
    schema = params.get("KeySchema") or []
    for i, d in enumerate(definitions, 1):
        if d.get("AttributeType") not in ("S", "N", "B"):
            raise constraint(d.get("AttributeType"), f"attributeDefinitions.{i}.member.attributeType",
                             "Member must satisfy enum value set: [B, N, S]")
    billing = params.get("BillingMode", "PROVISIONED")
    if billing not in ("PROVISIONED", "PAY_PER_REQUEST"):
        raise constraint(billing, "billingMode", "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]")
    throughput = params.get("ProvisionedThroughput")
    if billing == "PAY_PER_REQUEST":
        if throughput:
            raise _invalid(INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified "
                                     "when BillingMode is PAY_PER_REQUEST")
    elif not throughput or not throughput.get("ReadCapacityUnits") or not throughput.get("WriteCapacityUnits"):
        raise _invalid(INVALID + "ReadCapacityUnits and WriteCapacityUnits must both be specified "
                                 "when BillingMode is PROVISIONED")
    defined = [d.get("AttributeName") for d in definitions]
    if len(set(defined)) != len(defined):
        dup = next(x for x in defined if defined.count(x) > 1)
        raise _invalid(INVALID + f"Duplicate AttributeName found in AttributeDefinitions: {dup}")
    if len(schema) > len(defined):
        raise _invalid("Invalid KeySchema: Some index key attribute have no definition")
    check_key_schema(schema, defined, "keySchema")
    lsis = params.get("LocalSecondaryIndexes")
    gsis = params.get("GlobalSecondaryIndexes")
    used = list(_key_names(schema))
    if lsis is None and gsis is None and len(schema) != len(defined):
        raise _invalid(INVALID + "Number of attributes in KeySchema does not exactly match number of "
                                 "attributes defined in AttributeDefinitions")
    seen: set = set()
    if lsis is not None:
        if not lsis:
            raise _invalid(INVALID + "List of LocalSecondaryIndexes is empty")
        if len(schema) != 2:
            raise _invalid(INVALID + "Table KeySchema does not have a range key, which is required when "
                                     "specifying a LocalSecondaryIndex")
        for index in lsis:
            ks = index.get("KeySchema") or []
            check_key_schema(ks, defined, "localSecondaryIndexes.member.keySchema")
            name = index.get("IndexName")
            if len(ks) != 2:
                raise _invalid(INVALID + f"Index KeySchema does not have a range key for index: {name}")
            if ks[0]["AttributeName"] != schema[0]["AttributeName"]:
                raise _invalid(INVALID + "Index KeySchema does not have the same leading hash key as table "
                               f"KeySchema for index: {name}. index hash key: {ks[0]['AttributeName']}, "
                               f"table hash key: {schema[0]['AttributeName']}")
            check_projection(index)
            if name in seen:
                raise _invalid(INVALID + f"Duplicate index name: {name}")
            seen.add(name)
            used += _key_names(ks)
        if len(lsis) > 5:
            raise _invalid(INVALID + "Number of LocalSecondaryIndexes exceeds per-table limit of 5")
    if gsis is not None:
        if not gsis:
            raise _invalid(INVALID + "List of GlobalSecondaryIndexes is empty")
        for index in gsis:
            ks = index.get("KeySchema") or []
            check_key_schema(ks, defined, "globalSecondaryIndexes.member.keySchema")
            name = index.get("IndexName")
            check_projection(index)
            gsi_throughput = index.get("ProvisionedThroughput")
            if billing == "PAY_PER_REQUEST" and gsi_throughput:
                raise _invalid(INVALID + f"ProvisionedThroughput should not be specified for index: {name} "
                                         "when BillingMode is PAY_PER_REQUEST")
            if billing == "PROVISIONED" and not gsi_throughput:
                raise _invalid(INVALID + f"ProvisionedThroughput must be specified for index: {name}")
            if name in seen:
                raise _invalid(INVALID + f"Duplicate index name: {name}")
            seen.add(name)
            used += _key_names(ks)
        if len(gsis) > 20:
            raise _invalid(INVALID + "GlobalSecondaryIndex count exceeds the per-table limit of 20")
    unused = [d for d in defined if d not in used]
    if unused:
        keys_used = list(dict.fromkeys(used))
        raise _invalid(INVALID + f"Some AttributeDefinitions are not used. AttributeDefinitions: "
                                 f"[{', '.join(defined)}], keys used: [{', '.join(keys_used)}]")
