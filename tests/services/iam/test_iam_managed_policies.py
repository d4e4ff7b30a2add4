import json

import pytest

from iam_support import ACCOUNT, S3_READ, TRUST_EC2, allow, fails, policy

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
S3_RO = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"


@pytest.fixture
def mine(iam):
    return iam.create_policy(PolicyName="S3Read", PolicyDocument=S3_READ, Path="/team/",
                             Description="read buckets", Tags=[{"Key": "k", "Value": "v"}])["Policy"]


def test_create_policy(mine):
    assert mine["Arn"] == f"arn:aws:iam::{ACCOUNT}:policy/team/S3Read"
    assert mine["PolicyId"].startswith("ANPA") and len(mine["PolicyId"]) == 21
    assert (mine["DefaultVersionId"], mine["AttachmentCount"], mine["IsAttachable"]) == ("v1", 0, True)
    assert mine["PermissionsBoundaryUsageCount"] == 0
    assert mine["Description"] == "read buckets"
    assert mine["Tags"] == [{"Key": "k", "Value": "v"}]


def test_duplicate_policy_name(iam, mine):
    assert fails(iam.create_policy, PolicyName="s3read", PolicyDocument=S3_READ) == (
        "EntityAlreadyExists", "A policy called s3read already exists. Duplicate names are not allowed.", 409)


def test_customer_policy_may_share_a_name_with_an_aws_policy(iam):
    local = iam.create_policy(PolicyName="ReadOnlyAccess", PolicyDocument=S3_READ)["Policy"]
    assert local["Arn"] == f"arn:aws:iam::{ACCOUNT}:policy/ReadOnlyAccess"
    names = [p["Arn"] for page in iam.get_paginator("list_policies").paginate(Scope="All")
             for p in page["Policies"] if p["PolicyName"] == "ReadOnlyAccess"]
    assert sorted(names) == sorted([READ_ONLY, local["Arn"]])


def test_managed_policy_validation(iam):
    assert fails(iam.create_policy, PolicyName="p", PolicyDocument=policy({"Effect": "Allow", "Action": "s3:*"})) == (
        "MalformedPolicyDocument", "Policy statement must contain resources.", 400)
    big = policy(allow("s3:GetObject", [f"arn:aws:s3:::bucket-{i:05d}/*" for i in range(250)]))
    assert fails(iam.create_policy, PolicyName="p", PolicyDocument=big) == (
        "LimitExceeded", "Cannot exceed quota for PolicySize: 6144", 409)


def test_get_policy_and_missing(iam, mine):
    assert iam.get_policy(PolicyArn=mine["Arn"])["Policy"]["PolicyName"] == "S3Read"
    missing = f"arn:aws:iam::{ACCOUNT}:policy/nope"
    assert fails(iam.get_policy, PolicyArn=missing) == ("NoSuchEntity", f"Policy {missing} was not found.", 404)
    assert fails(iam.get_policy, PolicyArn="arn:aws:iam::aws:policy/NoSuchThing")[0] == "NoSuchEntity"


