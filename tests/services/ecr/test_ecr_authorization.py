"""ECR under authorization: identity policies on repository ARNs, tag conditions, and repository
policies deciding with them (a cross-account pull needs both sides; an explicit Deny wins)."""
import json

import boto3
import pytest
from botocore.config import Config

from iamulator import mock_aws, set_initial_no_auth_action_count
from iamulator.accounts import root_access_key

from ecr_support import ACCOUNT, OTHER, REGION, REPO_ARN, manifest
from aws_errors import refusal as denied

NO_RETRY = Config(retries={"max_attempts": 1})


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action, resource, **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def client(service, key):
    return boto3.client(service, region_name=REGION, aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"], config=NO_RETRY)


def user_ecr(iam, name, *statements):
    """(ARN, ECR client) of a new user of the account ``iam`` manages, with the given inline policy."""
    arn = iam.create_user(UserName=name)["User"]["Arn"]
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=doc(*statements))
    return arn, client("ecr", iam.create_access_key(UserName=name)["AccessKey"])




@pytest.fixture
def admin():
    with set_initial_no_auth_action_count(0), mock_aws():
        root = root_access_key(ACCOUNT)
        ecr = client("ecr", root)
        ecr.create_repository(repositoryName="app", tags=[{"Key": "team", "Value": "core"}])
        ecr.put_image(repositoryName="app", imageManifest=manifest(), imageTag="v1")
        ecr.create_repository(repositoryName="other")
        yield client("iam", root), ecr


def test_allow_and_deny_on_one_repository(admin):
    iam, _ = admin
    arn, alice = user_ecr(iam, "alice", allow(["ecr:BatchGetImage", "ecr:DescribeRepositories"], REPO_ARN + "app"))
    assert alice.batch_get_image(repositoryName="app", imageIds=[{"imageTag": "v1"}])["images"]
    assert denied(alice.batch_get_image, repositoryName="other", imageIds=[{"imageTag": "v1"}]) == (
        "AccessDeniedException", 400,
        f"User: {arn} is not authorized to perform: ecr:BatchGetImage on resource: {REPO_ARN}other because no "
        "identity-based policy allows the ecr:BatchGetImage action")
    assert alice.describe_repositories(repositoryNames=["app"])["repositories"][0]["repositoryName"] == "app"
    # Listing every repository is a check on repository/*, which the policy does not cover.
    assert denied(alice.describe_repositories)[2] == (
        f"User: {arn} is not authorized to perform: ecr:DescribeRepositories on resource: {REPO_ARN}* because no "
        "identity-based policy allows the ecr:DescribeRepositories action")


def test_authorization_token_takes_no_resource(admin):
    iam, _ = admin
    _, alice = user_ecr(iam, "alice", allow("ecr:GetAuthorizationToken", "*"))
    assert alice.get_authorization_token()["authorizationData"]
    arn, bob = user_ecr(iam, "bob", allow("ecr:BatchGetImage", "*"))
    assert denied(bob.get_authorization_token)[2] == (
        f"User: {arn} is not authorized to perform: ecr:GetAuthorizationToken because no "
        "identity-based policy allows the ecr:GetAuthorizationToken action")


@pytest.mark.parametrize("key", ["aws:ResourceTag/team", "ecr:ResourceTag/team"])
def test_resource_tags_from_the_stored_repository(admin, key):
    iam, _ = admin
    _, alice = user_ecr(iam, "alice", allow("ecr:ListImages", "*", Condition={"StringEquals": {key: "core"}}))
    assert alice.list_images(repositoryName="app")["imageIds"] == [
        {"imageDigest": alice.list_images(repositoryName="app")["imageIds"][0]["imageDigest"], "imageTag": "v1"}]
    assert denied(alice.list_images, repositoryName="other")[0] == "AccessDeniedException"


