"""Roles: trust policies, session duration, tags, boundaries, service-linked roles."""
from __future__ import annotations

import json
import re

from iamulator.services.iam import ids
from iamulator.services.iam.account import now, uncount
from iamulator.services.iam.documents import compile_document
from iamulator.services.iam.errors import (already_exists, delete_conflict, invalid_input, no_such_entity,
                                           unmodifiable)
from iamulator.services.iam.paging import page
from iamulator.services.iam.records import Role
from iamulator.services.iam.tags import new_tags
from iamulator.services.iam.users import by_name, under_path
from iamulator.services.iam.views import role_view

SERVICE_ROLE_PREFIX = "AWSServiceRoleFor"


def protected(role) -> None:
    """Service-linked roles belong to their service: IAM refuses to change them."""
    if role.service_linked:
        raise unmodifiable(f"Cannot perform the operation on the protected role '{role.name}' - "
                           "this role is only modifiable by AWS")


def service_role_name(service: str, suffix: str | None) -> str:
    host = service.split(".amazonaws.com", 1)[0]
    words = re.split(r"[.-]", host)
    name = SERVICE_ROLE_PREFIX + "".join(w[:1].upper() + w[1:] for w in words if w)
    return f"{name}_{suffix}" if suffix else name


class RoleOperations:
    def create_role(self, ctx, params) -> dict:
        name = params["RoleName"]
        if name.lower() in self.roles:
            raise already_exists(f"Role with name {name} already exists.")
        trust = compile_document(params["AssumeRolePolicyDocument"], "trust")
        tags = new_tags(params.get("Tags"))
        boundary = params.get("PermissionsBoundary")
        if boundary:
            self.boundary_policy(boundary)
        path = params.get("Path") or "/"
        role = Role(name, ids.unique_id(ids.ROLE), path, self.arn("role", path, name), now(),
                    trust=trust, description=params.get("Description"),
                    max_session_duration=params.get("MaxSessionDuration") or 3600, tags=tags)
        self.roles[name.lower()] = role
        if boundary:
            self.set_boundary(role, boundary)
        return {"Role": role_view(role)}

    def get_role(self, ctx, params) -> dict:
        return {"Role": role_view(self.role(params["RoleName"]))}

    def list_roles(self, ctx, params) -> dict:
        roles = under_path(self.roles.values(), params.get("PathPrefix"))
        out = page(roles, params, by_name, "Roles")
        out["Roles"] = [role_view(r, full=False) for r in out["Roles"]]
        return out

    def update_role(self, ctx, params) -> dict:
        role = self.role(params["RoleName"])
        if "Description" in params:
            role.description = params["Description"]
        if params.get("MaxSessionDuration") is not None:
            role.max_session_duration = params["MaxSessionDuration"]
        return {}

    def update_role_description(self, ctx, params) -> dict:
        role = self.role(params["RoleName"])
        role.description = params["Description"]
        return {"Role": role_view(role)}

    def update_assume_role_policy(self, ctx, params) -> dict:
        role = self.role(params["RoleName"])
        protected(role)
        role.trust = compile_document(params["PolicyDocument"], "trust")
        return {}

    def delete_role(self, ctx, params) -> dict:
        role = self.role(params["RoleName"])
        protected(role)
        self._delete_role(role)
        return {}

    def _delete_role(self, role) -> None:
        if role.instance_profiles:
            raise delete_conflict("Cannot delete entity, must remove roles from instance profile first.")
        if role.inline:
            raise delete_conflict("Cannot delete entity, must delete policies first.")
        if role.attached:
            raise delete_conflict("Cannot delete entity, must detach all policies first.")
        if role.boundary:
            uncount(self.boundary_uses, role.boundary)
        del self.roles[role.name.lower()]

    # -- tags ------------------------------------------------------------------------------
    def tag_role(self, ctx, params) -> dict:
        role = self.role(params["RoleName"])
        role.tags.check(params["Tags"])
        role.tags.merge(params["Tags"])
        return {}

    def untag_role(self, ctx, params) -> dict:
        self.role(params["RoleName"]).tags.remove(params["TagKeys"])
        return {}

    def list_role_tags(self, ctx, params) -> dict:
        return page(self.role(params["RoleName"]).tags.as_list(), params, None, "Tags")

    # -- permissions boundaries ------------------------------------------------------------
    def put_role_permissions_boundary(self, ctx, params) -> dict:
        role = self.role(params["RoleName"])
        protected(role)
        self.boundary_policy(params["PermissionsBoundary"])
        self.set_boundary(role, params["PermissionsBoundary"])
        return {}

    def delete_role_permissions_boundary(self, ctx, params) -> dict:
        role = self.role(params["RoleName"])
        protected(role)
        self.set_boundary(role, None)
        return {}

    # -- service-linked roles --------------------------------------------------------------
    def create_service_linked_role(self, ctx, params) -> dict:
        service = params["AWSServiceName"]
        if not service.endswith(".amazonaws.com"):
            raise invalid_input(f"Invalid service name: {service}. A service principal ends in .amazonaws.com.")
        name = service_role_name(service, params.get("CustomSuffix"))
        if name.lower() in self.roles:
            raise invalid_input(f"Service role name {name} has been taken in this account, "
                                "please try a different suffix.")
        trust = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": [service]}, "Action": ["sts:AssumeRole"]}]})
        path = f"/aws-service-role/{service}/"
        role = Role(name, ids.unique_id(ids.ROLE), path, self.arn("role", path, name), now(),
                    trust=compile_document(trust, "trust"), description=params.get("Description"),
                    service_linked=True)
        self.roles[name.lower()] = role
        return {"Role": role_view(role)}

    def delete_service_linked_role(self, ctx, params) -> dict:
        role = self.role(params["RoleName"])
        if not role.service_linked:
            raise invalid_input(f"Role {role.name} is not a service-linked role.")
        role.inline.clear()
        for arn in list(role.attached):
            self.detach(role, arn)
        for profile in list(role.instance_profiles.values()):
            profile.roles.remove(role)
        role.instance_profiles.clear()
        self._delete_role(role)
        import uuid      # here: importing uuid costs more than every IAM module together

        service = role.path.strip("/").split("/", 1)[-1]
        task = f"task/aws-service-role/{service}/{role.name}/{uuid.uuid4()}"
        self.deletion_tasks[task] = "SUCCEEDED"
        return {"DeletionTaskId": task}

    def get_service_linked_role_deletion_status(self, ctx, params) -> dict:
        task = params["DeletionTaskId"]
        status = self.deletion_tasks.get(task)
        if status is None:
            raise no_such_entity(f"Deletion task {task} cannot be found.")
        return {"Status": status}
