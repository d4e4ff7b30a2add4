from decimal import Decimal

import pytest

from ddb_support import error_of, make_table, validation

INVALID = "One or more parameter values were invalid: "
KEY = {"pk": {"S": "a"}, "sk": {"S": "1"}}


def update(ddb, table, expression, values=None, names=None, **extra):
    kw = dict(TableName=table, Key=KEY, UpdateExpression=expression, **extra)
    if values is not None:
        kw["ExpressionAttributeValues"] = values
    if names is not None:
        kw["ExpressionAttributeNames"] = names
    return ddb.update_item(**kw)


def item(ddb, table):
    return ddb.get_item(TableName=table, Key=KEY).get("Item")


def test_update_creates_the_item_with_its_key(ddb, table):
    r = update(ddb, table, "SET v = :v", {":v": {"S": "x"}}, ReturnValues="ALL_NEW")
    assert r["Attributes"] == {"pk": {"S": "a"}, "sk": {"S": "1"}, "v": {"S": "x"}}
    assert item(ddb, table) == r["Attributes"]


def test_update_without_expression_creates_a_key_only_item(ddb, table):
    ddb.update_item(TableName=table, Key=KEY)
    assert item(ddb, table) == KEY


def test_counters_with_if_not_exists_and_exact_decimals(ddb, table):
    values = {":zero": {"N": "0"}, ":inc": {"N": "0.1"}}
    for _ in range(3):
        update(ddb, table, "SET n = if_not_exists(n, :zero) + :inc", values)
    assert item(ddb, table)["n"] == {"N": "0.3"}
    update(ddb, table, "SET n = n - :inc", {":inc": {"N": "1"}})
    assert item(ddb, table)["n"] == {"N": "-0.7"}
    update(ddb, table, "SET m = :a - n", {":a": {"N": "1"}})
    assert item(ddb, table)["m"] == {"N": "1.7"}


def test_if_not_exists_keeps_an_existing_value(ddb, table):
    update(ddb, table, "SET v = :one", {":one": {"N": "1"}})
    update(ddb, table, "SET v = if_not_exists(v, :two)", {":two": {"N": "2"}})
    assert item(ddb, table)["v"] == {"N": "1"}


def test_list_append_both_ways(ddb, table):
    update(ddb, table, "SET l = :l", {":l": {"L": [{"S": "b"}]}})
    update(ddb, table, "SET l = list_append(l, :end)", {":end": {"L": [{"S": "c"}]}})
    update(ddb, table, "SET l = list_append(:start, l)", {":start": {"L": [{"S": "a"}]}})
    assert item(ddb, table)["l"] == {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}]}


def test_nested_paths_and_list_indexes(ddb, table):
    update(ddb, table, "SET m = :m", {":m": {"M": {"a": {"N": "1"}, "l": {"L": [{"S": "x"}, {"S": "y"}]}}}})
    update(ddb, table, "SET m.b = :v, m.l[1] = :w, m.l[9] = :z", {":v": {"S": "new"}, ":w": {"S": "Y"},
                                                                  ":z": {"S": "appended"}})
    got = item(ddb, table)["m"]["M"]
    assert got["b"] == {"S": "new"}
    assert got["l"] == {"L": [{"S": "x"}, {"S": "Y"}, {"S": "appended"}]}
    update(ddb, table, "REMOVE m.a, m.l[0], m.l[2]")
    got = item(ddb, table)["m"]["M"]
    assert "a" not in got and got["l"] == {"L": [{"S": "Y"}]}


def test_right_hand_sides_see_the_item_before_the_update(ddb, table):
    update(ddb, table, "SET a = :one, b = :two", {":one": {"N": "1"}, ":two": {"N": "2"}})
    update(ddb, table, "SET a = b, b = a")
    got = item(ddb, table)
    assert (got["a"], got["b"]) == ({"N": "2"}, {"N": "1"})


def test_remove_attributes_and_missing_ones(ddb, table):
    update(ddb, table, "SET a = :v, b = :v", {":v": {"BOOL": True}})
    update(ddb, table, "REMOVE a, nothing")
    assert item(ddb, table) == {**KEY, "b": {"BOOL": True}}


