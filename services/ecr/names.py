"""Repository names, registry ids and ARNs as ECR checks and spells them."""
from __future__ import annotations

import functools
import re

from iamulator.authz.partitions import partition_of
from iamulator.services.ecr.errors import invalid


@functools.lru_cache(maxsize=1)
def _name_rule() -> tuple:
    from iamulator.services.models import service_model

    meta = service_model("ecr").shape_for("RepositoryName").metadata
    return meta["min"], meta["max"], meta["pattern"], re.compile(meta["pattern"]).fullmatch


def check_name(name: str) -> None:
    low, high, pattern, matches = _name_rule()
    if len(name) < low:
        raise invalid("repositoryName", f"must have length greater than or equal to {low}")
    if len(name) > high:
        raise invalid("repositoryName", f"must have length less than or equal to {high}")
    if not matches(name):
        raise invalid("repositoryName", f"must satisfy regular expression '{pattern}'")


def check_registry(registry_id: str) -> None:
    if not (len(registry_id) == 12 and registry_id.isdigit()):
        raise invalid("registryId", "must satisfy regular expression '[0-9]{12}'")


def repository_arn(region: str, account: str, name: str) -> str:
    return f"arn:{partition_of(region)}:ecr:{region}:{account}:repository/{name}"


def registry_host(region: str, account: str) -> str:
    suffix = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
    return f"{account}.dkr.ecr.{region}.{suffix}"


def parse_repository_arn(arn: str) -> tuple[str, str, str] | None:
    """(region, account, name) of ``arn:<partition>:ecr:<region>:<account>:repository/<name>``."""
    parts = arn.split(":", 5) if isinstance(arn, str) else ()
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "ecr" or not parts[5].startswith("repository/"):
        return None
    name = parts[5][len("repository/"):]
    if not name:
        return None
    return parts[3], parts[4], name
