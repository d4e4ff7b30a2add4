from datetime import datetime

import boto3
import pytest

from iam_support import ACCOUNT, S3_READ, arn, fails


def test_create_user_returns_the_user(iam):
    user = iam.create_user(UserName="alice", Path="/eng/")["User"]
    assert user["UserName"] == "alice"
    assert user["Path"] == "/eng/"
    assert user["Arn"] == arn("user", "alice", "/eng/")
    assert user["UserId"].startswith("AIDA") and len(user["UserId"]) == 21
    assert isinstance(user["CreateDate"], datetime)
    assert "Tags" not in user


def test_create_user_with_tags_and_boundary(iam):
    user = iam.create_user(UserName="alice", Tags=[{"Key": "team", "Value": "blue"}],
                           PermissionsBoundary="arn:aws:iam::aws:policy/PowerUserAccess")["User"]
    assert user["Tags"] == [{"Key": "team", "Value": "blue"}]
    assert user["PermissionsBoundary"] == {"PermissionsBoundaryType": "Policy",
                                           "PermissionsBoundaryArn": "arn:aws:iam::aws:policy/PowerUserAccess"}
    got = iam.get_user(UserName="alice")["User"]
    assert got["PermissionsBoundary"]["PermissionsBoundaryArn"] == "arn:aws:iam::aws:policy/PowerUserAccess"
    assert got["Tags"] == [{"Key": "team", "Value": "blue"}]


def test_create_user_with_unknown_boundary(iam):
    code, message, status = fails(iam.create_user, UserName="alice",
                                  PermissionsBoundary=f"arn:aws:iam::{ACCOUNT}:policy/nope")
    assert (code, status) == ("NoSuchEntity", 404)
    assert message == f"Scope ARN: arn:aws:iam::{ACCOUNT}:policy/nope does not exist or is not attachable."
    assert iam.list_users()["Users"] == []


def test_duplicate_user_names_differ_only_in_case(iam):
    iam.create_user(UserName="Alice")
    code, message, status = fails(iam.create_user, UserName="alice")
    assert (code, message, status) == ("EntityAlreadyExists", "User with name alice already exists.", 409)
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException):
        iam.create_user(UserName="ALICE")


def test_names_are_found_whatever_their_case(iam):
    iam.create_user(UserName="Alice")
    assert iam.get_user(UserName="alice")["User"]["UserName"] == "Alice"


def test_get_missing_user(iam):
    code, message, status = fails(iam.get_user, UserName="ghost")
    assert (code, message, status) == ("NoSuchEntity", "The user with name ghost cannot be found.", 404)
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_user(UserName="ghost")


def test_get_user_without_name_is_the_root_caller(iam):
    user = iam.get_user()["User"]
    assert user["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"
    assert user["UserId"] == ACCOUNT
    assert "UserName" not in user


def test_get_user_without_name_answers_as_the_key_owner(iam):
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    as_alice = boto3.client("iam", region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                            aws_secret_access_key=key["SecretAccessKey"])
    assert as_alice.get_user()["User"]["Arn"] == arn("user", "alice")


def test_list_users_sorted_with_path_prefix(iam):
    for name, path in [("carol", "/ops/"), ("Bob", "/eng/"), ("alice", "/eng/")]:
        iam.create_user(UserName=name, Path=path)
    assert [u["UserName"] for u in iam.list_users()["Users"]] == ["alice", "Bob", "carol"]
    assert [u["UserName"] for u in iam.list_users(PathPrefix="/eng/")["Users"]] == ["alice", "Bob"]
    assert iam.list_users(PathPrefix="/none/")["Users"] == []


def test_list_users_leaves_out_tags_and_boundary(iam):
    iam.create_user(UserName="alice", Tags=[{"Key": "k", "Value": "v"}],
                    PermissionsBoundary="arn:aws:iam::aws:policy/ReadOnlyAccess")
    listed = iam.list_users()["Users"][0]
    assert "Tags" not in listed and "PermissionsBoundary" not in listed


def test_list_users_pagination(iam):
    names = [f"user{i:02d}" for i in range(7)]
    for name in names:
        iam.create_user(UserName=name)
    first = iam.list_users(MaxItems=3)
    assert [u["UserName"] for u in first["Users"]] == names[:3]
    assert first["IsTruncated"] is True
    second = iam.list_users(MaxItems=3, Marker=first["Marker"])
    assert [u["UserName"] for u in second["Users"]] == names[3:6]
    third = iam.list_users(MaxItems=3, Marker=second["Marker"])
    assert [u["UserName"] for u in third["Users"]] == names[6:]
    assert third["IsTruncated"] is False and "Marker" not in third
    everyone = [u["UserName"] for page in iam.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 2})
                for u in page["Users"]]
    assert everyone == names


