"""Layers and their versions, layer permissions, and functions that reference layers."""
import json
import re

import boto3
import pytest

from lambda_support import ACCOUNT, OTHER_ACCOUNT, REGION, error_of, zip_of

LAYER_ZIP = zip_of({"python/helpers.py": "GREETING = 'hi'\n"})


def layer_arn(name: str, version: int | None = None, account: str = ACCOUNT) -> str:
    arn = f"arn:aws:lambda:{REGION}:{account}:layer:{name}"
    return arn if version is None else f"{arn}:{version}"


def publish(lam, name="shared", **extra):
    params = {"LayerName": name, "Content": {"ZipFile": LAYER_ZIP}}
    params.update(extra)
    return lam.publish_layer_version(**params)


class TestPublishAndGet:
    def test_publish(self, lam):
        out = publish(lam, Description="helpers", CompatibleRuntimes=["python3.12", "python3.13"],
                      LicenseInfo="MIT", CompatibleArchitectures=["x86_64"])
        assert out["ResponseMetadata"]["HTTPStatusCode"] == 201
        assert (out["LayerArn"], out["LayerVersionArn"], out["Version"], out["Description"]) == (
            layer_arn("shared"), layer_arn("shared", 1), 1, "helpers")
        assert out["CompatibleRuntimes"] == ["python3.12", "python3.13"] and out["LicenseInfo"] == "MIT"
        assert out["CompatibleArchitectures"] == ["x86_64"]
        assert out["Content"]["CodeSize"] == len(LAYER_ZIP)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000", out["CreatedDate"])
        assert publish(lam)["Version"] == 2

    def test_get_by_name_arn_and_version_arn(self, lam):
        published = publish(lam)
        by_name = lam.get_layer_version(LayerName="shared", VersionNumber=1)
        by_arn = lam.get_layer_version(LayerName=layer_arn("shared"), VersionNumber=1)
        by_version_arn = lam.get_layer_version_by_arn(Arn=layer_arn("shared", 1))
        for out in (by_name, by_arn, by_version_arn):
            assert out["LayerVersionArn"] == published["LayerVersionArn"]
            assert out["Content"]["CodeSha256"] == published["Content"]["CodeSha256"]

    def test_missing(self, lam):
        publish(lam)
        for call in (lambda: lam.get_layer_version(LayerName="shared", VersionNumber=9),
                     lambda: lam.get_layer_version(LayerName="other", VersionNumber=1),
                     lambda: lam.get_layer_version_by_arn(Arn=layer_arn("shared", 9))):
            with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
                call()
            assert error_of(exc) == ("ResourceNotFoundException", 404, "The resource you requested does not exist.")

    def test_content_from_s3_and_bad_content(self, lam):
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="layers")
        s3.put_object(Bucket="layers", Key="l.zip", Body=LAYER_ZIP)
        out = lam.publish_layer_version(LayerName="s3-layer", Content={"S3Bucket": "layers", "S3Key": "l.zip"})
        assert out["Content"]["CodeSize"] == len(LAYER_ZIP)
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.publish_layer_version(LayerName="bad", Content={"ZipFile": b"nope"})
        assert "Could not unzip uploaded file" in error_of(exc)[2]
        with pytest.raises(lam.exceptions.InvalidParameterValueException):
            lam.publish_layer_version(LayerName="bad", Content={"S3Bucket": "layers", "S3Key": "missing.zip"})


class TestListing:
    def test_list_layers_shows_the_latest_matching_version(self, lam):
        publish(lam, "b-layer", CompatibleRuntimes=["python3.12"])
        publish(lam, "b-layer", CompatibleRuntimes=["nodejs20.x"])
        publish(lam, "a-layer", CompatibleRuntimes=["python3.12"], CompatibleArchitectures=["arm64"])
        out = lam.list_layers()["Layers"]
        assert [(l["LayerName"], l["LatestMatchingVersion"]["Version"]) for l in out] == [("a-layer", 1),
                                                                                           ("b-layer", 2)]
        assert out[0]["LayerArn"] == layer_arn("a-layer")
        assert out[0]["LatestMatchingVersion"]["LayerVersionArn"] == layer_arn("a-layer", 1)
        python = lam.list_layers(CompatibleRuntime="python3.12")["Layers"]
        assert [(l["LayerName"], l["LatestMatchingVersion"]["Version"]) for l in python] == [("a-layer", 1),
                                                                                              ("b-layer", 1)]
        arm = lam.list_layers(CompatibleArchitecture="arm64")["Layers"]
        assert [l["LayerName"] for l in arm] == ["a-layer"]

    def test_list_layer_versions_newest_first_with_pages(self, lam):
        for _ in range(3):
            publish(lam)
        out = lam.list_layer_versions(LayerName="shared")
        assert [v["Version"] for v in out["LayerVersions"]] == [3, 2, 1]
        first = lam.list_layer_versions(LayerName="shared", MaxItems=2)
        rest = lam.list_layer_versions(LayerName="shared", MaxItems=2, Marker=first["NextMarker"])
        assert [v["Version"] for v in first["LayerVersions"] + rest["LayerVersions"]] == [3, 2, 1]
        assert lam.list_layer_versions(LayerName="nothing")["LayerVersions"] == []

    def test_delete_keeps_counting(self, lam):
        publish(lam)
        publish(lam)
        out = lam.delete_layer_version(LayerName="shared", VersionNumber=2)
        assert out["ResponseMetadata"]["HTTPStatusCode"] == 204
        lam.delete_layer_version(LayerName="shared", VersionNumber=2)        # again: fine
        assert [v["Version"] for v in lam.list_layer_versions(LayerName="shared")["LayerVersions"]] == [1]
        assert publish(lam)["Version"] == 3
        lam.delete_layer_version(LayerName="shared", VersionNumber=1)
        lam.delete_layer_version(LayerName="shared", VersionNumber=3)
        assert lam.list_layers()["Layers"] == []