def test_aws_managed_policies_exist_in_every_account(iam):
    got = iam.get_policy(PolicyArn=ADMIN)["Policy"]
    assert got["PolicyName"] == "AdministratorAccess"
    assert got["Path"] == "/"
    assert got["PolicyId"].startswith("ANPA")
    version = iam.get_policy_version(PolicyArn=ADMIN, VersionId=got["DefaultVersionId"])["PolicyVersion"]
    assert version["Document"] == {"Version": "2012-10-17",
                                   "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    assert version["IsDefaultVersion"] is True
    assert fails(iam.get_policy_version, PolicyArn=ADMIN, VersionId="v99") == (
        "NoSuchEntity", f"Policy {ADMIN} version v99 does not exist or is not attachable.", 404)
    versions = iam.list_policy_versions(PolicyArn=ADMIN)["Versions"]
    assert [v["VersionId"] for v in versions] == [got["DefaultVersionId"]]


def test_list_aws_policies(iam):
    first = iam.list_policies(Scope="AWS", MaxItems=1000)
    assert len(first["Policies"]) == 1000 and first["IsTruncated"] is True
    everything = [p for page in iam.get_paginator("list_policies").paginate(Scope="AWS") for p in page["Policies"]]
    names = {p["PolicyName"] for p in everything}
    assert {"AdministratorAccess", "ReadOnlyAccess", "PowerUserAccess", "AmazonS3ReadOnlyAccess"} <= names
    assert all(p["Arn"].startswith("arn:aws:iam::aws:policy/") for p in everything)
    assert len(everything) == len({p["Arn"] for p in everything}) > 1000
    job = iam.list_policies(Scope="AWS", PathPrefix="/job-function/")["Policies"]
    assert job and all(p["Path"] == "/job-function/" for p in job)


def test_list_policies_scopes_and_filters(iam, mine):
    local = iam.list_policies(Scope="Local")["Policies"]
    assert [p["PolicyName"] for p in local] == ["S3Read"]
    assert "Tags" not in local[0] and "Description" not in local[0]
    assert iam.list_policies(OnlyAttached=True)["Policies"] == []
    iam.create_user(UserName="u")
    iam.attach_user_policy(UserName="u", PolicyArn=S3_RO)
    iam.put_user_permissions_boundary(UserName="u", PermissionsBoundary=mine["Arn"])
    attached = iam.list_policies(OnlyAttached=True)["Policies"]
    assert [(p["PolicyName"], p["AttachmentCount"]) for p in attached] == [("AmazonS3ReadOnlyAccess", 1)]
    boundaries = iam.list_policies(PolicyUsageFilter="PermissionsBoundary")["Policies"]
    assert [(p["PolicyName"], p["PermissionsBoundaryUsageCount"]) for p in boundaries] == [("S3Read", 1)]
    assert [p["PolicyName"] for p in iam.list_policies(Scope="Local", PathPrefix="/team/")["Policies"]] == ["S3Read"]
    assert iam.list_policies(Scope="Local", PathPrefix="/other/")["Policies"] == []


def test_policy_versions(iam, mine):
    arn = mine["Arn"]
    v2 = iam.create_policy_version(PolicyArn=arn, PolicyDocument=policy(allow("sqs:*")))["PolicyVersion"]
    assert (v2["VersionId"], v2["IsDefaultVersion"]) == ("v2", False)
    v3 = iam.create_policy_version(PolicyArn=arn, PolicyDocument=policy(allow("sns:*")), SetAsDefault=True)
    assert v3["PolicyVersion"]["IsDefaultVersion"] is True
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v3"
    listed = iam.list_policy_versions(PolicyArn=arn)["Versions"]
    assert [(v["VersionId"], v["IsDefaultVersion"]) for v in listed] == [("v3", True), ("v2", False), ("v1", False)]
    assert "Document" not in listed[0]
    assert iam.get_policy_version(PolicyArn=arn, VersionId="v2")["PolicyVersion"]["Document"] == json.loads(
        policy(allow("sqs:*")))
    iam.set_default_policy_version(PolicyArn=arn, VersionId="v1")
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v1"
    iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
    assert [v["VersionId"] for v in iam.list_policy_versions(PolicyArn=arn)["Versions"]] == ["v3", "v1"]
    # Version numbers are never reused.
    assert iam.create_policy_version(PolicyArn=arn, PolicyDocument=S3_READ)["PolicyVersion"]["VersionId"] == "v4"


def test_policy_version_errors(iam, mine):
    arn = mine["Arn"]
    assert fails(iam.delete_policy_version, PolicyArn=arn, VersionId="v1") == (
        "DeleteConflict", "Cannot delete the default version of a policy.", 409)
    assert fails(iam.get_policy_version, PolicyArn=arn, VersionId="v7") == (
        "NoSuchEntity", f"Policy {arn} version v7 does not exist or is not attachable.", 404)
    assert fails(iam.set_default_policy_version, PolicyArn=arn, VersionId="v7")[0] == "NoSuchEntity"
    assert fails(iam.create_policy_version, PolicyArn=arn, PolicyDocument="nope")[0] == "MalformedPolicyDocument"
    for _ in range(4):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=S3_READ)
    assert fails(iam.create_policy_version, PolicyArn=arn, PolicyDocument=S3_READ) == (
        "LimitExceeded", "A managed policy can have up to 5 versions. Before you create a new version, "
                         "you must delete an existing version.", 409)


