"""What a target receives: the whole event, a constant ``Input``, the part ``InputPath`` selects,
or an ``InputTransformer`` template filled with values taken from the event.

In a JSON template, a placeholder inside a JSON string gets the value's text; a placeholder
standing alone gets the value as JSON (strings quoted); a path that finds nothing gives null (or
nothing inside a string). A template that is not JSON (not starting with ``{``, ``[`` or ``"``)
is plain text: every placeholder gets the value's text. The predefined placeholders ``<aws.events.rule-arn>``,
``<aws.events.rule-name>``, ``<aws.events.event.ingestion-time>``, ``<aws.events.event>`` and
``<aws.events.event.json>`` are available too.
"""
from __future__ import annotations

import json
import re

from iamulator.services.events import jsonpath
from iamulator.services.events.errors import validation

_PLACEHOLDER = re.compile(r"<([A-Za-z0-9_.\-]+)>")
_KEY = re.compile(r"[A-Za-z0-9_\-]+\Z")
PREDEFINED = ("aws.events.rule-arn", "aws.events.rule-name", "aws.events.event.ingestion-time",
              "aws.events.event", "aws.events.event.json")


def dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def check_target_input(target: dict) -> None:
    given = [k for k in ("Input", "InputPath", "InputTransformer") if target.get(k) is not None]
    if len(given) > 1:
        raise validation("Only one of Input, InputPath, or InputTransformer must be provided.")
    if target.get("Input") is not None:
        try:
            json.loads(target["Input"])
        except ValueError:
            raise validation(f"Input for target {target.get('Id')} is not valid JSON text.") from None
    if target.get("InputPath") is not None:
        jsonpath.parse(target["InputPath"])
    transformer = target.get("InputTransformer")
    if transformer is not None:
        paths = transformer.get("InputPathsMap") or {}
        if len(paths) > 100:
            raise validation("InputPathsMap must not contain more than 100 entries.")
        for key, path in paths.items():
            if not _KEY.match(key) or key.startswith("aws."):
                raise validation(f"InputTransformer for target {target.get('Id')} contains an invalid key {key}.")
            jsonpath.parse(path, "InputPathsMap value")
        template = transformer.get("InputTemplate")
        if not template:
            raise validation("InputTemplate must be provided.")
        for name in _PLACEHOLDER.findall(template):
            if name not in paths and name not in PREDEFINED:
                raise validation(f"InputTemplate for target {target.get('Id')} contains invalid placeholder {name}.")


def _fill(template: str, values: dict) -> str:
    plain = not template.lstrip().startswith(("{", "[", '"'))
    out, i, in_string = [], 0, plain
    while i < len(template):
        c = template[i]
        if c == "\\" and in_string and not plain and i + 1 < len(template):
            out.append(template[i:i + 2])
            i += 2
            continue
        if c == '"' and not plain:
            in_string = not in_string
            out.append(c)
            i += 1
            continue
        m = _PLACEHOLDER.match(template, i) if c == "<" else None
        if m is not None and m.group(1) in values:
            value = values[m.group(1)]
            if in_string:
                if value is jsonpath.MISSING or value is None:
                    text = ""
                elif isinstance(value, str):
                    text = value if plain else json.dumps(value, ensure_ascii=False)[1:-1]
                else:
                    text = dumps(value) if plain else dumps(value).replace('"', '\\"')
            else:
                text = "null" if value is jsonpath.MISSING else dumps(value)
            out.append(text)
            i = m.end()
            continue
        out.append(c)
        i += 1
    return "".join(out)


def target_input(target: dict, event: dict, event_text: str, rule, ingestion: str) -> str:
    if target.get("Input") is not None:
        return target["Input"]
    if target.get("InputPath") is not None:
        found = jsonpath.read(event, jsonpath.parse(target["InputPath"]))
        return "null" if found is jsonpath.MISSING else dumps(found)
    transformer = target.get("InputTransformer")
    if transformer is None:
        return event_text
    values = {name: jsonpath.read(event, jsonpath.parse(path))
              for name, path in (transformer.get("InputPathsMap") or {}).items()}
    values.update({"aws.events.rule-arn": rule.arn, "aws.events.rule-name": rule.name,
                   "aws.events.event.ingestion-time": ingestion, "aws.events.event": event,
                   "aws.events.event.json": event})
    return _fill(transformer["InputTemplate"], values)
