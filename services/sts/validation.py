"""STS's input constraints, read from botocore's model, in AWS's ``ValidationError`` wording:
``1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint:
Member must satisfy regular expression pattern: [\\w+=,.@-]*``.

botocore already refuses values below a minimum; maximum lengths, maximum values and
patterns are the server's to check, as here.
"""
from __future__ import annotations

import re
from functools import lru_cache

from iamulator.services.errors import AWSError


@lru_cache(maxsize=None)
def _pattern(text: str):
    if "\\p" in text or "\\u" in text:   # Unicode classes and ranges Python's re reads otherwise
        return None
    try:
        return re.compile(text)
    except re.error:
        return None


def _member_name(name: str) -> str:
    return name[:1].lower() + name[1:]


def _problems(shape, value, path: str, out: list) -> None:
    meta = shape.metadata
    kind = shape.type_name
    if kind == "string" and isinstance(value, str):
        if "max" in meta and len(value) > meta["max"]:
            out.append(f"Value '{value}' at '{path}' failed to satisfy constraint: "
                       f"Member must have length less than or equal to {meta['max']}")
        if "min" in meta and len(value) < meta["min"]:
            out.append(f"Value '{value}' at '{path}' failed to satisfy constraint: "
                       f"Member must have length greater than or equal to {meta['min']}")
        pattern = _pattern(meta["pattern"]) if "pattern" in meta else None
        if pattern is not None and not pattern.fullmatch(value):
            out.append(f"Value '{value}' at '{path}' failed to satisfy constraint: "
                       f"Member must satisfy regular expression pattern: {meta['pattern']}")
    elif kind == "integer" and isinstance(value, int):
        if "max" in meta and value > meta["max"]:
            out.append(f"Value '{value}' at '{path}' failed to satisfy constraint: "
                       f"Member must have value less than or equal to {meta['max']}")
        if "min" in meta and value < meta["min"]:
            out.append(f"Value '{value}' at '{path}' failed to satisfy constraint: "
                       f"Member must have value greater than or equal to {meta['min']}")
    elif kind == "list" and isinstance(value, list):
        if "max" in meta and len(value) > meta["max"]:
            out.append(f"Value '{value}' at '{path}' failed to satisfy constraint: "
                       f"Member must have length less than or equal to {meta['max']}")
        for i, item in enumerate(value, 1):
            _problems(shape.member, item, f"{path}.{i}.member", out)
    elif kind == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                _problems(member, value[name], f"{path}.{_member_name(name)}", out)


def validate(operation_model, params: dict) -> None:
    shape = operation_model.input_shape
    if shape is None:
        return
    out: list = []
    for name, member in shape.members.items():
        if name in params:
            _problems(member, params[name], _member_name(name), out)
    if out:
        raise validation_error(out)


def validation_error(problems: list) -> AWSError:
    n = len(problems)
    head = f"{n} validation error{'s' if n > 1 else ''} detected: "
    return AWSError("ValidationError", head + "; ".join(problems), 400)
