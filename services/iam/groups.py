"""Groups and their members."""
from __future__ import annotations

from iamulator.services.iam import ids
from iamulator.services.iam.account import now
from iamulator.services.iam.errors import already_exists, delete_conflict, no_such_entity, quota
from iamulator.services.iam.paging import page
from iamulator.services.iam.records import Group
from iamulator.services.iam.users import by_name, under_path
from iamulator.services.iam.views import group_view, user_view

# Groups one user may belong to (IAM's quota).
MAX_GROUPS_PER_USER = 10


class GroupOperations:
    def create_group(self, ctx, params) -> dict:
        name = params["GroupName"]
        if name.lower() in self.groups:
            raise already_exists(f"Group with name {name} already exists.")
        path = params.get("Path") or "/"
        group = Group(name, ids.unique_id(ids.GROUP), path, self.arn("group", path, name), now())
        self.groups[name.lower()] = group
        return {"Group": group_view(group)}

    def get_group(self, ctx, params) -> dict:
        group = self.group(params["GroupName"])
        members = sorted(group.members.values(), key=by_name)
        out = page(members, params, by_name, "Users")
        out["Users"] = [user_view(u, full=False) for u in out["Users"]]
        out["Group"] = group_view(group)
        return out

    def list_groups(self, ctx, params) -> dict:
        groups = under_path(self.groups.values(), params.get("PathPrefix"))
        out = page(groups, params, by_name, "Groups")
        out["Groups"] = [group_view(g) for g in out["Groups"]]
        return out

    def update_group(self, ctx, params) -> dict:
        group = self.group(params["GroupName"])
        new_name = params.get("NewGroupName")
        if new_name and new_name != group.name:
            if new_name.lower() in self.groups and self.groups[new_name.lower()] is not group:
                raise already_exists(f"Group with name {new_name} already exists.")
            del self.groups[group.name.lower()]
            group.name = new_name
            self.groups[new_name.lower()] = group
        if params.get("NewPath"):
            group.path = params["NewPath"]
        group.arn = self.arn("group", group.path, group.name)
        return {}

    def delete_group(self, ctx, params) -> dict:
        group = self.group(params["GroupName"])
        if group.members:
            raise delete_conflict("Cannot delete entity, must remove users from group first.")
        if group.inline:
            raise delete_conflict("Cannot delete entity, must delete policies first.")
        if group.attached:
            raise delete_conflict("Cannot delete entity, must detach all policies first.")
        del self.groups[group.name.lower()]
        return {}

    def add_user_to_group(self, ctx, params) -> dict:
        group = self.group(params["GroupName"])
        user = self.user(params["UserName"])
        if user.unique_id in group.members:
            return {}
        if len(user.groups) >= MAX_GROUPS_PER_USER:
            raise quota("GroupsPerUser", MAX_GROUPS_PER_USER)
        group.members[user.unique_id] = user
        user.groups[group.unique_id] = group
        return {}

    def remove_user_from_group(self, ctx, params) -> dict:
        group = self.group(params["GroupName"])
        user = self.user(params["UserName"])
        if user.unique_id not in group.members:
            raise no_such_entity(f"User {user.name} does not belong to group {group.name}.")
        del group.members[user.unique_id]
        del user.groups[group.unique_id]
        return {}

    def list_groups_for_user(self, ctx, params) -> dict:
        user = self.user(params["UserName"])
        groups = sorted(user.groups.values(), key=by_name)
        out = page(groups, params, by_name, "Groups")
        out["Groups"] = [group_view(g) for g in out["Groups"]]
        return out
