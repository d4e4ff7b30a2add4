"""IAM's input validation, read from the model: required members, length, range, pattern and
enum constraints, reported as IAM reports them (``ValidationError``, "1 validation error
detected: Value 'x' at 'userName' failed to satisfy constraint: ...").

Clients validate only some of this (botocore checks required members and minimums, never
patterns or maximums), so a request from any client gets the service's own answer. Checkers
are compiled once per input shape.
"""
from __future__ import annotations

import re
from functools import lru_cache

from iamulator.services.errors import AWSError

# Java's \p{Z}: every Unicode space separator.
_UNICODE_SPACES = "\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"


def _compile_pattern(pattern: str):
    if "\\p{" in pattern:
        # \p{L} and \p{N} are Unicode letters and digits: Python's Unicode \w (plus the
        # underscore, which every such IAM class admits anyway).
        translated = (pattern.replace("\\p{L}", "\\w").replace("\\p{N}", "")
                      .replace("\\p{Z}", _UNICODE_SPACES))
        return re.compile(translated).fullmatch
    # Elsewhere \w and \d are Java's ASCII classes.
    return re.compile(pattern, re.ASCII).fullmatch


def _label(member: str) -> str:
    return member[:1].lower() + member[1:]


def _show(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _checker(shape):
    """A function (value, path, errors) appending a message for each violated constraint."""
    meta = shape.metadata
    kind = shape.type_name
    sensitive = bool(meta.get("sensitive"))
    low, high = meta.get("min"), meta.get("max")
    rules = []
    if kind == "string":
        if low:
            rules.append((lambda v, n=low: len(v) < n, f"Member must have length greater than or equal to {low}"))
        if high is not None:
            rules.append((lambda v, n=high: len(v) > n, f"Member must have length less than or equal to {high}"))
        if meta.get("pattern"):
            match = _compile_pattern(meta["pattern"])
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
    elif kind in ("list", "map"):
        if low:
            rules.append((lambda v, n=low: len(v) < n, f"Member must have length greater than or equal to {low}"))
        if high is not None:
            rules.append((lambda v, n=high: len(v) > n, f"Member must have length less than or equal to {high}"))

    inner = _structure_walker(shape) if kind == "structure" else _list_walker(shape) if kind == "list" else None
    if not rules and inner is None:
        return None

    def check(value, path, errors):
        for failed, message in rules:
            try:
                bad = failed(value)
            except TypeError:     # a value of the wrong type is the codec's business
                continue
            if bad:
                shown = "" if sensitive else f" '{_show(value)}'"
                errors.append(f"Value{shown} at '{path}' failed to satisfy constraint: {message}")
        if inner is not None and isinstance(value, (dict, list)):
            inner(value, path, errors)
    return check


def _structure_walker(shape):
    members = [(name, _checker(m), name in shape.required_members) for name, m in shape.members.items()]

    def walk(value, path, errors):
        for name, check, required in members:
            sub = f"{path}.{_label(name)}" if path else _label(name)
            if name not in value or value[name] is None:
                if required:
                    errors.append(f"Value null at '{sub}' failed to satisfy constraint: Member must not be null")
                continue
            if check is not None:
                check(value[name], sub, errors)
    return walk


def _list_walker(shape):
    element = _checker(shape.member)
    if element is None:
        return None

    def walk(value, path, errors):
        for i, item in enumerate(value, 1):
            element(item, f"{path}.{i}.member", errors)
    return walk


@lru_cache(maxsize=None)
def _for_operation(service: str, operation: str):
    from iamulator.services.models import operation_model

    shape = operation_model(service, operation).input_shape
    return _checker(shape) if shape is not None else None


def validate(service: str, operation: str, params: dict) -> None:
    """Raise IAM's ValidationError when ``params`` break the model's constraints."""
    check = _for_operation(service, operation)
    if check is None:
        return
    errors: list[str] = []
    check(params, "", errors)
    if errors:
        raise validation_error(errors)


def validation_error(errors: list[str]) -> AWSError:
    count = len(errors)
    noun = "error" if count == 1 else "errors"
    return AWSError("ValidationError", f"{count} validation {noun} detected: " + "; ".join(errors), 400)
