import json

import pytest

from iam_support import ACCOUNT, S3_READ, TRUST_EC2, arn, fails, trust_account


def test_create_role(iam):
    role = iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2, Path="/svc/",
                           Description="the app", MaxSessionDuration=7200,
                           Tags=[{"Key": "env", "Value": "prod"}])["Role"]
    assert role["Arn"] == arn("role", "app", "/svc/")
    assert role["RoleId"].startswith("AROA") and len(role["RoleId"]) == 21
    assert role["AssumeRolePolicyDocument"] == json.loads(TRUST_EC2)
    assert role["Description"] == "the app"
    assert role["MaxSessionDuration"] == 7200
    assert role["Tags"] == [{"Key": "env", "Value": "prod"}]
    got = iam.get_role(RoleName="app")["Role"]
    assert got["RoleLastUsed"] == {}
    assert got["MaxSessionDuration"] == 7200


def test_role_document_is_url_encoded_on_the_wire(iam):
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2)
    seen = []
    iam.meta.events.register("after-call.iam.GetRole", lambda http_response, **kw: seen.append(http_response.text))
    iam.get_role(RoleName="app")
    assert "<AssumeRolePolicyDocument>%7B%22Version%22%3A%20%222012-10-17%22" in seen[0]


def test_default_session_duration(iam):
    assert iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2)["Role"]["MaxSessionDuration"] == 3600


@pytest.mark.parametrize("duration, bound", [(3599, "greater than or equal to 3600"),
                                             (43201, "less than or equal to 43200")])
def test_session_duration_bounds(raw_iam, duration, bound):
    code, message, status = fails(raw_iam.create_role, RoleName="app", AssumeRolePolicyDocument=TRUST_EC2,
                                  MaxSessionDuration=duration)
    assert (code, status) == ("ValidationError", 400)
    assert message == (f"1 validation error detected: Value '{duration}' at 'maxSessionDuration' failed to "
                       f"satisfy constraint: Member must have value {bound}")


def test_duplicate_role(iam):
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2)
    assert fails(iam.create_role, RoleName="App", AssumeRolePolicyDocument=TRUST_EC2) == (
        "EntityAlreadyExists", "Role with name App already exists.", 409)


def test_trust_policy_is_validated_as_a_trust_policy(iam):
    no_principal = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole"}]})
    assert fails(iam.create_role, RoleName="app", AssumeRolePolicyDocument=no_principal) == (
        "MalformedPolicyDocument", "Missing required field Principal", 400)
    with_resource = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole",
         "Resource": "*"}]})
    assert fails(iam.create_role, RoleName="app", AssumeRolePolicyDocument=with_resource) == (
        "MalformedPolicyDocument", "Has prohibited field Resource", 400)
    bad_principal = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "someone"}, "Action": "sts:AssumeRole"}]})
    assert fails(iam.create_role, RoleName="app", AssumeRolePolicyDocument=bad_principal) == (
        "MalformedPolicyDocument", 'Invalid principal in policy: "AWS":"someone"', 400)
    assert fails(iam.create_role, RoleName="app", AssumeRolePolicyDocument="{not json") == (
        "MalformedPolicyDocument", "Syntax errors in policy.", 400)
    assert iam.list_roles()["Roles"] == []


def test_trust_policy_size_quota(iam):
    big = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": f"S{i}", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
         "Action": "sts:AssumeRole"} for i in range(40)]})
    assert fails(iam.create_role, RoleName="app", AssumeRolePolicyDocument=big) == (
        "LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048", 409)


def test_get_missing_role(iam):
    assert fails(iam.get_role, RoleName="ghost") == ("NoSuchEntity", "The role with name ghost cannot be found.", 404)


def test_list_roles(iam):
    iam.create_role(RoleName="b", AssumeRolePolicyDocument=TRUST_EC2, Path="/x/", Tags=[{"Key": "k", "Value": "v"}])
    iam.create_role(RoleName="a", AssumeRolePolicyDocument=TRUST_EC2)
    roles = iam.list_roles()["Roles"]
    assert [r["RoleName"] for r in roles] == ["a", "b"]
    assert "Tags" not in roles[1] and "RoleLastUsed" not in roles[1]
    assert [r["RoleName"] for r in iam.list_roles(PathPrefix="/x/")["Roles"]] == ["b"]


def test_update_role(iam):
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2)
    iam.update_role(RoleName="app", Description="new", MaxSessionDuration=43200)
    role = iam.get_role(RoleName="app")["Role"]
    assert (role["Description"], role["MaxSessionDuration"]) == ("new", 43200)
    assert iam.update_role_description(RoleName="app", Description="again")["Role"]["Description"] == "again"
    assert fails(iam.update_role, RoleName="ghost", Description="x")[0] == "NoSuchEntity"


