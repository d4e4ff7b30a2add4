"""The identity source authentication and authorization read, over IAM's state."""
from types import SimpleNamespace

import boto3
import pytest

from iam_support import ACCOUNT, S3_READ, TRUST_EC2, allow, arn, policy
from iamulator import mock_aws, settings
from iamulator.authz import compile_policy, evaluate
from iamulator.authz.identity import Credentials, source
from iamulator.services.iam import key_index
from iamulator.services.iam.backend import Backend
from iamulator.services.iam.identity import SOURCE, IamIdentitySource
from iamulator.services.state import STORE, Store

OTHER = "210987654321"


def call(backend, operation, **params):
    """An operation on a backend directly, through the same checks the pipeline uses."""
    return Backend.handler(operation)(backend, None, params)


@pytest.fixture
def iam():
    with mock_aws():
        yield boto3.client("iam", region_name="us-east-1")


def session_creds(role_arn, account=ACCOUNT, tags=None):
    session = SimpleNamespace(role_arn=role_arn, tags=tags or {})
    name = role_arn.rsplit("/", 1)[-1]
    return Credentials("ASIAEXAMPLEEXAMPLE12", "secret", account, f"arn:aws:sts::{account}:assumed-role/{name}/s",
                       "AROAEXAMPLE:s", session_token="token", session=session)


def test_the_default_key_is_the_default_accounts_root(iam):
    creds = SOURCE.credentials(settings.DEFAULT_ACCESS_KEY_ID)
    assert (creds.account_id, creds.principal_arn, creds.user_id) == (
        "123456789012", "arn:aws:iam::123456789012:root", "123456789012")
    assert creds.secret_access_key == settings.DEFAULT_SECRET_ACCESS_KEY
    assert SOURCE.identity_policies(creds) == []
    assert SOURCE.permissions_boundary(creds) is None


def test_authentication_finds_iam_keys(iam):
    iam.create_user(UserName="alice")
    akid = iam.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
    assert source() is not None
    assert source().credentials(akid).principal_arn == arn("user", "alice")


def test_user_keys_resolve_in_any_account(iam):
    other = STORE.backend("iam", OTHER, "aws-global")
    call(other, "CreateUser", UserName="remote")
    key = call(other, "CreateAccessKey", UserName="remote")["AccessKey"]
    creds = SOURCE.credentials(key["AccessKeyId"])
    assert (creds.account_id, creds.principal_arn) == (OTHER, f"arn:aws:iam::{OTHER}:user/remote")
    assert creds.user_id.startswith("AIDA") and creds.active
    assert creds.secret_access_key == key["SecretAccessKey"]
    # Requests signed with it act in that account.
    remote = boto3.client("iam", region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                          aws_secret_access_key=key["SecretAccessKey"])
    remote.create_user(UserName="made-remotely")
    assert "made-remotely" in other.users
    assert [u["UserName"] for u in iam.list_users()["Users"]] == []


def test_inactive_and_deleted_keys(iam):
    iam.create_user(UserName="alice")
    akid = iam.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
    iam.update_access_key(UserName="alice", AccessKeyId=akid, Status="Inactive")
    assert SOURCE.credentials(akid).active is False
    iam.update_access_key(UserName="alice", AccessKeyId=akid, Status="Active")
    assert SOURCE.credentials(akid).active is True
    iam.delete_access_key(UserName="alice", AccessKeyId=akid)
    assert SOURCE.credentials(akid) is None
    assert SOURCE.credentials("AKIANOSUCHKEYANYWHER") is None


def test_renamed_user_keeps_its_keys(iam):
    iam.create_user(UserName="alice")
    akid = iam.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
    iam.update_user(UserName="alice", NewUserName="alicia")
    assert SOURCE.credentials(akid).principal_arn == arn("user", "alicia")


def test_reset_forgets_keys():
    with mock_aws():
        iam = boto3.client("iam", region_name="us-east-1")
        iam.create_user(UserName="alice")
        akid = iam.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
        assert SOURCE.credentials(akid) is not None
    STORE.reset()
    assert key_index.find(akid) is None
    assert SOURCE.credentials(akid) is None


def test_a_source_over_another_store_sees_only_its_keys(iam):
    iam.create_user(UserName="alice")
    akid = iam.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
    private = Store()
    theirs = IamIdentitySource(private)
    assert theirs.credentials(akid) is None
    backend = private.backend("iam", ACCOUNT, "aws-global")
    call(backend, "CreateUser", UserName="bob")
    mine = call(backend, "CreateAccessKey", UserName="bob")["AccessKey"]["AccessKeyId"]
    assert theirs.credentials(mine).principal_arn == arn("user", "bob")
    assert SOURCE.credentials(mine) is None


