from decimal import Decimal

import pytest

from ddb_support import make_table, validation

INVALID = "One or more parameter values were invalid: "


def test_put_and_get_every_type(ddb, table):
    item = {
        "pk": {"S": "a"}, "sk": {"S": "1"},
        "s": {"S": "text"}, "empty": {"S": ""}, "n": {"N": "-12.50"}, "b": {"B": b"\x00\xff"},
        "ss": {"SS": ["x", "y"]}, "ns": {"NS": ["1", "2.0"]}, "bs": {"BS": [b"\x01", b"\x02"]},
        "m": {"M": {"inner": {"L": [{"N": "1"}, {"NULL": True}]}}}, "l": {"L": [{"BOOL": False}]},
        "null": {"NULL": True}, "bool": {"BOOL": True},
    }
    assert "Attributes" not in ddb.put_item(TableName=table, Item=item)
    got = ddb.get_item(TableName=table, Key={"pk": {"S": "a"}, "sk": {"S": "1"}}, ConsistentRead=True)["Item"]
    assert got["n"] == {"N": "-12.5"}
    assert sorted(got["ns"]["NS"]) == ["1", "2"]
    assert got["b"] == {"B": b"\x00\xff"}
    assert got["m"] == item["m"] and got["l"] == item["l"] and got["bs"] == item["bs"]
    assert got["empty"] == {"S": ""}


def test_get_missing_item_has_no_item(ddb, table):
    r = ddb.get_item(TableName=table, Key={"pk": {"S": "nope"}, "sk": {"S": "1"}})
    assert "Item" not in r


@pytest.mark.parametrize("text, stored", [
    ("1.50", "1.5"), ("0001", "1"), ("1e2", "100"), ("-0", "0"), ("0.000", "0"), ("+7", "7"),
    ("1.5E-3", "0.0015"), ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
    ("9.9999999999999999999999999999999999999E+125", "99999999999999999999999999999999999999" + "0" * 88),
    ("1E-130", "0." + "0" * 129 + "1"),
])
def test_numbers_are_exact_and_canonical(ddb, table, text, stored):
    ddb.put_item(TableName=table, Item={"pk": {"S": "n"}, "sk": {"S": "1"}, "v": {"N": text}})
    got = ddb.get_item(TableName=table, Key={"pk": {"S": "n"}, "sk": {"S": "1"}})["Item"]["v"]["N"]
    assert got == stored


@pytest.mark.parametrize("text, message", [
    ("abc", "A value provided cannot be converted into a number"),
    (" 1", "A value provided cannot be converted into a number"),
    ("NaN", "A value provided cannot be converted into a number"),
    ("1_000", "A value provided cannot be converted into a number"),
    ("123456789012345678901234567890123456789", "Attempting to store more than 38 significant digits in a Number"),
    ("1E+126", "Number overflow. Attempting to store a number with magnitude larger than supported range"),
    ("1E-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
    ("1E+999999999", "Number overflow. Attempting to store a number with magnitude larger than supported range"),
    ("-1E-999999999", "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
])
def test_bad_numbers(ddb, table, text, message):
    assert validation(ddb.put_item, TableName=table,
                      Item={"pk": {"S": "n"}, "sk": {"S": "1"}, "v": {"N": text}}) == message


@pytest.mark.parametrize("value, message", [
    ({}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
    ({"S": "a", "N": "1"}, "Supplied AttributeValue has more than one datatypes set, must contain exactly one "
                           "of the supported datatypes"),
    ({"SS": []}, INVALID + "An string set  may not be empty"),
    ({"NS": []}, INVALID + "An number set  may not be empty"),
    ({"BS": []}, INVALID + "Binary sets should not be empty"),
    ({"SS": ["a", "a"]}, INVALID + "Input collection [a, a] contains duplicates."),
    ({"NS": ["1", "1.0"]}, "Input collection contains duplicates"),
    ({"NULL": False}, INVALID + "Null attribute value types must have the value of true"),
    ({"M": {"deep": {"NS": ["x"]}}}, "A value provided cannot be converted into a number"),
])
def test_bad_attribute_values(ddb, table, value, message):
    assert validation(ddb.put_item, TableName=table,
                      Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "v": value}) == message


def test_key_validation_on_put(ddb, table):
    assert validation(ddb.put_item, TableName=table, Item={"pk": {"S": "a"}}) == \
        INVALID + "Missing the key sk in the item"
    assert validation(ddb.put_item, TableName=table, Item={"pk": {"N": "1"}, "sk": {"S": "1"}}) == \
        INVALID + "Type mismatch for key pk expected: S actual: N"
    assert validation(ddb.put_item, TableName=table, Item={"pk": {"S": ""}, "sk": {"S": "1"}}) == (
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
        "an empty string value. Key: pk")
    assert validation(ddb.put_item, TableName=table, Item={"pk": {"S": "x" * 2049}, "sk": {"S": "1"}}) == \
        INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes"
    assert validation(ddb.put_item, TableName=table, Item={"pk": {"S": "x"}, "sk": {"S": "1" * 1025}}) == \
        INVALID + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes"


def test_key_validation_on_get_and_delete(ddb, table):
    for call in (ddb.get_item, ddb.delete_item):
        for key in ({"pk": {"S": "a"}}, {"pk": {"S": "a"}, "sk": {"N": "1"}},
                    {"pk": {"S": "a"}, "sk": {"S": "1"}, "x": {"S": "1"}}, {"pk": {"S": "a"}, "other": {"S": "1"}}):
            assert validation(call, TableName=table, Key=key) == "The provided key element does not match the schema"


def test_item_size_limit(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "v": {"S": "x" * 400000}})
    assert validation(ddb.put_item, TableName=table,
                      Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "v": {"S": "x" * 409600}}) == \
        "Item size has exceeded the maximum allowed size"


