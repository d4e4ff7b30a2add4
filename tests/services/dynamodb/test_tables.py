from datetime import datetime

import pytest

from ddb_support import error_of, make_table, validation

KS = [{"AttributeName": "pk", "KeyType": "HASH"}]
AD = [{"AttributeName": "pk", "AttributeType": "S"}]


def test_create_table_is_active_with_identity_and_counts(ddb):
    d = ddb.create_table(TableName="users", KeySchema=KS, AttributeDefinitions=AD,
                         ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 3})["TableDescription"]
    assert d["TableStatus"] == "ACTIVE"
    assert d["TableName"] == "users"
    assert d["TableArn"] == "arn:aws:dynamodb:us-east-1:123456789012:table/users"
    assert len(d["TableId"]) == 36
    assert isinstance(d["CreationDateTime"], datetime)
    assert d["ItemCount"] == 0 and d["TableSizeBytes"] == 0
    assert d["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert d["ProvisionedThroughput"]["WriteCapacityUnits"] == 3
    assert d["KeySchema"] == KS and d["AttributeDefinitions"] == AD
    ddb.get_waiter("table_exists").wait(TableName="users")


def test_pay_per_request_summary(ddb):
    make_table(ddb, "ondemand")
    t = ddb.describe_table(TableName="ondemand")["Table"]
    assert t["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert t["ProvisionedThroughput"]["ReadCapacityUnits"] == 0


def test_create_existing_table_is_resource_in_use(ddb):
    make_table(ddb, "dup")
    with pytest.raises(ddb.exceptions.ResourceInUseException) as e:
        make_table(ddb, "dup")
    assert e.value.response["Error"]["Message"] == "Table already exists: dup"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.parametrize("kwargs, message", [
    (dict(KeySchema=KS, AttributeDefinitions=AD),
     "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be "
     "specified when BillingMode is PROVISIONED"),
    (dict(KeySchema=KS, AttributeDefinitions=AD, BillingMode="PAY_PER_REQUEST",
          ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}),
     "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be "
     "specified when BillingMode is PAY_PER_REQUEST"),
    (dict(KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
          AttributeDefinitions=AD, BillingMode="PAY_PER_REQUEST"),
     "Invalid KeySchema: Some index key attribute have no definition"),
    (dict(KeySchema=KS, AttributeDefinitions=[{"AttributeName": "other", "AttributeType": "S"}],
          BillingMode="PAY_PER_REQUEST"),
     "One or more parameter values were invalid: Some index key attributes are not defined in "
     "AttributeDefinitions. Keys: [pk], AttributeDefinitions: [other]"),
    (dict(KeySchema=KS, AttributeDefinitions=AD + [{"AttributeName": "extra", "AttributeType": "N"}],
          BillingMode="PAY_PER_REQUEST"),
     "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match "
     "number of attributes defined in AttributeDefinitions"),
    (dict(KeySchema=[{"AttributeName": "pk", "KeyType": "RANGE"}], AttributeDefinitions=AD,
          BillingMode="PAY_PER_REQUEST"),
     "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
    (dict(KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "pk", "KeyType": "RANGE"}],
          AttributeDefinitions=AD + [{"AttributeName": "x", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST"),
     "Both the Hash Key and the Range Key element in the KeySchema have the same name"),
    (dict(KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "HASH"}],
          AttributeDefinitions=AD + [{"AttributeName": "sk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST"),
     "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"),
    (dict(KeySchema=KS, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "BOOL"}],
          BillingMode="PAY_PER_REQUEST"),
     "1 validation error detected: Value 'BOOL' at 'attributeDefinitions.1.member.attributeType' failed to "
     "satisfy constraint: Member must satisfy enum value set: [B, N, S]"),
    (dict(KeySchema=KS, AttributeDefinitions=AD + [{"AttributeName": "g", "AttributeType": "S"},
                                                   {"AttributeName": "unused", "AttributeType": "S"}],
          BillingMode="PAY_PER_REQUEST",
          GlobalSecondaryIndexes=[{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                   "Projection": {"ProjectionType": "ALL"}}]),
     "One or more parameter values were invalid: Some AttributeDefinitions are not used. "
     "AttributeDefinitions: [pk, g, unused], keys used: [pk, g]"),
    (dict(KeySchema=KS, AttributeDefinitions=AD + [{"AttributeName": "l", "AttributeType": "S"}],
          BillingMode="PAY_PER_REQUEST",
          LocalSecondaryIndexes=[{"IndexName": "by-l", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                                     {"AttributeName": "l", "KeyType": "RANGE"}],
                                  "Projection": {"ProjectionType": "ALL"}}]),
     "One or more parameter values were invalid: Table KeySchema does not have a range key, which is "
     "required when specifying a LocalSecondaryIndex"),
])
def test_create_table_validation(ddb, kwargs, message):
    assert validation(ddb.create_table, TableName="bad-table", **kwargs) == message
    assert ddb.list_tables()["TableNames"] == []


