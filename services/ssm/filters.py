"""ParameterFilters (DescribeParameters, GetParametersByPath) and DescribeParameters' older
``Filters``: which keys and options each operation accepts, SSM's errors, and matching."""
from __future__ import annotations

from iamulator.services.errors import AWSError
from iamulator.services.ssm import names
from iamulator.services.ssm.errors import validation

_OPTIONS = {
    "Name": ("BeginsWith", "Equals", "Contains"),
    "Path": ("Recursive", "OneLevel"),
    "Type": ("BeginsWith", "Equals"),
    "KeyId": ("BeginsWith", "Equals"),
    "Tier": ("BeginsWith", "Equals"),
    "DataType": ("Equals",),
    "Label": ("Equals",),
    "tag": ("BeginsWith", "Equals"),
}
_DEFAULT_OPTION = {"Path": "OneLevel"}
DESCRIBE_KEYS = ("Path", "Name", "Type", "KeyId", "Tier", "DataType")
BY_PATH_KEYS = ("Type", "KeyId", "Label", "DataType")
_ENUMS = {"Type": ("String", "StringList", "SecureString"),
          "Tier": ("Standard", "Advanced", "Intelligent-Tiering")}


class Filter:
    __slots__ = ("key", "option", "values")

    def __init__(self, key: str, option: str, values: list[str]):
        self.key = key
        self.option = option
        self.values = values


def compile_filters(raw: list | None, allowed: tuple[str, ...]) -> list[Filter]:
    out, seen = [], set()
    for f in raw or ():
        key = f.get("Key") or ""
        family = "tag" if key.startswith("tag:") else key
        if family not in allowed and family != "tag":
            raise AWSError("InvalidFilterKey", f"The following filter key is not valid: {key}. Valid filter keys "
                                               f"include: [{', '.join(allowed)}].")
        if key in seen:
            raise AWSError("InvalidFilterKey", f"The following filter is duplicated in the request: {key}. A "
                                               "request can contain only one occurrence of a specific filter.")
        seen.add(key)
        option = f.get("Option") or _DEFAULT_OPTION.get(family, "Equals")
        if option not in _OPTIONS[family]:
            raise AWSError("InvalidFilterOption", f"The following filter option is not valid: {option}. Valid "
                                                  f"options include: [{', '.join(_OPTIONS[family])}].")
        values = list(f.get("Values") or [])
        if not values and family != "tag":
            raise AWSError("InvalidFilterValue", f"The following filter values are missing : null for filter "
                                                 f"key {key}.")
        for value in values:
            if family in _ENUMS and option == "Equals" and value not in _ENUMS[family]:
                raise AWSError("InvalidFilterValue", f"The following filter value is not valid: {value}. Valid "
                                                     f"values include: [{', '.join(_ENUMS[family])}].")
        if family == "Path":
            paths = []
            for value in values:
                if value.lower().lstrip("/").startswith(("aws", "ssm")):
                    raise validation("Filters for common parameters can't be prefixed with \"aws\" or \"ssm\" "
                                     "(case-insensitive). When using global parameters, please specify within a "
                                     "global namespace.")
                paths.append(names.validate_path(value))
            values = paths
        out.append(Filter(key, option, values))
    return out


def _text_match(option: str, have: str | None, values: list[str]) -> bool:
    if have is None:
        return False
    if option == "Equals":
        return have in values
    if option == "BeginsWith":
        return any(have.startswith(v) for v in values)
    return any(v in have for v in values)     # Contains


def _slashed(name: str) -> str:
    return name if name.startswith("/") else "/" + name


def matches(filters: list[Filter], parameter, version) -> bool:
    for f in filters:
        key = f.key
        if key == "Name":
            if f.option == "Contains":
                ok = _text_match("Contains", parameter.name, f.values)
            else:
                ok = _text_match(f.option, _slashed(parameter.name), [_slashed(v) for v in f.values])
        elif key == "Path":
            ok = any(names.in_path(parameter.name, p, f.option == "Recursive") for p in f.values)
        elif key == "Type":
            ok = _text_match(f.option, version.type, f.values)
        elif key == "KeyId":
            ok = _text_match(f.option, version.key_id, f.values)
        elif key == "Tier":
            ok = _text_match(f.option, version.tier, f.values)
        elif key == "DataType":
            ok = _text_match(f.option, version.data_type, f.values)
        elif key == "Label":
            ok = any(label in f.values for label in version.labels)
        else:
            tag = parameter.tags.get(key[4:])
            ok = tag is not None and (not f.values or _text_match(f.option, tag, f.values))
        if not ok:
            return False
    return True


def legacy_matches(raw: list, parameter) -> bool:
    """DescribeParameters' ``Filters`` (Name prefix, Type, KeyId), all of which must hold."""
    version = parameter.latest
    for f in raw:
        values = f.get("Values") or []
        key = f.get("Key")
        if key == "Name":
            ok = any(parameter.name.startswith(v) for v in values)
        elif key == "Type":
            ok = version.type in values
        else:
            ok = version.key_id in values
        if not ok:
            return False
    return True