def test_missing_table_on_item_operations(ddb):
    for call, kwargs in ((ddb.put_item, {"Item": {"pk": {"S": "a"}}}), (ddb.get_item, {"Key": {"pk": {"S": "a"}}}),
                         (ddb.delete_item, {"Key": {"pk": {"S": "a"}}}),
                         (ddb.query, {"KeyConditionExpression": "pk = :v",
                                      "ExpressionAttributeValues": {":v": {"S": "a"}}}),
                         (ddb.scan, {})):
        with pytest.raises(ddb.exceptions.ResourceNotFoundException) as e:
            call(TableName="missing", **kwargs)
        assert e.value.response["Error"]["Message"] == "Requested resource not found"
        assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_put_return_values(ddb, table):
    key = {"pk": {"S": "a"}, "sk": {"S": "1"}}
    assert "Attributes" not in ddb.put_item(TableName=table, Item={**key, "v": {"N": "1"}}, ReturnValues="ALL_OLD")
    r = ddb.put_item(TableName=table, Item={**key, "v": {"N": "2"}}, ReturnValues="ALL_OLD")
    assert r["Attributes"] == {**key, "v": {"N": "1"}}
    assert validation(ddb.put_item, TableName=table, Item=key, ReturnValues="ALL_NEW") == \
        "ReturnValues can only be ALL_OLD or NONE"


def test_condition_expression_on_put(ddb, table):
    item = {"pk": {"S": "a"}, "sk": {"S": "1"}, "v": {"N": "5"}}
    ddb.put_item(TableName=table, Item=item, ConditionExpression="attribute_not_exists(pk)")
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException) as e:
        ddb.put_item(TableName=table, Item=item, ConditionExpression="attribute_not_exists(pk)")
    r = e.value.response
    assert r["Error"]["Message"] == "The conditional request failed"
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "Item" not in r
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException) as e:
        ddb.put_item(TableName=table, Item=item, ConditionExpression="#v > :min",
                     ExpressionAttributeNames={"#v": "v"}, ExpressionAttributeValues={":min": {"N": "5"}},
                     ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert e.value.response["Item"] == item
    ddb.put_item(TableName=table, Item={**item, "v": {"N": "6"}}, ConditionExpression="#v >= :min",
                 ExpressionAttributeNames={"#v": "v"}, ExpressionAttributeValues={":min": {"N": "5"}})
    got = ddb.get_item(TableName=table, Key={"pk": {"S": "a"}, "sk": {"S": "1"}})["Item"]
    assert got["v"] == {"N": "6"}


def test_delete_item(ddb, table):
    key = {"pk": {"S": "a"}, "sk": {"S": "1"}}
    assert "Attributes" not in ddb.delete_item(TableName=table, Key=key, ReturnValues="ALL_OLD")
    ddb.put_item(TableName=table, Item={**key, "v": {"S": "x"}})
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException):
        ddb.delete_item(TableName=table, Key=key, ConditionExpression="v = :y",
                        ExpressionAttributeValues={":y": {"S": "y"}})
    r = ddb.delete_item(TableName=table, Key=key, ConditionExpression="v = :x",
                        ExpressionAttributeValues={":x": {"S": "x"}}, ReturnValues="ALL_OLD")
    assert r["Attributes"] == {**key, "v": {"S": "x"}}
    assert "Item" not in ddb.get_item(TableName=table, Key=key)
    assert validation(ddb.delete_item, TableName=table, Key=key, ReturnValues="UPDATED_OLD") == \
        "ReturnValues can only be ALL_OLD or NONE"