def test_bad_marker(iam):
    code, message, status = fails(iam.list_users, Marker="!!not-a-marker!!")
    assert (code, message, status) == ("ValidationError", "Invalid Marker.", 400)


def test_update_user_renames_and_moves(iam):
    iam.create_user(UserName="alice")
    iam.update_user(UserName="alice", NewUserName="alicia", NewPath="/new/")
    user = iam.get_user(UserName="alicia")["User"]
    assert user["Arn"] == arn("user", "alicia", "/new/")
    assert fails(iam.get_user, UserName="alice")[0] == "NoSuchEntity"


def test_update_user_to_existing_name(iam):
    iam.create_user(UserName="alice")
    iam.create_user(UserName="bob")
    assert fails(iam.update_user, UserName="alice", NewUserName="Bob") == (
        "EntityAlreadyExists", "User with name Bob already exists.", 409)


def test_update_missing_user(iam):
    assert fails(iam.update_user, UserName="ghost", NewPath="/x/")[0:3:2] == ("NoSuchEntity", 404)


def test_delete_user(iam):
    iam.create_user(UserName="alice")
    iam.delete_user(UserName="alice")
    assert iam.list_users()["Users"] == []
    assert fails(iam.delete_user, UserName="alice") == (
        "NoSuchEntity", "The user with name alice cannot be found.", 404)


@pytest.mark.parametrize("setup, message", [
    (lambda iam: iam.create_access_key(UserName="alice"), "Cannot delete entity, must delete access keys first."),
    (lambda iam: iam.create_login_profile(UserName="alice", Password="S3cret!pass"),
     "Cannot delete entity, must delete login profile first."),
    (lambda iam: iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=S3_READ),
     "Cannot delete entity, must delete policies first."),
    (lambda iam: iam.attach_user_policy(UserName="alice", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess"),
     "Cannot delete entity, must detach all policies first."),
    (lambda iam: (iam.create_group(GroupName="g"), iam.add_user_to_group(GroupName="g", UserName="alice")),
     "Cannot delete entity, must remove users from group first."),
])
def test_delete_user_refuses_while_it_has_dependents(iam, setup, message):
    iam.create_user(UserName="alice")
    setup(iam)
    assert fails(iam.delete_user, UserName="alice") == ("DeleteConflict", message, 409)
    with pytest.raises(iam.exceptions.DeleteConflictException):
        iam.delete_user(UserName="alice")
    assert iam.get_user(UserName="alice")["User"]["UserName"] == "alice"


def test_user_permissions_boundary_put_and_delete(iam):
    iam.create_user(UserName="alice")
    boundary = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
    iam.put_user_permissions_boundary(UserName="alice", PermissionsBoundary=boundary)
    assert iam.get_user(UserName="alice")["User"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == boundary
    assert iam.get_policy(PolicyArn=boundary)["Policy"]["PermissionsBoundaryUsageCount"] == 1
    iam.delete_user_permissions_boundary(UserName="alice")
    assert "PermissionsBoundary" not in iam.get_user(UserName="alice")["User"]
    assert iam.get_policy(PolicyArn=boundary)["Policy"]["PermissionsBoundaryUsageCount"] == 0


def test_put_user_permissions_boundary_errors(iam):
    assert fails(iam.put_user_permissions_boundary, UserName="ghost",
                 PermissionsBoundary="arn:aws:iam::aws:policy/ReadOnlyAccess")[0] == "NoSuchEntity"
    iam.create_user(UserName="alice")
    code, message, status = fails(iam.put_user_permissions_boundary, UserName="alice",
                                  PermissionsBoundary="arn:aws:iam::aws:policy/NoSuchPolicy")
    assert (code, status) == ("NoSuchEntity", 404)
    assert message == "Scope ARN: arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable."
    code, message, status = fails(iam.put_user_permissions_boundary, UserName="alice",
                                  PermissionsBoundary="this-is-not-an-arn-at-all")
    assert (code, message, status) == ("InvalidInput", "ARN this-is-not-an-arn-at-all is not valid.", 400)


def test_get_user_without_name_refuses_role_sessions():
    from types import SimpleNamespace

    from iamulator.services.iam.backend import Backend

    backend = Backend(ACCOUNT, "aws-global")
    session = SimpleNamespace(principal=SimpleNamespace(arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/app/s"))
    with pytest.raises(Exception) as info:
        Backend.handler("GetUser")(backend, session, {})
    assert (info.value.code, info.value.message, info.value.status) == (
        "ValidationError", "Must specify userName when calling with non-User credentials", 400)
