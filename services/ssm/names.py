"""Parameter names, paths, selectors and ARNs.

A name is either one segment (``db-password``) or a path (``/prod/db/password``) of at most 15
levels, of letters, digits and ``.-_``. A root-level name may be written with or without its
leading slash; both name the same parameter. Names beginning with ``aws`` or ``ssm`` (any case)
are reserved. ``name:3`` and ``name:label`` select a version; a parameter's ARN names it too.
"""
from __future__ import annotations

import re

from iamulator.authz.partitions import partition_of as partition  # noqa: F401  (also used by callers)
from iamulator.services.errors import AWSError
from iamulator.services.ssm.errors import INVALID_NAME, INVALID_PATH, RESERVED_ROOT_NAME, validation

_SEGMENT = re.compile(r"[A-Za-z0-9_.\-]+\Z")
MAX_LEVELS = 15
# The name plus the ARN before it may be at most this long (the rest is reserved by SSM).
MAX_QUALIFIED = 1011


def key(name: str) -> str:
    """The storage key: a root-level name with or without its leading slash is one parameter."""
    stripped = name[1:] if name.startswith("/") else name
    return name if "/" in stripped else stripped


def arn(region: str, account: str, name: str) -> str:
    return f"arn:{partition(region)}:ssm:{region}:{account}:parameter/{name.lstrip('/')}"


def _segments(name: str) -> list[str] | None:
    if "/" not in name:
        return [name]
    if not name.startswith("/"):
        return None
    return name[1:].split("/")


def validate(name: str, region: str, account: str) -> None:
    """The checks PutParameter makes, with SSM's errors."""
    lowered = name.lower()
    bare = lowered.lstrip("/")
    if bare.startswith(("aws", "ssm")):
        is_path = name.count("/") > 1
        if lowered.startswith("/aws") and is_path:
            raise AWSError("AccessDeniedException", f"No access to reserved parameter name: {name.lstrip('/')}.")
        raise validation(INVALID_NAME if is_path else RESERVED_ROOT_NAME)
    segments = _segments(name)
    if segments is None or not all(_SEGMENT.match(s) for s in segments):
        raise validation(INVALID_NAME)
    if len(segments) > MAX_LEVELS:
        raise AWSError("HierarchyLevelLimitExceededException",
                       f"A hierarchy can have a maximum of {MAX_LEVELS} levels. For more information, see "
                       "Requirements and Constraints for Parameter Names in the AWS Systems Manager User Guide.")
    if len(arn(region, account, name)) > MAX_QUALIFIED:
        raise validation(f"The parameter name is too long: a fully qualified parameter name, including the ARN "
                         f"prefix arn:aws:ssm:{region}:{account}:parameter/, can have at most {MAX_QUALIFIED} "
                         "characters.")


def well_formed(name: str) -> bool:
    """Whether a name could exist at all (for reads, which answer ParameterNotFound otherwise)."""
    segments = _segments(name)
    return segments is not None and all(_SEGMENT.match(s) for s in segments)


def validate_path(path: str) -> str:
    """A GetParametersByPath / Path filter path, without a trailing slash (``/`` for the root)."""
    if not path.startswith("/") or "//" in path:
        raise validation(INVALID_PATH)
    trimmed = path.rstrip("/") or "/"
    if trimmed != "/" and not all(_SEGMENT.match(s) for s in trimmed[1:].split("/")):
        raise validation(INVALID_PATH)
    return trimmed


def split_selector(name: str, region: str, account: str) -> tuple[str, str | None]:
    """(name, selector after ``:``) of a GetParameter name. An ARN of this account and region
    becomes the name it holds; another ARN stays an ARN (without its selector)."""
    if name.startswith("arn:"):
        head, sep, resource = name.partition(":parameter/")
        if not sep:
            return name, None
        resource, _, selector = resource.partition(":")
        if head != f"arn:{partition(region)}:ssm:{region}:{account}":
            return f"{head}:parameter/{resource}", selector or None
        # parameter/a/b names /a/b; parameter/name names the root-level "name".
        base = "/" + resource if "/" in resource else resource
        return base, selector or None
    if ":" in name:
        base, _, selector = name.partition(":")
        return base, selector
    return name, None


def in_path(name: str, path: str, recursive: bool) -> bool:
    """Whether a parameter lies in ``path`` (directly, or anywhere below when recursive)."""
    full = name if name.startswith("/") else "/" + name
    parent = full.rsplit("/", 1)[0] or "/"
    if recursive:
        return path == "/" or full.startswith(path + "/")
    return parent == path
