"""How requests name functions and layers, and the ARNs Lambda gives them.

A function is named by its name (``orders``), name and qualifier (``orders:live``), partial ARN
(``123456789012:function:orders``) or full ARN (``arn:aws:lambda:us-east-1:123456789012:function:
orders:7``); a qualifier is ``$LATEST``, a version number or an alias. A layer is named by its
name or its ARN, a layer version by its ARN ending in the version number.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from iamulator.authz.partitions import partition_of

from .errors import function_not_found, invalid, resource_not_found, validation

_FUNCTION = re.compile(
    r"(?:arn:(?P<partition>aws[a-zA-Z-]*)?:lambda:)?"
    r"(?:(?P<region>[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?"
    r"(?:(?P<account>\d{12}):)?"
    r"(?:function:)?"
    r"(?P<name>[a-zA-Z0-9_.-]+)"
    r"(?::(?P<qualifier>\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9_-]+))?")
_LAYER = re.compile(r"arn:[a-zA-Z0-9-]+:lambda:(?P<region>[a-zA-Z0-9-]+):(?P<account>\d{12}):layer:"
                    r"(?P<name>[a-zA-Z0-9_-]+)(?::(?P<version>\d+))?")
_NAME = re.compile(r"[a-zA-Z0-9_-]{1,64}")
LATEST = "$LATEST"
MAX_NAME = 64


class FunctionRef(NamedTuple):
    region: str
    account: str
    name: str
    qualifier: str | None

    def arn(self, qualifier: str | None = None) -> str:
        return function_arn(self.region, self.account, self.name, qualifier)


def function_arn(region: str, account: str, name: str, qualifier: str | None = None) -> str:
    arn = f"arn:{partition_of(region)}:lambda:{region}:{account}:function:{name}"
    return f"{arn}:{qualifier}" if qualifier else arn


def identifier_parts(identifier: str) -> dict | None:
    """``partition``, ``region``, ``account``, ``name``, ``qualifier`` as written in a function
    identifier (None for parts it leaves out), or None if it is not one."""
    m = _FUNCTION.fullmatch(identifier or "")
    return m.groupdict() if m is not None else None


def parse_function(identifier: str, account: str, region: str, qualifier: str | None = None) -> FunctionRef:
    """The function ``identifier`` names, from a caller in ``account`` and ``region``, with the
    ``Qualifier`` parameter (which must agree with a qualifier in the identifier)."""
    m = _FUNCTION.fullmatch(identifier or "")
    if m is None:
        # The model's pattern refuses these before a backend sees them; in-process callers too.
        raise function_not_found(function_arn(region, account, identifier or ""))
    named = m.group("qualifier")
    if qualifier and named and qualifier != named:
        raise invalid("The derived qualifier from the function name does not match the specified qualifier.")
    arn_region = m.group("region")
    if arn_region and arn_region != region:
        raise resource_not_found(f"Functions from '{arn_region}' are not reachable in this region ('{region}')")
    return FunctionRef(region, m.group("account") or account, m.group("name"), qualifier or named)


def check_new_name(ref: FunctionRef) -> None:
    """A name CreateFunction accepts: at most 64 characters, and no qualifier."""
    if len(ref.name) > MAX_NAME:
        raise validation(f"Value '{ref.name}' at 'functionName' failed to satisfy constraint: "
                         f"Member must have length less than or equal to {MAX_NAME}")
    if ref.qualifier is not None or not _NAME.fullmatch(ref.name):
        raise invalid(f"Function name {ref.name if ref.qualifier is None else ref.name + ':' + ref.qualifier} "
                      "is not valid. It must not contain a qualifier.")


def layer_arn(region: str, account: str, name: str, version: int | None = None) -> str:
    arn = f"arn:{partition_of(region)}:lambda:{region}:{account}:layer:{name}"
    return arn if version is None else f"{arn}:{version}"


def parse_layer(layer_name: str, account: str, region: str) -> tuple[str, str, str]:
    """(region, account, name) of a ``LayerName`` given as a name or a layer ARN."""
    if layer_name.startswith("arn:"):
        m = _LAYER.fullmatch(layer_name)
        if m is None or m.group("version"):
            raise resource_not_found()
        return m.group("region"), m.group("account"), m.group("name")
    return region, account, layer_name


def parse_layer_version(arn: str) -> tuple[str, str, str, int] | None:
    """(region, account, name, version) of a layer version ARN, or None."""
    m = _LAYER.fullmatch(arn or "")
    if m is None or not m.group("version"):
        return None
    return m.group("region"), m.group("account"), m.group("name"), int(m.group("version"))
