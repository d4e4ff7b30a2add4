"""Users: create, read, list, rename, delete, tags and permissions boundaries."""
from __future__ import annotations

from iamulator.services.iam import ids
from iamulator.services.iam.account import now
from iamulator.services.iam.errors import already_exists, delete_conflict
from iamulator.services.iam.paging import page
from iamulator.services.iam.records import User
from iamulator.services.iam.tags import new_tags
from iamulator.services.iam.views import user_view


def by_name(entity) -> str:
    return entity.name.lower()


def under_path(entities, prefix: str | None) -> list:
    """Entities sorted by name, keeping those whose path starts with ``prefix``."""
    chosen = [e for e in entities if not prefix or e.path.startswith(prefix)]
    chosen.sort(key=by_name)
    return chosen


class UserOperations:
    def create_user(self, ctx, params) -> dict:
        name = params["UserName"]
        if name.lower() in self.users:
            raise already_exists(f"User with name {name} already exists.")
        path = params.get("Path") or "/"
        tags = new_tags(params.get("Tags"))
        boundary = params.get("PermissionsBoundary")
        if boundary:
            self.boundary_policy(boundary)
        user = User(name, ids.unique_id(ids.USER), path, self.arn("user", path, name), now(), tags=tags)
        self.users[name.lower()] = user
        if boundary:
            self.set_boundary(user, boundary)
        return {"User": user_view(user)}

    def get_user(self, ctx, params) -> dict:
        name = params.get("UserName")
        if name:
            return {"User": user_view(self.user(name))}
        return {"User": self.caller_view(ctx)}

    def caller_view(self, ctx) -> dict:
        """GetUser without a name: the user (or root user) whose key signed the request."""
        user = self.caller_user(ctx)
        if user is None:
            return {"UserId": self.account_id, "Arn": self.root_arn, "CreateDate": self.created_at}
        return user_view(user)

    def list_users(self, ctx, params) -> dict:
        users = under_path(self.users.values(), params.get("PathPrefix"))
        out = page(users, params, by_name, "Users")
        out["Users"] = [user_view(u, full=False) for u in out["Users"]]
        return out

    def update_user(self, ctx, params) -> dict:
        user = self.user(params["UserName"])
        new_name = params.get("NewUserName")
        new_path = params.get("NewPath")
        if new_name and new_name != user.name:
            if new_name.lower() in self.users and self.users[new_name.lower()] is not user:
                raise already_exists(f"User with name {new_name} already exists.")
            del self.users[user.name.lower()]
            user.name = new_name
            self.users[new_name.lower()] = user
        if new_path:
            user.path = new_path
        user.arn = self.arn("user", user.path, user.name)
        for key in user.access_keys.values():
            key.credentials = None
        return {}

    def delete_user(self, ctx, params) -> dict:
        user = self.user(params["UserName"])
        if user.login_profile is not None:
            raise delete_conflict("Cannot delete entity, must delete login profile first.")
        if user.access_keys:
            raise delete_conflict("Cannot delete entity, must delete access keys first.")
        if user.inline:
            raise delete_conflict("Cannot delete entity, must delete policies first.")
        if user.attached:
            raise delete_conflict("Cannot delete entity, must detach all policies first.")
        if user.groups:
            raise delete_conflict("Cannot delete entity, must remove users from group first.")
        if user.boundary:
            self.boundary_uses[user.boundary] -= 1
        del self.users[user.name.lower()]
        return {}

    # -- tags ------------------------------------------------------------------------------
    def tag_user(self, ctx, params) -> dict:
        user = self.user(params["UserName"])
        user.tags.check(params["Tags"])
        user.tags.merge(params["Tags"])
        return {}

    def untag_user(self, ctx, params) -> dict:
        self.user(params["UserName"]).tags.remove(params["TagKeys"])
        return {}

    def list_user_tags(self, ctx, params) -> dict:
        return page(self.user(params["UserName"]).tags.as_list(), params, None, "Tags")

    # -- permissions boundaries ------------------------------------------------------------
    def put_user_permissions_boundary(self, ctx, params) -> dict:
        user = self.user(params["UserName"])
        self.boundary_policy(params["PermissionsBoundary"])
        self.set_boundary(user, params["PermissionsBoundary"])
        return {}

    def delete_user_permissions_boundary(self, ctx, params) -> dict:
        self.set_boundary(self.user(params["UserName"]), None)
        return {}