def test_user_policies_include_groups(iam):
    iam.create_user(UserName="alice", PermissionsBoundary="arn:aws:iam::aws:policy/AmazonS3FullAccess",
                    Tags=[{"Key": "team", "Value": "blue"}])
    iam.put_user_policy(UserName="alice", PolicyName="mine", PolicyDocument=S3_READ)
    iam.attach_user_policy(UserName="alice", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    iam.create_group(GroupName="devs")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    iam.put_group_policy(GroupName="devs", PolicyName="group-inline", PolicyDocument=policy(allow("sqs:*")))
    custom = iam.create_policy(PolicyName="Custom", PolicyDocument=policy(allow("sns:*")))["Policy"]["Arn"]
    iam.attach_group_policy(GroupName="devs", PolicyArn=custom)
    akid = iam.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
    creds = SOURCE.credentials(akid)
    policies = SOURCE.identity_policies(creds)
    assert [name for name, _ in policies] == ["mine", "arn:aws:iam::aws:policy/ReadOnlyAccess", "group-inline", custom]
    assert policies[0][1].document == {"Version": "2012-10-17",
                                       "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                                                      "Resource": "*"}]}
    boundary_arn, boundary = SOURCE.permissions_boundary(creds)
    assert boundary_arn == "arn:aws:iam::aws:policy/AmazonS3FullAccess"
    assert SOURCE.principal_tags(creds) == {"team": "blue"}
    decision = evaluate("sns:Publish", "*", creds.principal_arn, identity_policies=policies,
                        permissions_boundary=(boundary_arn, boundary))
    assert decision.result == "ImplicitlyDenied" and decision.decided_by == "boundary"
    assert evaluate("s3:GetObject", "arn:aws:s3:::b/k", creds.principal_arn, identity_policies=policies,
                    permissions_boundary=(boundary_arn, boundary)).allowed


def test_cached_policies_follow_changes(iam):
    iam.create_user(UserName="alice")
    akid = iam.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
    creds = SOURCE.credentials(akid)
    assert SOURCE.identity_policies(creds) == []
    first = SOURCE.identity_policies(creds)
    assert SOURCE.identity_policies(creds) is first          # unchanged state: served from the cache
    iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=S3_READ)
    assert [n for n, _ in SOURCE.identity_policies(creds)] == ["p"]
    mine = iam.create_policy(PolicyName="P2", PolicyDocument=S3_READ)["Policy"]["Arn"]
    iam.attach_user_policy(UserName="alice", PolicyArn=mine)
    iam.create_policy_version(PolicyArn=mine, PolicyDocument=policy(allow("ec2:*")), SetAsDefault=True)
    latest = dict(SOURCE.identity_policies(creds))[mine]
    assert latest.document["Statement"][0]["Action"] == "ec2:*"
    iam.tag_user(UserName="alice", Tags=[{"Key": "k", "Value": "v"}])
    assert SOURCE.principal_tags(creds) == {"k": "v"}


def test_compiled_documents_are_reused_not_recompiled(iam):
    iam.create_user(UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=S3_READ)
    akid = iam.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
    name, doc = SOURCE.identity_policies(SOURCE.credentials(akid))[0]
    assert compile_policy((name, doc), "identity") is doc


def test_role_sessions(iam):
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2, Path="/svc/",
                    Tags=[{"Key": "Env", "Value": "prod"}, {"Key": "team", "Value": "a"}],
                    PermissionsBoundary="arn:aws:iam::aws:policy/PowerUserAccess")
    iam.put_role_policy(RoleName="app", PolicyName="logs", PolicyDocument=policy(allow("logs:*")))
    iam.attach_role_policy(RoleName="app", PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
    creds = session_creds(arn("role", "app", "/svc/"), tags={"env": "dev"})
    assert [n for n, _ in SOURCE.identity_policies(creds)] == ["logs", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
    assert SOURCE.permissions_boundary(creds)[0] == "arn:aws:iam::aws:policy/PowerUserAccess"
    # Session tags win over the role's, whatever the case of their keys.
    assert SOURCE.principal_tags(creds) == {"team": "a", "env": "dev"}
    SOURCE.record_use(creds, "s3", "eu-central-1")
    used = iam.get_role(RoleName="app")["Role"]["RoleLastUsed"]
    assert used["Region"] == "eu-central-1" and "LastUsedDate" in used


def test_session_of_a_deleted_role_has_no_policies(iam):
    creds = session_creds(arn("role", "gone"))
    assert SOURCE.identity_policies(creds) == []
    assert SOURCE.permissions_boundary(creds) is None
    assert SOURCE.principal_tags(creds) == {}


def test_find_role(iam):
    iam.create_role(RoleName="App", AssumeRolePolicyDocument=TRUST_EC2, Path="/svc/", MaxSessionDuration=7200)
    role = SOURCE.find_role(ACCOUNT, "app")
    assert (role.name, role.arn, role.path, role.max_session_duration) == (
        "App", arn("role", "App", "/svc/"), "/svc/", 7200)
    assert role.trust_document["Statement"][0]["Principal"] == {"Service": "ec2.amazonaws.com"}
    assert role.trust.kind == "trust"
    assert SOURCE.find_role("000000000000", arn("role", "App", "/svc/")) is role
    assert SOURCE.find_role(ACCOUNT, "missing") is None
    assert SOURCE.find_role(ACCOUNT, f"arn:aws:iam::{ACCOUNT}:user/App") is None
    other = STORE.backend("iam", OTHER, "aws-global")
    call(other, "CreateRole", RoleName="Partner", AssumeRolePolicyDocument=TRUST_EC2)
    assert SOURCE.find_role(ACCOUNT, f"arn:aws:iam::{OTHER}:role/Partner").account_id == OTHER
    assert SOURCE.find_user(ACCOUNT, "nobody") is None


def test_requests_record_key_and_role_use(iam):
    import json

    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    boto3.client("sqs", region_name="eu-west-1", aws_access_key_id=key["AccessKeyId"],
                 aws_secret_access_key=key["SecretAccessKey"]).list_queues()
    used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
    assert (used["ServiceName"], used["Region"]) == ("sqs", "eu-west-1")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]}))
    creds = boto3.client("sts", region_name="us-east-1").assume_role(
        RoleArn=arn("role", "r"), RoleSessionName="work")["Credentials"]
    boto3.client("sqs", region_name="ap-south-1", aws_access_key_id=creds["AccessKeyId"],
                 aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"]).list_queues()
    assert iam.get_role(RoleName="r")["Role"]["RoleLastUsed"]["Region"] == "ap-south-1"
