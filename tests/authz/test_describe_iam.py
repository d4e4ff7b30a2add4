"""IAM's declarations: ARNs with the entity's path, the caller when UserName is omitted, whole
ARNs (policies, PolicySourceArn), and the tags and boundaries of stored entities."""
import json

import pytest

from iamulator.authz.describe import describe
from iamulator.services.errors import AWSError
from iamulator.services.state import Store

from describe_helpers import ACCOUNT, OTHER, Principal, make_ctx

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
BOUNDARY = f"arn:aws:iam::{ACCOUNT}:policy/Boundary"


@pytest.fixture
def store():
    s = Store()
    run(s, "CreateUser", {"UserName": "Alice", "Path": "/division/abc/", "Tags": [{"Key": "team", "Value": "red"}]})
    run(s, "CreatePolicy", {"PolicyName": "Boundary", "PolicyDocument": json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})})
    run(s, "CreateRole", {"RoleName": "app", "Path": "/svc/", "AssumeRolePolicyDocument": TRUST,
                          "PermissionsBoundary": BOUNDARY})
    run(s, "CreateGroup", {"GroupName": "ops", "Path": "/teams/"})
    return s


def run(store, operation, params):
    backend = store.backend("iam", ACCOUNT, "us-east-1")
    return backend.handler(operation)(backend, make_ctx("iam", store=store), params)


def checks(store, operation, params, principal=None):
    return describe("iam", operation, params, make_ctx("iam", store=store, principal=principal))


def one(store, operation, params, principal=None):
    [check] = checks(store, operation, params, principal)
    return check


def test_stored_entities_are_named_with_their_path_and_spelling(store):
    assert one(store, "GetUser", {"UserName": "alice"}).resource == f"arn:aws:iam::{ACCOUNT}:user/division/abc/Alice"
    assert one(store, "GetRole", {"RoleName": "app"}).resource == f"arn:aws:iam::{ACCOUNT}:role/svc/app"
    assert one(store, "GetGroup", {"GroupName": "ops"}).resource == f"arn:aws:iam::{ACCOUNT}:group/teams/ops"
    # A user that does not exist has no path to find: "/".
    assert one(store, "GetUser", {"UserName": "ghost"}).resource == f"arn:aws:iam::{ACCOUNT}:user/ghost"


def test_create_operations_take_the_path_from_the_request(store):
    check = one(store, "CreateUser", {"UserName": "bob", "Path": "/eng/", "Tags": [{"Key": "cc", "Value": "42"}],
                                      "PermissionsBoundary": BOUNDARY})
    assert check.resource == f"arn:aws:iam::{ACCOUNT}:user/eng/bob"
    assert dict(check.context) == {"iam:PermissionsBoundary": BOUNDARY, "aws:RequestTag/cc": "42",
                                   "aws:TagKeys": ["cc"]}
    assert one(store, "CreateRole", {"RoleName": "r", "AssumeRolePolicyDocument": TRUST}).resource == \
        f"arn:aws:iam::{ACCOUNT}:role/r"
    assert one(store, "CreatePolicy", {"PolicyName": "P", "Path": "/x/", "PolicyDocument": "{}"}).resource == \
        f"arn:aws:iam::{ACCOUNT}:policy/x/P"
    # Creating an entity whose name exists still names the new one, at the request's path.
    assert one(store, "CreateUser", {"UserName": "Alice"}).resource == f"arn:aws:iam::{ACCOUNT}:user/Alice"


def test_operations_on_a_policy_use_its_arn(store):
    managed = "arn:aws:iam::aws:policy/service-role/AWSLambdaRole"
    check = one(store, "GetPolicy", {"PolicyArn": managed})
    assert (check.resource, check.resource_account) == (managed, ACCOUNT)
    check = one(store, "GetPolicy", {"PolicyArn": f"arn:aws:iam::{OTHER}:policy/Theirs"})
    assert check.resource_account == OTHER


