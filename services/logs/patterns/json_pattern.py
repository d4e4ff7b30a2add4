"""``{ ... }`` patterns: conditions on the fields of JSON messages, named by ``$.a.b[0]`` selectors.

A message that is not a JSON object or array never matches. A selector that meets an array where
it expects a key looks into every element, so ``$.items.id = 7`` holds when any item's id is 7.
"""
from __future__ import annotations

import functools
import json
import re

from iamulator.services.logs.patterns.conditions import MISSING, Parser, bad, tokenize

_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]|\.?\[\*\]|\.\*")


def parse_selector(text: str) -> list:
    """``$.a.b[0]`` -> ['a', 'b', 0] (``'*'`` for any element or member)."""
    if not text.startswith("$"):
        raise bad(f"{text} is not a JSON selector starting with $")
    steps, i = [], 1
    while i < len(text):
        m = _STEP.match(text, i)
        if m is None:
            raise bad(f"invalid JSON selector {text}")
        if m.group(1) is not None:
            steps.append(m.group(1))
        elif m.group(2) is not None:
            steps.append(int(m.group(2)))
        else:
            steps.append("*")
        i = m.end()
    if not steps:
        raise bad("a JSON selector must name a field")
    return steps


def resolve(doc, steps: list) -> list:
    current = [doc]
    for step in steps:
        found = []
        for node in current:
            if step == "*":
                if isinstance(node, dict):
                    found.extend(node.values())
                elif isinstance(node, list):
                    found.extend(node)
            elif isinstance(step, int):
                if isinstance(node, list) and step < len(node):
                    found.append(node[step])
            elif isinstance(node, dict):
                if step in node:
                    found.append(node[step])
            elif isinstance(node, list):
                found.extend(item[step] for item in node if isinstance(item, dict) and step in item)
        current = found
        if not current:
            return [MISSING]
    return current


_CACHED_UP_TO = 4096


def _load(message: str):
    """The message as parsed JSON. Short messages are cached: the same stored events are searched
    again and again, and callers only read the result."""
    return _load_cached(message) if len(message) <= _CACHED_UP_TO else _parse(message)


@functools.lru_cache(maxsize=8192)
def _load_cached(message: str):
    return _parse(message)


def _parse(message: str):
    text = message.strip()
    if not text or text[0] not in "{[":
        return None
    try:
        doc = json.loads(text)
    except ValueError:
        return None
    return doc if isinstance(doc, (dict, list)) else None


def compile_json(text: str):
    if not text.endswith("}"):
        raise bad("a JSON pattern must end with }")
    body = text[1:-1].strip()
    if not body:
        raise bad("empty JSON pattern")

    def reference(word: str):
        steps = parse_selector(word)
        if any(not isinstance(step, str) or step == "*" for step in steps):
            return lambda doc: resolve(doc, steps)

        def by_keys(doc):
            # The common case, plain keys through objects, without building candidate lists.
            node = doc
            for step in steps:
                if type(node) is dict and step in node:
                    node = node[step]
                else:
                    return resolve(doc, steps)
            return (node,)
        return by_keys

    condition = Parser(tokenize(body), reference).parse()

    def matches(message: str) -> bool:
        doc = _load(message)
        return doc is not None and condition(doc)

    def value(message: str, selector: str):
        doc = _load(message)
        if doc is None or not selector.startswith("$."):
            return None
        found = resolve(doc, parse_selector(selector))
        return None if found[0] is MISSING else found[0]

    return matches, value
