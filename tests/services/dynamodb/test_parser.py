"""The expression parser on its own: precedence, grouping, paths and error positions."""
import pytest

from iamulator.services.dynamodb.expressions import nodes as n
from iamulator.services.dynamodb.expressions.errors import ExpressionError
from iamulator.services.dynamodb.expressions.parser import parse_condition, parse_projection


def shape(node):
    if isinstance(node, n.Path):
        return ".".join(f"[{e}]" if isinstance(e, int) else e for e in node.elements)
    if isinstance(node, n.Value):
        return node.ref
    if isinstance(node, (n.And, n.Or)):
        return (type(node).__name__.upper(), shape(node.left), shape(node.right))
    if isinstance(node, n.Not):
        return ("NOT", shape(node.operand))
    if isinstance(node, n.Compare):
        return (node.op, shape(node.left), shape(node.right))
    if isinstance(node, n.Between):
        return ("BETWEEN", shape(node.operand), shape(node.low), shape(node.high))
    if isinstance(node, n.In):
        return ("IN", shape(node.operand), *map(shape, node.choices))
    if isinstance(node, n.Function):
        return (node.name, *map(shape, node.args))
    raise AssertionError(node)


@pytest.mark.parametrize("source, expected", [
    ("a = :x OR b = :y AND c = :z", ("OR", ("=", "a", ":x"), ("AND", ("=", "b", ":y"), ("=", "c", ":z")))),
    ("(a = :x OR b = :y) AND c = :z", ("AND", ("OR", ("=", "a", ":x"), ("=", "b", ":y")), ("=", "c", ":z"))),
    ("NOT a = :x AND b = :y", ("AND", ("NOT", ("=", "a", ":x")), ("=", "b", ":y"))),
    ("not not a = :x", ("NOT", ("NOT", ("=", "a", ":x")))),
    ("(a) = :x", ("=", "a", ":x")),
    ("a.b[2].#c[10] <> :x", ("<>", "a.b.[2].#c.[10]", ":x")),
    ("a between :l and :h", ("BETWEEN", "a", ":l", ":h")),
    ("a IN (:x,:y , :z)", ("IN", "a", ":x", ":y", ":z")),
    ("size(a) >= :n", (">=", ("size", "a"), ":n")),
    ("begins_with(#a, :p) AND (contains(b, :q))", ("AND", ("begins_with", "#a", ":p"), ("contains", "b", ":q"))),
    ("a=:x", ("=", "a", ":x")),
    ("\ta\n=\r:x ", ("=", "a", ":x")),
])
def test_shapes(source, expected):
    assert shape(parse_condition(source).tree) == expected


@pytest.mark.parametrize("source, message", [
    ("a =", 'Syntax error; token: "<EOF>", near: "="'),
    ("= a", 'Syntax error; token: "=", near: "= a"'),
    ("a = :x :y", 'Syntax error; token: ":y", near: ":x :y"'),
    ("a IN ()", 'Syntax error; token: ")", near: "()"'),
    ("a[x] = :v", 'Syntax error; token: "x", near: "[x]"'),
    ("_a = :v", 'Syntax error; token: "_", near: "_a"'),
    ("a BETWEEN :x OR :y", 'Syntax error; token: "OR", near: ":x OR :y"'),
    ("(a = :x", 'Syntax error; token: "<EOF>", near: ":x"'),
    ("a = :x)", 'Syntax error; token: ")", near: ":x)"'),
    ("AND = :x", 'Syntax error; token: "AND", near: "AND ="'),
])
def test_syntax_errors(source, message):
    with pytest.raises(ExpressionError) as e:
        parse_condition(source)
    assert e.value.message == message


def test_redundant_parentheses_are_flagged_single_ones_are_not():
    assert parse_condition("((a = :x))").redundant_parens
    assert parse_condition("((a)) = :x").redundant_parens
    assert not parse_condition("(a = :x) AND ((b = :y) OR c = :z)").redundant_parens


def test_projection_paths():
    paths = parse_projection("a, b.c, d[1].e, #f").tree
    assert [p.elements for p in paths] == [["a"], ["b", "c"], ["d", 1, "e"], ["#f"]]
    with pytest.raises(ExpressionError) as e:
        parse_projection("a,")
    assert e.value.message == 'Syntax error; token: "<EOF>", near: ","'


def test_parses_are_cached():
    assert parse_condition("x = :cached") is parse_condition("x = :cached")
