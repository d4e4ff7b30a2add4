"""Condition expressions through PutItem: DynamoDB's validation messages and evaluation."""
import pytest

from ddb_support import validation

KEY = {"pk": {"S": "k"}, "sk": {"S": "1"}}
ITEM = {**KEY, "s": {"S": "hello"}, "n": {"N": "5"}, "b": {"B": b"\x01\x02"}, "ss": {"SS": ["a", "b"]},
        "ns": {"NS": ["1", "2"]}, "l": {"L": [{"S": "x"}, {"N": "2"}]},
        "m": {"M": {"deep": {"M": {"v": {"N": "7"}}}, "list": {"L": [{"S": "q"}]}}}, "t": {"BOOL": True}}


@pytest.fixture
def stored(ddb, table):
    ddb.put_item(TableName=table, Item=ITEM)
    return table


def holds(ddb, table, expression, values=None, names=None) -> bool:
    kwargs = {"ConditionExpression": expression}
    if values:
        kwargs["ExpressionAttributeValues"] = values
    if names:
        kwargs["ExpressionAttributeNames"] = names
    try:
        ddb.put_item(TableName=table, Item=ITEM, **kwargs)
        return True
    except ddb.exceptions.ConditionalCheckFailedException:
        return False


@pytest.mark.parametrize("expression, values, expected", [
    ("s = :v", {":v": {"S": "hello"}}, True),
    ("s <> :v", {":v": {"S": "hello"}}, False),
    ("absent <> :v", {":v": {"S": "hello"}}, True),
    ("n < :v", {":v": {"N": "5.1"}}, True),
    ("n <= :v", {":v": {"N": "5.00"}}, True),
    ("n > :v", {":v": {"S": "1"}}, False),
    ("n BETWEEN :a AND :b", {":a": {"N": "5"}, ":b": {"N": "6"}}, True),
    ("n IN (:a, :b)", {":a": {"N": "1"}, ":b": {"N": "5"}}, True),
    ("s IN (:a)", {":a": {"S": "x"}}, False),
    ("m.deep.v = :v", {":v": {"N": "7"}}, True),
    ("m.#l[0] = :v", {":v": {"S": "q"}}, True),
    ("l[1] = :v", {":v": {"N": "2"}}, True),
    ("l[5] = :v", {":v": {"N": "2"}}, False),
    ("attribute_exists(m.deep)", None, True),
    ("attribute_not_exists(m.nope)", None, True),
    ("attribute_type(ss, :t)", {":t": {"S": "SS"}}, True),
    ("attribute_type(n, :t)", {":t": {"S": "S"}}, False),
    ("begins_with(s, :p)", {":p": {"S": "he"}}, True),
    ("begins_with(b, :p)", {":p": {"B": b"\x01"}}, True),
    ("contains(s, :p)", {":p": {"S": "ell"}}, True),
    ("contains(ss, :p)", {":p": {"S": "b"}}, True),
    ("contains(ns, :p)", {":p": {"N": "2.0"}}, True),
    ("contains(l, :p)", {":p": {"S": "x"}}, True),
    ("size(s) = :n", {":n": {"N": "5"}}, True),
    ("size(ss) > :n", {":n": {"N": "1"}}, True),
    ("size(m) = :n", {":n": {"N": "2"}}, True),
    ("NOT t = :f AND (s = :x OR n = :five)", {":f": {"BOOL": False}, ":x": {"S": "x"}, ":five": {"N": "5"}}, True),
    ("s = :x OR n = :five AND t = :f", {":f": {"BOOL": False}, ":x": {"S": "x"}, ":five": {"N": "5"}}, False),
    ("ns = :set", {":set": {"NS": ["2", "1"]}}, True),
])
def test_evaluation(ddb, stored, expression, values, expected):
    names = {"#l": "list"} if "#l" in expression else None
    assert holds(ddb, stored, expression, values, names) is expected


