"""DynamoDB's PartiQL subset, parsed into the expression engine's trees.

    SELECT * | path, ...  FROM table["index"] [WHERE condition]
    INSERT INTO table VALUE {'attr': literal, ...}
    UPDATE table SET path = value [, ...] [SET ...] [REMOVE path [, ...]] WHERE condition
    DELETE FROM table WHERE condition

A WHERE condition becomes a condition tree of ``expressions.nodes`` (comparisons, BETWEEN, IN,
AND/OR/NOT, ``IS [NOT] MISSING``, begins_with/contains/attribute_type/size) whose attribute names
are ``#n`` placeholders and whose literals and ``?`` parameters are ``:v`` placeholders, so the
same evaluator that runs ConditionExpressions runs it. Parsing is cached per statement text; the
parameters are bound per request.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

from iamulator.services.dynamodb.expressions import nodes as n

_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<string>'(?:[^']|'')*')"
    r"|(?P<quoted>\"(?:[^\"]|\"\")*\")"
    r"|(?P<number>-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><<|>>|<>|!=|<=|>=|[=<>(),.\[\]{}?:*+\-])"
)
KEYWORDS = frozenset({"SELECT", "FROM", "WHERE", "INSERT", "INTO", "VALUE", "UPDATE", "SET", "REMOVE", "DELETE",
                      "AND", "OR", "NOT", "BETWEEN", "IN", "IS", "MISSING", "NULL", "TRUE", "FALSE"})
FUNCTIONS = {"begins_with": 2, "contains": 2, "attribute_type": 2, "size": 1, "exists": 1}
COMPARATORS = {"=": "=", "<>": "<>", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class StatementError(Exception):
    """A statement DynamoDB would not accept; ``message`` follows DynamoDB's prefix."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Param:
    """A ``?`` in a statement: the index-th parameter."""
    __slots__ = ("index",)

    def __init__(self, index):
        self.index = index


class Statement:
    __slots__ = ("kind", "table", "index", "projection", "where", "item", "actions", "names", "literals",
                 "parameter_count")

    def __init__(self, kind):
        self.kind = kind               # SELECT | INSERT | UPDATE | DELETE
        self.table = None
        self.index = None
        self.projection = None         # None for *, else [[element, ...], ...] with real names
        self.where = None              # condition tree (placeholders in names/literals)
        self.item = None               # INSERT: literal map (a value tree)
        self.actions = []              # UPDATE: [(nodes.Action, resolved path)]
        self.names = {}                # "#nX" -> attribute name
        self.literals = {}             # ":vX" -> AttributeValue or Param
        self.parameter_count = 0


def _malformed(detail: str) -> StatementError:
    return StatementError(f"Statement wasn't well formed, can't be processed: {detail}")


def _tokens(source: str) -> list:
    out, pos = [], 0
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if m is None:
            raise _malformed(f"Unexpected character: {source[pos]}")
        if m.lastgroup != "ws":
            out.append((m.lastgroup, m.group()))
        pos = m.end()
    out.append(("eof", ""))
    return out