def test_add_numbers_and_sets(ddb, table):
    update(ddb, table, "ADD n :five, s :s", {":five": {"N": "5"}, ":s": {"SS": ["a", "b"]}})
    update(ddb, table, "ADD n :minus, s :more", {":minus": {"N": "-2"}, ":more": {"SS": ["b", "c"]}})
    got = item(ddb, table)
    assert got["n"] == {"N": "3"}
    assert sorted(got["s"]["SS"]) == ["a", "b", "c"]


def test_delete_from_sets_and_an_emptied_set_disappears(ddb, table):
    update(ddb, table, "SET ns = :ns", {":ns": {"NS": ["1", "2", "3"]}})
    update(ddb, table, "DELETE ns :two", {":two": {"NS": ["2", "9"]}})
    assert sorted(item(ddb, table)["ns"]["NS"]) == ["1", "3"]
    update(ddb, table, "DELETE ns :rest, absent :rest", {":rest": {"NS": ["1", "3"]}})
    assert "ns" not in item(ddb, table)


def test_all_four_clauses_together_in_any_order(ddb, table):
    update(ddb, table, "SET a = :v, s = :s", {":v": {"N": "1"}, ":s": {"SS": ["x", "y"]}})
    update(ddb, table, "DELETE s :x ADD n :v REMOVE a SET b = :v", {":v": {"N": "1"}, ":x": {"SS": ["x"]}})
    assert item(ddb, table) == {**KEY, "s": {"SS": ["y"]}, "n": {"N": "1"}, "b": {"N": "1"}}


@pytest.mark.parametrize("rv, expected", [
    ("NONE", None),
    ("ALL_OLD", {"pk": {"S": "a"}, "sk": {"S": "1"}, "a": {"N": "1"}, "b": {"S": "keep"}}),
    ("UPDATED_OLD", {"a": {"N": "1"}}),
    ("ALL_NEW", {"pk": {"S": "a"}, "sk": {"S": "1"}, "a": {"N": "2"}, "b": {"S": "keep"}, "c": {"N": "1"}}),
    ("UPDATED_NEW", {"a": {"N": "2"}, "c": {"N": "1"}}),
])
def test_return_values(ddb, table, rv, expected):
    update(ddb, table, "SET a = :one, b = :keep", {":one": {"N": "1"}, ":keep": {"S": "keep"}})
    r = update(ddb, table, "SET a = a + :one, c = :one", {":one": {"N": "1"}}, ReturnValues=rv)
    assert r.get("Attributes") == expected


def test_updated_new_of_a_nested_path_is_that_path_only(ddb, table):
    update(ddb, table, "SET m = :m", {":m": {"M": {"a": {"N": "1"}, "b": {"N": "2"}}}})
    r = update(ddb, table, "SET m.a = :v", {":v": {"N": "5"}}, ReturnValues="UPDATED_NEW")
    assert r["Attributes"] == {"m": {"M": {"a": {"N": "5"}}}}


def test_updated_old_of_a_new_item_returns_nothing(ddb, table):
    assert "Attributes" not in update(ddb, table, "SET a = :v", {":v": {"N": "1"}}, ReturnValues="UPDATED_OLD")


def test_condition_expression_and_the_old_item_on_failure(ddb, table):
    update(ddb, table, "SET v = :one", {":one": {"N": "1"}})
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException) as info:
        update(ddb, table, "SET v = :two", {":two": {"N": "2"}, ":one": {"N": "1"}},
               ConditionExpression="v > :one", ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert info.value.response["Error"]["Message"] == "The conditional request failed"
    assert info.value.response["Item"]["v"] == {"N": "1"}
    update(ddb, table, "SET v = :two", {":two": {"N": "2"}, ":one": {"N": "1"}}, ConditionExpression="v = :one")
    assert item(ddb, table)["v"] == {"N": "2"}
    code, _, status = error_of(ddb.update_item, TableName=table, Key={"pk": {"S": "new"}, "sk": {"S": "1"}},
                               UpdateExpression="SET v = :v", ConditionExpression="attribute_exists(pk)",
                               ExpressionAttributeValues={":v": {"N": "1"}})
    assert (code, status) == ("ConditionalCheckFailedException", 400)
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "new"}, "sk": {"S": "1"}})


