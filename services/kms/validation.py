"""KMS's input validation read from the model: required members, lengths, ranges, patterns and
enums, reported the way KMS reports them (``ValidationException``, "1 validation error detected:
Value 'x' at 'keySpec' failed to satisfy constraint: ...").

botocore checks only required members and minimums on the client side, so a request from any
other client (or botocore with validation off) gets the service's own answer here. One checker
is compiled per operation on first use.
"""
from __future__ import annotations

import re

from iamulator.services.kms import errors

_checkers: dict = {}


def check(operation: str, params: dict) -> None:
    """Raise the ValidationException KMS gives for ``params`` of ``operation``, if any."""
    checker = _checkers.get(operation)
    if checker is None:
        checker = _checkers[operation] = _for_operation(operation)
    if checker is _NOTHING:
        return
    problems: list[str] = []
    checker(params, "", problems)
    if problems:
        count = len(problems)
        noun = "error" if count == 1 else "errors"
        raise errors.validation(f"{count} validation {noun} detected: " + "; ".join(problems))


def _NOTHING(value, path, problems):   # an operation without constraints
    return None


def _for_operation(operation: str):
    from iamulator.services.models import operation_model

    shape = operation_model("kms", operation).input_shape
    checker = _compile(shape) if shape is not None else None
    return checker or _NOTHING


def _label(member: str) -> str:
    return member[:1].lower() + member[1:]


def _show(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _rules(shape) -> list:
    """(predicate telling a violation, message) pairs for one scalar shape."""
    meta = shape.metadata
    kind = shape.type_name
    low, high = meta.get("min"), meta.get("max")
    rules = []
    if kind in ("string", "blob"):
        if low:
            rules.append((lambda v, n=low: len(v) < n, f"Member must have length greater than or equal to {low}"))
        if high is not None:
            rules.append((lambda v, n=high: len(v) > n, f"Member must have length less than or equal to {high}"))
        if kind == "string" and meta.get("pattern"):
            match = re.compile(meta["pattern"], re.ASCII).fullmatch
            rules.append((lambda v, m=match: m(v) is None,
                          f"Member must satisfy regular expression pattern: {meta['pattern']}"))
        if kind == "string" and shape.enum:
            allowed = frozenset(shape.enum)
            rules.append((lambda v, a=allowed: v not in a,
                          f"Member must satisfy enum value set: [{', '.join(shape.enum)}]"))
    elif kind in ("integer", "long"):
        if low is not None:
            rules.append((lambda v, n=low: v < n, f"Member must have value greater than or equal to {low}"))
        if high is not None:
            rules.append((lambda v, n=high: v > n, f"Member must have value less than or equal to {high}"))
    elif kind in ("list", "map"):
        if low:
            rules.append((lambda v, n=low: len(v) < n, f"Member must have length greater than or equal to {low}"))
        if high is not None:
            rules.append((lambda v, n=high: len(v) > n, f"Member must have length less than or equal to {high}"))
    return rules


def _compile(shape):
    """A function (value, path, problems) appending a message per violated constraint, or None."""
    kind = shape.type_name
    # Blobs and sensitive strings are never echoed back.
    hidden = kind == "blob" or bool(shape.metadata.get("sensitive"))
    rules = _rules(shape)
    if kind == "structure":
        inner = _structure(shape)
    elif kind == "list":
        inner = _list(shape)
    else:
        inner = None
    if not rules and inner is None:
        return None

    def check_value(value, path, problems):
        for failed, message in rules:
            if _violates(failed, value):
                shown = "" if hidden else f" '{_show(value)}'"
                problems.append(f"Value{shown} at '{path}' failed to satisfy constraint: {message}")
        if inner is not None and isinstance(value, (dict, list)):
            inner(value, path, problems)
    return check_value


def _violates(failed, value) -> bool:
    try:
        return bool(failed(value))
    except TypeError:       # a value of the wrong type is the codec's business
        return False


def _structure(shape):
    members = [(name, _compile(m), name in shape.required_members) for name, m in shape.members.items()]
    members = [m for m in members if m[1] is not None or m[2]]
    if not members:
        return None

    def inner(value, path, problems):
        for name, check_member, required in members:
            where = f"{path}.{_label(name)}" if path else _label(name)
            item = value.get(name)
            if item is None:
                if required:
                    problems.append(f"Value null at '{where}' failed to satisfy constraint: Member must not be null")
                continue
            if check_member is not None:
                check_member(item, where, problems)
    return inner


def _list(shape):
    element = shape.member
    if element.type_name == "structure":
        element_check = _compile(element)
        if element_check is None:
            return None

        def inner(value, path, problems):
            for i, item in enumerate(value, 1):
                if isinstance(item, dict):
                    element_check(item, f"{path}.{i}.member", problems)
        return inner
    element_rules = _rules(element)
    if not element_rules:
        return None
    # A list of scalars reports its elements' constraints on the list as a whole.
    nested = ", ".join(message for _, message in element_rules)

    def inner(value, path, problems):
        for item in value:
            if any(_violates(failed, item) for failed, _ in element_rules):
                problems.append(f"Value '{_show(value)}' at '{path}' failed to satisfy constraint: "
                                f"Member must satisfy constraint: [{nested}]")
                return
    return inner
