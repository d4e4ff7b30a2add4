"""AssumeRole with checks on: trust policies, cross-account, ExternalId, session policies and
tags, durations, chaining, validation; the credentials it returns and what they may do."""
from datetime import datetime, timezone

import boto3
import pytest
from botocore.exceptions import ClientError

from iamulator import mock_aws
from iamulator.accounts import root_access_key
from iamulator.authz import clock

from sts_support import ACCOUNT, allow, client, doc, error, make_user

OTHER = "210987654321"


def trust(principal, **extra):
    return doc({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole", **extra})


def make_role(iam, trust_doc, name="worker", policy=None, **kw):
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust_doc, **kw)["Role"]["Arn"]
    if policy:
        iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=policy)
    return arn


# --- same account ---------------------------------------------------------------------------------

def test_trust_naming_the_user_grants_without_an_identity_policy(iam):
    key = make_user(iam)
    role = make_role(iam, trust({"AWS": f"arn:aws:iam::{ACCOUNT}:user/alice"}), policy=doc(allow("sqs:ListQueues")))
    out = client("sts", key).assume_role(RoleArn=role, RoleSessionName="session-1")
    creds = out["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["AccessKeyId"]) == 20
    assert len(creds["SecretAccessKey"]) == 40 and len(creds["SessionToken"]) > 100
    assert out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/worker/session-1"
    role_id = iam.get_role(RoleName="worker")["Role"]["RoleId"]
    assert out["AssumedRoleUser"]["AssumedRoleId"] == f"{role_id}:session-1"
    assert "PackedPolicySize" not in out
    lifetime = creds["Expiration"] - datetime.now(timezone.utc)
    assert 3590 <= lifetime.total_seconds() <= 3600
    identity = client("sts", creds).get_caller_identity()
    assert identity["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/worker/session-1"
    assert identity["UserId"] == f"{role_id}:session-1"
    client("sqs", creds).list_queues()
    code, status, message = error(client("dynamodb", creds).list_tables)
    assert (code, status) == ("AccessDeniedException", 400)
    assert message == (f"User: arn:aws:sts::{ACCOUNT}:assumed-role/worker/session-1 is not authorized to "
                       "perform: dynamodb:ListTables because no identity-based policy allows the "
                       "dynamodb:ListTables action")


def test_trust_naming_the_account_needs_an_identity_policy(iam):
    role = make_role(iam, trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))
    without = make_user(iam, "nopolicy")
    code, status, message = error(client("sts", without).assume_role, RoleArn=role, RoleSessionName="s1")
    assert (code, status) == ("AccessDenied", 403)
    assert message == (f"User: arn:aws:iam::{ACCOUNT}:user/nopolicy is not authorized to perform: "
                       f"sts:AssumeRole on resource: {role} because no identity-based policy allows the "
                       "sts:AssumeRole action")
    with_policy = make_user(iam, "haspolicy", policy=doc(allow("sts:AssumeRole", role)))
    client("sts", with_policy).assume_role(RoleArn=role, RoleSessionName="s1")


def test_trust_naming_someone_else_refuses_with_the_trust_wording(iam):
    key = make_user(iam, policy=doc(allow("sts:AssumeRole")))
    role = make_role(iam, trust({"AWS": f"arn:aws:iam::{ACCOUNT}:user/bob"}))
    code, status, message = error(client("sts", key).assume_role, RoleArn=role, RoleSessionName="s1")
    assert (code, status) == ("AccessDenied", 403)
    assert message.endswith("because no role trust policy allows the sts:AssumeRole action")


def test_missing_role_is_access_denied(iam):
    key = make_user(iam, policy=doc(allow("sts:AssumeRole")))
    code, status, _ = error(client("sts", key).assume_role,
                            RoleArn=f"arn:aws:iam::{ACCOUNT}:role/nope", RoleSessionName="s1")
    assert (code, status) == ("AccessDenied", 403)


def test_boundary_of_the_caller_limits_assume_role(iam):
    role = make_role(iam, trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))
    key = make_user(iam, policy=doc(allow("sts:AssumeRole")), boundary=doc(allow("sqs:*")))
    code, _, message = error(client("sts", key).assume_role, RoleArn=role, RoleSessionName="s1")
    assert code == "AccessDenied"
    assert message.endswith("because no permissions boundary allows the sts:AssumeRole action")


def test_role_boundary_limits_the_session(iam):
    boundary = iam.create_policy(PolicyName="rb", PolicyDocument=doc(allow("sqs:*")))["Policy"]["Arn"]
    role = make_role(iam, trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}),
                     policy=doc(allow(["sqs:*", "dynamodb:*"])), PermissionsBoundary=boundary)
    creds = client("sts", root_access_key(ACCOUNT)).assume_role(RoleArn=role, RoleSessionName="s1")["Credentials"]
    client("sqs", creds).list_queues()
    assert error(client("dynamodb", creds).list_tables)[2].endswith(
        "because no permissions boundary allows the dynamodb:ListTables action")


# --- cross account ---------------------------------------------------------------------------------

