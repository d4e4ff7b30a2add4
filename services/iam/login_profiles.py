"""Console passwords (login profiles) of users."""
from __future__ import annotations

from iamulator.services.iam.account import now
from iamulator.services.iam.errors import already_exists, no_such_entity, validation_error
from iamulator.services.iam.records import LoginProfile


def _view(user) -> dict:
    profile = user.login_profile
    return {"UserName": user.name, "CreateDate": profile.created, "PasswordResetRequired": profile.reset_required}


class LoginProfileOperations:
    def _named_user(self, ctx, params):
        user = self.caller_user(ctx, params)
        if user is None:
            raise validation_error("The root user's console password is not managed through IAM in iamulator; "
                                   "specify UserName.")
        return user

    def _profile_user(self, ctx, params):
        user = self._named_user(ctx, params)
        if user.login_profile is None:
            raise no_such_entity(f"Login Profile for User {user.name} cannot be found.")
        return user

    def create_login_profile(self, ctx, params) -> dict:
        user = self._named_user(ctx, params)
        if not params.get("Password"):
            raise validation_error("Password is required to create a login profile for an IAM user.")
        if user.login_profile is not None:
            raise already_exists(f"Login Profile for user {user.name} already exists.")
        user.login_profile = LoginProfile(now(), params["Password"], bool(params.get("PasswordResetRequired")))
        return {"LoginProfile": _view(user)}

    def get_login_profile(self, ctx, params) -> dict:
        return {"LoginProfile": _view(self._profile_user(ctx, params))}

    def update_login_profile(self, ctx, params) -> dict:
        user = self._profile_user(ctx, params)
        if params.get("Password"):
            user.login_profile.password = params["Password"]
        if params.get("PasswordResetRequired") is not None:
            user.login_profile.reset_required = params["PasswordResetRequired"]
        return {}

    def delete_login_profile(self, ctx, params) -> dict:
        user = self._profile_user(ctx, params)
        user.login_profile = None
        return {}
