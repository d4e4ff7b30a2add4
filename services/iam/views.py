"""Entities as IAM's responses show them. List operations show fewer members than Get
operations (IAM leaves out tags, boundaries and last use from lists)."""
from __future__ import annotations

from iamulator.services.iam.documents import encoded


def boundary_view(arn: str | None) -> dict | None:
    if arn is None:
        return None
    return {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": arn}


def user_view(user, full: bool = True) -> dict:
    out = {"Path": user.path, "UserName": user.name, "UserId": user.unique_id, "Arn": user.arn,
           "CreateDate": user.created}
    if user.password_last_used is not None:
        out["PasswordLastUsed"] = user.password_last_used
    if full:
        if user.boundary:
            out["PermissionsBoundary"] = boundary_view(user.boundary)
        if user.tags:
            out["Tags"] = user.tags.as_list()
    return out


def group_view(group) -> dict:
    return {"Path": group.path, "GroupName": group.name, "GroupId": group.unique_id,
            "Arn": group.arn, "CreateDate": group.created}


def role_last_used(role) -> dict:
    if role.last_used is None:
        return {}
    return {"LastUsedDate": role.last_used, "Region": role.last_used_region}


def role_view(role, full: bool = True) -> dict:
    out = {"Path": role.path, "RoleName": role.name, "RoleId": role.unique_id, "Arn": role.arn,
           "CreateDate": role.created, "AssumeRolePolicyDocument": encoded(role.trust),
           "MaxSessionDuration": role.max_session_duration}
    if role.description is not None:
        out["Description"] = role.description
    if full:
        if role.boundary:
            out["PermissionsBoundary"] = boundary_view(role.boundary)
        if role.tags:
            out["Tags"] = role.tags.as_list()
        out["RoleLastUsed"] = role_last_used(role)
    return out


def instance_profile_view(profile, full: bool = True) -> dict:
    out = {"Path": profile.path, "InstanceProfileName": profile.name,
           "InstanceProfileId": profile.profile_id, "Arn": profile.arn,
           "CreateDate": profile.created, "Roles": [role_view(r, full=False) for r in profile.roles]}
    if full and profile.tags:
        out["Tags"] = profile.tags.as_list()
    return out


def policy_view(policy, attachments: int, boundary_uses: int, full: bool = True) -> dict:
    """A customer managed policy (``records.ManagedPolicy``) or an AWS managed one
    (``policies.AwsManagedPolicy``)."""
    if hasattr(policy, "versions"):
        out = {"PolicyName": policy.name, "PolicyId": policy.policy_id, "Arn": policy.arn,
               "Path": policy.path, "DefaultVersionId": policy.default_version_id,
               "AttachmentCount": attachments, "PermissionsBoundaryUsageCount": boundary_uses,
               "IsAttachable": True, "CreateDate": policy.created, "UpdateDate": policy.updated}
        if full:
            if policy.description is not None:
                out["Description"] = policy.description
            if policy.tags:
                out["Tags"] = policy.tags.as_list()
        return out
    return {"PolicyName": policy.name, "PolicyId": policy.policy_id, "Arn": policy.arn,
            "Path": policy.path, "DefaultVersionId": policy.default_version_id,
            "AttachmentCount": attachments, "PermissionsBoundaryUsageCount": boundary_uses,
            "IsAttachable": True, "CreateDate": policy.create_date, "UpdateDate": policy.update_date}


def version_view(version, is_default: bool, with_document: bool = True) -> dict:
    out = {"VersionId": version.version_id, "IsDefaultVersion": is_default, "CreateDate": version.created}
    if with_document:
        out["Document"] = encoded(version.document)
    return out


def aws_version_view(policy, with_document: bool = True) -> dict:
    out = {"VersionId": policy.default_version_id, "IsDefaultVersion": True,
           "CreateDate": policy.update_date}
    if with_document:
        out["Document"] = encoded(policy.text)
    return out


def attached_view(arn: str) -> dict:
    return {"PolicyName": arn.rsplit("/", 1)[-1], "PolicyArn": arn}


def inline_details(inline: dict) -> list[dict]:
    return [{"PolicyName": name, "PolicyDocument": encoded(doc)} for name, doc in sorted(inline.items())]
