"""Managed policies: customer managed ones of this account and AWS managed ones, their
versions, attachments to users, groups and roles, and tags."""
from __future__ import annotations

from functools import lru_cache

from iamulator.policies import AWS_POLICY_ARN_PREFIX, aws_managed_policies
from iamulator.services.iam import ids
from iamulator.services.iam.account import now
from iamulator.services.iam.documents import compile_document
from iamulator.services.iam.errors import already_exists, delete_conflict, limit_exceeded, no_such_entity, unmodifiable
from iamulator.services.iam.paging import page
from iamulator.services.iam.records import ManagedPolicy, PolicyVersion
from iamulator.services.iam.roles import protected
from iamulator.services.iam.tags import new_tags
from iamulator.services.iam.users import by_name
from iamulator.services.iam.views import attached_view, aws_version_view, policy_view, version_view

MAX_VERSIONS = 5
_QUOTA = {"user": "PoliciesPerUser", "group": "PoliciesPerGroup", "role": "PoliciesPerRole"}
_NAME_PARAM = {"user": "UserName", "group": "GroupName", "role": "RoleName"}


def policy_key(policy) -> str:
    # Names are unique among an account's policies and among AWS's; a customer policy may
    # share its name with an AWS one, so the key tells the two apart (and stays short enough
    # for a marker).
    return f"{policy.name.lower()}\x00{'a' if policy.arn.startswith(AWS_POLICY_ARN_PREFIX) else 'c'}"


@lru_cache(maxsize=1)
def _aws_sorted() -> tuple:
    return tuple(sorted(aws_managed_policies(), key=policy_key))


def path_of(arn: str) -> str:
    """The path of a managed policy, read from its ARN (``...:policy/path/name``)."""
    return arn.split(":policy", 1)[-1].rsplit("/", 1)[0] + "/"


def not_for_aws(arn: str) -> None:
    if arn.startswith(AWS_POLICY_ARN_PREFIX):
        raise unmodifiable(f"Cannot modify the AWS managed policy {arn}.")