@pytest.mark.parametrize("expression, values, names, message", [
    ("s = :v", {":v": {"S": "a"}, ":x": {"S": "b"}}, None,
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}"),
    ("s = :v", {":v": {"S": "a"}}, {"#a": "s", "#b": "t"},
     "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}"),
    ("s = :nope", {":v": {"S": "a"}}, None,
     "Invalid ConditionExpression: An expression attribute value used in expression is not defined; "
     "attribute value: :nope"),
    ("#nope = :v", {":v": {"S": "a"}}, None,
     "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; "
     "attribute name: #nope"),
    ("s = :v AND", {":v": {"S": "a"}}, None, 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "AND"'),
    ("s == :v", {":v": {"S": "a"}}, None, 'Invalid ConditionExpression: Syntax error; token: "=", near: "== :v"'),
    ("s + :v < n", {":v": {"S": "a"}}, None, 'Invalid ConditionExpression: Syntax error; token: "+", near: "s + :v"'),
    ("my-attr = :v", {":v": {"S": "a"}}, None, 'Invalid ConditionExpression: Syntax error; token: "-", near: "my-attr"'),
    ("", None, None, "Invalid ConditionExpression: The expression can not be empty;"),
    ("((s = :v))", {":v": {"S": "a"}}, None, "Invalid ConditionExpression: The expression has redundant parentheses;"),
    ("status = :v", {":v": {"S": "a"}}, None,
     "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"),
    ("nope(s)", None, None, "Invalid ConditionExpression: Invalid function name; function: nope"),
    ("begins_with(s)", None, None,
     "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or "
     "function: begins_with, number of operands: 1"),
    ("begins_with(s, :v)", {":v": {"N": "1"}}, None,
     "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: "
     "begins_with, operand type: N"),
    ("size(s)", None, None,
     "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; "
     "function: size"),
    ("attribute_exists(s) = :v", {":v": {"BOOL": True}}, None,
     "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; "
     "function: attribute_exists"),
    ("attribute_exists(:v)", {":v": {"S": "a"}}, None,
     "Invalid ConditionExpression: Operator or function requires a document path; operator or function: "
     "attribute_exists"),
    ("attribute_type(s, :v)", {":v": {"S": "STRING"}}, None,
     "Invalid ConditionExpression: Invalid attribute type name found; type: STRING, valid types: "
     "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}"),
    ("s = s", None, None,
     "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this "
     "operator or function; operator: =, first operand: [s]"),
    ("n BETWEEN :hi AND :lo", {":lo": {"N": "1"}, ":hi": {"N": "9"}}, None,
     "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to "
     "lower bound; lower bound operand: AttributeValue: {N:9}, upper bound operand: AttributeValue: {N:1}"),
    ("n BETWEEN :a AND :b", {":a": {"N": "1"}, ":b": {"S": "9"}}, None,
     "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; "
     "lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:9}"),
    ("s = :v", {":v": {"N": "x"}}, None,
     "ExpressionAttributeValues contains invalid value: A value provided cannot be converted into a number "
     "for key :v"),
    ("s = :v", {"v": {"S": "a"}}, None,
     'ExpressionAttributeValues contains invalid key: Syntax error; key: "v"'),
    ("s = :v", {}, None, "ExpressionAttributeValues must not be empty"),
])
def test_validation_messages(ddb, stored, expression, values, names, message):
    kwargs = {"ConditionExpression": expression}
    if values is not None:
        kwargs["ExpressionAttributeValues"] = values
    if names is not None:
        kwargs["ExpressionAttributeNames"] = names
    assert validation(ddb.put_item, TableName=stored, Item=ITEM, **kwargs) == message


def test_placeholders_without_expressions(ddb, stored):
    assert validation(ddb.put_item, TableName=stored, Item=ITEM, ExpressionAttributeNames={"#a": "a"}) == \
        "ExpressionAttributeNames can only be specified when using expressions"
    assert validation(ddb.put_item, TableName=stored, Item=ITEM, ExpressionAttributeValues={":a": {"S": "a"}}) == \
        "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null"
    assert validation(ddb.scan, TableName=stored, ExpressionAttributeValues={":a": {"S": "a"}}) == \
        "ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null"


def test_validation_runs_before_table_lookup(ddb):
    assert validation(ddb.put_item, TableName="no-such-table", Item=ITEM, ConditionExpression="s = :v",
                      ExpressionAttributeValues={":v": {"S": "a"}, ":unused": {"S": "b"}}) == \
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}"


def test_legacy_conditional_parameters_are_refused_not_ignored(ddb, stored):
    import botocore.exceptions
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.put_item(TableName=stored, Item=ITEM, Expected={"s": {"Exists": False}})
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert validation(ddb.put_item, TableName=stored, Item=ITEM, Expected={"s": {"Exists": False}},
                      ConditionExpression="attribute_exists(s)") == (
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}")
