"""What ECR requests are authorized for, beyond what the Service Authorization Reference says.

Repositories are named by ``repositoryName`` in the registry ``registryId`` names (another
account's makes the check cross-account, decided with the repository policy), by
``resourceArn`` for tags. DescribeRepositories is checked on each repository it names, and on
every repository of the registry (``repository/*``) when it names none. UntagResource carries
its ``tagKeys`` as ``aws:TagKeys``.
"""
from __future__ import annotations

from iamulator.authz.declarations import Declarations, act
from iamulator.authz.partitions import partition_of


def _registry(r):
    registry = r.params.get("registryId")
    return registry if isinstance(registry, str) and registry else None


def _every_repository(r):
    if r.params.get("repositoryNames"):
        return None
    region = r.ctx.region
    return f"arn:{partition_of(region)}:ecr:{region}:{_registry(r) or r.ctx.account_id}:repository/*"


def _resource_context(r, resource_type: str) -> dict | None:
    vars_ = r.vars or {}
    name = vars_.get("RepositoryName")
    if not name or name.endswith("*"):
        return None
    try:
        backend = r.ctx.store.backend("ecr", vars_.get("Account") or r.ctx.account_id,
                                      vars_.get("Region") or r.ctx.region)
    except KeyError:
        return None
    repository = backend.repositories.get(name)
    if repository is None:
        return None
    out = {}
    for key, value in repository.tags.items():
        out["aws:ResourceTag/" + key] = value
        out["ecr:ResourceTag/" + key] = value
    return out


auth = Declarations(
    "ecr",
    variables={"Account": _registry},
    resource_context=_resource_context,
    resource_keys=("aws:ResourceTag/${TagKey}", "ecr:ResourceTag/${TagKey}"),
)

auth.operation("DescribeRepositories", act("DescribeRepositories", arn=_every_repository,
                                           note="on repository/* when repositoryNames is omitted"))
auth.operation("UntagResource", act("UntagResource", keys={"aws:TagKeys": "tagKeys"}))