class TestLayerPermissions:
    def test_add_get_remove(self, lam):
        publish(lam)
        out = lam.add_layer_version_permission(LayerName="shared", VersionNumber=1, StatementId="share",
                                               Action="lambda:GetLayerVersion", Principal=OTHER_ACCOUNT)
        assert json.loads(out["Statement"]) == {
            "Sid": "share", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"},
            "Action": "lambda:GetLayerVersion", "Resource": layer_arn("shared", 1)}
        lam.add_layer_version_permission(LayerName="shared", VersionNumber=1, StatementId="org",
                                         Action="lambda:GetLayerVersion", Principal="*",
                                         OrganizationId="o-abcdefghij")
        policy = lam.get_layer_version_policy(LayerName="shared", VersionNumber=1)
        document = json.loads(policy["Policy"])
        assert [s["Sid"] for s in document["Statement"]] == ["share", "org"]
        assert document["Statement"][1]["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}}
        with pytest.raises(lam.exceptions.ResourceConflictException):
            lam.add_layer_version_permission(LayerName="shared", VersionNumber=1, StatementId="org",
                                             Action="lambda:GetLayerVersion", Principal="*")
        lam.remove_layer_version_permission(LayerName="shared", VersionNumber=1, StatementId="share")
        lam.remove_layer_version_permission(LayerName="shared", VersionNumber=1, StatementId="org")
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.get_layer_version_policy(LayerName="shared", VersionNumber=1)
        assert error_of(exc)[2] == "No policy is associated with the given resource."
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.remove_layer_version_permission(LayerName="shared", VersionNumber=1, StatementId="org")
        assert error_of(exc)[2] == "Statement org is not found in resource policy."

    def test_revision_and_missing_version(self, lam):
        publish(lam)
        with pytest.raises(lam.exceptions.PreconditionFailedException):
            lam.add_layer_version_permission(LayerName="shared", VersionNumber=1, StatementId="s",
                                             Action="lambda:GetLayerVersion", Principal="*", RevisionId="stale")
        with pytest.raises(lam.exceptions.ResourceNotFoundException):
            lam.add_layer_version_permission(LayerName="shared", VersionNumber=5, StatementId="s",
                                             Action="lambda:GetLayerVersion", Principal="*")


class TestFunctionsWithLayers:
    def test_layers_are_referenced_with_their_size(self, lam, create):
        arn = publish(lam)["LayerVersionArn"]
        public = "arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7"
        out = create("layered", Layers=[arn, public])
        assert out["Layers"] == [{"Arn": arn, "CodeSize": len(LAYER_ZIP)}, {"Arn": public, "CodeSize": 0}]
        updated = lam.update_function_configuration(FunctionName="layered", Layers=[])
        assert "Layers" not in updated

    def test_layer_errors(self, lam, create):
        publish(lam)
        publish(lam)
        missing = layer_arn("shared", 9)
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            create("f", Layers=[missing])
        assert error_of(exc)[2] == f"Layer version {missing} does not exist."
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            create("f", Layers=[layer_arn("shared", 1), layer_arn("shared", 2)])
        assert error_of(exc)[2] == ("Two different versions of the same layer are not allowed to be referenced in "
                                    f"the same function. {layer_arn('shared', 1)} and {layer_arn('shared', 2)} "
                                    "are versions of the same layer.")
        many = [layer_arn(f"l{i}", 1, account=OTHER_ACCOUNT) for i in range(6)]
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            create("f", Layers=many)
        assert error_of(exc)[2] == "Cannot reference more than 5 layers."
