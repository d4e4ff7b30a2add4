"""Log group and stream names, their ARNs, and the name-or-ARN identifiers some operations take."""
from __future__ import annotations

import re

from iamulator.authz.partitions import partition_of as partition  # noqa: F401  (also used by callers)
from iamulator.services.logs.errors import constraint, group_not_found, invalid

GROUP_PATTERN = r"[\.\-_/#A-Za-z0-9]+"
STREAM_PATTERN = r"[^:*]*"
_GROUP = re.compile(GROUP_PATTERN + r"\Z")
_STREAM = re.compile(STREAM_PATTERN + r"\Z")
MAX_NAME = 512


def group_arn(region: str, account: str, name: str) -> str:
    """The ARN without the trailing ``:*`` (DescribeLogGroups' ``logGroupArn``, tagging)."""
    return f"arn:{partition(region)}:logs:{region}:{account}:log-group:{name}"


def stream_arn(region: str, account: str, group: str, stream: str) -> str:
    return f"{group_arn(region, account, group)}:log-stream:{stream}"


def check_length(value: str, path: str, low: int = 1, high: int = MAX_NAME) -> None:
    if len(value) < low:
        raise constraint(value, path, f"have length greater than or equal to {low}")
    if len(value) > high:
        raise constraint(value, path, f"have length less than or equal to {high}")


def check_group_name(name, path: str = "logGroupName") -> str:
    if name is None:
        raise constraint(None, path, "not be null")
    check_length(name, path)
    if not _GROUP.match(name):
        raise constraint(name, path, f"satisfy regular expression pattern: {GROUP_PATTERN}")
    return name


def check_stream_name(name, path: str = "logStreamName") -> str:
    if name is None:
        raise constraint(None, path, "not be null")
    check_length(name, path)
    if not _STREAM.match(name):
        raise constraint(name, path, f"satisfy regular expression pattern: {STREAM_PATTERN}")
    return name


def group_from_identifier(identifier: str, account: str) -> str:
    """The log group name an identifier (name or ARN, with or without ``:*``) names in ``account``."""
    if not identifier.startswith("arn:"):
        return identifier
    parts = identifier.split(":", 6)
    if len(parts) < 7 or parts[2] != "logs" or parts[5] != "log-group":
        raise invalid(f"Invalid logGroupIdentifier: {identifier}")
    if parts[4] != account:
        # Cross-account observability (monitoring accounts) is not emulated.
        raise group_not_found()
    name = parts[6]
    return name[:-2] if name.endswith(":*") else name


def group_param(params: dict, account: str) -> str:
    """The log group an operation names by ``logGroupName`` or ``logGroupIdentifier`` (one of them)."""
    name = params.get("logGroupName")
    identifier = params.get("logGroupIdentifier")
    if name is not None and identifier is not None:
        raise invalid("LogGroup name and LogGroup ARN are mutually exclusive parameters.")
    if identifier is not None:
        return group_from_identifier(identifier, account)
    if name is None:
        raise invalid("Should provide either name or ARN of LogGroup.")
    return name