def test_cross_account_needs_both_the_trust_and_the_callers_policy(iam):
    other_root = root_access_key(OTHER)
    other_iam = client("iam", other_root)
    role = make_role(other_iam, trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, Condition={
        "StringEquals": {"sts:ExternalId": "shared-secret"}}), policy=doc(allow("sqs:ListQueues")))
    assert role.startswith(f"arn:aws:iam::{OTHER}:role/")
    unprivileged = make_user(iam, "plain")
    assert error(client("sts", unprivileged).assume_role, RoleArn=role, RoleSessionName="s1",
                 ExternalId="shared-secret")[0] == "AccessDenied"
    key = make_user(iam, policy=doc(allow("sts:AssumeRole", role)))
    sts = client("sts", key)
    code, _, message = error(sts.assume_role, RoleArn=role, RoleSessionName="s1")
    assert code == "AccessDenied" and "role trust policy" in message
    assert error(sts.assume_role, RoleArn=role, RoleSessionName="s1", ExternalId="wrong-one")[0] == "AccessDenied"
    out = sts.assume_role(RoleArn=role, RoleSessionName="s1", ExternalId="shared-secret")
    assert out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{OTHER}:assumed-role/worker/s1"
    creds = out["Credentials"]
    assert client("sts", creds).get_caller_identity()["Account"] == OTHER
    url = client("sqs", creds).list_queues().get("QueueUrls", [])
    assert url == []


# --- session policies, tags, source identity --------------------------------------------------------

def test_session_policy_intersects_with_the_role(iam):
    role = make_role(iam, trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), policy=doc(allow(["sqs:*", "sns:*"])))
    sts = client("sts", root_access_key(ACCOUNT))
    out = sts.assume_role(RoleArn=role, RoleSessionName="s1", Policy=doc(allow(["sqs:ListQueues", "dynamodb:*"])))
    assert 1 <= out["PackedPolicySize"] <= 100
    creds = out["Credentials"]
    client("sqs", creds).list_queues()
    assert error(client("sns", creds).list_topics)[2].endswith(
        "because no session policy allows the sns:ListTopics action")
    assert error(client("dynamodb", creds).list_tables)[2].endswith(
        "because no identity-based policy allows the dynamodb:ListTables action")


def test_managed_session_policies_by_arn(iam):
    role = make_role(iam, trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), policy=doc(allow("*")))
    sts = client("sts", root_access_key(ACCOUNT))
    out = sts.assume_role(RoleArn=role, RoleSessionName="s1",
                          PolicyArns=[{"arn": "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"}])
    creds = out["Credentials"]
    client("sqs", creds).list_queues()
    assert error(client("sqs", creds).create_queue, QueueName="q")[0] == "AccessDenied"
    code, status, _ = error(sts.assume_role, RoleArn=role, RoleSessionName="s1",
                            PolicyArns=[{"arn": f"arn:aws:iam::{ACCOUNT}:policy/missing-policy"}])
    assert (code, status) == ("MalformedPolicyDocument", 400)


def test_malformed_and_oversized_session_policies(iam):
    role = make_role(iam, doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                               "Action": ["sts:AssumeRole", "sts:TagSession"]}))
    sts = client("sts", root_access_key(ACCOUNT))
    assert error(sts.assume_role, RoleArn=role, RoleSessionName="s1", Policy="{not json")[:2] == (
        "MalformedPolicyDocument", 400)
    big = doc(*[allow("s3:GetObject", f"arn:aws:s3:::bucket-{i:04d}-{'x' * 20}/*") for i in range(40)])
    code, status, _ = error(sts.assume_role, RoleArn=role, RoleSessionName="s1", Policy=big)
    assert status == 400 and code in ("ValidationError", "PackedPolicyTooLarge")
    import random
    import string

    rnd = random.Random(7)
    tags = [{"Key": "".join(rnd.choices(string.ascii_letters, k=120)),
             "Value": "".join(rnd.choices(string.ascii_letters, k=250))} for _ in range(20)]
    code, status, message = error(sts.assume_role, RoleArn=role, RoleSessionName="s1", Tags=tags)
    assert (code, status) == ("PackedPolicyTooLarge", 400)
    assert message.startswith("Packed policy consumes ") and message.endswith(
        "% of allotted space, please use smaller policy.")


def test_session_tags_become_principal_tags_and_transitive_tags_follow_chains(iam):
    role_trust = doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                      "Action": ["sts:AssumeRole", "sts:TagSession"]})
    first = make_role(iam, role_trust, "first", policy=doc(allow(["sts:AssumeRole", "sts:TagSession"])))
    second = make_role(iam, role_trust, "second", policy=doc(
        allow("sqs:ListQueues", Condition={"StringEquals": {"aws:PrincipalTag/project": "apollo"}})))
    sts = client("sts", root_access_key(ACCOUNT))
    creds = sts.assume_role(RoleArn=first, RoleSessionName="s1",
                            Tags=[{"Key": "project", "Value": "apollo"}, {"Key": "cost", "Value": "7"}],
                            TransitiveTagKeys=["project"])["Credentials"]
    chained = client("sts", creds).assume_role(RoleArn=second, RoleSessionName="s2")["Credentials"]
    client("sqs", chained).list_queues()
    assert error(client("sts", creds).assume_role, RoleArn=second, RoleSessionName="s3",
                 Tags=[{"Key": "Project", "Value": "x"}])[:2] == ("InvalidParameterValue", 400)
    assert error(sts.assume_role, RoleArn=first, RoleSessionName="s1",
                 Tags=[{"Key": "a", "Value": "1"}, {"Key": "A", "Value": "2"}])[:2] == ("InvalidParameterValue", 400)


