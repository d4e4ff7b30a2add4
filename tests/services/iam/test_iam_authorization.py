"""IAM's operations under narrow policies: ARNs with paths, ``iam:PermissionsBoundary`` from the
request and from the stored user, ``iam:PassedToService`` on PassRole, ``iam:ResourceTag`` /
``aws:ResourceTag`` from stored tags, request tags. IAM speaks the query protocol: a denial is
``AccessDenied``, 403."""
import boto3
import pytest
from botocore.config import Config

from iam_support import ACCOUNT, allow, arn, deny, fails, policy, trust_account
from iamulator import mock_aws, set_initial_no_auth_action_count

BOUNDARY = f"arn:aws:iam::{ACCOUNT}:policy/boundary"
OTHER_BOUNDARY = f"arn:aws:iam::{ACCOUNT}:policy/other-boundary"


@pytest.fixture
def admin():
    with set_initial_no_auth_action_count(0), mock_aws():
        iam = boto3.client("iam", region_name="us-east-1")
        for name in ("boundary", "other-boundary"):
            iam.create_policy(PolicyName=name, PolicyDocument=policy(allow("s3:*")))
        yield iam


def acting(admin, name, *statements, service="iam"):
    """A client of ``service`` acting as a new user whose inline policy has ``statements``."""
    admin.create_user(UserName=name)
    admin.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=policy(*statements))
    key = admin.create_access_key(UserName=name)["AccessKey"]
    return boto3.client(service, region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"], config=Config(retries={"max_attempts": 1}))


def test_create_user_under_one_path(admin):
    client = acting(admin, "hr", allow("iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/engineering/*"))
    assert client.create_user(UserName="eve", Path="/engineering/")["User"]["Arn"] == arn("user", "eve",
                                                                                         "/engineering/")
    assert fails(client.create_user, UserName="sam", Path="/sales/") == (
        "AccessDenied",
        f"User: {arn('user', 'hr')} is not authorized to perform: iam:CreateUser on resource: "
        f"{arn('user', 'sam', '/sales/')} because no identity-based policy allows the iam:CreateUser action", 403)


def test_an_explicit_deny_names_the_stored_users_path(admin):
    admin.create_user(UserName="ceo", Path="/exec/")
    client = acting(admin, "ops", allow("iam:*"), deny("iam:DeleteUser", f"arn:aws:iam::{ACCOUNT}:user/exec/*"))
    assert fails(client.delete_user, UserName="ceo") == (
        "AccessDenied",
        f"User: {arn('user', 'ops')} is not authorized to perform: iam:DeleteUser on resource: "
        f"{arn('user', 'ceo', '/exec/')} with an explicit deny in an identity-based policy", 403)
    admin.create_user(UserName="temp")
    client.delete_user(UserName="temp")


def test_permissions_boundary_required_on_create_user(admin):
    client = acting(admin, "delegate", allow("iam:CreateUser", Condition={
        "StringEquals": {"iam:PermissionsBoundary": BOUNDARY}}))
    client.create_user(UserName="bounded", PermissionsBoundary=BOUNDARY)
    assert admin.get_user(UserName="bounded")["User"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == BOUNDARY
    code, message, status = fails(client.create_user, UserName="free")
    assert (code, status) == ("AccessDenied", 403)
    assert message == (f"User: {arn('user', 'delegate')} is not authorized to perform: iam:CreateUser on resource: "
                       f"{arn('user', 'free')} because no identity-based policy allows the iam:CreateUser action")
    assert fails(client.create_user, UserName="other", PermissionsBoundary=OTHER_BOUNDARY)[0] == "AccessDenied"
    assert "free" not in [u["UserName"] for u in admin.list_users()["Users"]]


def test_permissions_boundary_on_put_user_permissions_boundary_and_from_the_stored_user(admin):
    admin.create_user(UserName="bounded", PermissionsBoundary=BOUNDARY)
    admin.create_user(UserName="free")
    only_bounded = {"StringEquals": {"iam:PermissionsBoundary": BOUNDARY}}
    client = acting(admin, "delegate", allow(["iam:PutUserPermissionsBoundary", "iam:PutUserPolicy"],
                                             Condition=only_bounded))
    client.put_user_permissions_boundary(UserName="free", PermissionsBoundary=BOUNDARY)
    assert fails(client.put_user_permissions_boundary, UserName="free",
                 PermissionsBoundary=OTHER_BOUNDARY)[0] == "AccessDenied"
    # PutUserPolicy carries the boundary the user already has.
    admin.create_user(UserName="loose")
    client.put_user_policy(UserName="bounded", PolicyName="x", PolicyDocument=policy(allow("s3:GetObject")))
    assert fails(client.put_user_policy, UserName="loose", PolicyName="x",
                 PolicyDocument=policy(allow("s3:GetObject")))[0] == "AccessDenied"


def test_passed_to_service_on_pass_role(admin):
    role = admin.create_role(RoleName="stream-writer", AssumeRolePolicyDocument=trust_account())["Role"]["Arn"]
    admin_logs = boto3.client("logs", region_name="us-east-1")
    admin_logs.create_log_group(logGroupName="/app")
    filt = {"logGroupName": "/app", "filterName": "f", "filterPattern": "",
            "destinationArn": f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/s", "roleArn": role}
    logs = acting(admin, "wiring", allow("logs:PutSubscriptionFilter"),
                  allow("iam:PassRole", role, Condition={"StringEquals": {"iam:PassedToService": "logs.amazonaws.com"}}),
                  service="logs")
    logs.put_subscription_filter(**filt)
    other = acting(admin, "wrong", allow("logs:PutSubscriptionFilter"),
                   allow("iam:PassRole", role, Condition={"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}),
                   service="logs")
    code, message, status = fails(other.put_subscription_filter, **filt)
    # Logs speaks JSON, so the denial of the PassRole it needs is Logs' AccessDeniedException.
    assert (code, status) == ("AccessDeniedException", 400)
    assert message == (f"User: {arn('user', 'wrong')} is not authorized to perform: iam:PassRole on resource: {role} "
                       "because no identity-based policy allows the iam:PassRole action")


@pytest.mark.parametrize("key", ["iam:ResourceTag/team", "aws:ResourceTag/team"])
def test_stored_tags_as_resource_tags(admin, key):
    admin.create_user(UserName="core-dev", Tags=[{"Key": "team", "Value": "core"}])
    admin.create_user(UserName="ops-dev", Tags=[{"Key": "team", "Value": "ops"}])
    admin.create_role(RoleName="core-role", AssumeRolePolicyDocument=trust_account(),
                      Tags=[{"Key": "team", "Value": "core"}])
    client = acting(admin, "lead", allow(["iam:ListUserPolicies", "iam:GetRole"],
                                         Condition={"StringEquals": {key: "core"}}))
    assert client.list_user_policies(UserName="core-dev")["PolicyNames"] == []
    assert client.get_role(RoleName="core-role")["Role"]["RoleName"] == "core-role"
    assert fails(client.list_user_policies, UserName="ops-dev")[0] == "AccessDenied"


def test_request_tags_and_tag_keys(admin):
    client = acting(admin, "tagger",
                    allow(["iam:CreateUser", "iam:TagUser"], Condition={
                        "StringEquals": {"aws:RequestTag/team": "core"},
                        "ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}),
                    allow("iam:UntagUser", Condition={"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}))
    client.create_user(UserName="a", Tags=[{"Key": "team", "Value": "core"}])
    assert fails(client.create_user, UserName="b", Tags=[{"Key": "team", "Value": "ops"}])[0] == "AccessDenied"
    assert fails(client.create_user, UserName="c")[0] == "AccessDenied"
    assert fails(client.tag_user, UserName="a", Tags=[{"Key": "cost", "Value": "1"}])[0] == "AccessDenied"
    admin.tag_user(UserName="a", Tags=[{"Key": "cost", "Value": "1"}])
    assert fails(client.untag_user, UserName="a", TagKeys=["cost"])[0] == "AccessDenied"
    client.untag_user(UserName="a", TagKeys=["team"])
    assert admin.list_user_tags(UserName="a")["Tags"] == [{"Key": "cost", "Value": "1"}]
