import pytest

from ddb_support import error_of, make_table, validation


@pytest.fixture
def orders(ddb):
    name = make_table(ddb, name="orders", range_type="N")
    for pk, sk, total in [("ann", 1, 30), ("ann", 2, 5), ("bob", 1, 12)]:
        ddb.put_item(TableName=name, Item={"pk": {"S": pk}, "sk": {"N": str(sk)}, "total": {"N": str(total)},
                                           "tags": {"SS": ["new"]}})
    return name


def run(ddb, statement, *parameters, **extra):
    kw = {"Parameters": list(parameters)} if parameters else {}
    return ddb.execute_statement(Statement=statement, **kw, **extra)


def item(ddb, pk, sk):
    return ddb.get_item(TableName="orders", Key={"pk": {"S": pk}, "sk": {"N": str(sk)}}).get("Item")


def test_select_by_key_and_by_attributes(ddb, orders):
    r = run(ddb, 'SELECT * FROM "orders" WHERE pk = ?', {"S": "ann"})
    assert [i["sk"]["N"] for i in r["Items"]] == ["1", "2"]
    r = run(ddb, "SELECT pk, total FROM orders WHERE total >= ? AND sk = 1", {"N": "10"})
    assert sorted(r["Items"], key=lambda i: i["pk"]["S"]) == [
        {"pk": {"S": "ann"}, "total": {"N": "30"}}, {"pk": {"S": "bob"}, "total": {"N": "12"}}]
    r = run(ddb, "SELECT pk FROM orders WHERE pk IN ['bob', 'zed'] OR total BETWEEN 4 AND 6")
    assert sorted(i["pk"]["S"] for i in r["Items"]) == ["ann", "bob"]
    r = run(ddb, "SELECT sk FROM orders WHERE begins_with(pk, 'a') AND contains(tags, 'new') AND note IS MISSING")
    assert len(r["Items"]) == 2


def test_select_pages_with_limit(ddb, orders):
    first = run(ddb, "SELECT * FROM orders", Limit=2)
    assert len(first["Items"]) == 2 and "NextToken" in first
    rest = ddb.execute_statement(Statement="SELECT * FROM orders", Limit=2, NextToken=first["NextToken"])
    assert len(rest["Items"]) == 1 and "NextToken" not in rest


def test_insert_update_delete(ddb, orders):
    run(ddb, "INSERT INTO orders VALUE {'pk': 'cy', 'sk': 1, 'items': ['a', 2], 'paid': true, "
             "'address': {'city': 'Oslo'}, 'codes': <<1, 2>>}")
    got = item(ddb, "cy", 1)
    assert got["items"] == {"L": [{"S": "a"}, {"N": "2"}]} and got["paid"] == {"BOOL": True}
    assert got["address"] == {"M": {"city": {"S": "Oslo"}}} and sorted(got["codes"]["NS"]) == ["1", "2"]
    run(ddb, "INSERT INTO orders VALUE {'pk': ?, 'sk': ?}", {"S": "dee"}, {"N": "3"})
    assert item(ddb, "dee", 3) == {"pk": {"S": "dee"}, "sk": {"N": "3"}}
    run(ddb, "UPDATE orders SET total = 1 SET address.city = ? REMOVE items WHERE pk = 'cy' AND sk = 1",
        {"S": "Bergen"})
    run(ddb, "UPDATE orders SET total = total + ? WHERE pk = 'ann' AND sk = 1 AND total > 10", {"N": "5"})
    assert item(ddb, "ann", 1)["total"] == {"N": "35"}
    got = item(ddb, "cy", 1)
    assert got["address"] == {"M": {"city": {"S": "Bergen"}}} and "items" not in got
    run(ddb, "DELETE FROM orders WHERE pk = 'bob' AND sk = 1")
    assert item(ddb, "bob", 1) is None
    run(ddb, "DELETE FROM orders WHERE pk = 'bob' AND sk = 1")       # nothing there: no error


