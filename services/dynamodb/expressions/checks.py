"""Semantic checks of a parsed expression against the request's names and values.

DynamoDB reports only one problem per expression, chosen by category in a fixed order
(redundant parentheses, unknown function, misused function, reserved word, then the first
problem inside a condition: undefined placeholder, operand count, identical operands, operand
types). The checker walks the whole tree, keeps the first message of each category and raises
the winner. It also records which placeholders were used, for the "unused" check.
"""
from __future__ import annotations

from iamulator.services.dynamodb import values as V
from iamulator.services.dynamodb.expressions import nodes as n
from iamulator.services.dynamodb.expressions.errors import ExpressionError
from iamulator.services.dynamodb.expressions.reserved import RESERVED_WORDS

FUNCTIONS = {
    "attribute_exists": 1,
    "attribute_not_exists": 1,
    "attribute_type": 2,
    "begins_with": 2,
    "contains": 2,
    "size": 1,
}
UPDATE_FUNCTIONS = {"if_not_exists": 2, "list_append": 2}
ATTRIBUTE_TYPES = frozenset(V.TYPES)
# How ADD and DELETE name an operand's type in their errors.
TYPE_NAMES = {"S": "STRING", "N": "NUMBER", "B": "BINARY", "SS": "STRING_SET", "NS": "NUMBER_SET",
              "BS": "BINARY_SET", "M": "MAP", "L": "LIST", "NULL": "NULL", "BOOL": "BOOLEAN"}
_ORDER = ("parens", "function_name", "misused", "reserved",
          "undefined", "operands", "distinct", "types")


class Placeholders:
    """The request's ExpressionAttributeNames/Values and which of them expressions used."""
    __slots__ = ("names", "values", "used_names", "used_values")

    def __init__(self, names: dict | None, values: dict | None):
        self.names = names or {}
        self.values = values or {}
        self.used_names: set = set()
        self.used_values: set = set()


def path_text(elements) -> str:
    return "[" + ", ".join(f"[{e}]" if isinstance(e, int) else e for e in elements) + "]"


class _Checker:
    def __init__(self, ph: Placeholders):
        self.ph = ph
        self.errors: dict[str, str] = {}

    def note(self, category: str, message: str):
        self.errors.setdefault(category, message)

    def raise_first(self):
        for category in _ORDER:
            if category in self.errors:
                raise ExpressionError(self.errors[category])

    # -- operands ----------------------------------------------------------------------------
    def resolved_path(self, path: n.Path):
        out = []
        for e in path.elements:
            if isinstance(e, str):
                if e[0] == "#":
                    name = self.ph.names.get(e)
                    if name is None:
                        self.note("undefined", "An expression attribute name used in the document path "
                                               f"is not defined; attribute name: {e}")
                        name = e
                    else:
                        self.ph.used_names.add(e)
                    out.append(name)
                    continue
                if e.upper() in RESERVED_WORDS:
                    self.note("reserved", f"Attribute name is a reserved keyword; reserved keyword: {e}")
            out.append(e)
        return out

    def value_type(self, node) -> str | None:
        """The type of a value operand (None for paths and unknown values)."""
        if isinstance(node, n.Value):
            v = self.ph.values.get(node.ref)
            return V.type_of(v) if v else None
        if isinstance(node, n.Function) and node.name == "size":
            return "N"
        return None

    def operand(self, node):
        if isinstance(node, n.Path):
            self.resolved_path(node)
        elif isinstance(node, n.Value):
            if node.ref in self.ph.values:
                self.ph.used_values.add(node.ref)
            else:
                self.note("undefined", "An expression attribute value used in expression is not defined; "
                                       f"attribute value: {node.ref}")
        elif isinstance(node, n.Function):
            self.function(node)

    def operands(self, nodes_):
        for x in nodes_:
            self.operand(x)
            if isinstance(x, n.Function) and x.name != "size":
                self.note("misused", f"The function is not allowed to be used this way in an expression; "
                                     f"function: {x.name}")

    def distinct(self, op: str, a, b):
        if isinstance(a, n.Path) and isinstance(b, n.Path):
            pa, pb = self.resolved_path(a), self.resolved_path(b)
            if pa == pb:
                self.note("distinct", "The first operand must be distinct from the remaining operands for "
                                      f"this operator or function; operator: {op}, first operand: {path_text(pa)}")

    # -- functions ---------------------------------------------------------------------------
    def unknown_function(self, name: str, other_kind: dict, kind: str):
        """A function this kind of expression lacks: one of ``other_kind``'s, or none at all."""
        if name in other_kind:
            self.note("function_name", f"The function is not allowed in {kind} expression; function: {name}")
        else:
            self.note("function_name", f"Invalid function name; function: {name}")

    def function(self, f: n.Function):
        arity = FUNCTIONS.get(f.name)
        if arity is None:
            self.unknown_function(f.name, UPDATE_FUNCTIONS, "a condition")
            return
        self.operands(f.args)
        if len(f.args) != arity:
            self.note("operands", "Incorrect number of operands for operator or function; "
                                  f"operator or function: {f.name}, number of operands: {len(f.args)}")
            return
        if arity == 2:
            self.distinct(f.name, f.args[0], f.args[1])
        name = f.name
        if name in ("attribute_exists", "attribute_not_exists"):
            if not isinstance(f.args[0], n.Path):
                self.note("types", f"Operator or function requires a document path; operator or function: {name}")
        elif name == "begins_with":
            for a in f.args:
                t = self.value_type(a)
                if t is not None and t not in ("S", "B"):
                    self.note("types", "Incorrect operand type for operator or function; "
                                       f"operator or function: {name}, operand type: {t}")
                    break
        elif name == "attribute_type":
            if not isinstance(f.args[0], n.Path):
                self.note("types", f"Operator or function requires a document path; operator or function: {name}")
            t = self.value_type(f.args[1])
            if t is not None and t != "S":
                self.note("types", "Incorrect operand type for operator or function; "
                                   f"operator or function: {name}, operand type: {t}")
            elif t == "S":
                wanted = self.ph.values[f.args[1].ref]["S"]
                if wanted not in ATTRIBUTE_TYPES:
                    self.note("types", f"Invalid attribute type name found; type: {wanted}, "
                                       "valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}")
        elif name == "size":
            t = self.value_type(f.args[0])
            if t in ("N", "BOOL", "NULL"):
                self.note("types", "Incorrect operand type for operator or function; "
                                   f"operator or function: {name}, operand type: {t}")

    # -- conditions --------------------------------------------------------------------------
    def condition(self, node):
        if isinstance(node, (n.And, n.Or)):
            self.condition(node.left)
            self.condition(node.right)
        elif isinstance(node, n.Not):
            self.condition(node.operand)
        elif isinstance(node, n.Compare):
            self.operands((node.left, node.right))
            self.distinct(node.op, node.left, node.right)
        elif isinstance(node, n.Between):
            self.operands((node.operand, node.low, node.high))
            self.between_bounds(node.low, node.high)
        elif isinstance(node, n.In):
            self.operands([node.operand, *node.choices])
        elif isinstance(node, n.Function):
            if node.name == "size":
                self.note("misused", "The function is not allowed to be used this way in an expression; "
                                     "function: size")
            self.function(node)

    def between_bounds(self, low, high):
        if not (isinstance(low, n.Value) and isinstance(high, n.Value)):
            return
        a, b = self.ph.values.get(low.ref), self.ph.values.get(high.ref)
        if not a or not b:
            return
        ta, tb = V.type_of(a), V.type_of(b)
        shown = f"lower bound operand: AttributeValue: {{{ta}:{a[ta]}}}, upper bound operand: AttributeValue: {{{tb}:{b[tb]}}}"
        if ta != tb:
            self.note("types", f"The BETWEEN operator requires same data type for lower and upper bounds; {shown}")
        elif V.compare(a, b) == 1:
            self.note("types", "The BETWEEN operator requires upper bound to be greater than or equal to "
                               f"lower bound; {shown}")


