"""Event bus and rule names and ARNs; a bus is named by name or by ARN."""
from __future__ import annotations

import re

from iamulator.authz.partitions import partition_of as partition  # noqa: F401  (also used by callers)
from iamulator.services.events.errors import constraint, validation

DEFAULT_BUS = "default"
_RULE_NAME = re.compile(r"[\.\-_A-Za-z0-9]+\Z")
_BUS_NAME = re.compile(r"[/\.\-_A-Za-z0-9]+\Z")
_BUS_ARN = re.compile(r"arn:aws[\w-]*:events:([a-z]+-[a-z]+-[\w-]+):(\d{12}):event-bus/([/\.\-_A-Za-z0-9]+)\Z")


def bus_arn(region: str, account: str, name: str) -> str:
    return f"arn:{partition(region)}:events:{region}:{account}:event-bus/{name}"


def rule_arn(region: str, account: str, bus: str, name: str) -> str:
    path = name if bus == DEFAULT_BUS else f"{bus}/{name}"
    return f"arn:{partition(region)}:events:{region}:{account}:rule/{path}"


def parse_bus_arn(arn: str) -> tuple[str, str, str] | None:
    """(region, account, bus name) of an event bus ARN, or None."""
    m = _BUS_ARN.match(arn)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def bus_reference(value: str | None, region: str, account: str, param: str = "EventBusName") -> tuple[str, str, str]:
    """(region, account, name) of the bus a name-or-ARN parameter names; the default bus if absent."""
    if not value:
        return region, account, DEFAULT_BUS
    if value.startswith("arn:"):
        parsed = parse_bus_arn(value)
        if parsed is None:
            raise validation(f"Parameter {param} is not valid. Reason: Provided Arn is not in correct format.")
        return parsed
    if not _BUS_NAME.match(value) or len(value) > 256:
        raise constraint(value, param[0].lower() + param[1:], "satisfy regular expression pattern: "
                         "(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+")
    return region, account, value


def check_rule_name(name) -> str:
    if not name:
        raise constraint(name, "name", "have length greater than or equal to 1")
    if len(name) > 64:
        raise constraint(name, "name", "have length less than or equal to 64")
    if not _RULE_NAME.match(name):
        raise constraint(name, "name", "satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+")
    return name


def check_bus_name(name) -> str:
    if not name:
        raise constraint(name, "name", "have length greater than or equal to 1")
    if len(name) > 256:
        raise constraint(name, "name", "have length less than or equal to 256")
    if not _BUS_NAME.match(name):
        raise constraint(name, "name", "satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+")
    return name