def test_attaching_supplies_the_policy_arn_and_the_entitys_boundary(store):
    check = one(store, "AttachRolePolicy", {"RoleName": "app", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"})
    assert check.resource == f"arn:aws:iam::{ACCOUNT}:role/svc/app"
    assert check.context["iam:PolicyARN"] == "arn:aws:iam::aws:policy/ReadOnlyAccess"
    assert check.context["iam:PermissionsBoundary"] == BOUNDARY
    check = one(store, "PutUserPermissionsBoundary", {"UserName": "alice", "PermissionsBoundary": "arn:x"})
    assert check.context["iam:PermissionsBoundary"] == "arn:x"


def test_tags_of_users_and_roles_are_resource_tags(store):
    context = one(store, "DeleteUser", {"UserName": "Alice"}).context
    assert context["aws:ResourceTag/team"] == "red" and context["iam:ResourceTag/team"] == "red"
    check = one(store, "TagUser", {"UserName": "Alice", "Tags": [{"Key": "env", "Value": "x"}]})
    assert check.context["aws:RequestTag/env"] == "x" and check.context["aws:TagKeys"] == ["env"]
    check = one(store, "UntagUser", {"UserName": "Alice", "TagKeys": ["team"]})
    assert check.context["aws:TagKeys"] == ["team"]


def test_without_user_name_the_caller_is_the_resource(store):
    me = Principal(f"arn:aws:iam::{ACCOUNT}:user/division/abc/Alice")
    for operation in ("GetUser", "ListAccessKeys", "CreateAccessKey"):
        check = one(store, operation, {}, principal=me)
        assert (check.action, check.resource) == (f"iam:{operation}", me.arn)
        assert check.context["iam:ResourceTag/team"] == "red"
    assert one(store, "GetUser", {}).resource == f"arn:aws:iam::{ACCOUNT}:root"     # no caller: the root
    assert one(store, "ListAccessKeys", {"UserName": "alice"}, principal=me).resource == me.arn


def test_access_key_last_used_is_authorized_on_the_keys_owner(store):
    key = run(store, "CreateAccessKey", {"UserName": "Alice"})["AccessKey"]["AccessKeyId"]
    assert one(store, "GetAccessKeyLastUsed", {"AccessKeyId": key}).resource == \
        f"arn:aws:iam::{ACCOUNT}:user/division/abc/Alice"
    with pytest.raises(AWSError) as err:
        checks(store, "GetAccessKeyLastUsed", {"AccessKeyId": "AKIAAAAAAAAAAAAAAAAA"})
    assert err.value.code == "NoSuchEntity"


def test_simulate_principal_policy_is_on_the_policy_source(store):
    role = f"arn:aws:iam::{ACCOUNT}:role/svc/app"
    check = one(store, "SimulatePrincipalPolicy", {"PolicySourceArn": role, "ActionNames": ["s3:GetObject"]})
    assert (check.action, check.resource) == ("iam:SimulatePrincipalPolicy", role)
    assert one(store, "SimulateCustomPolicy", {"PolicyInputList": [], "ActionNames": []}).resource == "*"


def test_service_linked_roles(store):
    check = one(store, "CreateServiceLinkedRole", {"AWSServiceName": "elasticbeanstalk.amazonaws.com"})
    assert check.resource == (f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/elasticbeanstalk.amazonaws.com/"
                              "AWSServiceRoleForElasticbeanstalk")
    assert check.context["iam:AWSServiceName"] == "elasticbeanstalk.amazonaws.com"
    check = one(store, "GetServiceLinkedRoleDeletionStatus", {
        "DeletionTaskId": "task/aws-service-role/es.amazonaws.com/AWSServiceRoleForEs/1a2b"})
    assert check.resource == f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/es.amazonaws.com/AWSServiceRoleForEs"


def test_account_level_operations_are_on_star(store):
    for operation in ("ListUsers", "ListRoles", "ListPolicies", "GetAccountSummary", "CreateAccountAlias"):
        params = {"AccountAlias": "my-alias"} if operation == "CreateAccountAlias" else {}
        assert one(store, operation, params).resource == "*"