def test_update_assume_role_policy(iam):
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2)
    iam.update_assume_role_policy(RoleName="app", PolicyDocument=trust_account())
    assert iam.get_role(RoleName="app")["Role"]["AssumeRolePolicyDocument"] == json.loads(trust_account())
    assert fails(iam.update_assume_role_policy, RoleName="app", PolicyDocument=S3_READ)[0] == "MalformedPolicyDocument"
    assert fails(iam.update_assume_role_policy, RoleName="ghost", PolicyDocument=TRUST_EC2)[0] == "NoSuchEntity"


@pytest.mark.parametrize("setup, message", [
    (lambda iam: (iam.create_instance_profile(InstanceProfileName="ip"),
                  iam.add_role_to_instance_profile(InstanceProfileName="ip", RoleName="app")),
     "Cannot delete entity, must remove roles from instance profile first."),
    (lambda iam: iam.put_role_policy(RoleName="app", PolicyName="p", PolicyDocument=S3_READ),
     "Cannot delete entity, must delete policies first."),
    (lambda iam: iam.attach_role_policy(RoleName="app", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess"),
     "Cannot delete entity, must detach all policies first."),
])
def test_delete_role_conflicts(iam, setup, message):
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2)
    setup(iam)
    assert fails(iam.delete_role, RoleName="app") == ("DeleteConflict", message, 409)


def test_delete_role(iam):
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2)
    iam.delete_role(RoleName="app")
    assert fails(iam.get_role, RoleName="app")[0] == "NoSuchEntity"
    assert fails(iam.delete_role, RoleName="app")[0] == "NoSuchEntity"


def test_role_permissions_boundary(iam):
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2,
                    PermissionsBoundary="arn:aws:iam::aws:policy/PowerUserAccess")
    assert (iam.get_role(RoleName="app")["Role"]["PermissionsBoundary"]["PermissionsBoundaryArn"]
            == "arn:aws:iam::aws:policy/PowerUserAccess")
    iam.put_role_permissions_boundary(RoleName="app", PermissionsBoundary="arn:aws:iam::aws:policy/ReadOnlyAccess")
    assert (iam.get_role(RoleName="app")["Role"]["PermissionsBoundary"]["PermissionsBoundaryArn"]
            == "arn:aws:iam::aws:policy/ReadOnlyAccess")
    assert iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/PowerUserAccess")["Policy"][
        "PermissionsBoundaryUsageCount"] == 0
    iam.delete_role_permissions_boundary(RoleName="app")
    assert "PermissionsBoundary" not in iam.get_role(RoleName="app")["Role"]
    code, message, _ = fails(iam.put_role_permissions_boundary, RoleName="app",
                             PermissionsBoundary=f"arn:aws:iam::{ACCOUNT}:policy/missing")
    assert (code, message) == ("NoSuchEntity",
                               f"Scope ARN: arn:aws:iam::{ACCOUNT}:policy/missing does not exist or is not attachable.")


def test_service_linked_role(iam):
    role = iam.create_service_linked_role(AWSServiceName="elasticbeanstalk.amazonaws.com",
                                          Description="for beanstalk")["Role"]
    assert role["Path"] == "/aws-service-role/elasticbeanstalk.amazonaws.com/"
    assert role["RoleName"].startswith("AWSServiceRoleFor")
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": ["elasticbeanstalk.amazonaws.com"]}
    name = role["RoleName"]
    code, message, status = fails(iam.create_service_linked_role, AWSServiceName="elasticbeanstalk.amazonaws.com")
    assert (code, status) == ("InvalidInput", 400)
    assert message == (f"Service role name {name} has been taken in this account, please try a different suffix.")
    suffixed = iam.create_service_linked_role(AWSServiceName="elasticbeanstalk.amazonaws.com", CustomSuffix="two")
    assert suffixed["Role"]["RoleName"] == f"{name}_two"


def test_service_linked_roles_are_protected(iam):
    name = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")["Role"]["RoleName"]
    protected = (f"Cannot perform the operation on the protected role '{name}' - "
                 "this role is only modifiable by AWS")
    for call, kwargs in [(iam.delete_role, {}),
                         (iam.update_assume_role_policy, {"PolicyDocument": TRUST_EC2}),
                         (iam.put_role_policy, {"PolicyName": "p", "PolicyDocument": S3_READ}),
                         (iam.attach_role_policy, {"PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"})]:
        assert fails(call, RoleName=name, **kwargs) == ("UnmodifiableEntity", protected, 400)
    task = iam.delete_service_linked_role(RoleName=name)["DeletionTaskId"]
    assert task.startswith(f"task/aws-service-role/autoscaling.amazonaws.com/{name}/")
    assert iam.get_service_linked_role_deletion_status(DeletionTaskId=task)["Status"] == "SUCCEEDED"
    assert fails(iam.get_role, RoleName=name)[0] == "NoSuchEntity"


def test_delete_service_linked_role_refuses_ordinary_roles(iam):
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2)
    assert fails(iam.delete_service_linked_role, RoleName="app")[0] == "InvalidInput"
