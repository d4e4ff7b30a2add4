"""The JSONPath subset InputPath and InputTransformer use: ``$``, ``$.a.b``, ``$.list[0]``, and
``$['odd key']``; names may hold hyphens (``$.detail-type``)."""
from __future__ import annotations

import re

from iamulator.services.events.errors import validation

_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]|\['([^']*)'\]|\[\"([^\"]*)\"\]")
MISSING = object()


def parse(path: str, param: str = "InputPath") -> list:
    if not isinstance(path, str) or not path.startswith("$"):
        raise validation(f"{param} {path} is not a valid JSON path.")
    steps, i = [], 1
    while i < len(path):
        m = _STEP.match(path, i)
        if m is None:
            raise validation(f"{param} {path} is not a valid JSON path.")
        name = next((g for g in (m.group(1), m.group(3), m.group(4)) if g is not None), None)
        steps.append(int(m.group(2)) if name is None else name)
        i = m.end()
    return steps


def read(doc, steps: list):
    current = doc
    for step in steps:
        if isinstance(step, int):
            if not isinstance(current, list) or step >= len(current):
                return MISSING
            current = current[step]
        elif isinstance(current, dict) and step in current:
            current = current[step]
        else:
            return MISSING
    return current
