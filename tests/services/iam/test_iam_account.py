import json

import boto3
import pytest

from iam_support import S3_READ, TRUST_EC2, fails
from iamulator import mock_aws


def test_account_alias(iam):
    assert iam.list_account_aliases()["AccountAliases"] == []
    iam.create_account_alias(AccountAlias="my-company")
    iam.create_account_alias(AccountAlias="my-company")
    assert iam.list_account_aliases()["AccountAliases"] == ["my-company"]
    iam.create_account_alias(AccountAlias="renamed")
    assert iam.list_account_aliases()["AccountAliases"] == ["renamed"]
    assert fails(iam.delete_account_alias, AccountAlias="my-company") == (
        "NoSuchEntity", "The account alias my-company cannot be found.", 404)
    iam.delete_account_alias(AccountAlias="renamed")
    assert iam.list_account_aliases()["AccountAliases"] == []


def test_account_alias_is_unique_across_accounts(iam):
    from iamulator.services.state import STORE

    STORE.backend("iam", "210987654321", "us-east-1").aliases.append("taken")
    assert fails(iam.create_account_alias, AccountAlias="taken") == (
        "EntityAlreadyExists", "The account alias taken already exists.", 409)


@pytest.mark.parametrize("alias", ["Upper", "a", "-leading", "double--dash", "trailing-"])
def test_account_alias_pattern(raw_iam, alias):
    code, message, status = fails(raw_iam.create_account_alias, AccountAlias=alias)
    assert (code, status) == ("ValidationError", 400)
    assert "at 'accountAlias' failed to satisfy constraint" in message


def test_account_summary(iam):
    iam.create_user(UserName="u")
    iam.create_group(GroupName="g")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST_EC2)
    iam.create_policy(PolicyName="p", PolicyDocument=S3_READ)
    summary = iam.get_account_summary()["SummaryMap"]
    assert (summary["Users"], summary["Groups"], summary["Roles"], summary["Policies"]) == (1, 1, 1, 1)
    assert summary["AccessKeysPerUserQuota"] == 2
    assert summary["VersionsPerPolicyQuota"] == 5
    assert summary["AttachedPoliciesPerRoleQuota"] == 10
    assert summary["PolicySizeQuota"] == 6144


def test_authorization_details(iam):
    iam.create_user(UserName="u", Tags=[{"Key": "k", "Value": "v"}])
    iam.put_user_policy(UserName="u", PolicyName="inline", PolicyDocument=S3_READ)
    iam.create_group(GroupName="g")
    iam.add_user_to_group(GroupName="g", UserName="u")
    iam.attach_group_policy(GroupName="g", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST_EC2)
    iam.create_instance_profile(InstanceProfileName="ip")
    iam.add_role_to_instance_profile(InstanceProfileName="ip", RoleName="r")
    mine = iam.create_policy(PolicyName="p", PolicyDocument=S3_READ)["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="r", PolicyArn=mine)
    out = iam.get_account_authorization_details()
    user = out["UserDetailList"][0]
    assert user["UserName"] == "u"
    assert user["UserPolicyList"] == [{"PolicyName": "inline", "PolicyDocument": json.loads(S3_READ)}]
    assert user["GroupList"] == ["g"]
    assert user["Tags"] == [{"Key": "k", "Value": "v"}]
    group = out["GroupDetailList"][0]
    assert group["AttachedManagedPolicies"] == [
        {"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}]
    role = out["RoleDetailList"][0]
    assert role["AssumeRolePolicyDocument"] == json.loads(TRUST_EC2)
    assert [p["InstanceProfileName"] for p in role["InstanceProfileList"]] == ["ip"]
    assert role["AttachedManagedPolicies"] == [{"PolicyName": "p", "PolicyArn": mine}]
    policies = {p["Arn"]: p for p in out["Policies"]}
    assert set(policies) == {mine, "arn:aws:iam::aws:policy/ReadOnlyAccess"}
    assert policies[mine]["PolicyVersionList"] == [{
        "Document": json.loads(S3_READ), "VersionId": "v1", "IsDefaultVersion": True,
        "CreateDate": policies[mine]["PolicyVersionList"][0]["CreateDate"]}]
    assert policies[mine]["AttachmentCount"] == 1
    only_roles = iam.get_account_authorization_details(Filter=["Role"])
    assert (len(only_roles["RoleDetailList"]), only_roles["UserDetailList"], only_roles["Policies"]) == (1, [], [])
    aws_only = iam.get_account_authorization_details(Filter=["AWSManagedPolicy"])["Policies"]
    assert [p["PolicyName"] for p in aws_only] == ["ReadOnlyAccess"]


def test_authorization_details_pagination(iam):
    for i in range(5):
        iam.create_user(UserName=f"u{i}")
    first = iam.get_account_authorization_details(MaxItems=3)
    assert len(first["UserDetailList"]) == 3 and first["IsTruncated"] is True
    rest = iam.get_account_authorization_details(MaxItems=3, Marker=first["Marker"])
    assert [u["UserName"] for u in rest["UserDetailList"]] == ["u3", "u4"]
    assert rest["IsTruncated"] is False


def test_accounts_are_separate():
    with mock_aws():
        iam = boto3.client("iam", region_name="us-east-1")
        iam.create_user(UserName="alice")
        from iamulator.services.state import STORE
        assert STORE.backend("iam", "210987654321", "us-east-1").users == {}
        # IAM is global: every region's endpoint sees the same users.
        assert [u["UserName"] for u in boto3.client("iam", region_name="eu-west-3").list_users()["Users"]] == ["alice"]
