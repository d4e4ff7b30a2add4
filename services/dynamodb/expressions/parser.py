"""Recursive-descent parser for DynamoDB condition and projection expressions.

Grammar (NOT binds tighter than AND, AND tighter than OR)::

    condition  := or
    or         := and ("OR" and)*
    and        := not ("AND" not)*
    not        := "NOT" not | primary
    primary    := "(" condition ")" | comparison
    comparison := operand (comparator operand
                           | "BETWEEN" operand "AND" operand
                           | "IN" "(" operand ("," operand)* ")")
                | function
    operand    := "(" operand ")" | function | path | :value
    function   := name "(" operand ("," operand)* ")"
    path       := (name | #name) ("." (name | #name) | "[" digits "]")*
    projection := path ("," path)*
    update     := section+        (each of SET, REMOVE, ADD, DELETE at most once)
    section    := "SET" path "=" value ("," path "=" value)*
                | "REMOVE" path ("," path)*
                | ("ADD" | "DELETE") path :value ("," path :value)*
    value      := operand (("+" | "-") operand)?

A leading "(" is ambiguous (a grouped condition or a grouped operand): the parser tries the
condition first and backtracks; the reported syntax error is the one that got furthest.
Parsing is pure and cached per expression string; placeholders are resolved later.
"""
from __future__ import annotations

import functools

from iamulator.services.dynamodb.expressions import nodes as n
from iamulator.services.dynamodb.expressions.errors import ExpressionError
from iamulator.services.dynamodb.expressions.tokens import (
    EOF, NAME, NAME_REF, NUMBER, OP, VALUE_REF, syntax_error, tokenize,
)

COMPARATORS = frozenset({"=", "<>", "<", "<=", ">", ">="})


class _Failure(Exception):
    __slots__ = ("index",)

    def __init__(self, index):
        self.index = index


class Parsed:
    """A parsed expression: its tree and whether it had parentheses DynamoDB calls redundant."""
    __slots__ = ("tree", "redundant_parens", "source")

    def __init__(self, tree, redundant_parens, source):
        self.tree = tree
        self.redundant_parens = redundant_parens
        self.source = source