def check_condition(parsed, ph: Placeholders):
    c = _Checker(ph)
    if parsed.redundant_parens:
        c.note("parens", "The expression has redundant parentheses;")
    c.condition(parsed.tree)
    c.raise_first()


def check_projection(parsed, ph: Placeholders) -> list[list]:
    """Validates a projection and returns its paths with names resolved."""
    c = _Checker(ph)
    paths = [c.resolved_path(p) for p in parsed.tree]
    for category in ("reserved", "undefined"):
        if category in c.errors:
            raise ExpressionError(c.errors[category])
    check_overlaps(paths)
    return paths


def check_overlaps(paths) -> None:
    """DynamoDB's error for two paths of one expression where one contains or contradicts the other."""
    seen: list[list] = []
    for p in paths:
        for q in seen:
            overlap = _overlap(q, p)
            if overlap:
                raise ExpressionError(f"Two document paths {overlap} with each other; must remove or rewrite "
                                      f"one of these paths; path one: {path_text(q)}, path two: {path_text(p)}")
        seen.append(p)


def _overlap(a: list, b: list) -> str | None:
    for x, y in zip(a, b):
        if type(x) is not type(y):
            return "conflict"
        if x != y:
            return None
    return "overlap"


class _UpdateChecker(_Checker):
    def value(self, node):
        if isinstance(node, n.Arithmetic):
            for side in (node.left, node.right):
                self.value(side)
                t = self.value_type(side)
                if t is not None and t != "N":
                    self.note("types", "Incorrect operand type for operator or function; "
                                       f"operator or function: {node.op}, operand type: {t}")
        elif isinstance(node, n.Function):
            arity = UPDATE_FUNCTIONS.get(node.name)
            if arity is None:
                self.unknown_function(node.name, FUNCTIONS, "an update")
                return
            for a in node.args:
                self.value(a)
            if len(node.args) != arity:
                self.note("operands", "Incorrect number of operands for operator or function; "
                                      f"operator or function: {node.name}, number of operands: {len(node.args)}")
            elif node.name == "if_not_exists":
                if not isinstance(node.args[0], n.Path):
                    self.note("types", "Operator or function requires a document path; "
                                       "operator or function: if_not_exists")
            else:
                for a in node.args:
                    t = self.value_type(a)
                    if t is not None and t != "L":
                        self.note("types", "Incorrect operand type for operator or function; "
                                           f"operator or function: list_append, operand type: {t}")
                        break
        else:
            self.operand(node)

    def action(self, action: n.Action) -> list:
        path = self.resolved_path(action.path)
        if action.kind == "SET":
            self.value(action.value)
        elif action.kind in ("ADD", "DELETE"):
            self.operand(action.value)
            t = self.value_type(action.value)
            allowed = ("N", "SS", "NS", "BS") if action.kind == "ADD" else ("SS", "NS", "BS")
            if t is not None and t not in allowed:
                self.note("types", "Incorrect operand type for operator or function; "
                                   f"operator: {action.kind}, operand type: {TYPE_NAMES[t]}")
        return path


def check_update(parsed, ph: Placeholders) -> list:
    """Validates an update expression; returns its actions as (action, resolved path) pairs."""
    c = _UpdateChecker(ph)
    out = [(a, c.action(a)) for a in parsed.tree]
    c.raise_first()
    check_overlaps([p for _, p in out])
    return out
