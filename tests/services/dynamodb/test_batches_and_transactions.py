import pytest
from boto3.dynamodb.conditions import Key

from ddb_support import error_of, make_table, validation


def key(pk, sk="1"):
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def put(ddb, table, pk, **attrs):
    ddb.put_item(TableName=table, Item={**key(pk), **attrs})


def get(ddb, table, pk):
    return ddb.get_item(TableName=table, Key=key(pk)).get("Item")


# -- BatchGetItem ---------------------------------------------------------------------------------
def test_batch_get_over_two_tables_with_projection(ddb, table):
    other = make_table(ddb, name="others")
    put(ddb, table, "a", v={"N": "1"}, w={"N": "2"})
    put(ddb, table, "b", v={"N": "3"})
    ddb.put_item(TableName=other, Item={"pk": {"S": "z"}})
    r = ddb.batch_get_item(RequestItems={
        table: {"Keys": [key("a"), key("b"), key("missing")], "ProjectionExpression": "#v",
                "ExpressionAttributeNames": {"#v": "v"}},
        other: {"Keys": [{"pk": {"S": "z"}}], "ConsistentRead": True}}, ReturnConsumedCapacity="TOTAL")
    assert sorted(i["v"]["N"] for i in r["Responses"][table]) == ["1", "3"]
    assert r["Responses"][other] == [{"pk": {"S": "z"}}]
    assert r["UnprocessedKeys"] == {}
    assert sorted((c["TableName"], c["CapacityUnits"]) for c in r["ConsumedCapacity"]) == [(other, 1.0), (table, 1.5)]


def test_batch_get_limits_and_errors(ddb, table):
    assert validation(ddb.batch_get_item, RequestItems={table: {"Keys": [key(str(i)) for i in range(101)]}}) == \
        "Too many items requested for the BatchGetItem call"
    assert validation(ddb.batch_get_item, RequestItems={table: {"Keys": [key("a"), key("a")]}}) == \
        "Provided list of item keys contains duplicates"
    assert validation(ddb.batch_get_item, RequestItems={table: {"Keys": [{"pk": {"S": "a"}}]}}) == \
        "The provided key element does not match the schema"
    code, message, status = error_of(ddb.batch_get_item, RequestItems={"nope": {"Keys": [key("a")]}})
    assert (code, message, status) == ("ResourceNotFoundException", "Requested resource not found", 400)


def test_batch_get_of_100_keys_is_allowed(ddb, table):
    r = ddb.batch_get_item(RequestItems={table: {"Keys": [key(str(i)) for i in range(100)]}})
    assert r["Responses"] == {table: []}


# -- BatchWriteItem -------------------------------------------------------------------------------
def test_batch_write_puts_and_deletes(ddb, table):
    put(ddb, table, "old")
    r = ddb.batch_write_item(RequestItems={table: [
        {"PutRequest": {"Item": {**key("a"), "v": {"N": "1"}}}},
        {"PutRequest": {"Item": {**key("b"), "v": {"N": "2"}}}},
        {"DeleteRequest": {"Key": key("old")}}]}, ReturnConsumedCapacity="TOTAL")
    assert r["UnprocessedItems"] == {}
    assert r["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 3.0}]
    assert get(ddb, table, "a")["v"] == {"N": "1"} and get(ddb, table, "old") is None


def test_batch_write_is_validated_whole_before_any_write(ddb, table):
    entries = [{"PutRequest": {"Item": key("a")}}, {"PutRequest": {"Item": {"pk": {"S": "b"}}}}]
    assert validation(ddb.batch_write_item, RequestItems={table: entries}) == \
        "One or more parameter values were invalid: Missing the key sk in the item"
    assert get(ddb, table, "a") is None


def test_batch_write_limits_and_duplicates(ddb, table):
    too_many = [{"PutRequest": {"Item": key(str(i))}} for i in range(26)]
    assert validation(ddb.batch_write_item, RequestItems={table: too_many}) == \
        "Too many items requested for the BatchWriteItem call"
    dup = [{"PutRequest": {"Item": key("a")}}, {"DeleteRequest": {"Key": key("a")}}]
    assert validation(ddb.batch_write_item, RequestItems={table: dup}) == \
        "Provided list of item keys contains duplicates"
    ddb.batch_write_item(RequestItems={table: too_many[:25]})
    assert ddb.scan(TableName=table, Select="COUNT")["Count"] == 25


def test_resource_batch_writer_and_query(resource, table):
    t = resource.Table(table)
    with t.batch_writer() as writer:
        for i in range(60):
            writer.put_item(Item={"pk": "p", "sk": f"{i:03d}", "n": i})
        writer.delete_item(Key={"pk": "p", "sk": "000"})
    r = t.query(KeyConditionExpression=Key("pk").eq("p") & Key("sk").begins_with("00"))
    assert [i["sk"] for i in r["Items"]] == [f"{i:03d}" for i in range(1, 10)]


# -- TransactWriteItems ---------------------------------------------------------------------------
def test_transaction_applies_every_action(ddb, table):
    put(ddb, table, "upd", n={"N": "1"})
    put(ddb, table, "del")
    put(ddb, table, "chk", state={"S": "open"})
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": table, "Item": {**key("new"), "v": {"S": "x"}},
                 "ConditionExpression": "attribute_not_exists(pk)"}},
        {"Update": {"TableName": table, "Key": key("upd"), "UpdateExpression": "ADD n :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}}}},
        {"Delete": {"TableName": table, "Key": key("del")}},
        {"ConditionCheck": {"TableName": table, "Key": key("chk"), "ConditionExpression": "#s = :open",
                            "ExpressionAttributeNames": {"#s": "state"},
                            "ExpressionAttributeValues": {":open": {"S": "open"}}}}])
    assert get(ddb, table, "new")["v"] == {"S": "x"}
    assert get(ddb, table, "upd")["n"] == {"N": "2"}
    assert get(ddb, table, "del") is None


