"""DynamoDB's declarations: the fine-grained access control keys (LeadingKeys, Attributes, Select,
ReturnValues), indexes, table ARNs of other accounts and the batch operations' tables."""
import pytest

from iamulator.authz.describe import describe
from iamulator.services.state import Store

from describe_helpers import ACCOUNT, OTHER, make_ctx

TABLE = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/scores"


@pytest.fixture
def store():
    s = Store()
    c = make_ctx("dynamodb", store=s)
    backend = s.backend("dynamodb", ACCOUNT, "us-east-1")
    backend.handler("CreateTable")(backend, c, {
        "TableName": "scores", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "user", "KeyType": "HASH"}, {"AttributeName": "game", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "user", "AttributeType": "S"},
                                 {"AttributeName": "game", "AttributeType": "S"},
                                 {"AttributeName": "top", "AttributeType": "N"}],
        "GlobalSecondaryIndexes": [{"IndexName": "by-game", "Projection": {"ProjectionType": "ALL"},
                                    "KeySchema": [{"AttributeName": "game", "KeyType": "HASH"},
                                                  {"AttributeName": "top", "KeyType": "RANGE"}]}],
        "Tags": [{"Key": "team", "Value": "red"}]})
    return s


def one(store, operation, params):
    [check] = describe("dynamodb", operation, params, make_ctx("dynamodb", store=store))
    return check


KEY = {"user": {"S": "alice"}, "game": {"S": "chess"}}


def test_get_item_leading_keys_and_projected_attributes(store):
    check = one(store, "GetItem", {"TableName": "scores", "Key": KEY, "ProjectionExpression": "#t, wins.total, hist[0]",
                                   "ExpressionAttributeNames": {"#t": "top"}, "ReturnConsumedCapacity": "TOTAL"})
    assert (check.action, check.resource) == ("dynamodb:GetItem", TABLE)
    assert dict(check.context) == {"dynamodb:LeadingKeys": ["alice"], "dynamodb:Attributes": ["top", "wins", "hist"],
                                   "dynamodb:ReturnConsumedCapacity": "TOTAL", "aws:ResourceTag/team": "red"}
    legacy = one(store, "GetItem", {"TableName": "scores", "Key": KEY, "AttributesToGet": ["top", "user"]})
    assert legacy.context["dynamodb:Attributes"] == ["top", "user"]
    assert "dynamodb:Attributes" not in one(store, "GetItem", {"TableName": "scores", "Key": KEY}).context


def test_put_item_touches_the_items_attributes(store):
    check = one(store, "PutItem", {"TableName": "scores", "ReturnValues": "ALL_OLD",
                                   "Item": {"game": {"S": "go"}, "user": {"S": "bob"}, "top": {"N": "7"}}})
    assert check.context["dynamodb:LeadingKeys"] == ["bob"]     # the partition key, from the schema
    assert check.context["dynamodb:Attributes"] == ["game", "user", "top"]
    assert check.context["dynamodb:ReturnValues"] == "ALL_OLD"


def test_delete_item(store):
    check = one(store, "DeleteItem", {"TableName": "scores", "Key": KEY})
    assert check.context["dynamodb:LeadingKeys"] == ["alice"]
    assert check.context["dynamodb:Attributes"] == ["user", "game"]


def test_query_leading_key_from_the_key_condition(store):
    check = one(store, "Query", {"TableName": "scores", "Select": "COUNT",
                                 "KeyConditionExpression": "game BETWEEN :a AND :b AND #u = :u",
                                 "ExpressionAttributeNames": {"#u": "user"},
                                 "ExpressionAttributeValues": {":u": {"S": "carol"}, ":a": {"S": "a"}, ":b": {"S": "z"}}})
    assert (check.resource, check.context["dynamodb:LeadingKeys"], check.context["dynamodb:Select"]) == \
        (TABLE, ["carol"], "COUNT")
    legacy = one(store, "Query", {"TableName": "scores", "KeyConditions": {
        "user": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "dave"}]}}})
    assert legacy.context["dynamodb:LeadingKeys"] == ["dave"]


