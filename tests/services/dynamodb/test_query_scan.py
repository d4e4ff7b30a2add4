from decimal import Decimal

import pytest
from boto3.dynamodb.conditions import Attr, Key

from ddb_support import make_table, validation


@pytest.fixture
def scores(ddb):
    make_table(ddb, "scores", hash_type="S", range_type="N")
    for player in ("ann", "bob"):
        for i in range(10):
            ddb.put_item(TableName="scores", Item={"pk": {"S": player}, "sk": {"N": str(i)},
                                                   "pts": {"N": str(i * 10)}, "tag": {"S": f"t{i % 3}"}})
    return "scores"


def q(ddb, cond, values, **kw):
    return ddb.query(TableName="scores", KeyConditionExpression=cond, ExpressionAttributeValues=values, **kw)


def sks(result):
    return [int(i["sk"]["N"]) for i in result["Items"]]


@pytest.mark.parametrize("cond, values, expected", [
    ("pk = :p", {}, list(range(10))),
    ("pk = :p AND sk = :a", {":a": {"N": "3"}}, [3]),
    ("pk = :p AND sk < :a", {":a": {"N": "3"}}, [0, 1, 2]),
    ("pk = :p AND sk <= :a", {":a": {"N": "3"}}, [0, 1, 2, 3]),
    ("pk = :p AND sk > :a", {":a": {"N": "7"}}, [8, 9]),
    ("pk = :p AND sk >= :a", {":a": {"N": "7"}}, [7, 8, 9]),
    ("pk = :p AND sk BETWEEN :a AND :b", {":a": {"N": "2"}, ":b": {"N": "4"}}, [2, 3, 4]),
    ("pk = :p AND :a < sk", {":a": {"N": "7"}}, [8, 9]),
    ("(pk = :p) AND (sk > :a)", {":a": {"N": "8"}}, [9]),
])
def test_key_conditions(ddb, scores, cond, values, expected):
    r = q(ddb, cond, {":p": {"S": "ann"}, **values})
    assert sks(r) == expected
    assert r["Count"] == r["ScannedCount"] == len(expected)


def test_numbers_sort_numerically_and_backwards(ddb, scores):
    ddb.put_item(TableName="scores", Item={"pk": {"S": "ann"}, "sk": {"N": "-1.5"}})
    ddb.put_item(TableName="scores", Item={"pk": {"S": "ann"}, "sk": {"N": "100"}})
    r = q(ddb, "pk = :p", {":p": {"S": "ann"}})
    assert [i["sk"]["N"] for i in r["Items"]][:3] == ["-1.5", "0", "1"]
    assert r["Items"][-1]["sk"]["N"] == "100"
    r = q(ddb, "pk = :p", {":p": {"S": "ann"}}, ScanIndexForward=False, Limit=2)
    assert [i["sk"]["N"] for i in r["Items"]] == ["100", "9"]


def test_strings_sort_by_utf8_bytes(ddb):
    make_table(ddb, "words", range_type="S")
    for w in ("b", "a", "é", "Z", "ab", "\U0001F600", "\uffff"):
        ddb.put_item(TableName="words", Item={"pk": {"S": "k"}, "sk": {"S": w}})
    r = ddb.query(TableName="words", KeyConditionExpression="pk = :k", ExpressionAttributeValues={":k": {"S": "k"}})
    assert [i["sk"]["S"] for i in r["Items"]] == ["Z", "a", "ab", "b", "é", "\uffff", "\U0001F600"]
    r = ddb.query(TableName="words", KeyConditionExpression="pk = :k AND begins_with(sk, :a)",
                  ExpressionAttributeValues={":k": {"S": "k"}, ":a": {"S": "a"}})
    assert [i["sk"]["S"] for i in r["Items"]] == ["a", "ab"]


def test_pagination_with_limit(ddb, scores):
    seen, start, pages = [], None, 0
    while True:
        kw = {"Limit": 4}
        if start:
            kw["ExclusiveStartKey"] = start
        r = q(ddb, "pk = :p", {":p": {"S": "bob"}}, **kw)
        seen += sks(r)
        pages += 1
        start = r.get("LastEvaluatedKey")
        if not start:
            break
        assert set(start) == {"pk", "sk"}
    assert seen == list(range(10)) and pages == 3


