"""Repositories: create, describe (names, pages), delete, settings and lifecycle policies."""
import json

import pytest
from botocore.config import Config
import boto3

from ecr_support import ACCOUNT, REGION, REPO_ARN, error_of, manifest

LIFECYCLE = json.dumps({"rules": [{"rulePriority": 1, "description": "expire untagged",
                                   "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed",
                                                 "countUnit": "days", "countNumber": 14},
                                   "action": {"type": "expire"}}]})


def test_create_returns_arn_uri_and_settings(ecr):
    repo = ecr.create_repository(
        repositoryName="team/web-app", imageTagMutability="IMMUTABLE",
        imageScanningConfiguration={"scanOnPush": True},
        encryptionConfiguration={"encryptionType": "KMS", "kmsKey": "arn:aws:kms:us-east-1:123456789012:key/k"},
        tags=[{"Key": "team", "Value": "core"}])["repository"]
    assert repo["repositoryArn"] == REPO_ARN + "team/web-app"
    assert repo["repositoryUri"] == f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/team/web-app"
    assert repo["registryId"] == ACCOUNT
    assert repo["imageTagMutability"] == "IMMUTABLE"
    assert repo["imageScanningConfiguration"] == {"scanOnPush": True}
    assert repo["encryptionConfiguration"] == {"encryptionType": "KMS",
                                               "kmsKey": "arn:aws:kms:us-east-1:123456789012:key/k"}
    assert ecr.list_tags_for_resource(resourceArn=repo["repositoryArn"])["tags"] == [{"Key": "team", "Value": "core"}]


def test_defaults(ecr):
    repo = ecr.create_repository(repositoryName="plain")["repository"]
    assert repo["imageTagMutability"] == "MUTABLE"
    assert repo["imageScanningConfiguration"] == {"scanOnPush": False}
    assert repo["encryptionConfiguration"] == {"encryptionType": "AES256"}


def test_existing_name(ecr):
    ecr.create_repository(repositoryName="dup")
    with pytest.raises(ecr.exceptions.RepositoryAlreadyExistsException) as exc:
        ecr.create_repository(repositoryName="dup")
    assert error_of(exc) == ("RepositoryAlreadyExistsException", 400,
                             f"The repository with name 'dup' already exists in the registry with id '{ACCOUNT}'")


@pytest.mark.parametrize("name,constraint", [
    ("a", "must have length greater than or equal to 2"),
    ("x" * 257, "must have length less than or equal to 256"),
    ("Upper", "must satisfy regular expression '[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)"
              "[a-z0-9]+)*)*'"),
    ("-lead", None), ("trail/", None), ("a//b", None), ("a..b", None),
])
def test_name_validation(ecr, name, constraint):
    raw = boto3.client("ecr", region_name=REGION, config=Config(parameter_validation=False))
    with pytest.raises(ecr.exceptions.InvalidParameterException) as exc:
        raw.create_repository(repositoryName=name)
    code, status, message = error_of(exc)
    assert (code, status) == ("InvalidParameterException", 400)
    assert message.startswith("Invalid parameter at 'repositoryName' failed to satisfy constraint: ")
    if constraint:
        assert message.endswith(f"'{constraint}'")


@pytest.mark.parametrize("name", ["ab", "a/b/c", "my-app", "my--app", "a_b", "a__b", "a.b", "x" * 256])
def test_valid_names(ecr, name):
    assert ecr.create_repository(repositoryName=name)["repository"]["repositoryName"] == name


def test_kms_key_needs_kms_encryption(ecr):
    with pytest.raises(ecr.exceptions.InvalidParameterException):
        ecr.create_repository(repositoryName="enc",
                              encryptionConfiguration={"encryptionType": "AES256", "kmsKey": "k"})


def test_describe_by_name_and_all_with_pages(ecr):
    for i in range(5):
        ecr.create_repository(repositoryName=f"repo{i}")
    got = ecr.describe_repositories(repositoryNames=["repo3", "repo1"])["repositories"]
    assert [r["repositoryName"] for r in got] == ["repo3", "repo1"]
    first = ecr.describe_repositories(maxResults=2)
    assert [r["repositoryName"] for r in first["repositories"]] == ["repo0", "repo1"]
    second = ecr.describe_repositories(maxResults=2, nextToken=first["nextToken"])
    assert [r["repositoryName"] for r in second["repositories"]] == ["repo2", "repo3"]
    pages = ecr.get_paginator("describe_repositories").paginate(PaginationConfig={"PageSize": 2})
    assert [r["repositoryName"] for p in pages for r in p["repositories"]] == [f"repo{i}" for i in range(5)]
    with pytest.raises(ecr.exceptions.InvalidParameterException):
        ecr.describe_repositories(nextToken="garbage")


