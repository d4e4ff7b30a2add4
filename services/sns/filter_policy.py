"""Subscription filter policies: parsed, validated and compiled once, when they are set.

SNS matches with the same engine EventBridge uses, so the grammar and most of its refusals
are that engine's; SNS adds a limit of five keys and 150 value combinations, and refuses nested
keys when the policy applies to message attributes. Every refusal is ``InvalidParameter`` with
``Invalid parameter: FilterPolicy: ...`` (``Invalid parameter: Attributes Reason: FilterPolicy:
...`` when it comes with Subscribe).

A compiled policy is a tree of ``Node`` (all of its parts must match): leaves (a key and the
values it accepts), children (nested keys, message body only) and ``$or`` groups (any
alternative must match). ``filter_match`` evaluates it.
"""
from __future__ import annotations

import ipaddress
import json

from iamulator.services.sns.errors import invalid_parameter

MESSAGE_ATTRIBUTES = "MessageAttributes"
MESSAGE_BODY = "MessageBody"
SCOPES = (MESSAGE_ATTRIBUTES, MESSAGE_BODY)

MAX_KEYS = 5
MAX_COMBINATIONS = 150
MAX_NUMBER = 1e9
OR = "$or"
_RESERVED = frozenset({"prefix", "suffix", "anything-but", "numeric", "exists", "cidr",
                       "equals-ignore-case", "exact", "wildcard"})
_BRANCH_LIMIT = 2048


class Leaf:
    """What one key accepts: exact values (a set of ``(kind, value)``), tests for the other
    match types, and whether presence alone (``exists: true``) or absence (``exists: false``)
    is enough."""

    __slots__ = ("exact", "tests", "present", "absent", "count")

    def __init__(self):
        self.exact: set = set()
        self.tests: list = []
        self.present = False
        self.absent = False
        self.count = 0


class Node:
    __slots__ = ("leaves", "children", "ors")

    def __init__(self, leaves, children, ors):
        self.leaves = leaves        # ((key, Leaf), ...)
        self.children = children    # ((key, Node), ...)
        self.ors = ors              # ((Node, ...), ...)


class FilterPolicy:
    __slots__ = ("text", "scope", "root")

    def __init__(self, text: str, scope: str, root: Node | None):
        self.text = text
        self.scope = scope
        self.root = root            # None: an empty policy, which matches everything


class _Refusal(Exception):
    pass


def compile_filter(text: str, scope: str, prefix: str = "Invalid parameter: ") -> FilterPolicy:
    """The compiled policy, or SNS's refusal worded with ``prefix``."""
    try:
        document = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise invalid_parameter(f"{prefix}FilterPolicy: failed to parse JSON.") from None
    try:
        if not isinstance(document, dict):
            raise _Refusal("Filter is not an object")
        if not document:
            return FilterPolicy(text, scope, None)
        root = _Compiler(scope).node(document, 1, False)
        branches = _branches(root, 1)
        if any(len({path for path, _, _ in branch}) > MAX_KEYS for branch in branches):
            raise _Refusal("Filter policy can not have more than 5 keys")
        combinations = 0
        for branch in branches:
            product = 1
            for _, count, depth in branch:
                product *= count * depth
            combinations += product
        if combinations > MAX_COMBINATIONS:
            raise _Refusal("Filter policy is too complex")
    except _Refusal as refusal:
        message = str(refusal)
        if message.startswith("Filter policy scope"):
            raise invalid_parameter(f"{prefix}{message}") from None
        raise invalid_parameter(f"{prefix}FilterPolicy: {message}") from None
    return FilterPolicy(text, scope, root)


def _no_constant(name):
    raise ValueError(name)


def _branches(node: Node, depth: int) -> list[list]:
    """The policy with every ``$or`` expanded: for each alternative, its leaves as
    ``(path, number of values, depth)``. Too many alternatives is itself too complex."""
    out = [[((key,), leaf.count, depth) for key, leaf in node.leaves]]
    for key, child in node.children:
        nested = [[((key, *path), count, d) for path, count, d in b] for b in _branches(child, depth + 1)]
        out = [b + n for b in out for n in nested]
        _check_size(out)
    for alternatives in node.ors:
        expanded = [b for alt in alternatives for b in _branches(alt, depth)]
        out = [b + e for b in out for e in expanded]
        _check_size(out)
    return out


def _check_size(branches: list) -> None:
    if len(branches) > _BRANCH_LIMIT:
        raise _Refusal("Filter policy is too complex")