def test_paginator_and_backwards_pagination(ddb, scores):
    pages = ddb.get_paginator("query").paginate(
        TableName="scores", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "ann"}},
        ScanIndexForward=False, PaginationConfig={"PageSize": 3})
    assert [int(i["sk"]["N"]) for p in pages for i in p["Items"]] == list(range(9, -1, -1))


def test_filter_counts_and_limit_counts_scanned(ddb, scores):
    r = q(ddb, "pk = :p", {":p": {"S": "ann"}, ":t": {"S": "t0"}}, FilterExpression="tag = :t")
    assert sks(r) == [0, 3, 6, 9] and r["Count"] == 4 and r["ScannedCount"] == 10
    r = q(ddb, "pk = :p", {":p": {"S": "ann"}, ":t": {"S": "t0"}}, FilterExpression="tag = :t", Limit=5)
    assert sks(r) == [0, 3] and r["ScannedCount"] == 5 and r["LastEvaluatedKey"]["sk"] == {"N": "4"}


def test_select_count_and_projection(ddb, scores):
    r = q(ddb, "pk = :p", {":p": {"S": "ann"}}, Select="COUNT")
    assert "Items" not in r and r["Count"] == 10
    r = q(ddb, "pk = :p AND sk = :s", {":p": {"S": "ann"}, ":s": {"N": "2"}}, ProjectionExpression="pts")
    assert r["Items"] == [{"pts": {"N": "20"}}]
    assert validation(q, ddb, "pk = :p", {":p": {"S": "ann"}}, Select="COUNT", ProjectionExpression="pts") == \
        "Cannot specify the ProjectionExpression when choosing to get only the Count"
    assert validation(q, ddb, "pk = :p", {":p": {"S": "ann"}}, Select="ALL_PROJECTED_ATTRIBUTES") == \
        "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"


@pytest.mark.parametrize("cond, values, message", [
    ("sk = :s", {":s": {"N": "1"}}, "Query condition missed key schema element: pk"),
    ("pk = :p AND pts = :s", {":p": {"S": "a"}, ":s": {"N": "1"}}, "Query condition missed key schema element: sk"),
    ("pk > :p", {":p": {"S": "a"}}, "Query key condition not supported"),
    ("pk = :p OR sk = :s", {":p": {"S": "a"}, ":s": {"N": "1"}},
     "Invalid operator used in KeyConditionExpression: OR"),
    ("pk = :p AND sk <> :s", {":p": {"S": "a"}, ":s": {"N": "1"}},
     "Invalid operator used in KeyConditionExpression: <>"),
    ("pk = :p AND attribute_exists(sk)", {":p": {"S": "a"}},
     "Invalid operator used in KeyConditionExpression: attribute_exists"),
    ("pk = :p AND pk = :p", {":p": {"S": "a"}}, "KeyConditionExpressions must only contain one condition per key"),
    ("pk = :p AND sk.x = :s", {":p": {"S": "a"}, ":s": {"N": "1"}},
     "KeyConditionExpressions cannot have conditions on nested attributes"),
    ("pk = :p", {":p": {"N": "1"}},
     "One or more parameter values were invalid: Condition parameter type does not match schema type"),
    ("pk = :p AND begins_with(sk, :s)", {":p": {"S": "a"}, ":s": {"N": "1"}},
     "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: "
     "begins_with, operand type: N"),
    ("pk = :p AND", {":p": {"S": "a"}}, 'Invalid KeyConditionExpression: Syntax error; token: "<EOF>", near: "AND"'),
])
def test_key_condition_errors(ddb, scores, cond, values, message):
    assert validation(q, ddb, cond, values) == message