def test_aws_policies_cannot_be_changed(iam):
    for call, kwargs in [(iam.delete_policy, {}), (iam.create_policy_version, {"PolicyDocument": S3_READ}),
                         (iam.set_default_policy_version, {"VersionId": "v1"}),
                         (iam.delete_policy_version, {"VersionId": "v1"})]:
        code, _, status = fails(call, PolicyArn=ADMIN, **kwargs)
        assert (code, status) == ("UnmodifiableEntity", 400)


@pytest.mark.parametrize("kind, name_param, create, quota", [
    ("user", "UserName", lambda iam: iam.create_user(UserName="e"), "PoliciesPerUser"),
    ("group", "GroupName", lambda iam: iam.create_group(GroupName="e"), "PoliciesPerGroup"),
    ("role", "RoleName", lambda iam: iam.create_role(RoleName="e", AssumeRolePolicyDocument=TRUST_EC2),
     "PoliciesPerRole"),
])
def test_attach_list_detach(iam, mine, kind, name_param, create, quota):
    create(iam)
    attach = getattr(iam, f"attach_{kind}_policy")
    detach = getattr(iam, f"detach_{kind}_policy")
    listed = getattr(iam, f"list_attached_{kind}_policies")
    attach(**{name_param: "e"}, PolicyArn=mine["Arn"])
    attach(**{name_param: "e"}, PolicyArn=READ_ONLY)
    attach(**{name_param: "e"}, PolicyArn=READ_ONLY)     # attaching twice changes nothing
    assert listed(**{name_param: "e"})["AttachedPolicies"] == [
        {"PolicyName": "S3Read", "PolicyArn": mine["Arn"]}, {"PolicyName": "ReadOnlyAccess", "PolicyArn": READ_ONLY}]
    assert listed(**{name_param: "e"}, PathPrefix="/team/")["AttachedPolicies"] == [
        {"PolicyName": "S3Read", "PolicyArn": mine["Arn"]}]
    assert iam.get_policy(PolicyArn=READ_ONLY)["Policy"]["AttachmentCount"] == 1
    assert iam.get_policy(PolicyArn=mine["Arn"])["Policy"]["AttachmentCount"] == 1
    detach(**{name_param: "e"}, PolicyArn=READ_ONLY)
    assert iam.get_policy(PolicyArn=READ_ONLY)["Policy"]["AttachmentCount"] == 0
    assert fails(detach, **{name_param: "e"}, PolicyArn=READ_ONLY) == (
        "NoSuchEntity", f"Policy {READ_ONLY} was not found.", 404)
    missing = f"arn:aws:iam::{ACCOUNT}:policy/missing"
    assert fails(attach, **{name_param: "e"}, PolicyArn=missing) == (
        "NoSuchEntity", f"Policy {missing} does not exist or is not attachable.", 404)
    assert fails(attach, **{name_param: "ghost"}, PolicyArn=READ_ONLY)[0] == "NoSuchEntity"
    aws = [p["Arn"] for p in iam.list_policies(Scope="AWS", PathPrefix="/job-function/")["Policies"]]
    for arn in aws[:9]:
        attach(**{name_param: "e"}, PolicyArn=arn)
    assert fails(attach, **{name_param: "e"}, PolicyArn=ADMIN) == (
        "LimitExceeded", f"Cannot exceed quota for {quota}: 10", 409)


def test_attach_another_accounts_policy(iam):
    iam.create_user(UserName="u")
    other = "arn:aws:iam::999999999999:policy/theirs"
    assert fails(iam.attach_user_policy, UserName="u", PolicyArn=other) == (
        "NoSuchEntity", f"Policy {other} does not exist or is not attachable.", 404)


def test_delete_policy(iam, mine):
    arn = mine["Arn"]
    iam.create_user(UserName="u")
    iam.attach_user_policy(UserName="u", PolicyArn=arn)
    assert fails(iam.delete_policy, PolicyArn=arn) == (
        "DeleteConflict", "Cannot delete a policy attached to entities.", 409)
    iam.detach_user_policy(UserName="u", PolicyArn=arn)
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=S3_READ)
    assert fails(iam.delete_policy, PolicyArn=arn) == (
        "DeleteConflict", "This policy has more than one version. Before you delete a policy, you must delete "
                          "the policy's versions. The default version is deleted with the policy.", 409)
    iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
    iam.delete_policy(PolicyArn=arn)
    assert fails(iam.get_policy, PolicyArn=arn)[0] == "NoSuchEntity"
    assert fails(iam.delete_policy, PolicyArn=arn)[0] == "NoSuchEntity"
    # The name is free again.
    iam.create_policy(PolicyName="S3Read", PolicyDocument=S3_READ)


