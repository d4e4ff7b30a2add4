"""What IAM requests are authorized for, beyond what the Service Authorization Reference says.

IAM's operations map one to one onto actions, but its ARNs carry the entity's path
(``arn:aws:iam::A:user/division/alice``) while requests name entities by name alone: the path
comes from the request when it creates the entity (``Path``) and from the stored entity
otherwise (``/`` when there is none, e.g. a request for a user that does not exist). Operations
whose ``UserName`` is optional act on the caller when it is omitted, and are authorized on the
caller's own ARN.
"""
from __future__ import annotations

from iamulator.authz.declarations import Declarations, act

# ARN variable -> (the request member naming the entity, the backend's dict of that kind)
_ENTITIES = {
    "UserNameWithPath": ("UserName", "users"),
    "GroupNameWithPath": ("GroupName", "groups"),
    "RoleNameWithPath": ("RoleName", "roles"),
    "InstanceProfileNameWithPath": ("InstanceProfileName", "instance_profiles"),
}
_KIND_OF = {"users": "user", "groups": "group", "roles": "role", "instance_profiles": "instance-profile"}


def _iam(r):
    memo = r.memo
    if "iam" not in memo:
        try:
            memo["iam"] = r.ctx.store.backend("iam", r.ctx.account_id, r.ctx.region)
        except KeyError:
            memo["iam"] = None
    return memo["iam"]


def _stored(r, store: str, name: str):
    backend = _iam(r)
    entities = getattr(backend, store, None) if backend is not None else None
    return entities.get(name.lower()) if entities is not None else None


def _with_path(member: str, store: str):
    def source(r):
        name = r.params.get(member)
        if not isinstance(name, str) or not name:
            return None
        if _creates(r, store):
            path = r.params.get("Path") or "/"
        else:
            path = "/"
            entity = _stored(r, store, name)
            if entity is not None:
                path, name = entity.path, entity.name
        return path.lstrip("/") + name
    return source


def _creates(r, store: str) -> bool:
    """Does this request create the entity (so its path is the request's ``Path``)?"""
    return r.action in (f"iam:Create{_SINGULAR[store]}",)


_SINGULAR = {"users": "User", "groups": "Group", "roles": "Role", "instance_profiles": "InstanceProfile"}


def _policy_with_path(r):
    """CreatePolicy names the policy by ``PolicyName`` and ``Path``; the rest by ``PolicyArn``."""
    name = r.params.get("PolicyName")
    if not isinstance(name, str) or not name or r.params.get("PolicyArn"):
        return None
    return (r.params.get("Path") or "/").lstrip("/") + name


def _caller_if_unnamed(r):
    """The caller's own ARN when ``UserName`` is omitted: IAM then acts on the caller."""
    if r.params.get("UserName"):
        return None
    principal = r.ctx.principal
    arn = getattr(principal, "arn", None)
    if arn:
        return arn
    return f"arn:aws:iam::{r.ctx.account_id}:root"


def _key_owner(r):
    """The ARN of whoever owns ``AccessKeyId`` (a user, or an account's root)."""
    from iamulator.services.iam import key_index

    akid = r.params.get("AccessKeyId")
    if not akid:
        return None
    found = key_index.find(akid, r.ctx.store)
    if found is None:
        # As the operation itself answers: there is no resource to authorize on.
        from iamulator.services.iam.errors import no_such_entity

        raise no_such_entity(f"The Access Key with id {akid} cannot be found.")
    backend, key = found
    return key.user.arn if key.user is not None else f"arn:aws:iam::{backend.account_id}:root"


def _deletion_task_role(r):
    """``task/aws-service-role/<service>/<role name>/<id>`` names a service-linked role."""
    task = r.params.get("DeletionTaskId") or ""
    parts = task.split("/")
    if len(parts) >= 5 and parts[0] == "task" and parts[1] == "aws-service-role":
        return "/".join(parts[1:-1])
    return None


def _service_linked_role(r):
    from iamulator.services.iam.roles import service_role_name

    service = r.params.get("AWSServiceName")
    if not isinstance(service, str) or not service:
        return None
    return f"aws-service-role/{service}/{service_role_name(service, r.params.get('CustomSuffix'))}"


def _entity_of_check(r):
    """The stored user, role, group, instance profile or policy the current check names."""
    vars_ = r.vars or {}
    for var, (_, store) in _ENTITIES.items():
        if var in vars_:
            return _stored(r, store, vars_[var].rsplit("/", 1)[-1])
    if "PolicyNameWithPath" in vars_:
        backend = _iam(r)
        arn = f"arn:aws:iam::{vars_.get('Account')}:policy/{vars_['PolicyNameWithPath']}"
        return getattr(backend, "policies", {}).get(arn) if backend is not None else None
    return None


def _boundary(r):
    """``iam:PermissionsBoundary``: the boundary the request sets, else the entity's own."""
    given = r.params.get("PermissionsBoundary")
    if given:
        return given
    entity = _entity_of_check(r)
    return getattr(entity, "boundary", None)


def _resource_context(r, resource_type: str) -> dict | None:
    entity = _entity_of_check(r)
    tags = getattr(entity, "tags", None)
    if not tags:
        return None
    out = {}
    for k, v in tags.as_dict().items():
        out["aws:ResourceTag/" + k] = v
        out["iam:ResourceTag/" + k] = v
    return out


auth = Declarations(
    "iam",
    variables={**{var: _with_path(member, store) for var, (member, store) in _ENTITIES.items()},
               "PolicyNameWithPath": [_policy_with_path, "PolicyArn"]},
    keys={
        "iam:PolicyARN": "PolicyArn",
        "iam:PermissionsBoundary": _boundary,
        "iam:AWSServiceName": "AWSServiceName",
    },
    resource_context=_resource_context,
    resource_keys=("aws:ResourceTag/${TagKey}", "iam:ResourceTag/${TagKey}"),
)

# UserName is optional: without it the operation acts on (and is authorized on) the caller.
for _operation in ("GetUser", "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey",
                   "CreateLoginProfile", "GetLoginProfile", "UpdateLoginProfile", "DeleteLoginProfile",
                   "ListSigningCertificates", "UploadSigningCertificate", "UpdateSigningCertificate",
                   "DeleteSigningCertificate", "ListMFADevices", "ListSSHPublicKeys",
                   "ListServiceSpecificCredentials"):
    auth.operation(_operation, act(_operation, arn=_caller_if_unnamed, note="on the caller when UserName is omitted"))

auth.operation("GetAccessKeyLastUsed", act("GetAccessKeyLastUsed", arn=_key_owner, note="on the key's owner"))
auth.operation("SimulatePrincipalPolicy",
               act("SimulatePrincipalPolicy", arn=lambda r: r.params.get("PolicySourceArn"), note="on PolicySourceArn"))
auth.operation("GetContextKeysForPrincipalPolicy",
               act("GetContextKeysForPrincipalPolicy", arn=lambda r: r.params.get("PolicySourceArn"),
                   note="on PolicySourceArn"))
auth.operation("CreateServiceLinkedRole",
               act("CreateServiceLinkedRole", vars={"RoleNameWithPath": _service_linked_role}))
auth.operation("GetServiceLinkedRoleDeletionStatus",
               act("GetServiceLinkedRoleDeletionStatus", vars={"RoleNameWithPath": _deletion_task_role}))