def test_filter_on_key_and_bad_start_keys(ddb, scores):
    assert validation(q, ddb, "pk = :p", {":p": {"S": "ann"}, ":s": {"N": "1"}}, FilterExpression="sk > :s") == \
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk"
    assert validation(q, ddb, "pk = :p", {":p": {"S": "ann"}}, ExclusiveStartKey={"pk": {"S": "ann"}}) == \
        "The provided starting key is invalid: The provided key element does not match the schema"
    assert validation(q, ddb, "pk = :p", {":p": {"S": "ann"}},
                      ExclusiveStartKey={"pk": {"S": "bob"}, "sk": {"N": "1"}}) == \
        "The provided starting key is outside query boundaries based on provided conditions"


def test_resource_api_with_key_and_attr(resource, scores):
    t = resource.Table("scores")
    r = t.query(KeyConditionExpression=Key("pk").eq("ann") & Key("sk").between(2, 6),
                FilterExpression=Attr("tag").is_in(["t0", "t2"]) & Attr("pts").gte(30))
    assert [i["sk"] for i in r["Items"]] == [Decimal(3), Decimal(5), Decimal(6)]
    r = t.query(KeyConditionExpression=Key("pk").eq("bob") & Key("sk").lt(3),
                FilterExpression=Attr("missing").not_exists() | Attr("tag").begins_with("zz"))
    assert r["Count"] == 3
    r = t.scan(FilterExpression=~Attr("tag").eq("t1") & Attr("pts").between(10, 40) & Attr("tag").size().eq(2))
    assert sorted((i["pk"], int(i["sk"])) for i in r["Items"]) == [("ann", 2), ("ann", 3), ("bob", 2), ("bob", 3)]
    r = t.scan(FilterExpression=Attr("tag").contains("2") & Attr("tag").attribute_type("S") & Attr("pts").ne(20))
    assert sorted((i["pk"], int(i["sk"])) for i in r["Items"]) == [("ann", 5), ("ann", 8), ("bob", 5), ("bob", 8)]


def test_scan_pagination_is_complete_and_disjoint(ddb, scores):
    seen, start = [], None
    while True:
        kw = {"Limit": 3}
        if start:
            kw["ExclusiveStartKey"] = start
        r = ddb.scan(TableName="scores", **kw)
        seen += [(i["pk"]["S"], i["sk"]["N"]) for i in r["Items"]]
        start = r.get("LastEvaluatedKey")
        if not start:
            break
    assert len(seen) == 20 and len(set(seen)) == 20
    pages = ddb.get_paginator("scan").paginate(TableName="scores", PaginationConfig={"PageSize": 7})
    assert [(i["pk"]["S"], i["sk"]["N"]) for p in pages for i in p["Items"]] == seen


def test_scan_resumes_after_deleted_start_key(ddb, scores):
    first = ddb.scan(TableName="scores", Limit=5)
    ddb.delete_item(TableName="scores", Key=first["LastEvaluatedKey"])
    rest = ddb.scan(TableName="scores", ExclusiveStartKey=first["LastEvaluatedKey"])
    assert first["Count"] + rest["Count"] == 20


def test_scan_segments_partition_the_table(ddb):
    make_table(ddb, "many")
    for i in range(40):
        ddb.put_item(TableName="many", Item={"pk": {"S": f"k{i}"}})
    parts = [ddb.scan(TableName="many", Segment=s, TotalSegments=4)["Items"] for s in range(4)]
    keys = [i["pk"]["S"] for p in parts for i in p]
    assert sorted(keys) == sorted(f"k{i}" for i in range(40))
    assert all(parts)
    assert validation(ddb.scan, TableName="many", Segment=1) == (
        "The TotalSegments parameter is required but was not present in the request when Segment parameter "
        "is present")
    assert validation(ddb.scan, TableName="many", Segment=4, TotalSegments=4) == (
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 4 is not "
        "less than TotalSegments: 4")


def test_scan_filter_projection_and_count(ddb, scores):
    r = ddb.scan(TableName="scores", FilterExpression="pts > :x", ExpressionAttributeValues={":x": {"N": "80"}},
                 ProjectionExpression="pk, pts")
    assert sorted((i["pk"]["S"], i["pts"]["N"]) for i in r["Items"]) == [("ann", "90"), ("bob", "90")]
    assert r["ScannedCount"] == 20
    assert ddb.scan(TableName="scores", Select="COUNT")["Count"] == 20


