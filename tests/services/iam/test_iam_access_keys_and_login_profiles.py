import re

import boto3
import pytest

from iam_support import ACCOUNT, fails
from iamulator.services.iam.identity import SOURCE


@pytest.fixture
def alice(iam):
    iam.create_user(UserName="alice")
    return iam


def test_create_access_key(alice):
    key = alice.create_access_key(UserName="alice")["AccessKey"]
    assert re.fullmatch(r"AKIA[A-Z2-7]{16}", key["AccessKeyId"])
    assert len(key["SecretAccessKey"]) == 40
    assert (key["UserName"], key["Status"]) == ("alice", "Active")


def test_two_keys_per_user(alice):
    alice.create_access_key(UserName="alice")
    alice.create_access_key(UserName="alice")
    assert fails(alice.create_access_key, UserName="alice") == (
        "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2", 409)
    with pytest.raises(alice.exceptions.LimitExceededException):
        alice.create_access_key(UserName="alice")


def test_list_update_delete(alice):
    first = alice.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
    listed = alice.list_access_keys(UserName="alice")["AccessKeyMetadata"]
    assert [(k["AccessKeyId"], k["Status"], k["UserName"]) for k in listed] == [(first, "Active", "alice")]
    assert "SecretAccessKey" not in listed[0]
    alice.update_access_key(UserName="alice", AccessKeyId=first, Status="Inactive")
    assert alice.list_access_keys(UserName="alice")["AccessKeyMetadata"][0]["Status"] == "Inactive"
    alice.delete_access_key(UserName="alice", AccessKeyId=first)
    assert alice.list_access_keys(UserName="alice")["AccessKeyMetadata"] == []


def test_key_errors(alice, raw_iam):
    missing = "AKIAAAAAAAAAAAAAAAAA"
    message = f"The Access Key with id {missing} cannot be found."
    assert fails(alice.update_access_key, UserName="alice", AccessKeyId=missing, Status="Active") == (
        "NoSuchEntity", message, 404)
    assert fails(alice.delete_access_key, UserName="alice", AccessKeyId=missing) == ("NoSuchEntity", message, 404)
    assert fails(alice.create_access_key, UserName="ghost")[0] == "NoSuchEntity"
    key = alice.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
    alice.create_user(UserName="bob")
    assert fails(alice.delete_access_key, UserName="bob", AccessKeyId=key)[0] == "NoSuchEntity"
    code, message, status = fails(raw_iam.update_access_key, UserName="alice", AccessKeyId=key, Status="Paused")
    assert (code, status) == ("ValidationError", 400)
    assert message == ("1 validation error detected: Value 'Paused' at 'status' failed to satisfy constraint: "
                       "Member must satisfy enum value set: [Active, Inactive, Expired]")


def test_keys_of_the_caller_when_no_user_is_named(alice):
    key = alice.create_access_key(UserName="alice")["AccessKey"]
    as_alice = boto3.client("iam", region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                            aws_secret_access_key=key["SecretAccessKey"])
    second = as_alice.create_access_key()["AccessKey"]
    assert second["UserName"] == "alice"
    assert {k["AccessKeyId"] for k in as_alice.list_access_keys()["AccessKeyMetadata"]} == {
        key["AccessKeyId"], second["AccessKeyId"]}
    # The root user's own keys carry no user name.
    root_key = alice.create_access_key()["AccessKey"]
    assert "UserName" not in root_key
    assert [k["AccessKeyId"] for k in alice.list_access_keys()["AccessKeyMetadata"]] == [root_key["AccessKeyId"]]


def test_access_key_last_used(alice):
    key = alice.create_access_key(UserName="alice")["AccessKey"]
    out = alice.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
    assert out["UserName"] == "alice"
    assert out["AccessKeyLastUsed"] == {"ServiceName": "N/A", "Region": "N/A"}
    SOURCE.record_use(SOURCE.credentials(key["AccessKeyId"]), "s3", "eu-west-1")
    used = alice.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
    assert (used["ServiceName"], used["Region"]) == ("s3", "eu-west-1")
    assert "LastUsedDate" in used
    missing = "AKIAAAAAAAAAAAAAAAAA"
    assert fails(alice.get_access_key_last_used, AccessKeyId=missing) == (
        "NoSuchEntity", f"The Access Key with id {missing} cannot be found.", 404)


def test_login_profile_lifecycle(alice):
    profile = alice.create_login_profile(UserName="alice", Password="Corr3ct-horse", PasswordResetRequired=True)
    assert profile["LoginProfile"]["UserName"] == "alice"
    assert profile["LoginProfile"]["PasswordResetRequired"] is True
    assert alice.get_login_profile(UserName="alice")["LoginProfile"]["PasswordResetRequired"] is True
    alice.update_login_profile(UserName="alice", PasswordResetRequired=False)
    assert alice.get_login_profile(UserName="alice")["LoginProfile"]["PasswordResetRequired"] is False
    alice.delete_login_profile(UserName="alice")
    assert fails(alice.get_login_profile, UserName="alice") == (
        "NoSuchEntity", "Login Profile for User alice cannot be found.", 404)


def test_login_profile_errors(alice):
    alice.create_login_profile(UserName="alice", Password="Corr3ct-horse")
    assert fails(alice.create_login_profile, UserName="alice", Password="Other-pa55") == (
        "EntityAlreadyExists", "Login Profile for user alice already exists.", 409)
    alice.create_user(UserName="bob")
    assert fails(alice.update_login_profile, UserName="bob", Password="x-Y-z-123")[0] == "NoSuchEntity"
    assert fails(alice.delete_login_profile, UserName="bob")[0] == "NoSuchEntity"
    assert fails(alice.create_login_profile, UserName="ghost", Password="Corr3ct-horse")[0] == "NoSuchEntity"


def test_password_is_never_echoed_in_validation_errors(raw_iam):
    raw_iam.create_user(UserName="alice")
    code, message, _ = fails(raw_iam.create_login_profile, UserName="alice", Password="x" * 129)
    assert code == "ValidationError"
    assert message == ("1 validation error detected: Value at 'password' failed to satisfy constraint: "
                       "Member must have length less than or equal to 128")
    assert ACCOUNT not in message
