"""Input validation read from the service model: required members, lengths, ranges, patterns and
enums, answered the way AWS services answer it: "1 validation error detected: Value 'x' at
'userName' failed to satisfy constraint: Member must have length less than or equal to 64".

botocore checks only required members and minimums on the client, never maxima, patterns or
enums, and other clients check nothing; so the service's own answer matters. Services differ in
the error code and in a few habits (STS neither reports missing members nor checks list minimums
and shows values as they are; KMS never echoes blobs and reports a list of scalars as a whole), so
each service holds one ``Validator`` configured with its habits. A checker is compiled once per
operation, on first use.
"""
from __future__ import annotations

import re
from functools import lru_cache

from iamulator.services.errors import AWSError

# Java's \p{Z}: every Unicode space separator.
_UNICODE_SPACES = "\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
_MAX_DEPTH = 8          # recursive shapes: deeper levels go unchecked


@lru_cache(maxsize=None)
def _compile_pattern(pattern: str, java: bool):
    """The pattern's fullmatch, or None when it cannot be checked here."""
    if not java:
        if "\\p" in pattern or "\\u" in pattern:
            return None
        flags = 0
    elif "\\p{" in pattern:
        # \p{L} and \p{N} (letters, digits) are both inside Python's Unicode \w.
        pattern = (pattern.replace("\\p{L}", "\\w").replace("\\p{N}", "")
                   .replace("\\p{Z}", _UNICODE_SPACES))
        flags = 0
    else:
        # Elsewhere \w and \d are Java's ASCII classes.
        flags = re.ASCII
    try:
        return re.compile(pattern, flags).fullmatch
    except re.error:
        return None


def label(member: str) -> str:
    """A member's name as AWS paths name it (``UserName`` -> ``userName``)."""
    return member[:1].lower() + member[1:]


def show(value) -> str:
    """A value the way the services' Java side prints it."""
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, bytes):
        return "java.nio.HeapByteBuffer"
    return str(value)


def _violates(failed, value) -> bool:
    try:
        return bool(failed(value))
    except TypeError:       # a value of the wrong type is the codec's business
        return False