def test_request_tags_and_tag_keys_on_create_and_tag(admin):
    iam, ecr = admin
    _, alice = user_ecr(
        iam, "alice",
        allow(["ecr:CreateRepository", "ecr:TagResource"], "*",
              Condition={"StringEquals": {"aws:RequestTag/team": "core"},
                         "ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}),
        allow("ecr:UntagResource", "*", Condition={"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}))
    alice.create_repository(repositoryName="mine", tags=[{"Key": "team", "Value": "core"}])
    assert denied(alice.create_repository, repositoryName="theirs", tags=[{"Key": "team", "Value": "ops"}])[0] == \
        "AccessDeniedException"
    assert denied(alice.create_repository, repositoryName="untagged")[0] == "AccessDeniedException"
    assert denied(alice.tag_resource, resourceArn=REPO_ARN + "mine",
                  tags=[{"Key": "team", "Value": "core"}, {"Key": "cost", "Value": "1"}])[0] == "AccessDeniedException"
    alice.tag_resource(resourceArn=REPO_ARN + "mine", tags=[{"Key": "team", "Value": "core"}])
    assert denied(alice.untag_resource, resourceArn=REPO_ARN + "mine", tagKeys=["cost"])[0] == "AccessDeniedException"
    alice.untag_resource(resourceArn=REPO_ARN + "mine", tagKeys=["team"])
    assert ecr.list_tags_for_resource(resourceArn=REPO_ARN + "mine")["tags"] == []


def test_same_account_repository_policy_grants_a_user_alone(admin):
    iam, ecr = admin
    arn, alice = user_ecr(iam, "alice")
    assert denied(alice.list_images, repositoryName="app")[0] == "AccessDeniedException"
    ecr.set_repository_policy(repositoryName="app", policyText=doc(
        {"Effect": "Allow", "Principal": {"AWS": arn}, "Action": "ecr:ListImages"}))
    assert len(alice.list_images(repositoryName="app")["imageIds"]) == 1


def test_explicit_deny_in_the_repository_policy_denies_the_owners_user(admin):
    iam, ecr = admin
    arn, alice = user_ecr(iam, "alice", allow("ecr:*", "*"))
    ecr.set_repository_policy(repositoryName="app", policyText=doc(
        {"Effect": "Deny", "Principal": {"AWS": arn}, "Action": "ecr:BatchDeleteImage"}))
    assert denied(alice.batch_delete_image, repositoryName="app", imageIds=[{"imageTag": "v1"}]) == (
        "AccessDeniedException", 400,
        f"User: {arn} is not authorized to perform: ecr:BatchDeleteImage on resource: {REPO_ARN}app with an "
        "explicit deny in a resource-based policy")
    assert alice.list_images(repositoryName="app")["imageIds"]


def test_cross_account_pull_needs_both_the_repository_policy_and_the_callers_policy(admin):
    iam, ecr = admin
    other_iam = client("iam", root_access_key(OTHER))
    arn, puller = user_ecr(other_iam, "puller", allow(["ecr:BatchGetImage", "ecr:DescribeImages"],
                                                      f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/*"))
    _, idle = user_ecr(other_iam, "idle")
    pull = {"registryId": ACCOUNT, "repositoryName": "app", "imageIds": [{"imageTag": "v1"}]}
    # No repository policy: the owner has not granted the other account anything.
    code, status, message = denied(puller.batch_get_image, **pull)
    assert (code, status) == ("AccessDeniedException", 400)
    assert message == (f"User: {arn} is not authorized to perform: ecr:BatchGetImage on resource: {REPO_ARN}app "
                       "because no resource-based policy allows the ecr:BatchGetImage action")
    ecr.set_repository_policy(repositoryName="app", policyText=doc(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"}, "Action": "ecr:BatchGetImage"}))
    images = puller.batch_get_image(**pull)["images"]
    assert [i["imageId"]["imageTag"] for i in images] == ["v1"] and images[0]["registryId"] == ACCOUNT
    # Both sides are needed: the policy grants the account, but this user's own policies allow nothing.
    assert denied(idle.batch_get_image, **pull)[0] == "AccessDeniedException"
    # And the policy grants only the pull.
    assert denied(puller.describe_images, registryId=ACCOUNT, repositoryName="app")[0] == "AccessDeniedException"
    # The other account's own registry is untouched: the request reached the owner's repository.
    assert client("ecr", root_access_key(OTHER)).describe_repositories()["repositories"] == []