class ManagedPolicyOperations:
    # -- policies --------------------------------------------------------------------------
    def create_policy(self, ctx, params) -> dict:
        name = params["PolicyName"]
        if name.lower() in self.policy_names:
            raise already_exists(f"A policy called {name} already exists. Duplicate names are not allowed.")
        path = params.get("Path") or "/"
        arn = self.arn("policy", path, name)
        document = compile_document(params["PolicyDocument"], "identity", arn)
        tags = new_tags(params.get("Tags"))
        created = now()
        policy = ManagedPolicy(name, ids.unique_id(ids.POLICY), path, arn, created, created,
                               description=params.get("Description"), tags=tags)
        policy.versions["v1"] = PolicyVersion("v1", document, created)
        self.policies[arn] = policy
        self.policy_names[name.lower()] = arn
        return {"Policy": self._policy_view(policy)}

    def _policy_view(self, policy, full: bool = True) -> dict:
        return policy_view(policy, self.attachments[policy.arn], self.boundary_uses[policy.arn], full)

    def _any_policy(self, arn: str):
        return self.attachable_policy(arn, "Policy {arn} was not found.")

    def get_policy(self, ctx, params) -> dict:
        return {"Policy": self._policy_view(self._any_policy(params["PolicyArn"]))}

    def list_policies(self, ctx, params) -> dict:
        scope = params.get("Scope") or "All"
        chosen: list = []
        if scope in ("All", "Local"):
            chosen.extend(self.policies.values())
        if scope in ("All", "AWS"):
            chosen.extend(_aws_sorted())
        prefix = params.get("PathPrefix")
        only_attached = params.get("OnlyAttached")
        usage = params.get("PolicyUsageFilter")
        if prefix or only_attached or usage:
            chosen = [p for p in chosen if self._policy_selected(p, prefix, only_attached, usage)]
        if scope != "AWS":
            chosen.sort(key=policy_key)
        out = page(chosen, params, policy_key, "Policies")
        out["Policies"] = [self._policy_view(p, full=False) for p in out["Policies"]]
        return out

    def _policy_selected(self, policy, prefix, only_attached, usage) -> bool:
        if prefix and not policy.path.startswith(prefix):
            return False
        if only_attached and not self.attachments[policy.arn]:
            return False
        if usage == "PermissionsBoundary" and not self.boundary_uses[policy.arn]:
            return False
        return True

    def delete_policy(self, ctx, params) -> dict:
        arn = params["PolicyArn"]
        not_for_aws(arn)
        policy = self.local_policy(arn)
        if self.attachments[arn] or self.boundary_uses[arn]:
            raise delete_conflict("Cannot delete a policy attached to entities.")
        if len(policy.versions) > 1:
            raise delete_conflict("This policy has more than one version. Before you delete a policy, you must "
                                  "delete the policy's versions. The default version is deleted with the policy.")
        del self.policies[arn]
        del self.policy_names[policy.name.lower()]
        return {}

    # -- versions --------------------------------------------------------------------------
    def create_policy_version(self, ctx, params) -> dict:
        arn = params["PolicyArn"]
        not_for_aws(arn)
        policy = self.local_policy(arn)
        document = compile_document(params["PolicyDocument"], "identity", arn)
        if len(policy.versions) >= MAX_VERSIONS:
            raise limit_exceeded("A managed policy can have up to 5 versions. Before you create a new "
                                 "version, you must delete an existing version.")
        version_id = f"v{policy.next_version}"
        policy.next_version += 1
        version = PolicyVersion(version_id, document, now())
        policy.versions[version_id] = version
        if params.get("SetAsDefault"):
            policy.default_version_id = version_id
            policy.updated = version.created
        return {"PolicyVersion": version_view(version, policy.default_version_id == version_id,
                                              with_document=False)}

    def _version(self, policy, version_id: str):
        version = policy.versions.get(version_id)
        if version is None:
            raise no_such_entity(f"Policy {policy.arn} version {version_id} does not exist or is not attachable.")
        return version

    def get_policy_version(self, ctx, params) -> dict:
        policy = self._any_policy(params["PolicyArn"])
        version_id = params["VersionId"]
        if not hasattr(policy, "versions"):
            if version_id != policy.default_version_id:
                raise no_such_entity(f"Policy {policy.arn} version {version_id} does not exist or is not attachable.")
            return {"PolicyVersion": aws_version_view(policy)}
        version = self._version(policy, version_id)
        return {"PolicyVersion": version_view(version, version_id == policy.default_version_id)}

    def list_policy_versions(self, ctx, params) -> dict:
        policy = self._any_policy(params["PolicyArn"])
        if not hasattr(policy, "versions"):
            return page([aws_version_view(policy, with_document=False)], params, None, "Versions")
        versions = sorted(policy.versions.values(), key=lambda v: -int(v.version_id[1:]))
        views = [version_view(v, v.version_id == policy.default_version_id, with_document=False) for v in versions]
        return page(views, params, None, "Versions")

    def delete_policy_version(self, ctx, params) -> dict:
        arn = params["PolicyArn"]
        not_for_aws(arn)
        policy = self.local_policy(arn)
        version = self._version(policy, params["VersionId"])
        if version.version_id == policy.default_version_id:
            raise delete_conflict("Cannot delete the default version of a policy.")
        del policy.versions[version.version_id]
        return {}

    def set_default_policy_version(self, ctx, params) -> dict:
        arn = params["PolicyArn"]
        not_for_aws(arn)
        policy = self.local_policy(arn)
        version = self._version(policy, params["VersionId"])
        policy.default_version_id = version.version_id
        policy.updated = now()
        return {}

    # -- attachments -----------------------------------------------------------------------
    def _attach(self, entity_type: str, params) -> dict:
        entity = getattr(self, entity_type)(params[_NAME_PARAM[entity_type]])
        if entity_type == "role":
            protected(entity)
        self.attach(entity, params["PolicyArn"], _QUOTA[entity_type])
        return {}

    def _detach(self, entity_type: str, params) -> dict:
        entity = getattr(self, entity_type)(params[_NAME_PARAM[entity_type]])
        if entity_type == "role":
            protected(entity)
        self.detach(entity, params["PolicyArn"])
        return {}

    def _list_attached(self, entity_type: str, params) -> dict:
        entity = getattr(self, entity_type)(params[_NAME_PARAM[entity_type]])
        prefix = params.get("PathPrefix")
        arns = [a for a in entity.attached if not prefix or path_of(a).startswith(prefix)]
        out = page(arns, params, None, "AttachedPolicies")
        out["AttachedPolicies"] = [attached_view(a) for a in out["AttachedPolicies"]]
        return out

    def attach_user_policy(self, ctx, params):
        return self._attach("user", params)

    def attach_group_policy(self, ctx, params):
        return self._attach("group", params)

    def attach_role_policy(self, ctx, params):
        return self._attach("role", params)

    def detach_user_policy(self, ctx, params):
        return self._detach("user", params)

    def detach_group_policy(self, ctx, params):
        return self._detach("group", params)

    def detach_role_policy(self, ctx, params):
        return self._detach("role", params)

    def list_attached_user_policies(self, ctx, params):
        return self._list_attached("user", params)

    def list_attached_group_policies(self, ctx, params):
        return self._list_attached("group", params)

    def list_attached_role_policies(self, ctx, params):
        return self._list_attached("role", params)

    def list_entities_for_policy(self, ctx, params) -> dict:
        arn = params["PolicyArn"]
        self._any_policy(arn)
        usage = params.get("PolicyUsageFilter")
        prefix = params.get("PathPrefix")
        wanted = params.get("EntityFilter")

        def uses(entity, can_have_boundary=True) -> bool:
            if prefix and not entity.path.startswith(prefix):
                return False
            as_policy = arn in entity.attached
            as_boundary = can_have_boundary and entity.boundary == arn
            if usage == "PermissionsPolicy":
                return as_policy
            if usage == "PermissionsBoundary":
                return as_boundary
            return as_policy or as_boundary

        found = []
        if wanted in (None, "Group"):
            found += [("PolicyGroups", {"GroupName": g.name, "GroupId": g.unique_id})
                      for g in sorted(self.groups.values(), key=by_name) if uses(g, False)]
        if wanted in (None, "User"):
            found += [("PolicyUsers", {"UserName": u.name, "UserId": u.unique_id})
                      for u in sorted(self.users.values(), key=by_name) if uses(u)]
        if wanted in (None, "Role"):
            found += [("PolicyRoles", {"RoleName": r.name, "RoleId": r.unique_id})
                      for r in sorted(self.roles.values(), key=by_name) if uses(r)]
        out = page(found, params, None, "Found")
        result = {"PolicyGroups": [], "PolicyUsers": [], "PolicyRoles": []}
        for member, view in out.pop("Found"):
            result[member].append(view)
        result.update(out)
        return result

    # -- tags ------------------------------------------------------------------------------
    def tag_policy(self, ctx, params) -> dict:
        policy = self.local_policy(params["PolicyArn"])
        policy.tags.check(params["Tags"])
        policy.tags.merge(params["Tags"])
        return {}

    def untag_policy(self, ctx, params) -> dict:
        self.local_policy(params["PolicyArn"]).tags.remove(params["TagKeys"])
        return {}

    def list_policy_tags(self, ctx, params) -> dict:
        return page(self.local_policy(params["PolicyArn"]).tags.as_list(), params, None, "Tags")