class Validator:
    """One service's way of checking and reporting the model's constraints.

    ``required``: report missing required members; ``list_minimum``: check lists' minimum
    lengths; ``hide_sensitive``/``hide_blobs``: leave such values out of messages;
    ``whole_scalar_lists``: a list of scalars breaking its elements' constraints is reported
    once, on the list; ``java_patterns``: read patterns as Java does (``\\p{..}`` classes, ASCII
    ``\\w``), else as Python does, leaving patterns with ``\\p``/``\\u`` unchecked;
    ``show``: how values are printed.
    """

    def __init__(self, code: str, *, required: bool = True, list_minimum: bool = True,
                 hide_sensitive: bool = True, hide_blobs: bool = False, whole_scalar_lists: bool = False,
                 java_patterns: bool = True, show=show):
        self.code = code
        self.required = required
        self.list_minimum = list_minimum
        self.hide_sensitive = hide_sensitive
        self.hide_blobs = hide_blobs
        self.whole_scalar_lists = whole_scalar_lists
        self.java_patterns = java_patterns
        self.show = show
        self._operations: dict = {}

    # -- per request ----------------------------------------------------------------------
    def checker(self, service: str, operation: str):
        """The compiled checker (value, path, errors) of one operation's input, or None."""
        key = (service, operation)
        try:
            return self._operations[key]
        except KeyError:
            pass
        from iamulator.services.models import operation_model

        shape = operation_model(service, operation).input_shape
        check = self._checker(shape, 0) if shape is not None else None
        self._operations[key] = check
        return check

    def validate(self, service: str, operation: str, params: dict) -> None:
        """Raise the service's validation error when ``params`` break the model's constraints."""
        check = self.checker(service, operation)
        if check is None:
            return
        errors: list[str] = []
        check(params, "", errors)
        if errors:
            raise self.error(errors)

    def error(self, errors: list[str]) -> AWSError:
        count = len(errors)
        noun = "error" if count == 1 else "errors"
        return AWSError(self.code, f"{count} validation {noun} detected: " + "; ".join(errors), 400)

    def wrap(self, service: str, operation: str, fn):
        """``fn`` (a backend's handler) preceded by the check of its input, if there is any."""
        check = self.checker(service, operation)
        if check is None:
            return fn
        error = self.error

        def run(backend, ctx, params):
            errors: list[str] = []
            check(params, "", errors)
            if errors:
                raise error(errors)
            return fn(backend, ctx, params)
        run.__name__ = fn.__name__
        run.__doc__ = fn.__doc__
        return run

    # -- compiling --------------------------------------------------------------------------
    def _rules(self, shape) -> list:
        """(predicate telling a violation, message) pairs for the shape's own value."""
        meta = shape.metadata
        kind = shape.type_name
        low, high = meta.get("min"), meta.get("max")
        rules = []
        if kind in ("string", "blob", "list", "map"):
            if low and (kind != "list" or self.list_minimum):
                rules.append((lambda v, n=low: len(v) < n,
                              f"Member must have length greater than or equal to {low}"))
            if high is not None:
                rules.append((lambda v, n=high: len(v) > n, f"Member must have length less than or equal to {high}"))
        if kind == "string":
            match = _compile_pattern(meta["pattern"], self.java_patterns) if meta.get("pattern") else None
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

    def _checker(self, shape, depth: int):
        """A function (value, path, errors) appending one message per violated constraint, or None."""
        if depth > _MAX_DEPTH:
            return None
        kind = shape.type_name
        rules = self._rules(shape)
        hidden = ((self.hide_sensitive and bool(shape.metadata.get("sensitive")))
                  or (self.hide_blobs and kind == "blob"))
        if kind == "structure":
            inner, container = self._structure(shape, depth), dict
        elif kind == "list":
            inner, container = self._list(shape, depth), list
        elif kind == "map":
            inner, container = self._map(shape, depth), dict
        else:
            inner, container = None, None
        if not rules and inner is None:
            return None
        show_value = self.show

        def check(value, path, errors):
            for failed, message in rules:
                if _violates(failed, value):
                    shown = "" if hidden else f" '{show_value(value)}'"
                    errors.append(f"Value{shown} at '{path}' failed to satisfy constraint: {message}")
            if inner is not None and isinstance(value, container):
                inner(value, path, errors)
        return check

    def _structure(self, shape, depth: int):
        required = shape.required_members if self.required else ()
        members = [(name, label(name), self._checker(m, depth + 1), name in required)
                   for name, m in shape.members.items()]
        members = [m for m in members if m[2] is not None or m[3]]
        if not members:
            return None

        def walk(value, path, errors):
            for name, named, check, needed in members:
                sub = f"{path}.{named}" if path else named
                item = value.get(name)
                if item is None:
                    if needed:
                        errors.append(f"Value null at '{sub}' failed to satisfy constraint: Member must not be null")
                elif check is not None:
                    check(item, sub, errors)
        return walk

    def _list(self, shape, depth: int):
        element = shape.member
        if self.whole_scalar_lists and element.type_name != "structure":
            return self._whole_list(element)
        check = self._checker(element, depth + 1)
        if check is None:
            return None

        def walk(value, path, errors):
            for i, item in enumerate(value, 1):
                if item is not None:
                    check(item, f"{path}.{i}.member", errors)
        return walk

    def _whole_list(self, element):
        rules = self._rules(element)
        if not rules:
            return None
        nested = ", ".join(message for _, message in rules)
        show_value = self.show

        def walk(value, path, errors):
            for item in value:
                if any(_violates(failed, item) for failed, _ in rules):
                    errors.append(f"Value '{show_value(value)}' at '{path}' failed to satisfy constraint: "
                                  f"Member must satisfy constraint: [{nested}]")
                    return
        return walk

    def _map(self, shape, depth: int):
        key_check = self._checker(shape.key, depth + 1)
        value_check = self._checker(shape.value, depth + 1)
        if key_check is None and value_check is None:
            return None

        def walk(value, path, errors):
            for k, v in value.items():
                if key_check is not None:
                    key_check(k, f"{path}.entry.key", errors)
                if value_check is not None and v is not None:
                    value_check(v, f"{path}.entry.value", errors)
        return walk


# The JSON services' habit (SSM, Secrets Manager, Lambda): ValidationException, values shown
# unless sensitive.
JSON_VALIDATOR = Validator("ValidationException")


class ModelValidated:
    """Mixin for a ``Service``: every operation first checks its input against the model with the
    class's ``validator``; a backend wanting more around each operation overrides ``checked``."""

    validator = JSON_VALIDATOR

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
            fn = cls.checked(operation, fn)
        table[operation] = fn
        return fn

    @classmethod
    def checked(cls, operation: str, fn):
        """``fn`` as requests run it: preceded by the check of its input."""
        return cls.validator.wrap(cls.name, operation, fn)