def test_write_errors(ddb, orders):
    assert error_of(run, ddb, "INSERT INTO orders VALUE {'pk': 'ann', 'sk': 1}") == \
        ("DuplicateItemException", "Duplicate primary key exists in table", 400)
    code, message, _ = error_of(run, ddb, "UPDATE orders SET total = 1 WHERE pk = 'ann' AND sk = 1 AND total < 0")
    assert (code, message) == ("ConditionalCheckFailedException", "The conditional request failed")
    code, _, _ = error_of(run, ddb, "UPDATE orders SET total = 1 WHERE pk = 'nobody' AND sk = 1")
    assert code == "ConditionalCheckFailedException"
    assert item(ddb, "nobody", 1) is None
    assert validation(run, ddb, "UPDATE orders SET total = 1 WHERE pk = 'ann'") == \
        "Where clause does not contain a mandatory equality on all key attributes"
    assert validation(run, ddb, "DELETE FROM orders WHERE total = 1") == \
        "Where clause does not contain a mandatory equality on all key attributes"
    assert validation(run, ddb, "UPDATE orders SET pk = 'x' WHERE pk = 'ann' AND sk = 1") == \
        "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"
    assert validation(run, ddb, "INSERT INTO orders VALUE {'pk': 'x'}") == \
        "One or more parameter values were invalid: Missing the key sk in the item"
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException) as info:
        run(ddb, "DELETE FROM orders WHERE pk = 'ann' AND sk = 2 AND total > 100",
            ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert info.value.response["Item"]["total"] == {"N": "5"}


@pytest.mark.parametrize("statement, message", [
    ("SELEC * FROM orders", "Statement wasn't well formed, can't be processed: unexpected token: SELEC"),
    ("SELECT * FROM", "Statement wasn't well formed, can't be processed: Unexpected end of statement"),
    ("SELECT * FROM orders WHERE", "Statement wasn't well formed, can't be processed: Unexpected end of statement"),
    ("UPDATE orders WHERE pk = 'a'", "Statement wasn't well formed, can't be processed: unexpected keyword: WHERE"),
    ("SELECT * FROM orders WHERE pk = 'a' pk", "Statement wasn't well formed, can't be processed: unexpected token: pk"),
    ("SELECT * FROM orders WHERE pk = ?", "Number of parameters in request and statement don't match."),
])
def test_invalid_statements(ddb, orders, statement, message):
    assert validation(run, ddb, statement) == message


def test_missing_table(ddb):
    code, message, _ = error_of(run, ddb, "SELECT * FROM nowhere")
    assert (code, message) == ("ResourceNotFoundException", "Requested resource not found")


def test_batch_execute_statement_reports_per_statement(ddb, orders):
    r = ddb.batch_execute_statement(Statements=[
        {"Statement": "SELECT total FROM orders WHERE pk = ? AND sk = ?", "Parameters": [{"S": "ann"}, {"N": "1"}]},
        {"Statement": "INSERT INTO orders VALUE {'pk': 'ann', 'sk': 1}"},
        {"Statement": "INSERT INTO orders VALUE {'pk': 'eve', 'sk': 1}"},
        {"Statement": "UPDATE orders SET total = 0 WHERE pk = 'ann' AND sk = 2 AND total > 100"},
        {"Statement": "SELECT * FROM orders WHERE pk = 'ann'"}])["Responses"]
    assert r[0] == {"TableName": "orders", "Item": {"total": {"N": "30"}}}
    assert r[1]["Error"]["Code"] == "DuplicateItem"
    assert r[2] == {"TableName": "orders"}
    assert r[3]["Error"] == {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}
    assert r[4]["Error"]["Code"] == "ValidationError"
    assert item(ddb, "eve", 1) is not None


def test_execute_transaction_all_or_nothing(ddb, orders):
    with pytest.raises(ddb.exceptions.TransactionCanceledException) as info:
        ddb.execute_transaction(TransactStatements=[
            {"Statement": "INSERT INTO orders VALUE {'pk': 'fay', 'sk': 1}"},
            {"Statement": "UPDATE orders SET total = 0 WHERE pk = 'ann' AND sk = 1 AND total = 1"}])
    assert info.value.response["CancellationReasons"] == [
        {"Code": "None"}, {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}]
    assert item(ddb, "fay", 1) is None
    ddb.execute_transaction(TransactStatements=[
        {"Statement": "INSERT INTO orders VALUE {'pk': 'fay', 'sk': 1}"},
        {"Statement": "UPDATE orders SET total = ? WHERE pk = 'ann' AND sk = 1", "Parameters": [{"N": "0"}]}])
    assert item(ddb, "fay", 1) is not None and item(ddb, "ann", 1)["total"] == {"N": "0"}
    r = ddb.execute_transaction(TransactStatements=[
        {"Statement": "SELECT total FROM orders WHERE pk = 'ann' AND sk = 2"},
        {"Statement": "SELECT * FROM orders WHERE pk = 'zed' AND sk = 9"}])
    assert r["Responses"] == [{"Item": {"total": {"N": "5"}}}, {}]
    assert validation(ddb.execute_transaction, TransactStatements=[
        {"Statement": "SELECT * FROM orders WHERE pk = 'ann' AND sk = 2"},
        {"Statement": "DELETE FROM orders WHERE pk = 'ann' AND sk = 2"}]) == \
        "Transaction statements must all be either reads or writes"


def test_partiql_writes_are_streamed(ddb):
    import boto3
    make_table(ddb, name="feed", StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    run(ddb, "INSERT INTO feed VALUE {'pk': 'a'}")
    run(ddb, "UPDATE feed SET v = 1 WHERE pk = 'a'")
    run(ddb, "DELETE FROM feed WHERE pk = 'a'")
    streams = boto3.client("dynamodbstreams", region_name="us-east-1")
    arn = ddb.describe_table(TableName="feed")["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    assert [r["eventName"] for r in streams.get_records(ShardIterator=it)["Records"]] == ["INSERT", "MODIFY", "REMOVE"]


def test_resource_api_rows_from_partiql(ddb, orders):
    from boto3.dynamodb.types import TypeDeserializer
    rows = run(ddb, "SELECT * FROM orders WHERE pk = 'bob'")["Items"]
    plain = [{k: TypeDeserializer().deserialize(v) for k, v in row.items()} for row in rows]
    assert plain == [{"pk": "bob", "sk": 1, "total": 12, "tags": {"new"}}]