def test_tagging_a_session_needs_sts_tag_session_in_the_trust(iam):
    role = make_role(iam, trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))
    key = make_user(iam, policy=doc(allow(["sts:AssumeRole", "sts:TagSession"])))
    code, _, message = error(client("sts", key).assume_role, RoleArn=role, RoleSessionName="s1",
                             Tags=[{"Key": "k", "Value": "v"}])
    assert code == "AccessDenied"
    assert "sts:TagSession" in message


def test_source_identity_needs_set_source_identity_and_sticks(iam):
    both = doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": ["sts:AssumeRole", "sts:SetSourceIdentity"]})
    role = make_role(iam, both, policy=doc(allow("sts:AssumeRole")))
    sts = client("sts", root_access_key(ACCOUNT))
    out = sts.assume_role(RoleArn=role, RoleSessionName="s1", SourceIdentity="alice@example.com")
    assert out["SourceIdentity"] == "alice@example.com"
    again = client("sts", out["Credentials"]).assume_role(RoleArn=role, RoleSessionName="s2")
    assert again["SourceIdentity"] == "alice@example.com"
    plain = make_role(iam, trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), "plain")
    assert error(sts.assume_role, RoleArn=plain, RoleSessionName="s1", SourceIdentity="bob")[0] == "AccessDenied"


# --- durations and validation -------------------------------------------------------------------------

def test_duration_limits(iam):
    role = make_role(iam, trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), policy=doc(allow("sts:AssumeRole")),
                     MaxSessionDuration=7200)
    sts = client("sts", root_access_key(ACCOUNT))
    out = sts.assume_role(RoleArn=role, RoleSessionName="s1", DurationSeconds=7200)
    assert (out["Credentials"]["Expiration"] - datetime.now(timezone.utc)).total_seconds() > 7100
    assert error(sts.assume_role, RoleArn=role, RoleSessionName="s1", DurationSeconds=7201) == (
        "ValidationError", 400, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
    assert error(sts.assume_role, RoleArn=role, RoleSessionName="s1", DurationSeconds=43201)[:2] == (
        "ValidationError", 400)
    chained = client("sts", out["Credentials"])
    assert error(chained.assume_role, RoleArn=role, RoleSessionName="s2", DurationSeconds=3601) == (
        "ValidationError", 400,
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
    chained.assume_role(RoleArn=role, RoleSessionName="s2", DurationSeconds=3600)


def test_session_name_validation(iam):
    role = make_role(iam, trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))
    sts = client("sts", root_access_key(ACCOUNT))
    assert error(sts.assume_role, RoleArn=role, RoleSessionName="bad name!") == (
        "ValidationError", 400,
        "1 validation error detected: Value 'bad name!' at 'roleSessionName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [\\w+=,.@-]*")
    code, _, message = error(sts.assume_role, RoleArn=role, RoleSessionName="x" * 65, ExternalId="no spaces ")
    assert code == "ValidationError" and message.startswith("2 validation errors detected: ")


def test_expired_session_credentials(iam, monkeypatch):
    role = make_role(iam, trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), policy=doc(allow("sqs:*")))
    creds = client("sts", root_access_key(ACCOUNT)).assume_role(
        RoleArn=role, RoleSessionName="s1", DurationSeconds=900)["Credentials"]
    client("sqs", creds).list_queues()
    real = clock.now()
    monkeypatch.setattr(clock, "now", lambda: real + 899)
    client("sqs", creds).list_queues()
    monkeypatch.setattr(clock, "now", lambda: real + 905)
    assert error(client("sts", creds).get_caller_identity)[:2] == ("ExpiredToken", 403)


# --- unchecked: lenient like Moto, still validating input ----------------------------------------------

def test_unchecked_assume_role_does_not_enforce_trust():
    with mock_aws():
        sts = boto3.client("sts", region_name="us-east-1")
        out = sts.assume_role(RoleArn=f"arn:aws:iam::{OTHER}:role/not-created", RoleSessionName="s1")
        assert out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{OTHER}:assumed-role/not-created/s1"
        assert out["AssumedRoleUser"]["AssumedRoleId"].startswith("AROA")
        identity = client("sts", out["Credentials"]).get_caller_identity()
        assert identity["Account"] == OTHER
        with pytest.raises(ClientError) as err:
            sts.assume_role(RoleArn=f"arn:aws:iam::{OTHER}:role/x", RoleSessionName="a b")
        assert err.value.response["Error"]["Code"] == "ValidationError"