def _text(value) -> str:
    """A JSON value as the parser names it in its messages."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "["
    if isinstance(value, dict):
        return "{"
    return str(value)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class _Compiler:
    def __init__(self, scope: str):
        self.scope = scope

    def node(self, obj: dict, depth: int, inside_or: bool) -> Node:
        if not obj:
            raise _Refusal("Empty objects are not allowed")
        leaves, children, ors = [], [], []
        for key, value in obj.items():
            if key == OR and _is_or(value):
                ors.append(tuple(self.node(alt, depth, True) for alt in value))
                continue
            if inside_or and key in _RESERVED:
                raise _Refusal(f"{key} is Ruler reserved fieldName which cannot be used inside {OR}.")
            if isinstance(value, dict):
                if self.scope == MESSAGE_ATTRIBUTES:
                    raise _Refusal("Filter policy scope MessageAttributes does not support nested filter policy")
                children.append((key, self.node(value, depth + 1, inside_or)))
            elif isinstance(value, list):
                leaves.append((key, self.leaf(value)))
            else:
                raise _Refusal(f'"{key}" must be an object or an array')
        return Node(tuple(leaves), tuple(children), tuple(ors))

    def leaf(self, values: list) -> Leaf:
        leaf = Leaf()
        for value in values:
            if isinstance(value, str):
                leaf.exact.add(("s", value))
            elif isinstance(value, bool):
                leaf.exact.add(("b", value))
            elif value is None:
                leaf.exact.add(("z", None))
            elif _is_number(value):
                leaf.exact.add(("n", float(value)))
            elif isinstance(value, dict):
                self.expression(value, leaf)
            else:
                raise _Refusal("Match value must be String, number, true, false, or null")
            leaf.count += 1
        if not leaf.count:
            raise _Refusal("Empty arrays are not allowed")
        leaf.exact = frozenset(leaf.exact)
        leaf.tests = tuple(leaf.tests)
        return leaf

    # -- match expressions -------------------------------------------------------------
    def expression(self, expr: dict, leaf: Leaf) -> None:
        if not expr:
            raise _Refusal("Match expression name not found")
        op, operand = next(iter(expr.items()))
        many = len(expr) > 1
        if op in ("prefix", "suffix"):
            leaf.tests.append(_affix(op, operand))
        elif op == "equals-ignore-case":
            if not isinstance(operand, str):
                raise _Refusal("equals-ignore-case match pattern must be a string")
            folded = operand.lower()
            leaf.tests.append(lambda kv: kv[0] == "s" and kv[1].lower() == folded)
        elif op == "numeric":
            if not isinstance(operand, list):
                raise _Refusal("Value of numeric must be an array.")
            if many:
                raise _Refusal("Too many elements in numeric expression")
            leaf.tests.append(_numeric(operand))
        elif op == "anything-but":
            if many:
                raise _Refusal("Too many elements in numeric expression")
            leaf.tests.append(_anything_but(operand))
        elif op == "exists":
            if not isinstance(operand, bool):
                raise _Refusal("exists match pattern must be either true or false.")
            if operand:
                leaf.present = True
            else:
                leaf.absent = True
        elif op == "cidr":
            if not isinstance(operand, str):
                raise _Refusal("prefix match pattern must be a string")
            leaf.tests.append(_cidr(operand))
        else:
            raise _Refusal(f"Unrecognized match type {op}")
        if many:
            raise _Refusal("Only one key allowed in match expression")


def _is_or(value) -> bool:
    """SNS reads ``$or`` as OR only with at least two objects none of which names a match type;
    otherwise ``$or`` is an ordinary key."""
    return (isinstance(value, list) and len(value) >= 2
            and all(isinstance(v, dict) and not (_RESERVED & v.keys()) for v in value))


def _affix(op: str, operand):
    if isinstance(operand, dict):
        label = op.capitalize()
        if not operand:
            raise _Refusal(f"{label} expression name not found")
        inner, text = next(iter(operand.items()))
        if inner != "equals-ignore-case":
            raise _Refusal(f"Unsupported {op} pattern: {inner}")
        if not isinstance(text, str):
            raise _Refusal("equals-ignore-case match pattern must be a string")
        if len(operand) > 1:
            raise _Refusal("Only one key allowed in match expression")
        folded = text.lower()
        if op == "prefix":
            return lambda kv: kv[0] == "s" and kv[1].lower().startswith(folded)
        return lambda kv: kv[0] == "s" and kv[1].lower().endswith(folded)
    if not isinstance(operand, str):
        raise _Refusal(f"{op} match pattern must be a string")
    if op == "prefix":
        return lambda kv: kv[0] == "s" and kv[1].startswith(operand)
    return lambda kv: kv[0] == "s" and kv[1].endswith(operand)


def _number(value, label: str) -> float:
    if not _is_number(value):
        raise _Refusal(f"Value of {label} must be numeric")
    number = float(value)
    if not -MAX_NUMBER <= number <= MAX_NUMBER:
        raise _Refusal("Value must be between -1.0E9 and 1.0E9, inclusive")
    return number


def _numeric(terms: list):
    if not terms or not isinstance(terms[0], str):
        raise _Refusal(f"Invalid member in numeric match: {_text(terms[0]) if terms else ']'}")
    op = terms[0]
    if op not in ("=", "<", "<=", ">", ">="):
        raise _Refusal(f"Unrecognized numeric range operator: {op}")
    if len(terms) < 2:
        raise _Refusal(f"Value of {'equals' if op == '=' else op} must be numeric")
    first = _number(terms[1], "equals" if op == "=" else op)
    if op == "=":
        if len(terms) > 2:
            raise _Refusal("Too many elements in numeric expression")
        return lambda kv: kv[0] == "n" and kv[1] == first
    if op in ("<", "<="):
        if len(terms) > 2:
            raise _Refusal("Too many elements in numeric expression")
        if op == "<":
            return lambda kv: kv[0] == "n" and kv[1] < first
        return lambda kv: kv[0] == "n" and kv[1] <= first
    open_bottom = op == ">"
    if len(terms) == 2:
        if open_bottom:
            return lambda kv: kv[0] == "n" and kv[1] > first
        return lambda kv: kv[0] == "n" and kv[1] >= first
    top_op = terms[2]
    if not isinstance(top_op, str):
        raise _Refusal(f"Bad value in numeric range: {_text(top_op)}")
    if top_op not in ("<", "<="):
        raise _Refusal(f"Bad numeric range operator: {top_op}")
    if len(terms) < 4:
        raise _Refusal(f"Value of {top_op} must be numeric")
    top = _number(terms[3], top_op)
    if len(terms) > 4:
        raise _Refusal("Too many terms in numeric range expression")
    if top <= first:
        raise _Refusal("Bottom must be less than top")
    open_top = top_op == "<"

    def in_range(kv):
        if kv[0] != "n":
            return False
        x = kv[1]
        return (x > first if open_bottom else x >= first) and (x < top if open_top else x <= top)
    return in_range


def _anything_but(operand):
    if isinstance(operand, dict):
        if not operand:
            raise _Refusal("Anything-But expression name not found")
        inner, values = next(iter(operand.items()))
        if inner not in ("prefix", "suffix", "equals-ignore-case"):
            raise _Refusal(f"Unsupported anything-but pattern: {inner}")
        if len(operand) > 1:
            raise _Refusal("Too many elements in numeric expression")
        return _anything_but_set(inner, values)
    if isinstance(operand, list):
        strings = [v for v in operand if isinstance(v, str)]
        for v in operand:
            if not isinstance(v, str) and not _is_number(v):
                raise _Refusal("Inside anything but list, start|null|boolean is not supported.")
        numbers = [float(v) for v in operand if _is_number(v)]
        if bool(strings) == bool(numbers):
            raise _Refusal("Inside anything but list, either all values are number or string, mixed type is "
                           "not supported")
    elif isinstance(operand, str):
        strings, numbers = [operand], []
    elif _is_number(operand):
        strings, numbers = [], [float(operand)]
    else:
        raise _Refusal("Value of anything-but must be an array or single string/number value.")
    excluded = frozenset(("s", s) for s in strings) | frozenset(("n", n) for n in numbers)
    return lambda kv: kv not in excluded


def _anything_but_set(inner: str, values):
    if isinstance(values, list):
        items = values
    elif isinstance(values, str):
        items = [values]
    elif _is_number(values) or values is None or isinstance(values, bool):
        items = [values]
    else:
        raise _Refusal("Value of anything-but must be an array or single string/number value.")
    for v in items:
        if not isinstance(v, str):
            if inner == "equals-ignore-case":
                raise _Refusal("Inside anything-but/equals-ignore-case list, number|start|null|boolean is not "
                               "supported.")
            raise _Refusal("prefix/suffix match pattern must be a string")
        if inner != "equals-ignore-case" and v == "":
            raise _Refusal("Null prefix/suffix not allowed")
    # Only strings can be ruled out by these; any other present value matches.
    if inner == "prefix":
        prefixes = tuple(items)
        return lambda kv: kv[0] != "s" or not kv[1].startswith(prefixes)
    if inner == "suffix":
        suffixes = tuple(items)
        return lambda kv: kv[0] != "s" or not kv[1].endswith(suffixes)
    folded = frozenset(v.lower() for v in items)
    return lambda kv: kv[0] != "s" or kv[1].lower() not in folded


def _cidr(text: str):
    address, sep, bits = text.partition("/")
    if not sep or "/" in bits:
        raise _Refusal("Malformed CIDR, one '/' required")
    if not bits.isdigit():
        raise _Refusal("Malformed CIDR, mask bits must be an integer")
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise _Refusal(f"Nonstandard IP address: {address}") from None

    def inside(kv):
        if kv[0] != "s":
            return False
        try:
            return ipaddress.ip_address(kv[1]) in network
        except ValueError:
            return False
    return inside