def test_query_on_an_index_is_authorized_on_the_index_with_its_partition_key(store):
    check = one(store, "Query", {"TableName": "scores", "IndexName": "by-game", "KeyConditionExpression": "game = :g",
                                 "ExpressionAttributeValues": {":g": {"S": "chess"}}})
    assert check.resource == TABLE + "/index/by-game"
    assert check.context["dynamodb:LeadingKeys"] == ["chess"]
    assert check.context["aws:ResourceTag/team"] == "red"


def test_a_malformed_key_condition_leaves_the_key_out(store):
    check = one(store, "Query", {"TableName": "scores", "KeyConditionExpression": "user = = :u"})
    assert "dynamodb:LeadingKeys" not in check.context


def test_scan_keys(store):
    check = one(store, "Scan", {"TableName": "scores", "Select": "SPECIFIC_ATTRIBUTES", "ProjectionExpression": "top"})
    assert (check.action, check.context["dynamodb:Select"], check.context["dynamodb:Attributes"]) == \
        ("dynamodb:Scan", "SPECIFIC_ATTRIBUTES", ["top"])
    assert "dynamodb:LeadingKeys" not in check.context       # not a Scan key


def test_a_table_arn_of_another_account_is_that_accounts_table(store):
    arn = f"arn:aws:dynamodb:eu-west-1:{OTHER}:table/shared"
    check = one(store, "GetItem", {"TableName": arn, "Key": {"id": {"S": "x"}}})
    assert (check.resource, check.resource_account) == (arn, OTHER)
    # Without its schema a one-attribute key can only be the partition key.
    assert check.context["dynamodb:LeadingKeys"] == ["x"]


def test_batch_operations_check_every_table(store):
    other = f"arn:aws:dynamodb:us-east-1:{OTHER}:table/shared"
    checks = describe("dynamodb", "BatchWriteItem", {"RequestItems": {
        "scores": [{"PutRequest": {"Item": {"user": {"S": "a"}, "game": {"S": "g"}, "top": {"N": "1"}}}},
                   {"DeleteRequest": {"Key": {"user": {"S": "b"}, "game": {"S": "g"}}}}],
        other: [{"DeleteRequest": {"Key": {"id": {"S": "z"}}}}]}}, make_ctx("dynamodb", store=store))
    assert [(c.action, c.resource, c.resource_account) for c in checks] == [
        ("dynamodb:BatchWriteItem", TABLE, ACCOUNT), ("dynamodb:BatchWriteItem", other, OTHER)]
    assert checks[0].context["dynamodb:LeadingKeys"] == ["a", "b"]
    assert checks[0].context["dynamodb:Attributes"] == ["user", "game", "top"]
    [get] = describe("dynamodb", "BatchGetItem", {"RequestItems": {"scores": {
        "Keys": [KEY, {"user": {"S": "zed"}, "game": {"S": "go"}}], "ProjectionExpression": "top"}}},
        make_ctx("dynamodb", store=store))
    assert get.context["dynamodb:LeadingKeys"] == ["alice", "zed"]
    assert get.context["dynamodb:Attributes"] == ["top"]


def test_create_table_with_tags_also_needs_tag_resource(store):
    checks = describe("dynamodb", "CreateTable", {"TableName": "new", "Tags": [{"Key": "env", "Value": "dev"}]},
                      make_ctx("dynamodb", store=store))
    assert [c.action for c in checks] == ["dynamodb:CreateTable", "dynamodb:TagResource"]
    assert all(c.context["aws:RequestTag/env"] == "dev" for c in checks)
    assert len(describe("dynamodb", "CreateTable", {"TableName": "new"}, make_ctx("dynamodb", store=store))) == 1


def test_table_level_operations(store):
    assert one(store, "DescribeTable", {"TableName": "scores"}).resource == TABLE
    assert one(store, "DeleteTable", {"TableName": "scores"}).resource == TABLE
    assert one(store, "ListTables", {}).resource == "*"