def test_table_name_pattern(ddb):
    assert validation(ddb.create_table, TableName="bad name", KeySchema=KS, AttributeDefinitions=AD,
                      BillingMode="PAY_PER_REQUEST") == (
        "1 validation error detected: Value 'bad name' at 'tableName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
    assert validation(ddb.describe_table, TableName="ab") == (
        "TableName must be at least 3 characters long and at most 255 characters long")


def test_indexes_are_stored_and_described(ddb):
    ddb.create_table(
        TableName="indexed",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "g", "l")],
        BillingMode="PAY_PER_REQUEST",
        GlobalSecondaryIndexes=[{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        LocalSecondaryIndexes=[{"IndexName": "by-l", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                                   {"AttributeName": "l", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}}],
    )
    t = ddb.describe_table(TableName="indexed")["Table"]
    (gsi,), (lsi,) = t["GlobalSecondaryIndexes"], t["LocalSecondaryIndexes"]
    assert gsi["IndexName"] == "by-g" and gsi["IndexStatus"] == "ACTIVE"
    assert gsi["IndexArn"] == "arn:aws:dynamodb:us-east-1:123456789012:table/indexed/index/by-g"
    assert gsi["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert lsi["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}
    ddb.put_item(TableName="indexed", Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "g": {"S": "G"}})
    t = ddb.describe_table(TableName="indexed")["Table"]
    assert t["GlobalSecondaryIndexes"][0]["ItemCount"] == 1
    assert t["LocalSecondaryIndexes"][0]["ItemCount"] == 0


def test_describe_and_delete_missing_table(ddb):
    for call in (ddb.describe_table, ddb.delete_table):
        with pytest.raises(ddb.exceptions.ResourceNotFoundException) as e:
            call(TableName="missing")
        assert e.value.response["Error"]["Message"] == "Requested resource not found: Table: missing not found"


def test_delete_table(ddb):
    make_table(ddb, "gone")
    d = ddb.delete_table(TableName="gone")["TableDescription"]
    assert d["TableStatus"] == "DELETING" and d["TableName"] == "gone"
    assert ddb.list_tables()["TableNames"] == []
    ddb.get_waiter("table_not_exists").wait(TableName="gone")
    make_table(ddb, "gone")  # the name is free again


def test_item_count_and_size_follow_writes(ddb):
    make_table(ddb, "counted")
    ddb.put_item(TableName="counted", Item={"pk": {"S": "ab"}, "n": {"N": "12"}})
    t = ddb.describe_table(TableName="counted")["Table"]
    # "pk"+"ab" (4) + "n" + 2-digit number (1 + 2)
    assert (t["ItemCount"], t["TableSizeBytes"]) == (1, 7)
    ddb.delete_item(TableName="counted", Key={"pk": {"S": "ab"}})
    t = ddb.describe_table(TableName="counted")["Table"]
    assert (t["ItemCount"], t["TableSizeBytes"]) == (0, 0)


def test_list_tables_paginates(ddb):
    for name in ("t-c", "t-a", "t-b"):
        make_table(ddb, name)
    first = ddb.list_tables(Limit=2)
    assert first["TableNames"] == ["t-a", "t-b"] and first["LastEvaluatedTableName"] == "t-b"
    second = ddb.list_tables(Limit=2, ExclusiveStartTableName="t-b")
    assert second["TableNames"] == ["t-c"] and "LastEvaluatedTableName" not in second
    pages = ddb.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 1})
    assert [n for p in pages for n in p["TableNames"]] == ["t-a", "t-b", "t-c"]


def test_tables_are_per_region(ddb):
    import boto3
    make_table(ddb, "east")
    west = boto3.client("dynamodb", region_name="us-west-2")
    assert west.list_tables()["TableNames"] == []
    code, _, status = error_of(west.describe_table, TableName="east")
    assert (code, status) == ("ResourceNotFoundException", 400)


def test_table_named_by_arn(ddb):
    make_table(ddb, "byarn")
    arn = "arn:aws:dynamodb:us-east-1:123456789012:table/byarn"
    assert ddb.describe_table(TableName=arn)["Table"]["TableName"] == "byarn"
