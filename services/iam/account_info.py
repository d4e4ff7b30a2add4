"""Account-wide operations: the account alias, the summary of entities and quotas, and the
authorization details of every entity."""
from __future__ import annotations

from iamulator.policies import AWS_POLICY_ARN_PREFIX
from iamulator.services.iam.errors import already_exists, no_such_entity
from iamulator.services.iam.groups import MAX_GROUPS_PER_USER
from iamulator.services.iam.account import MAX_ATTACHED
from iamulator.services.iam.access_keys import MAX_KEYS
from iamulator.services.iam.managed_policies import MAX_VERSIONS
from iamulator.services.iam.paging import page
from iamulator.services.iam.users import by_name
from iamulator.services.iam.views import (attached_view, aws_version_view, boundary_view, group_view,
                                          inline_details, instance_profile_view, policy_view, role_last_used,
                                          role_view, user_view, version_view)

_QUOTAS = {
    "UsersQuota": 5000, "GroupsQuota": 300, "RolesQuota": 1000, "PoliciesQuota": 1500,
    "InstanceProfilesQuota": 1000, "ServerCertificatesQuota": 20, "PolicyVersionsInUseQuota": 10000,
    "VersionsPerPolicyQuota": MAX_VERSIONS, "PolicySizeQuota": 6144, "UserPolicySizeQuota": 2048,
    "GroupPolicySizeQuota": 5120, "RolePolicySizeQuota": 10240, "AssumeRolePolicySizeQuota": 2048,
    "AccessKeysPerUserQuota": MAX_KEYS, "SigningCertificatesPerUserQuota": 2,
    "GroupsPerUserQuota": MAX_GROUPS_PER_USER, "AttachedPoliciesPerUserQuota": MAX_ATTACHED,
    "AttachedPoliciesPerGroupQuota": MAX_ATTACHED, "AttachedPoliciesPerRoleQuota": MAX_ATTACHED,
    "GlobalEndpointTokenVersion": 1,
}
_FILTERS = ("User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy")


class AccountOperations:
    # -- alias -----------------------------------------------------------------------------
    def create_account_alias(self, ctx, params) -> dict:
        alias = params["AccountAlias"]
        if alias in self.aliases:
            return {}
        store = ctx.store if ctx is not None else self.store
        for account, _, other in (store.existing("iam") if store is not None else ()):
            if account != self.account_id and alias in other.aliases:
                raise already_exists(f"The account alias {alias} already exists.")
        # An account has one alias; a new one replaces it.
        self.aliases[:] = [alias]
        return {}

    def list_account_aliases(self, ctx, params) -> dict:
        return page(list(self.aliases), params, None, "AccountAliases")

    def delete_account_alias(self, ctx, params) -> dict:
        alias = params["AccountAlias"]
        if alias not in self.aliases:
            raise no_such_entity(f"The account alias {alias} cannot be found.")
        self.aliases.remove(alias)
        return {}

    # -- summary ---------------------------------------------------------------------------
    def get_account_summary(self, ctx, params) -> dict:
        summary = dict(_QUOTAS)
        summary.update({
            "Users": len(self.users), "Groups": len(self.groups), "Roles": len(self.roles),
            "Policies": len(self.policies), "InstanceProfiles": len(self.instance_profiles),
            "PolicyVersionsInUse": sum(self.attachments.values()) + sum(self.boundary_uses.values()),
            "ServerCertificates": 0, "Providers": 0, "MFADevices": 0, "MFADevicesInUse": 0,
            "AccountMFAEnabled": 0, "AccountSigningCertificatesPresent": 0,
            "AccountAccessKeysPresent": 1 if self.root_keys else 0,
            "AccountPasswordPresent": 0,
        })
        return {"SummaryMap": summary}

    # -- authorization details -------------------------------------------------------------
    def get_account_authorization_details(self, ctx, params) -> dict:
        wanted = set(params.get("Filter") or _FILTERS)
        items: list[tuple[str, object]] = []
        if "User" in wanted:
            items += [("UserDetailList", u) for u in sorted(self.users.values(), key=by_name)]
        if "Group" in wanted:
            items += [("GroupDetailList", g) for g in sorted(self.groups.values(), key=by_name)]
        if "Role" in wanted:
            items += [("RoleDetailList", r) for r in sorted(self.roles.values(), key=by_name)]
        if "LocalManagedPolicy" in wanted:
            items += [("Policies", p) for p in sorted(self.policies.values(), key=by_name)]
        if "AWSManagedPolicy" in wanted:
            # AWS managed policies appear once something in the account uses them.
            used = sorted(a for a in set(self.attachments) | set(self.boundary_uses)
                          if a.startswith(AWS_POLICY_ARN_PREFIX))
            items += [("Policies", self.managed_policy(a)) for a in used]
        out = page(items, params, None, "Items")
        result = {"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
        render = {"UserDetailList": self._user_detail, "GroupDetailList": self._group_detail,
                  "RoleDetailList": self._role_detail, "Policies": self._policy_detail}
        for member, entity in out.pop("Items"):
            result[member].append(render[member](entity))
        result.update(out)
        return result

    def _user_detail(self, user) -> dict:
        out = user_view(user, full=False)
        out.pop("PasswordLastUsed", None)
        out["UserPolicyList"] = inline_details(user.inline)
        out["GroupList"] = sorted((g.name for g in user.groups.values()), key=str.lower)
        out["AttachedManagedPolicies"] = [attached_view(a) for a in user.attached]
        if user.boundary:
            out["PermissionsBoundary"] = boundary_view(user.boundary)
        out["Tags"] = user.tags.as_list()
        return out

    def _group_detail(self, group) -> dict:
        out = group_view(group)
        out["GroupPolicyList"] = inline_details(group.inline)
        out["AttachedManagedPolicies"] = [attached_view(a) for a in group.attached]
        return out

    def _role_detail(self, role) -> dict:
        out = role_view(role, full=False)
        out.pop("MaxSessionDuration", None)
        out.pop("Description", None)
        out["InstanceProfileList"] = [instance_profile_view(p, full=False)
                                      for p in sorted(role.instance_profiles.values(), key=by_name)]
        out["RolePolicyList"] = inline_details(role.inline)
        out["AttachedManagedPolicies"] = [attached_view(a) for a in role.attached]
        if role.boundary:
            out["PermissionsBoundary"] = boundary_view(role.boundary)
        out["Tags"] = role.tags.as_list()
        out["RoleLastUsed"] = role_last_used(role)
        return out

    def _policy_detail(self, policy) -> dict:
        out = policy_view(policy, self.attachments[policy.arn], self.boundary_uses[policy.arn], full=False)
        if hasattr(policy, "versions"):
            if policy.description is not None:
                out["Description"] = policy.description
            out["PolicyVersionList"] = [version_view(v, v.version_id == policy.default_version_id)
                                        for v in sorted(policy.versions.values(),
                                                        key=lambda v: -int(v.version_id[1:]))]
        else:
            out["PolicyVersionList"] = [aws_version_view(policy)]
        return out
