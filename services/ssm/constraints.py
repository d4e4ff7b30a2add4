"""Input validation read from the service model, answered the way SSM and Secrets Manager answer
it: ``ValidationException`` "1 validation error detected: Value 'x' at 'name' failed to satisfy
constraint: Member must have length less than or equal to 2048".

botocore checks required members and minimums on the client, never maxima, patterns or enums,
and other clients check nothing; so the service's own answer matters. One checker is compiled per
operation on first use; a backend opts in by inheriting ``ModelValidated`` before ``Service``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from iamulator.services.errors import AWSError

# Java's \p{Z}: every Unicode space separator.
_UNICODE_SPACES = "\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"


def _compile_pattern(pattern: str):
    if "\\p{" in pattern:
        # \p{L} and \p{N} (letters, digits) are both inside Python's Unicode \w.
        pattern = (pattern.replace("\\p{L}", "\\w").replace("\\p{N}", "")
                   .replace("\\p{Z}", _UNICODE_SPACES))
        flags = 0
    else:
        flags = re.ASCII
    try:
        return re.compile(pattern, flags).fullmatch
    except re.error:
        return None


def _label(member: str) -> str:
    return member[:1].lower() + member[1:]


def _show(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, bytes):
        return "java.nio.HeapByteBuffer"
    return str(value)


def _rules(shape) -> list:
    meta = shape.metadata
    kind = shape.type_name
    low, high = meta.get("min"), meta.get("max")
    rules = []
    if kind in ("string", "blob", "list", "map"):
        if low:
            rules.append((lambda v, n=low: len(v) < n, f"Member must have length greater than or equal to {low}"))
        if high is not None:
            rules.append((lambda v, n=high: len(v) > n, f"Member must have length less than or equal to {high}"))
    if kind == "string":
        match = _compile_pattern(meta["pattern"]) if meta.get("pattern") else None
        if match is not None:
            rules.append((lambda v, m=match: m(v) is None,
                          f"Member must satisfy regular expression pattern: {meta['pattern']}"))
        if shape.enum:
            allowed = frozenset(shape.enum)
            rules.append((lambda v, a=allowed: v not in a,
                          f"Member must satisfy enum value set: [{', '.join(shape.enum)}]"))
    elif kind in ("integer", "long"):
        if low is not None:
            rules.append((lambda v, n=low: v < n, f"Member must have value greater than or equal to {low}"))
        if high is not None:
            rules.append((lambda v, n=high: v > n, f"Member must have value less than or equal to {high}"))
    return rules


def _structure_walker(shape, depth: int):
    members = [(name, _checker(m, depth + 1), name in shape.required_members) for name, m in shape.members.items()]
    members = [m for m in members if m[1] is not None or m[2]]
    if not members:
        return None

    def walk(value, path, errors):
        for name, check, required in members:
            sub = f"{path}.{_label(name)}" if path else _label(name)
            item = value.get(name)
            if item is None:
                if required:
                    errors.append(f"Value null at '{sub}' failed to satisfy constraint: Member must not be null")
            elif check is not None:
                check(item, sub, errors)
    return walk


def _list_walker(shape, depth: int):
    element = _checker(shape.member, depth + 1)
    if element is None:
        return None

    def walk(value, path, errors):
        for i, item in enumerate(value, 1):
            if item is not None:
                element(item, f"{path}.{i}.member", errors)
    return walk


def _map_walker(shape, depth: int):
    key_check = _checker(shape.key, depth + 1)
    value_check = _checker(shape.value, depth + 1)
    if key_check is None and value_check is None:
        return None

    def walk(value, path, errors):
        for k, v in value.items():
            if key_check is not None:
                key_check(k, f"{path}.entry.key", errors)
            if value_check is not None and v is not None:
                value_check(v, f"{path}.entry.value", errors)
    return walk


_WALKERS = {"structure": _structure_walker, "list": _list_walker, "map": _map_walker}


def _checker(shape, depth: int = 0):
    """A function (value, path, errors) appending one message per violated constraint, or None."""
    if depth > 8:           # recursive shapes: deeper levels go unchecked
        return None
    rules = _rules(shape)
    sensitive = bool(shape.metadata.get("sensitive"))
    kind = shape.type_name
    walker = _WALKERS.get(kind)
    inner = walker(shape, depth) if walker is not None else None

    if not rules and inner is None:
        return None
    container = (dict,) if kind in ("structure", "map") else (list,)

    def check(value, path, errors):
        for failed, message in rules:
            try:
                bad = failed(value)
            except TypeError:       # a value of the wrong type is the codec's business
                continue
            if bad:
                shown = "" if sensitive else f" '{_show(value)}'"
                errors.append(f"Value{shown} at '{path}' failed to satisfy constraint: {message}")
        if inner is not None and isinstance(value, container):
            inner(value, path, errors)
    return check


@lru_cache(maxsize=None)
def for_operation(service: str, operation: str):
    """The compiled checker of one operation's input (None when nothing can be wrong)."""
    from iamulator.services.models import operation_model

    shape = operation_model(service, operation).input_shape
    return _checker(shape) if shape is not None else None


def validation_error(errors: list[str]) -> AWSError:
    count = len(errors)
    noun = "error" if count == 1 else "errors"
    return AWSError("ValidationException", f"{count} validation {noun} detected: " + "; ".join(errors))


def validate(service: str, operation: str, params: dict) -> None:
    check = for_operation(service, operation)
    if check is None:
        return
    errors: list[str] = []
    check(params, "", errors)
    if errors:
        raise validation_error(errors)


class ModelValidated:
    """Mixin for a ``Service``: every operation first checks its input against the model."""

    @classmethod
    def handler(cls, operation: str):
        table = cls.__dict__.get("_validated_handlers")
        if table is None:
            table = {}
            cls._validated_handlers = table
        if operation in table:
            return table[operation]
        fn = super().handler(operation)
        if fn is not None:
            check = for_operation(cls.name, operation)
            if check is not None:
                fn = _validating(fn, check)
        table[operation] = fn
        return fn


def _validating(fn, check):
    def run(backend, ctx, params):
        errors: list[str] = []
        check(params, "", errors)
        if errors:
            raise validation_error(errors)
        return fn(backend, ctx, params)
    run.__name__ = fn.__name__
    run.__doc__ = fn.__doc__
    return run