@pytest.fixture
def indexed(ddb):
    ddb.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "S"},
                              {"AttributeName": "status", "AttributeType": "S"},
                              {"AttributeName": "total", "AttributeType": "N"}],
        BillingMode="PAY_PER_REQUEST",
        GlobalSecondaryIndexes=[{"IndexName": "by-status",
                                 "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                                               {"AttributeName": "total", "KeyType": "RANGE"}],
                                 "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        LocalSecondaryIndexes=[{"IndexName": "by-total",
                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "total", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "ALL"}}])
    rows = [("c1", "o1", "open", "30"), ("c1", "o2", "shipped", "10"), ("c2", "o3", "open", "20"),
            ("c2", "o4", "open", "5"), ("c1", "o5", None, "1")]
    for pk, sk, status, total in rows:
        item = {"pk": {"S": pk}, "sk": {"S": sk}, "total": {"N": total}, "note": {"S": "x"}}
        if status:
            item["status"] = {"S": status}
        ddb.put_item(TableName="orders", Item=item)
    return "orders"


def test_query_gsi(ddb, indexed):
    r = ddb.query(TableName="orders", IndexName="by-status", KeyConditionExpression="#s = :s",
                  ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": {"S": "open"}})
    assert [i["total"]["N"] for i in r["Items"]] == ["5", "20", "30"]
    assert set(r["Items"][0]) == {"pk", "sk", "status", "total"}  # KEYS_ONLY projection
    r = ddb.query(TableName="orders", IndexName="by-status", KeyConditionExpression="#s = :s",
                  ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": {"S": "open"}}, Limit=2)
    assert set(r["LastEvaluatedKey"]) == {"pk", "sk", "status", "total"}
    r2 = ddb.query(TableName="orders", IndexName="by-status", KeyConditionExpression="#s = :s",
                   ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": {"S": "open"}},
                   ExclusiveStartKey=r["LastEvaluatedKey"])
    assert [i["total"]["N"] for i in r2["Items"]] == ["30"]
    assert validation(ddb.query, TableName="orders", IndexName="by-status", KeyConditionExpression="#s = :s",
                      ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": {"S": "open"}},
                      ConsistentRead=True) == "Consistent reads are not supported on global secondary indexes"
    assert validation(ddb.query, TableName="orders", IndexName="by-status", KeyConditionExpression="#s = :s",
                      ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": {"S": "open"}},
                      Select="ALL_ATTRIBUTES") == (
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global "
        "secondary index by-status because its projection type is not ALL")


def test_query_lsi_and_missing_index(ddb, indexed):
    r = ddb.query(TableName="orders", IndexName="by-total", KeyConditionExpression="pk = :c AND #t > :m",
                  ExpressionAttributeNames={"#t": "total"},
                  ExpressionAttributeValues={":c": {"S": "c1"}, ":m": {"N": "5"}})
    assert [i["sk"]["S"] for i in r["Items"]] == ["o2", "o1"]
    assert r["Items"][0]["note"] == {"S": "x"}
    assert validation(ddb.query, TableName="orders", IndexName="nope", KeyConditionExpression="pk = :c",
                      ExpressionAttributeValues={":c": {"S": "c1"}}) == \
        "The table does not have the specified index: nope"


def test_scan_index_skips_items_without_index_keys(ddb, indexed):
    r = ddb.scan(TableName="orders", IndexName="by-status")
    assert sorted(i["sk"]["S"] for i in r["Items"]) == ["o1", "o2", "o3", "o4"]


def test_index_key_type_is_checked_on_put(ddb, indexed):
    assert validation(ddb.put_item, TableName="orders",
                      Item={"pk": {"S": "c"}, "sk": {"S": "o"}, "total": {"S": "ten"}}) == (
        "One or more parameter values were invalid: Type mismatch for Index Key total Expected: N Actual: S "
        "IndexName: by-status")
