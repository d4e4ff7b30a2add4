"""Image metadata through the API: PutImage, BatchGetImage, ListImages, DescribeImages,
BatchDeleteImage; tag mutability."""
import hashlib

import pytest

from ecr_support import ACCOUNT, error_of, manifest

V2 = "application/vnd.docker.distribution.manifest.v2+json"


def digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def repo(ecr):
    ecr.create_repository(repositoryName="app")
    return "app"


def test_put_image_digest_is_the_manifest_sha256(ecr, repo):
    text = manifest(layer_size=321)
    image = ecr.put_image(repositoryName=repo, imageManifest=text, imageTag="v1")["image"]
    assert image["imageId"] == {"imageDigest": digest(text), "imageTag": "v1"}
    assert (image["registryId"], image["repositoryName"]) == (ACCOUNT, repo)
    assert image["imageManifest"] == text
    assert image["imageManifestMediaType"] == V2
    detail = ecr.describe_images(repositoryName=repo)["imageDetails"][0]
    assert detail["imageDigest"] == digest(text)
    assert detail["imageTags"] == ["v1"]
    assert detail["imageSizeInBytes"] == 321
    assert detail["imageManifestMediaType"] == V2


def test_put_image_checks(ecr, repo):
    with pytest.raises(ecr.exceptions.InvalidParameterException) as exc:
        ecr.put_image(repositoryName=repo, imageManifest="not json")
    assert error_of(exc) == ("InvalidParameterException", 400,
                             "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'")
    with pytest.raises(ecr.exceptions.ImageDigestDoesNotMatchException):
        ecr.put_image(repositoryName=repo, imageManifest=manifest(), imageDigest="sha256:" + "0" * 64)
    with pytest.raises(ecr.exceptions.RepositoryNotFoundException):
        ecr.put_image(repositoryName="missing", imageManifest=manifest())
    text = manifest()
    assert ecr.put_image(repositoryName=repo, imageManifest=text, imageDigest=digest(text))["image"]["imageId"] == {
        "imageDigest": digest(text)}


def test_same_image_and_tag_again_already_exists(ecr, repo):
    text = manifest()
    ecr.put_image(repositoryName=repo, imageManifest=text, imageTag="v1")
    with pytest.raises(ecr.exceptions.ImageAlreadyExistsException) as exc:
        ecr.put_image(repositoryName=repo, imageManifest=text, imageTag="v1")
    assert error_of(exc) == ("ImageAlreadyExistsException", 400,
                             f"Image with digest '{digest(text)}' and tag 'v1' already exists in the repository with "
                             f"name '{repo}' in registry with id '{ACCOUNT}'")
    # A second tag on the same image is fine.
    ecr.put_image(repositoryName=repo, imageManifest=text, imageTag="latest")
    assert ecr.describe_images(repositoryName=repo)["imageDetails"][0]["imageTags"] == ["v1", "latest"]


def test_mutable_tag_moves_and_leaves_the_old_image_untagged(ecr, repo):
    old, new = manifest(marker="a"), manifest(marker="c")
    ecr.put_image(repositoryName=repo, imageManifest=old, imageTag="latest")
    ecr.put_image(repositoryName=repo, imageManifest=new, imageTag="latest")
    assert ecr.list_images(repositoryName=repo, filter={"tagStatus": "TAGGED"})["imageIds"] == [
        {"imageDigest": digest(new), "imageTag": "latest"}]
    assert ecr.list_images(repositoryName=repo, filter={"tagStatus": "UNTAGGED"})["imageIds"] == [
        {"imageDigest": digest(old)}]
    assert len(ecr.list_images(repositoryName=repo)["imageIds"]) == 2


def test_immutable_tag_cannot_be_overwritten(ecr):
    ecr.create_repository(repositoryName="fixed", imageTagMutability="IMMUTABLE")
    ecr.put_image(repositoryName="fixed", imageManifest=manifest(marker="a"), imageTag="v1")
    with pytest.raises(ecr.exceptions.ImageTagAlreadyExistsException) as exc:
        ecr.put_image(repositoryName="fixed", imageManifest=manifest(marker="c"), imageTag="v1")
    assert error_of(exc) == ("ImageTagAlreadyExistsException", 400,
                             "The image tag 'v1' already exists in the 'fixed' repository and cannot be overwritten "
                             "because the repository is immutable.")
    ecr.put_image(repositoryName="fixed", imageManifest=manifest(marker="c"), imageTag="v2")