@pytest.mark.parametrize("expression, values, message", [
    ("SET pk = :v", {":v": {"S": "x"}}, INVALID + "Cannot update attribute pk. This attribute is part of the key"),
    ("REMOVE sk", None, INVALID + "Cannot update attribute sk. This attribute is part of the key"),
    ("SET a = :v SET b = :v", {":v": {"N": "1"}},
     'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;'),
    ("SET a = :v, a = :v", {":v": {"N": "1"}},
     "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these "
     "paths; path one: [a], path two: [a]"),
    ("SET a.b = :v REMOVE a", {":v": {"N": "1"}},
     "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these "
     "paths; path one: [a, b], path two: [a]"),
    ("SET a[0] = :v REMOVE a.b", {":v": {"N": "1"}},
     "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these "
     "paths; path one: [a, [0]], path two: [a, b]"),
    ("ADD a :v", {":v": {"S": "x"}},
     "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING"),
    ("DELETE a :v", {":v": {"N": "1"}},
     "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: "
     "NUMBER"),
    ("SET a = :v + :w", {":v": {"S": "x"}, ":w": {"N": "1"}},
     "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, "
     "operand type: S"),
    ("SET a = list_append(a, :v)", {":v": {"S": "x"}},
     "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: "
     "list_append, operand type: S"),
    ("SET a = if_not_exists(:v, :v)", {":v": {"N": "1"}},
     "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists"),
    ("SET a = if_not_exists(a)", None,
     "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: "
     "if_not_exists, number of operands: 1"),
    ("SET a = size(b)", None,
     "Invalid UpdateExpression: The function is not allowed in an update expression; function: size"),
    ("SET a = nope(b)", None, "Invalid UpdateExpression: Invalid function name; function: nope"),
    ("SET a = :v + :v + :v", {":v": {"N": "1"}}, 'Invalid UpdateExpression: Syntax error; token: "+", near: ":v + :v"'),
    ("REMOVE", None, 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "REMOVE"'),
    ("ADD a b", None, 'Invalid UpdateExpression: Syntax error; token: "b", near: "a b"'),
    ("SET status = :v", {":v": {"N": "1"}},
     "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status"),
    ("SET #a = :v", {":v": {"N": "1"}},
     "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; "
     "attribute name: #a"),
    ("SET a = :nope", {":v": {"N": "1"}},
     "Invalid UpdateExpression: An expression attribute value used in expression is not defined; "
     "attribute value: :nope"),
    ("", None, "Invalid UpdateExpression: The expression can not be empty;"),
])
def test_update_expression_errors(ddb, table, expression, values, message):
    kw = {"ExpressionAttributeValues": values} if values else {}
    assert validation(ddb.update_item, TableName=table, Key=KEY, UpdateExpression=expression, **kw) == message


@pytest.mark.parametrize("setup, expression, values, message", [
    (None, "SET a = b + :v", {":v": {"N": "1"}},
     "The provided expression refers to an attribute that does not exist in the item"),
    ({":s": {"S": "x"}}, "SET a = s + :v", {":v": {"N": "1"}},
     "An operand in the update expression has an incorrect data type"),
    ({":s": {"S": "x"}}, "ADD s :v", {":v": {"N": "1"}},
     "An operand in the update expression has an incorrect data type"),
    ({":s": {"S": "x"}}, "DELETE s :v", {":v": {"SS": ["x"]}},
     "An operand in the update expression has an incorrect data type"),
    ({":s": {"S": "x"}}, "SET l = list_append(s, :v)", {":v": {"L": []}},
     "An operand in the update expression has an incorrect data type"),
    (None, "SET m.a = :v", {":v": {"N": "1"}}, "The document path provided in the update expression is invalid for update"),
    ({":s": {"S": "x"}}, "SET s[0] = :v", {":v": {"N": "1"}},
     "The document path provided in the update expression is invalid for update"),
    ({":s": {"N": "9E+125"}}, "SET s = s + s", None,
     "Number overflow. Attempting to store a number with magnitude larger than supported range"),
])
def test_run_time_errors_leave_the_item_unchanged(ddb, table, setup, expression, values, message):
    if setup:
        update(ddb, table, "SET s = :s", setup)
    before = item(ddb, table)
    kw = {"ExpressionAttributeValues": values} if values else {}
    assert validation(ddb.update_item, TableName=table, Key=KEY, UpdateExpression=expression, **kw) == message
    assert item(ddb, table) == before


def test_index_key_types_are_checked_on_the_updated_item(ddb):
    name = make_table(ddb, name="indexed", more_definitions=[{"AttributeName": "g", "AttributeType": "N"}],
                      GlobalSecondaryIndexes=[{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                               "Projection": {"ProjectionType": "ALL"}}])
    message = validation(ddb.update_item, TableName=name, Key={"pk": {"S": "a"}}, UpdateExpression="SET g = :v",
                         ExpressionAttributeValues={":v": {"S": "text"}})
    assert message == INVALID + "Type mismatch for Index Key g Expected: N Actual: S IndexName: by-g"


def test_expression_parameter_rules(ddb, table):
    assert validation(ddb.update_item, TableName=table, Key=KEY, ExpressionAttributeValues={":v": {"N": "1"}}) == \
        "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and " \
        "ConditionExpression are null"
    assert validation(ddb.update_item, TableName=table, Key=KEY, UpdateExpression="SET a = :v",
                      ExpressionAttributeValues={":v": {"N": "1"}, ":w": {"N": "2"}}) == \
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}"
    assert validation(ddb.update_item, TableName=table, Key=KEY, UpdateExpression="SET a = :v",
                      ExpressionAttributeValues={":v": {"N": "1"}},
                      AttributeUpdates={"b": {"Action": "PUT", "Value": {"N": "1"}}}) == \
        "Can not use both expression and non-expression parameters in the same request: Non-expression " \
        "parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}"
    assert validation(ddb.update_item, TableName=table, Key=KEY, ReturnValues="EVERYTHING") == \
        "1 validation error detected: Value 'EVERYTHING' at 'returnValues' failed to satisfy constraint: Member " \
        "must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"
    assert validation(ddb.update_item, TableName=table, Key={"pk": {"S": "a"}}, UpdateExpression="SET a = :v",
                      ExpressionAttributeValues={":v": {"N": "1"}}) == "The provided key element does not match the schema"