def test_describe_missing(ecr):
    ecr.create_repository(repositoryName="here")
    with pytest.raises(ecr.exceptions.RepositoryNotFoundException) as exc:
        ecr.describe_repositories(repositoryNames=["here", "gone"])
    assert error_of(exc) == ("RepositoryNotFoundException", 400,
                             f"The repository with name 'gone' does not exist in the registry with id '{ACCOUNT}'")
    assert ecr.describe_repositories()["repositories"][0]["repositoryName"] == "here"


def test_delete_needs_force_when_images_remain(ecr):
    ecr.create_repository(repositoryName="full")
    ecr.put_image(repositoryName="full", imageManifest=manifest(), imageTag="v1")
    with pytest.raises(ecr.exceptions.RepositoryNotEmptyException) as exc:
        ecr.delete_repository(repositoryName="full")
    assert error_of(exc) == ("RepositoryNotEmptyException", 400,
                             f"The repository with name 'full' in registry with id '{ACCOUNT}' cannot be deleted "
                             "because it still contains images")
    assert ecr.delete_repository(repositoryName="full", force=True)["repository"]["repositoryName"] == "full"
    with pytest.raises(ecr.exceptions.RepositoryNotFoundException):
        ecr.delete_repository(repositoryName="full")
    ecr.create_repository(repositoryName="empty")
    assert ecr.delete_repository(repositoryName="empty")["repository"]["repositoryArn"] == REPO_ARN + "empty"


def test_tag_mutability_and_scanning(ecr):
    ecr.create_repository(repositoryName="mm")
    out = ecr.put_image_tag_mutability(repositoryName="mm", imageTagMutability="IMMUTABLE")
    assert (out["repositoryName"], out["registryId"], out["imageTagMutability"]) == ("mm", ACCOUNT, "IMMUTABLE")
    out = ecr.put_image_scanning_configuration(repositoryName="mm", imageScanningConfiguration={"scanOnPush": True})
    assert out["imageScanningConfiguration"] == {"scanOnPush": True}
    repo = ecr.describe_repositories(repositoryNames=["mm"])["repositories"][0]
    assert (repo["imageTagMutability"], repo["imageScanningConfiguration"]) == ("IMMUTABLE", {"scanOnPush": True})
    with pytest.raises(ecr.exceptions.RepositoryNotFoundException):
        ecr.put_image_tag_mutability(repositoryName="nope", imageTagMutability="MUTABLE")


def test_lifecycle_policy(ecr):
    ecr.create_repository(repositoryName="life")
    with pytest.raises(ecr.exceptions.LifecyclePolicyNotFoundException) as exc:
        ecr.get_lifecycle_policy(repositoryName="life")
    assert error_of(exc) == ("LifecyclePolicyNotFoundException", 400,
                             f"Lifecycle policy does not exist for the repository with name 'life' in the registry "
                             f"with id '{ACCOUNT}'")
    out = ecr.put_lifecycle_policy(repositoryName="life", lifecyclePolicyText=LIFECYCLE)
    assert (out["repositoryName"], out["lifecyclePolicyText"]) == ("life", LIFECYCLE)
    assert ecr.get_lifecycle_policy(repositoryName="life")["lifecyclePolicyText"] == LIFECYCLE
    assert ecr.delete_lifecycle_policy(repositoryName="life")["lifecyclePolicyText"] == LIFECYCLE
    with pytest.raises(ecr.exceptions.LifecyclePolicyNotFoundException):
        ecr.delete_lifecycle_policy(repositoryName="life")
    with pytest.raises(ecr.exceptions.InvalidParameterException):
        ecr.put_lifecycle_policy(repositoryName="life", lifecyclePolicyText="{" + " " * 120)


def test_authorization_token(ecr):
    import base64
    import datetime

    data = ecr.get_authorization_token()["authorizationData"]
    assert len(data) == 1
    user, _, password = base64.b64decode(data[0]["authorizationToken"]).decode().partition(":")
    assert user == "AWS" and len(password) > 20
    assert data[0]["proxyEndpoint"] == f"https://{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com"
    left = data[0]["expiresAt"] - datetime.datetime.now(datetime.timezone.utc)
    assert datetime.timedelta(hours=11, minutes=59) < left <= datetime.timedelta(hours=12, seconds=1)
