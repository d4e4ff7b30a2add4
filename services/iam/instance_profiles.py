"""Instance profiles: the container that hands a role to EC2 instances."""
from __future__ import annotations

from iamulator.services.iam import ids
from iamulator.services.iam.account import now
from iamulator.services.iam.errors import already_exists, delete_conflict, no_such_entity, quota
from iamulator.services.iam.paging import page
from iamulator.services.iam.records import InstanceProfile
from iamulator.services.iam.tags import new_tags
from iamulator.services.iam.users import by_name, under_path
from iamulator.services.iam.views import instance_profile_view

# An instance profile holds one role (IAM's fixed quota).
MAX_ROLES = 1


class InstanceProfileOperations:
    def create_instance_profile(self, ctx, params) -> dict:
        name = params["InstanceProfileName"]
        if name.lower() in self.instance_profiles:
            raise already_exists(f"Instance Profile {name} already exists.")
        path = params.get("Path") or "/"
        profile = InstanceProfile(name, ids.unique_id(ids.INSTANCE_PROFILE), path,
                                  self.arn("instance-profile", path, name), now(),
                                  tags=new_tags(params.get("Tags")))
        self.instance_profiles[name.lower()] = profile
        return {"InstanceProfile": instance_profile_view(profile)}

    def get_instance_profile(self, ctx, params) -> dict:
        return {"InstanceProfile": instance_profile_view(self.instance_profile(params["InstanceProfileName"]))}

    def list_instance_profiles(self, ctx, params) -> dict:
        profiles = under_path(self.instance_profiles.values(), params.get("PathPrefix"))
        out = page(profiles, params, by_name, "InstanceProfiles")
        out["InstanceProfiles"] = [instance_profile_view(p, full=False) for p in out["InstanceProfiles"]]
        return out

    def delete_instance_profile(self, ctx, params) -> dict:
        profile = self.instance_profile(params["InstanceProfileName"])
        if profile.roles:
            raise delete_conflict("Cannot delete entity, must remove roles from instance profile first.")
        del self.instance_profiles[profile.name.lower()]
        return {}

    def add_role_to_instance_profile(self, ctx, params) -> dict:
        profile = self.instance_profile(params["InstanceProfileName"])
        role = self.role(params["RoleName"])
        if len(profile.roles) >= MAX_ROLES:
            raise quota("InstanceSessionsPerInstanceProfile", MAX_ROLES)
        profile.roles.append(role)
        role.instance_profiles[profile.profile_id] = profile
        return {}

    def remove_role_from_instance_profile(self, ctx, params) -> dict:
        profile = self.instance_profile(params["InstanceProfileName"])
        role = self.role(params["RoleName"])
        if role not in profile.roles:
            raise no_such_entity(f"The role with name {role.name} cannot be found in instance profile "
                                 f"{profile.name}.")
        profile.roles.remove(role)
        role.instance_profiles.pop(profile.profile_id, None)
        return {}

    def list_instance_profiles_for_role(self, ctx, params) -> dict:
        role = self.role(params["RoleName"])
        profiles = sorted(role.instance_profiles.values(), key=by_name)
        out = page(profiles, params, by_name, "InstanceProfiles")
        out["InstanceProfiles"] = [instance_profile_view(p, full=False) for p in out["InstanceProfiles"]]
        return out

    # -- tags ------------------------------------------------------------------------------
    def tag_instance_profile(self, ctx, params) -> dict:
        profile = self.instance_profile(params["InstanceProfileName"])
        profile.tags.check(params["Tags"])
        profile.tags.merge(params["Tags"])
        return {}

    def untag_instance_profile(self, ctx, params) -> dict:
        self.instance_profile(params["InstanceProfileName"]).tags.remove(params["TagKeys"])
        return {}

    def list_instance_profile_tags(self, ctx, params) -> dict:
        return page(self.instance_profile(params["InstanceProfileName"]).tags.as_list(), params, None, "Tags")