def test_policy_used_as_boundary_cannot_be_deleted(iam, mine):
    iam.create_user(UserName="u", PermissionsBoundary=mine["Arn"])
    assert fails(iam.delete_policy, PolicyArn=mine["Arn"])[0] == "DeleteConflict"


def test_list_entities_for_policy(iam, mine):
    arn = mine["Arn"]
    iam.create_user(UserName="zed", Path="/a/")
    iam.create_user(UserName="amy")
    iam.create_group(GroupName="g")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST_EC2)
    iam.attach_user_policy(UserName="zed", PolicyArn=arn)
    iam.attach_group_policy(GroupName="g", PolicyArn=arn)
    iam.attach_role_policy(RoleName="r", PolicyArn=arn)
    iam.put_user_permissions_boundary(UserName="amy", PermissionsBoundary=arn)
    out = iam.list_entities_for_policy(PolicyArn=arn)
    assert [u["UserName"] for u in out["PolicyUsers"]] == ["amy", "zed"]
    assert [g["GroupName"] for g in out["PolicyGroups"]] == ["g"]
    assert [r["RoleName"] for r in out["PolicyRoles"]] == ["r"]
    assert out["PolicyUsers"][0]["UserId"].startswith("AIDA")
    permissions = iam.list_entities_for_policy(PolicyArn=arn, PolicyUsageFilter="PermissionsPolicy")
    assert [u["UserName"] for u in permissions["PolicyUsers"]] == ["zed"]
    bounds = iam.list_entities_for_policy(PolicyArn=arn, PolicyUsageFilter="PermissionsBoundary")
    assert ([u["UserName"] for u in bounds["PolicyUsers"]], bounds["PolicyGroups"], bounds["PolicyRoles"]) == (
        ["amy"], [], [])
    only_roles = iam.list_entities_for_policy(PolicyArn=arn, EntityFilter="Role")
    assert (only_roles["PolicyUsers"], [r["RoleName"] for r in only_roles["PolicyRoles"]]) == ([], ["r"])
    assert [u["UserName"] for u in iam.list_entities_for_policy(PolicyArn=arn, PathPrefix="/a/")["PolicyUsers"]] == [
        "zed"]
    first = iam.list_entities_for_policy(PolicyArn=arn, MaxItems=2)
    assert first["IsTruncated"] is True
    rest = iam.list_entities_for_policy(PolicyArn=arn, MaxItems=2, Marker=first["Marker"])
    assert len(first["PolicyGroups"] + first["PolicyUsers"] + first["PolicyRoles"]
               + rest["PolicyGroups"] + rest["PolicyUsers"] + rest["PolicyRoles"]) == 4
    assert fails(iam.list_entities_for_policy, PolicyArn=f"arn:aws:iam::{ACCOUNT}:policy/none")[0] == "NoSuchEntity"


def test_aws_policy_attachment_count_is_per_account(iam):
    iam.create_user(UserName="u")
    iam.attach_user_policy(UserName="u", PolicyArn=ADMIN)
    from iamulator.services.state import STORE
    other = STORE.backend("iam", "210987654321", "us-east-1")
    assert other.attachments[ADMIN] == 0
    assert iam.get_policy(PolicyArn=ADMIN)["Policy"]["AttachmentCount"] == 1


def test_policy_tags(iam, mine):
    arn = mine["Arn"]
    iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "a", "Value": "1"}])
    assert iam.list_policy_tags(PolicyArn=arn)["Tags"] == [{"Key": "k", "Value": "v"}, {"Key": "a", "Value": "1"}]
    iam.untag_policy(PolicyArn=arn, TagKeys=["k"])
    assert iam.list_policy_tags(PolicyArn=arn)["Tags"] == [{"Key": "a", "Value": "1"}]
    assert iam.get_policy(PolicyArn=arn)["Policy"]["Tags"] == [{"Key": "a", "Value": "1"}]
    assert fails(iam.tag_policy, PolicyArn=f"arn:aws:iam::{ACCOUNT}:policy/x", Tags=[{"Key": "a", "Value": "b"}])[0] == (
        "NoSuchEntity")
