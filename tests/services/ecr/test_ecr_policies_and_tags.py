"""Repository policies (Set/Get/DeleteRepositoryPolicy) and tags."""
import json

import pytest

from iamulator.services.base import Context
from iamulator.services.ecr import resource_policy
from iamulator.services.state import STORE

from ecr_support import ACCOUNT, OTHER, REGION, REPO_ARN, error_of

PULL = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Sid": "pull", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
    "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]})
INVALID = "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'"


@pytest.fixture
def repo(ecr):
    ecr.create_repository(repositoryName="shared")
    return "shared"


def test_set_get_delete(ecr, repo):
    with pytest.raises(ecr.exceptions.RepositoryPolicyNotFoundException) as exc:
        ecr.get_repository_policy(repositoryName=repo)
    assert error_of(exc) == ("RepositoryPolicyNotFoundException", 400,
                             "Repository policy does not exist for the repository with name 'shared' in the "
                             f"registry with id '{ACCOUNT}'")
    out = ecr.set_repository_policy(repositoryName=repo, policyText=PULL)
    assert (out["registryId"], out["repositoryName"], out["policyText"]) == (ACCOUNT, repo, PULL)
    assert ecr.get_repository_policy(repositoryName=repo)["policyText"] == PULL
    assert ecr.delete_repository_policy(repositoryName=repo)["policyText"] == PULL
    with pytest.raises(ecr.exceptions.RepositoryPolicyNotFoundException):
        ecr.delete_repository_policy(repositoryName=repo)
    with pytest.raises(ecr.exceptions.RepositoryNotFoundException):
        ecr.set_repository_policy(repositoryName="missing", policyText=PULL)


@pytest.mark.parametrize("text", [
    "not json",
    json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*"}]}),
    json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*"}]}),
    json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "ecr:*",
                                                        "Resource": "*"}]}),
])
def test_invalid_policies(ecr, repo, text):
    with pytest.raises(ecr.exceptions.InvalidParameterException) as exc:
        ecr.set_repository_policy(repositoryName=repo, policyText=text)
    assert error_of(exc) == ("InvalidParameterException", 400, INVALID)
    with pytest.raises(ecr.exceptions.RepositoryPolicyNotFoundException):
        ecr.get_repository_policy(repositoryName=repo)


def test_resource_policy_for_enforcement(ecr, repo):
    ctx = Context(request=None, service="ecr", operation="BatchGetImage", protocol="json", account_id=OTHER,
                  region=REGION, store=STORE)
    assert resource_policy(ctx, REPO_ARN + repo) == (None, ACCOUNT)
    ecr.set_repository_policy(repositoryName=repo, policyText=PULL)
    assert resource_policy(ctx, REPO_ARN + repo) == (PULL, ACCOUNT)
    assert resource_policy(ctx, REPO_ARN + "*") == (None, ACCOUNT)
    assert resource_policy(ctx, f"arn:aws:ecr:{REGION}:{OTHER}:repository/none") == (None, OTHER)


def test_tags(ecr, repo):
    arn = REPO_ARN + repo
    ecr.tag_resource(resourceArn=arn, tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    ecr.tag_resource(resourceArn=arn, tags=[{"Key": "a", "Value": "3"}])
    assert ecr.list_tags_for_resource(resourceArn=arn)["tags"] == [{"Key": "a", "Value": "3"},
                                                                   {"Key": "b", "Value": "2"}]
    ecr.untag_resource(resourceArn=arn, tagKeys=["a", "missing"])
    assert ecr.list_tags_for_resource(resourceArn=arn)["tags"] == [{"Key": "b", "Value": "2"}]
    with pytest.raises(ecr.exceptions.InvalidTagParameterException):
        ecr.tag_resource(resourceArn=arn, tags=[{"Key": "aws:reserved", "Value": "x"}])
    with pytest.raises(ecr.exceptions.TooManyTagsException):
        ecr.tag_resource(resourceArn=arn, tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    with pytest.raises(ecr.exceptions.RepositoryNotFoundException):
        ecr.list_tags_for_resource(resourceArn=REPO_ARN + "missing")
    with pytest.raises(ecr.exceptions.InvalidParameterException):
        ecr.list_tags_for_resource(resourceArn="arn:aws:sqs:us-east-1:123456789012:q")