def test_batch_get_image_with_failures(ecr, repo):
    text = manifest()
    ecr.put_image(repositoryName=repo, imageManifest=text, imageTag="v1")
    out = ecr.batch_get_image(repositoryName=repo, imageIds=[
        {"imageTag": "v1"}, {"imageDigest": digest(text)}, {"imageTag": "nope"},
        {"imageTag": "v1", "imageDigest": "sha256:" + "1" * 64}, {"imageDigest": "bad"}])
    assert [i["imageId"] for i in out["images"]] == [{"imageDigest": digest(text), "imageTag": "v1"},
                                                      {"imageDigest": digest(text)}]
    assert out["images"][0]["imageManifest"] == text
    assert [(f["imageId"], f["failureCode"], f["failureReason"]) for f in out["failures"]] == [
        ({"imageTag": "nope"}, "ImageNotFound", "Requested image not found"),
        ({"imageTag": "v1", "imageDigest": "sha256:" + "1" * 64}, "ImageTagDoesNotMatchDigest",
         "Invalid request parameters: image tag and digest do not match"),
        ({"imageDigest": "bad"}, "InvalidImageDigest",
         "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'"),
    ]


def test_list_and_describe_pages(ecr, repo):
    for i in range(5):
        ecr.put_image(repositoryName=repo, imageManifest=manifest(marker=str(i)), imageTag=f"t{i}")
    first = ecr.list_images(repositoryName=repo, maxResults=2)
    assert [i["imageTag"] for i in first["imageIds"]] == ["t0", "t1"]
    rest = ecr.list_images(repositoryName=repo, nextToken=first["nextToken"])
    assert [i["imageTag"] for i in rest["imageIds"]] == ["t2", "t3", "t4"] and "nextToken" not in rest
    pages = ecr.get_paginator("describe_images").paginate(repositoryName=repo, PaginationConfig={"PageSize": 2})
    assert [d["imageTags"] for p in pages for d in p["imageDetails"]] == [[f"t{i}"] for i in range(5)]


def test_describe_named_images(ecr, repo):
    ecr.put_image(repositoryName=repo, imageManifest=manifest(), imageTag="v1")
    assert ecr.describe_images(repositoryName=repo, imageIds=[{"imageTag": "v1"}])["imageDetails"][0][
        "imageTags"] == ["v1"]
    with pytest.raises(ecr.exceptions.ImageNotFoundException) as exc:
        ecr.describe_images(repositoryName=repo, imageIds=[{"imageTag": "v9"}])
    assert error_of(exc) == ("ImageNotFoundException", 400,
                             "The image with imageId {imageDigest:'null', imageTag:'v9'} does not exist within the "
                             f"repository with name '{repo}' in the registry with id '{ACCOUNT}'")


def test_batch_delete_by_tag_and_digest(ecr, repo):
    one, two = manifest(marker="a"), manifest(marker="c")
    ecr.put_image(repositoryName=repo, imageManifest=one, imageTag="v1")
    ecr.put_image(repositoryName=repo, imageManifest=one, imageTag="latest")
    ecr.put_image(repositoryName=repo, imageManifest=two, imageTag="v2")
    out = ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageTag": "latest"}, {"imageTag": "missing"}])
    assert out["imageIds"] == [{"imageDigest": digest(one), "imageTag": "latest"}]
    assert out["failures"] == [{"imageId": {"imageTag": "missing"}, "failureCode": "ImageNotFound",
                                "failureReason": "Requested image not found"}]
    # The image keeps its other tag.
    assert ecr.list_images(repositoryName=repo, filter={"tagStatus": "TAGGED"})["imageIds"] == [
        {"imageDigest": digest(one), "imageTag": "v1"}, {"imageDigest": digest(two), "imageTag": "v2"}]
    out = ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageDigest": digest(one)}, {"imageTag": "v2"}])
    assert out["imageIds"] == [{"imageDigest": digest(one), "imageTag": "v1"},
                               {"imageDigest": digest(two), "imageTag": "v2"}]
    assert ecr.list_images(repositoryName=repo)["imageIds"] == []
    ecr.delete_repository(repositoryName=repo)


def test_batch_delete_naming_an_image_twice(ecr, repo):
    text = manifest()
    ecr.put_image(repositoryName=repo, imageManifest=text, imageTag="v1")
    ecr.put_image(repositoryName=repo, imageManifest=text, imageTag="v2")
    out = ecr.batch_delete_image(repositoryName=repo, imageIds=[
        {"imageTag": "v1"}, {"imageTag": "v1"}, {"imageDigest": digest(text)}, {"imageDigest": digest(text)}])
    assert out["imageIds"] == [{"imageDigest": digest(text), "imageTag": "v1"},
                               {"imageDigest": digest(text), "imageTag": "v2"}]
    assert out["failures"] == []
    assert ecr.list_images(repositoryName=repo)["imageIds"] == []