def test_legacy_attribute_updates_are_refused_not_ignored(ddb, table):
    code, message, status = error_of(ddb.update_item, TableName=table, Key=KEY,
                                     AttributeUpdates={"b": {"Action": "PUT", "Value": {"N": "1"}}})
    assert (code, status) == ("NotImplemented", 501)
    assert "AttributeUpdates" in message


def test_item_size_limit_applies_to_the_result(ddb, table):
    big = {"S": "x" * 300_000}
    update(ddb, table, "SET a = :v", {":v": big})
    assert validation(ddb.update_item, TableName=table, Key=KEY, UpdateExpression="SET b = :v",
                      ExpressionAttributeValues={":v": big}) == "Item size to update has exceeded the maximum allowed size"


def test_consumed_capacity_counts_the_larger_of_old_and_new(ddb, table):
    update(ddb, table, "SET a = :v", {":v": {"S": "x" * 3000}})
    r = update(ddb, table, "REMOVE a", ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 3.0}


def test_resource_api_update_item(resource, table):
    t = resource.Table(table)
    t.put_item(Item={"pk": "a", "sk": "1", "count": 1, "tags": {"x"}})
    r = t.update_item(Key={"pk": "a", "sk": "1"}, UpdateExpression="SET #c = #c + :one ADD tags :t",
                      ExpressionAttributeNames={"#c": "count"}, ExpressionAttributeValues={":one": 1, ":t": {"y"}},
                      ReturnValues="ALL_NEW")
    assert r["Attributes"] == {"pk": "a", "sk": "1", "count": Decimal(2), "tags": {"x", "y"}}
