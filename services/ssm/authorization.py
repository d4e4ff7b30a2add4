"""What Parameter Store requests are authorized for, beyond what the Service Authorization
Reference says.

A parameter's ARN holds its name without the leading slash (``/prod/db/url`` ->
``parameter/prod/db/url``), and a name may carry a version or label selector (``name:3``) or be
an ARN itself: the ARN is built whole from the name. GetParameters and DeleteParameters are
checked once per name; GetParametersByPath on the path (``parameter/`` for the root). The
tagging operations name their resource by type and id.
"""
from __future__ import annotations

from iamulator.authz.declarations import Declarations, act
from iamulator.services.ssm import names

# ResourceTypeForTagging -> the ARN resource part the reference uses for it.
_TAGGABLE = {
    "Document": "document", "ManagedInstance": "managed-instance", "MaintenanceWindow": "maintenancewindow",
    "PatchBaseline": "patchbaseline", "OpsItem": "opsitem", "OpsMetadata": "opsmetadata",
    "Automation": "automation-execution", "Association": "association",
}


def _arn_of(r, name: str | None) -> str | None:
    if not name:
        return None
    base, _ = names.split_selector(name, r.ctx.region, r.ctx.account_id)
    if base.startswith("arn:"):
        return base
    return names.arn(r.ctx.region, r.ctx.account_id, base)


def _path_arn(r) -> str | None:
    path = r.params.get("Path")
    if not path:
        return None
    return names.arn(r.ctx.region, r.ctx.account_id, path.rstrip("/") or "/")


def _tagged_arn(r) -> str | None:
    rtype, resource_id = r.params.get("ResourceType"), r.params.get("ResourceId")
    if not resource_id:
        return None
    if rtype == "Parameter":
        return _arn_of(r, resource_id)
    kind = _TAGGABLE.get(rtype)
    if kind is None or resource_id.startswith("arn:"):
        return resource_id if resource_id.startswith("arn:") else None
    return f"arn:{names.partition(r.ctx.region)}:ssm:{r.ctx.region}:{r.ctx.account_id}:{kind}/{resource_id}"


def _stored(r):
    """The stored parameter the current check is about, for aws:ResourceTag."""
    name = r.item if r.item is not None else (r.params.get("Name") or r.params.get("ResourceId"))
    if not name or (r.params.get("ResourceType") not in (None, "Parameter")):
        return None
    base, _ = names.split_selector(name, r.ctx.region, r.ctx.account_id)
    try:
        backend = r.ctx.store.backend("ssm", r.ctx.account_id, r.ctx.region)
    except (KeyError, AttributeError):
        return None
    return backend.parameters.get(names.key(base))


def _resource_context(r, resource_type: str) -> dict | None:
    parameter = _stored(r)
    if parameter is None:
        return None
    return {"aws:ResourceTag/" + k: v for k, v in parameter.tags.items()}


def _named(action: str):
    return act(action, arn=lambda r: _arn_of(r, r.params.get("Name")))


def _each_name(action: str):
    return act(action, each=lambda r: r.params.get("Names") or (), arn=lambda r: _arn_of(r, r.item),
               note="for each name")


auth = Declarations(
    "ssm",
    keys={"ssm:Overwrite": "Overwrite", "ssm:Recursive": "Recursive",
          "ssm:Policies": "Policies"},
    resource_context=_resource_context,
    resource_keys=("aws:ResourceTag/${TagKey}",),
)

for _action in ("PutParameter", "GetParameter", "GetParameterHistory", "DeleteParameter", "LabelParameterVersion",
                "UnlabelParameterVersion"):
    auth.operation(_action, _named(_action))
auth.operation("GetParameters", _each_name("GetParameters"))
auth.operation("DeleteParameters", _each_name("DeleteParameters"))
auth.operation("GetParametersByPath", act("GetParametersByPath", arn=_path_arn))
for _action in ("AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource"):
    auth.operation(_action, act(_action, arn=_tagged_arn))