def test_a_failed_condition_cancels_everything_with_reasons(ddb, table):
    put(ddb, table, "taken", holder={"S": "bob"})
    with pytest.raises(ddb.exceptions.TransactionCanceledException) as info:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": key("fresh")}},
            {"Update": {"TableName": table, "Key": key("taken"), "UpdateExpression": "SET holder = :me",
                        "ConditionExpression": "attribute_not_exists(holder)",
                        "ExpressionAttributeValues": {":me": {"S": "ann"}},
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
            {"ConditionCheck": {"TableName": table, "Key": key("ghost"),
                                "ConditionExpression": "attribute_exists(pk)"}}])
    response = info.value.response
    assert response["Error"]["Message"] == ("Transaction cancelled, please refer cancellation reasons for specific "
                                            "reasons [None, ConditionalCheckFailed, ConditionalCheckFailed]")
    assert response["CancellationReasons"] == [
        {"Code": "None"},
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed",
         "Item": {**key("taken"), "holder": {"S": "bob"}}},
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}]
    assert get(ddb, table, "fresh") is None
    assert get(ddb, table, "taken")["holder"] == {"S": "bob"}


def test_transaction_validation(ddb, table):
    assert validation(ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": table, "Item": key("a")}},
        {"Delete": {"TableName": table, "Key": key("a")}}]) == \
        "Transaction request cannot include multiple operations on one item"
    assert validation(ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": table, "Item": key("a")},
         "Delete": {"TableName": table, "Key": key("b")}}]) == \
        "TransactItems can only contain one of Check, Put, Update or Delete"
    assert validation(ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": table, "Item": key(str(i))}} for i in range(101)]) == \
        "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have " \
        "length less than or equal to 100"
    assert validation(ddb.transact_write_items, TransactItems=[
        {"Update": {"TableName": table, "Key": key("a"), "UpdateExpression": "SET pk = :v",
                    "ExpressionAttributeValues": {":v": {"S": "b"}}}}]) == \
        "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"
    assert ddb.scan(TableName=table)["Count"] == 0


def test_client_request_token_makes_a_retry_a_no_op(ddb, table):
    actions = [{"Update": {"TableName": table, "Key": key("c"), "UpdateExpression": "ADD n :one",
                           "ExpressionAttributeValues": {":one": {"N": "1"}}}}]
    ddb.transact_write_items(TransactItems=actions, ClientRequestToken="retry-1")
    ddb.transact_write_items(TransactItems=actions, ClientRequestToken="retry-1")
    assert get(ddb, table, "c")["n"] == {"N": "1"}
    code, _, status = error_of(ddb.transact_write_items, ClientRequestToken="retry-1",
                               TransactItems=[{"Delete": {"TableName": table, "Key": key("c")}}])
    assert (code, status) == ("IdempotentParameterMismatchException", 400)
    ddb.transact_write_items(TransactItems=actions, ClientRequestToken="retry-2")
    assert get(ddb, table, "c")["n"] == {"N": "2"}


def test_transaction_capacity_counts_twice(ddb, table):
    r = ddb.transact_write_items(TransactItems=[{"Put": {"TableName": table, "Item": key("a")}}],
                                 ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 2.0}]


# -- TransactGetItems -----------------------------------------------------------------------------
def test_transact_get_items(ddb, table):
    put(ddb, table, "a", v={"N": "1"}, w={"N": "2"})
    r = ddb.transact_get_items(TransactItems=[
        {"Get": {"TableName": table, "Key": key("a"), "ProjectionExpression": "w"}},
        {"Get": {"TableName": table, "Key": key("missing")}}])
    assert r["Responses"] == [{"Item": {"w": {"N": "2"}}}, {}]
    assert validation(ddb.transact_get_items, TransactItems=[
        {"Get": {"TableName": table, "Key": key("a")}}, {"Get": {"TableName": table, "Key": key("a")}}]) == \
        "Transaction request cannot include multiple operations on one item"
