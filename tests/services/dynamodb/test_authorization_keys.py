"""The checks and fine-grained access keys the declarations give the operations added with
UpdateItem, transactions and PartiQL (describe level: no policy involved)."""
import pytest

from iamulator.authz.describe import describe
from iamulator.services.base import Context
from iamulator.services.http import Request
from iamulator.services.state import Store

ACCOUNT = "123456789012"
TABLE = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/scores"
OTHER = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/other"


def ctx(store, operation=""):
    request = Request("POST", "https://example.amazonaws.com/", {"authorization": "AWS4-HMAC-SHA256 Credential=x"})
    return Context(request=request, service="dynamodb", operation=operation, protocol="json", account_id=ACCOUNT,
                   region="us-east-1", store=store)


@pytest.fixture
def store():
    s = Store()
    backend = s.backend("dynamodb", ACCOUNT, "us-east-1")
    for name in ("scores", "other"):
        backend.handler("CreateTable")(backend, ctx(s), {
            "TableName": name, "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "user", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "user", "AttributeType": "S"}]})
    return s


def checks(store, operation, params):
    return [(c.action, c.resource, dict(c.context)) for c in describe("dynamodb", operation, params, ctx(store))]


def test_update_item_attributes_come_from_the_update_expression(store):
    [(_, _, context)] = checks(store, "UpdateItem", {
        "TableName": "scores", "Key": {"user": {"S": "ann"}}, "UpdateExpression": "SET #t = :v, m.x = :v REMOVE old",
        "ExpressionAttributeNames": {"#t": "top"}, "ReturnValues": "UPDATED_NEW"})
    assert context["dynamodb:Attributes"] == ["top", "m", "old"]
    assert context["dynamodb:LeadingKeys"] == ["ann"]
    assert context["dynamodb:ReturnValues"] == "UPDATED_NEW"


def test_transact_write_items_one_check_per_action_kind_and_table(store):
    got = checks(store, "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "scores", "Item": {"user": {"S": "ann"}, "top": {"N": "1"}}}},
        {"Put": {"TableName": "scores", "Item": {"user": {"S": "bob"}}}},
        {"Update": {"TableName": "other", "Key": {"user": {"S": "cy"}}, "UpdateExpression": "ADD n :one"}},
        {"ConditionCheck": {"TableName": "scores", "Key": {"user": {"S": "dee"}}, "ConditionExpression": "x = :x"}}]})
    assert [(a, r) for a, r, _ in got] == [("dynamodb:PutItem", TABLE), ("dynamodb:UpdateItem", OTHER),
                                          ("dynamodb:ConditionCheckItem", TABLE)]
    assert got[0][2]["dynamodb:LeadingKeys"] == ["ann", "bob"]
    assert got[0][2]["dynamodb:Attributes"] == ["user", "top"]
    assert got[1][2]["dynamodb:LeadingKeys"] == ["cy"] and got[1][2]["dynamodb:Attributes"] == ["n"]
    assert got[2][2]["dynamodb:LeadingKeys"] == ["dee"]


def test_transact_get_items_reads_every_attribute_unless_projected(store):
    [(action, resource, context)] = checks(store, "TransactGetItems", {"TransactItems": [
        {"Get": {"TableName": "scores", "Key": {"user": {"S": "ann"}}}}]})
    assert (action, resource, context["dynamodb:LeadingKeys"]) == ("dynamodb:GetItem", TABLE, ["ann"])
    assert "dynamodb:Attributes" not in context
    [(_, _, context)] = checks(store, "TransactGetItems", {"TransactItems": [
        {"Get": {"TableName": "scores", "Key": {"user": {"S": "ann"}}, "ProjectionExpression": "top"}}]})
    assert context["dynamodb:Attributes"] == ["top"]


def test_partiql_actions_per_statement_kind_with_leading_keys(store):
    got = checks(store, "BatchExecuteStatement", {"Statements": [
        {"Statement": "INSERT INTO scores VALUE {'user': ?}", "Parameters": [{"S": "ann"}]},
        {"Statement": "UPDATE scores SET v = 1 WHERE \"user\" = 'bob' AND v > 0"},
        {"Statement": "DELETE FROM \"other\" WHERE \"user\" = ?", "Parameters": [{"S": "cy"}]},
        {"Statement": "SELECT * FROM scores WHERE v = 1"}]})
    assert [(a, r, c.get("dynamodb:LeadingKeys")) for a, r, c in got] == [
        ("dynamodb:PartiQLSelect", TABLE, None),
        ("dynamodb:PartiQLInsert", TABLE, ["ann"]),
        ("dynamodb:PartiQLUpdate", TABLE, ["bob"]),
        ("dynamodb:PartiQLDelete", OTHER, ["cy"])]


def test_a_statement_that_does_not_parse_gets_no_check(store):
    assert checks(store, "ExecuteStatement", {"Statement": "SELEC * FROM scores"}) == []