class _Parser:
    def __init__(self, source: str):
        self.source = source
        self.tokens = tokenize(source)
        self.i = 0
        self.furthest = 0
        self.redundant = False

    # -- helpers -----------------------------------------------------------------------------
    def peek(self, ahead: int = 0):
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def fail(self, index=None):
        index = self.i if index is None else index
        if index > self.furthest:
            self.furthest = index
        raise _Failure(index)

    def is_op(self, text: str, ahead: int = 0) -> bool:
        t = self.peek(ahead)
        return t.kind == OP and t.text == text

    def expect_op(self, text: str):
        if not self.is_op(text):
            self.fail()
        self.i += 1

    def at_keyword(self, word: str) -> bool:
        return self.peek().keyword == word

    def finish(self, tree):
        if self.peek().kind != EOF:
            self.fail()
        return Parsed(self.strip(tree), self.redundant, self.source)

    def error(self) -> ExpressionError:
        return syntax_error(self.source, self.tokens, self.furthest)

    # -- conditions --------------------------------------------------------------------------
    def condition(self):
        left = self.conjunction()
        while self.at_keyword("OR"):
            self.i += 1
            left = n.Or(left, self.conjunction())
        return left

    def conjunction(self):
        left = self.negation()
        while self.at_keyword("AND"):
            self.i += 1
            left = n.And(left, self.negation())
        return left

    def negation(self):
        if self.at_keyword("NOT"):
            self.i += 1
            return n.Not(self.negation())
        return self.primary()

    def primary(self):
        if self.is_op("("):
            start = self.i
            try:
                self.i += 1
                inner = self.condition()
                self.expect_op(")")
                nxt = self.peek()
                if (nxt.kind == OP and nxt.text in COMPARATORS) or nxt.keyword in ("BETWEEN", "IN"):
                    self.fail()
                return n.Parens(inner)
            except _Failure:
                self.i = start
        return self.comparison()

    def comparison(self):
        left = self.operand()
        tok = self.peek()
        if tok.kind == OP and tok.text in COMPARATORS:
            self.i += 1
            return n.Compare(tok.text, left, self.operand())
        kw = tok.keyword
        if kw == "BETWEEN":
            self.i += 1
            low = self.operand()
            if not self.at_keyword("AND"):
                self.fail()
            self.i += 1
            return n.Between(left, low, self.operand())
        if kw == "IN":
            self.i += 1
            self.expect_op("(")
            choices = [self.operand()]
            while self.is_op(","):
                self.i += 1
                choices.append(self.operand())
            self.expect_op(")")
            return n.In(left, choices)
        if isinstance(left, n.Function):
            return left
        self.fail()

    # -- operands ----------------------------------------------------------------------------
    def operand(self):
        tok = self.peek()
        if tok.kind == OP and tok.text == "(":
            self.i += 1
            inner = self.operand()
            self.expect_op(")")
            return n.Parens(inner)
        if tok.kind == NAME and tok.keyword is None and self.is_op("(", 1):
            self.i += 2
            args = [self.operand()]
            while self.is_op(","):
                self.i += 1
                args.append(self.operand())
            self.expect_op(")")
            return n.Function(tok.text, args)
        if tok.kind == VALUE_REF:
            self.i += 1
            return n.Value(tok.text)
        return self.path()

    def path_element(self):
        tok = self.peek()
        if (tok.kind == NAME and tok.keyword is None) or tok.kind == NAME_REF:
            self.i += 1
            return tok.text
        self.fail()

    def path(self):
        start = self.peek().start
        elements = [self.path_element()]
        while True:
            if self.is_op("."):
                self.i += 1
                elements.append(self.path_element())
            elif self.is_op("["):
                self.i += 1
                tok = self.peek()
                if tok.kind != NUMBER:
                    self.fail()
                self.i += 1
                self.expect_op("]")
                elements.append(int(tok.text))
            else:
                return n.Path(elements, start)

    def projection(self):
        paths = [self.path()]
        while self.is_op(","):
            self.i += 1
            paths.append(self.path())
        return paths

    # -- redundant parentheses ---------------------------------------------------------------
    def strip(self, node):
        """The tree without Parens nodes; notes doubled parentheses as DynamoDB does."""
        if isinstance(node, n.Parens):
            if isinstance(node.inner, n.Parens):
                self.redundant = True
            return self.strip(node.inner)
        if isinstance(node, (n.And, n.Or)):
            return type(node)(self.strip(node.left), self.strip(node.right))
        if isinstance(node, n.Not):
            return n.Not(self.strip(node.operand))
        if isinstance(node, n.Compare):
            return n.Compare(node.op, self.strip(node.left), self.strip(node.right))
        if isinstance(node, n.Between):
            return n.Between(self.strip(node.operand), self.strip(node.low), self.strip(node.high))
        if isinstance(node, n.In):
            return n.In(self.strip(node.operand), [self.strip(c) for c in node.choices])
        if isinstance(node, n.Function):
            return n.Function(node.name, [self.strip(a) for a in node.args])
        if isinstance(node, n.Arithmetic):
            return n.Arithmetic(node.op, self.strip(node.left), self.strip(node.right))
        if isinstance(node, n.Action):
            return n.Action(node.kind, node.path, self.strip(node.value))
        if isinstance(node, list):
            return [self.strip(x) for x in node]
        return node


def _empty_check(source: str):
    if source == "" or source.isspace():
        raise ExpressionError("The expression can not be empty;")


def _parse(parser_class, rule: str, source: str) -> Parsed:
    _empty_check(source)
    p = parser_class(source)
    try:
        return p.finish(getattr(p, rule)())
    except _Failure:
        raise p.error() from None


@functools.lru_cache(maxsize=2048)
def parse_condition(source: str) -> Parsed:
    return _parse(_Parser, "condition", source)


@functools.lru_cache(maxsize=2048)
def parse_projection(source: str) -> Parsed:
    return _parse(_Parser, "projection", source)


UPDATE_SECTIONS = frozenset({"SET", "REMOVE", "ADD", "DELETE"})


class _UpdateParser(_Parser):
    def update(self):
        actions, seen = [], set()
        while True:
            tok = self.peek()
            word = tok.text.upper() if tok.kind == NAME else None
            if word not in UPDATE_SECTIONS:
                self.fail()
            if word in seen:
                raise ExpressionError(f'The "{word}" section can only be used once in an update expression;')
            seen.add(word)
            self.i += 1
            while True:
                actions.append(self.action(word))
                if not self.is_op(","):
                    break
                self.i += 1
            if self.peek().kind == EOF:
                return actions

    def action(self, kind: str):
        path = self.path()
        if kind == "REMOVE":
            return n.Action(kind, path)
        if kind == "SET":
            self.expect_op("=")
            left = self.operand()
            tok = self.peek()
            if tok.kind == OP and tok.text in ("+", "-"):
                self.i += 1
                return n.Action(kind, path, n.Arithmetic(tok.text, left, self.operand()))
            return n.Action(kind, path, left)
        if self.peek().kind != VALUE_REF:
            self.fail()
        self.i += 1
        return n.Action(kind, path, n.Value(self.tokens[self.i - 1].text))


@functools.lru_cache(maxsize=2048)
def parse_update(source: str) -> Parsed:
    return _parse(_UpdateParser, "update", source)