def test_projection_on_get(ddb, table):
    key = {"pk": {"S": "a"}, "sk": {"S": "1"}}
    ddb.put_item(TableName=table, Item={**key, "a": {"M": {"b": {"S": "1"}, "c": {"S": "2"}}},
                                        "l": {"L": [{"N": "0"}, {"N": "1"}, {"N": "2"}]}, "name": {"S": "n"}})
    r = ddb.get_item(TableName=table, Key=key, ProjectionExpression="a.b, l[2], l[0], #n, absent",
                     ExpressionAttributeNames={"#n": "name"})
    assert r["Item"] == {"a": {"M": {"b": {"S": "1"}}}, "l": {"L": [{"N": "0"}, {"N": "2"}]}, "name": {"S": "n"}}
    assert validation(ddb.get_item, TableName=table, Key=key, ProjectionExpression="name") == (
        "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name")
    assert validation(ddb.get_item, TableName=table, Key=key, ProjectionExpression="a, a.b") == (
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one "
        "of these paths; path one: [a], path two: [a, b]")
    assert validation(ddb.get_item, TableName=table, Key=key, ProjectionExpression="l[0], l.x") == (
        "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one "
        "of these paths; path one: [l, [0]], path two: [l, x]")


def test_binary_keys_sort_by_bytes(ddb):
    make_table(ddb, "bin", hash_type="B", range_type="B")
    for sk in (b"\xff", b"\x00\x01", b"\x00", b"\x80"):
        ddb.put_item(TableName="bin", Item={"pk": {"B": b"\x01\x02"}, "sk": {"B": sk}})
    got = ddb.query(TableName="bin", KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": {"B": b"\x01\x02"}})["Items"]
    assert [i["sk"]["B"] for i in got] == [b"\x00", b"\x00\x01", b"\x80", b"\xff"]
    assert ddb.get_item(TableName="bin", Key={"pk": {"B": b"\x01\x02"}, "sk": {"B": b"\x80"}})["Item"]


def test_number_keys_match_numerically(ddb):
    make_table(ddb, "nums", hash_type="N")
    ddb.put_item(TableName="nums", Item={"pk": {"N": "10.0"}, "v": {"S": "x"}})
    assert ddb.get_item(TableName="nums", Key={"pk": {"N": "1E1"}})["Item"]["pk"] == {"N": "10"}


def test_resource_api_round_trip(resource, table):
    t = resource.Table(table)
    t.put_item(Item={"pk": "a", "sk": "1", "price": Decimal("19.99"), "tags": {"x", "y"}, "raw": b"\x00"})
    got = t.get_item(Key={"pk": "a", "sk": "1"})["Item"]
    assert got["price"] == Decimal("19.99") and got["tags"] == {"x", "y"}
    assert got["raw"].value == b"\x00"
    t.delete_item(Key={"pk": "a", "sk": "1"})
    assert "Item" not in t.get_item(Key={"pk": "a", "sk": "1"})


def test_consumed_capacity(ddb, table):
    r = ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"S": "1"}}, ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 1.0}
    r = ddb.get_item(TableName=table, Key={"pk": {"S": "a"}, "sk": {"S": "1"}}, ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 0.5}