class _Parser:
    def __init__(self, source: str):
        self.tokens = _tokens(source)
        self.i = 0
        self.st = None

    # -- helpers -----------------------------------------------------------------------------
    def peek(self, ahead=0):
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def word(self, ahead=0) -> str | None:
        kind, text = self.peek(ahead)
        return text.upper() if kind == "name" else None

    def take(self):
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect_word(self, word: str):
        if self.word() != word:
            self.unexpected()
        self.i += 1

    def is_op(self, text: str) -> bool:
        kind, t = self.peek()
        return kind == "op" and t == text

    def expect_op(self, text: str):
        if not self.is_op(text):
            self.unexpected()
        self.i += 1

    def unexpected(self):
        kind, text = self.peek()
        if kind == "eof":
            raise _malformed("Unexpected end of statement")
        if kind == "name" and text.upper() in KEYWORDS:
            raise _malformed(f"unexpected keyword: {text}")
        raise _malformed(f"unexpected token: {text}")

    def name(self) -> str:
        kind, text = self.take()
        if kind == "quoted":
            return text[1:-1].replace('""', '"')
        if kind == "name" and text.upper() not in KEYWORDS:
            return text
        self.i -= 1
        self.unexpected()

    def literal_ref(self, value) -> n.Value:
        ref = f":v{len(self.st.literals)}"
        self.st.literals[ref] = value
        return n.Value(ref)

    # -- statements --------------------------------------------------------------------------
    def statement(self) -> Statement:
        word = self.word()
        if word not in ("SELECT", "INSERT", "UPDATE", "DELETE"):
            self.unexpected()
        self.st = Statement(word)
        self.i += 1
        getattr(self, word.lower())()
        if self.peek()[0] != "eof":
            self.unexpected()
        return self.st

    def table(self):
        self.st.table = self.name()
        if self.is_op("."):
            self.i += 1
            self.st.index = self.name()

    def select(self):
        if self.is_op("*"):
            self.i += 1
        else:
            paths = [self.plain_path()]
            while self.is_op(","):
                self.i += 1
                paths.append(self.plain_path())
            self.st.projection = paths
        self.expect_word("FROM")
        self.table()
        if self.word() == "WHERE":
            self.i += 1
            self.st.where = self.condition()

    def insert(self):
        self.expect_word("INTO")
        self.table()
        self.expect_word("VALUE")
        if not self.is_op("{"):
            self.unexpected()
        self.st.item = self.value_literal()

    def update(self):
        self.table()
        seen = False
        while self.word() in ("SET", "REMOVE"):
            seen = True
            kind = self.take()[1].upper()
            while True:
                path = self.path()
                resolved = [self.st.names[e] if isinstance(e, str) else e for e in path.elements]
                if kind == "SET":
                    self.expect_op("=")
                    left = self.operand()
                    if self.is_op("+") or self.is_op("-"):
                        op = self.take()[1]
                        self.st.actions.append((n.Action("SET", path, n.Arithmetic(op, left, self.operand())),
                                                resolved))
                    else:
                        self.st.actions.append((n.Action("SET", path, left), resolved))
                else:
                    self.st.actions.append((n.Action("REMOVE", path), resolved))
                if not self.is_op(","):
                    break
                self.i += 1
        if not seen:
            self.unexpected()
        self.expect_word("WHERE")
        self.st.where = self.condition()

    def delete(self):
        self.expect_word("FROM")
        self.table()
        self.expect_word("WHERE")
        self.st.where = self.condition()

    # -- paths and values --------------------------------------------------------------------
    def plain_path(self) -> list:
        return [self.st.names[e] if isinstance(e, str) else e for e in self.path().elements]

    def path(self) -> n.Path:
        elements = [self.name_ref(self.name())]
        while True:
            if self.is_op("."):
                self.i += 1
                elements.append(self.name_ref(self.name()))
            elif self.is_op("["):
                self.i += 1
                kind, text = self.take()
                if kind == "number" and text.isdigit():
                    elements.append(int(text))
                elif kind == "string":
                    elements.append(self.name_ref(text[1:-1].replace("''", "'")))
                else:
                    self.i -= 1
                    self.unexpected()
                self.expect_op("]")
            else:
                return n.Path(elements)

    def name_ref(self, name: str) -> str:
        for ref, known in self.st.names.items():
            if known == name:
                return ref
        ref = f"#n{len(self.st.names)}"
        self.st.names[ref] = name
        return ref

    def operand(self):
        kind, text = self.peek()
        if kind == "name" and text.lower() in FUNCTIONS and self.tokens[self.i + 1] == ("op", "("):
            return self.function()
        if kind in ("name", "quoted") and text.upper() not in ("TRUE", "FALSE", "NULL", "MISSING"):
            return self.path()
        return self.literal_ref(self.value_literal())

    def value_literal(self):
        """A literal (or ``?``) as an AttributeValue, or a Param."""
        kind, text = self.take()
        if kind == "string":
            return {"S": text[1:-1].replace("''", "'")}
        if kind == "number":
            try:
                Decimal(text)
            except InvalidOperation:
                raise _malformed(f"invalid number: {text}") from None
            return {"N": text}
        if kind == "name" and text.upper() in ("TRUE", "FALSE"):
            return {"BOOL": text.upper() == "TRUE"}
        if kind == "name" and text.upper() == "NULL":
            return {"NULL": True}
        if kind == "op" and text == "?":
            self.st.parameter_count += 1
            return Param(self.st.parameter_count - 1)
        if kind == "op" and text == "[":
            return {"L": self.sequence("]")}
        if kind == "op" and text == "<<":
            return {"SET": self.sequence(">>")}
        if kind == "op" and text == "{":
            out = {}
            if not self.is_op("}"):
                while True:
                    k_kind, k_text = self.take()
                    if k_kind != "string":
                        self.i -= 1
                        self.unexpected()
                    self.expect_op(":")
                    out[k_text[1:-1].replace("''", "'")] = self.value_literal()
                    if not self.is_op(","):
                        break
                    self.i += 1
            self.expect_op("}")
            return {"M": out}
        self.i -= 1
        self.unexpected()

    def sequence(self, closing: str) -> list:
        out = []
        if not self.is_op(closing):
            while True:
                out.append(self.value_literal())
                if not self.is_op(","):
                    break
                self.i += 1
        self.expect_op(closing)
        return out

    def function(self):
        name = self.take()[1].lower()
        self.expect_op("(")
        args = [self.operand()]
        while self.is_op(","):
            self.i += 1
            args.append(self.operand())
        self.expect_op(")")
        if len(args) != FUNCTIONS[name]:
            raise StatementError(f"Incorrect number of operands for operator or function; operator or function: "
                                 f"{name}, number of operands: {len(args)}")
        if name == "exists":
            return n.Function("attribute_exists", args)
        return n.Function(name, args)

    # -- conditions --------------------------------------------------------------------------
    def condition(self):
        left = self.conjunction()
        while self.word() == "OR":
            self.i += 1
            left = n.Or(left, self.conjunction())
        return left

    def conjunction(self):
        left = self.negation()
        while self.word() == "AND":
            self.i += 1
            left = n.And(left, self.negation())
        return left

    def negation(self):
        if self.word() == "NOT":
            self.i += 1
            return n.Not(self.negation())
        if self.is_op("("):
            start = self.i
            self.i += 1
            try:
                inner = self.condition()
                self.expect_op(")")
                return inner
            except StatementError:
                self.i = start
        return self.comparison()

    def comparison(self):
        left = self.operand()
        kind, text = self.peek()
        if kind == "op" and text in COMPARATORS:
            self.i += 1
            return n.Compare(COMPARATORS[text], left, self.operand())
        word = self.word()
        if word == "BETWEEN":
            self.i += 1
            low = self.operand()
            self.expect_word("AND")
            return n.Between(left, low, self.operand())
        if word == "IN":
            self.i += 1
            closing = "]" if self.is_op("[") else ")"
            self.expect_op("[" if closing == "]" else "(")
            choices = [self.operand()]
            while self.is_op(","):
                self.i += 1
                choices.append(self.operand())
            self.expect_op(closing)
            return n.In(left, choices)
        if word == "IS":
            self.i += 1
            negated = self.word() == "NOT"
            if negated:
                self.i += 1
            if self.word() == "MISSING":
                self.i += 1
                return n.Function("attribute_exists" if negated else "attribute_not_exists", [left])
            if self.word() == "NULL":
                self.i += 1
                test = n.Function("attribute_type", [left, self.literal_ref({"S": "NULL"})])
                return n.Not(test) if negated else test
            self.unexpected()
        if isinstance(left, n.Function):
            return left
        self.unexpected()


@functools.lru_cache(maxsize=1024)
def parse(source: str) -> Statement:
    if not isinstance(source, str) or not source.strip():
        raise _malformed("Unexpected end of statement")
    return _Parser(source).statement()
