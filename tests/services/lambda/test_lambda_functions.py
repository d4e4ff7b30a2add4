"""Functions: creation rules, configuration views, listing, updates and deletion."""
import base64
import hashlib
import json
import re

import boto3
import pytest
from botocore.config import Config

from lambda_support import ACCOUNT, ECHO, LAMBDA_TRUST, REGION, error_of, function_arn, zip_of

RAW = Config(parameter_validation=False, retries={"max_attempts": 1})


def sha256_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


class TestCreateFunction:
    def test_configuration_with_defaults(self, lam, role):
        package = zip_of({"app.py": ECHO})
        out = lam.create_function(FunctionName="echo", Runtime="python3.12", Role=role, Handler="app.handler",
                                  Code={"ZipFile": package})
        assert out["ResponseMetadata"]["HTTPStatusCode"] == 201
        assert {k: out[k] for k in ("FunctionName", "FunctionArn", "Runtime", "Role", "Handler", "CodeSize",
                                    "Description", "Timeout", "MemorySize", "CodeSha256", "Version", "TracingConfig",
                                    "State", "LastUpdateStatus", "PackageType", "Architectures", "EphemeralStorage",
                                    "SnapStart", "LoggingConfig")} == {
            "FunctionName": "echo", "FunctionArn": function_arn("echo"), "Runtime": "python3.12", "Role": role,
            "Handler": "app.handler", "CodeSize": len(package), "Description": "", "Timeout": 3, "MemorySize": 128,
            "CodeSha256": sha256_b64(package), "Version": "$LATEST", "TracingConfig": {"Mode": "PassThrough"},
            "State": "Active", "LastUpdateStatus": "Successful", "PackageType": "Zip", "Architectures": ["x86_64"],
            "EphemeralStorage": {"Size": 512}, "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
            "LoggingConfig": {"LogFormat": "Text", "LogGroup": "/aws/lambda/echo"}}
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000", out["LastModified"])
        assert re.fullmatch(r"[0-9a-f-]{36}", out["RevisionId"])
        assert out["RuntimeVersionConfig"]["RuntimeVersionArn"].startswith(f"arn:aws:lambda:{REGION}::runtime:")
        assert "Environment" not in out and "Layers" not in out and "VpcConfig" not in out

    def test_every_setting_is_kept(self, lam, create):
        out = create("full", Description="does things", Timeout=900, MemorySize=10240,
                     Environment={"Variables": {"STAGE": "test", "PATH_PREFIX": "/x"}},
                     Tags={"team": "core"}, Architectures=["arm64"], TracingConfig={"Mode": "Active"},
                     EphemeralStorage={"Size": 1024}, DeadLetterConfig={"TargetArn": "arn:aws:sqs:us-east-1:"
                                                                                      f"{ACCOUNT}:dlq"},
                     LoggingConfig={"LogFormat": "JSON", "LogGroup": "/custom/full"})
        assert (out["Description"], out["Timeout"], out["MemorySize"], out["Architectures"]) == (
            "does things", 900, 10240, ["arm64"])
        assert out["Environment"] == {"Variables": {"STAGE": "test", "PATH_PREFIX": "/x"}}
        assert out["TracingConfig"] == {"Mode": "Active"} and out["EphemeralStorage"] == {"Size": 1024}
        assert out["DeadLetterConfig"] == {"TargetArn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:dlq"}
        assert out["LoggingConfig"] == {"LogFormat": "JSON", "LogGroup": "/custom/full",
                                        "ApplicationLogLevel": "INFO", "SystemLogLevel": "INFO"}
        assert lam.get_function(FunctionName="full")["Tags"] == {"team": "core"}

    def test_vpc_config_names_the_subnets_vpc(self, lam, create):
        ec2 = boto3.client("ec2", region_name=REGION)
        subnet = ec2.describe_subnets()["Subnets"][0]
        group = ec2.describe_security_groups()["SecurityGroups"][0]["GroupId"]
        out = create("in-vpc", VpcConfig={"SubnetIds": [subnet["SubnetId"]], "SecurityGroupIds": [group]})
        assert out["VpcConfig"] == {"SubnetIds": [subnet["SubnetId"]], "SecurityGroupIds": [group],
                                    "VpcId": subnet["VpcId"], "Ipv6AllowedForDualStack": False}

    def test_code_from_s3(self, lam, role):
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="artifacts")
        package = zip_of({"app.py": ECHO})
        s3.put_object(Bucket="artifacts", Key="build/echo.zip", Body=package)
        out = lam.create_function(FunctionName="from-s3", Runtime="python3.11", Role=role, Handler="app.handler",
                                  Code={"S3Bucket": "artifacts", "S3Key": "build/echo.zip"})
        assert (out["CodeSha256"], out["CodeSize"]) == (sha256_b64(package), len(package))

    def test_code_from_an_s3_object_version(self, lam, role):
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="artifacts")
        package = zip_of({"app.py": ECHO})
        version = s3.put_object(Bucket="artifacts", Key="f.zip", Body=package).get("VersionId", "null")
        out = lam.create_function(FunctionName="pinned", Runtime="python3.12", Role=role, Handler="app.handler",
                                  Code={"S3Bucket": "artifacts", "S3Key": "f.zip", "S3ObjectVersion": version})
        assert out["CodeSha256"] == sha256_b64(package)
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.create_function(FunctionName="other", Runtime="python3.12", Role=role, Handler="app.handler",
                                Code={"S3Bucket": "artifacts", "S3Key": "f.zip", "S3ObjectVersion": "v-missing"})
        assert error_of(exc)[2] == ("Error occurred while GetObject. S3 Error Code: NoSuchVersion. S3 Error Message: "
                                    "The specified version does not exist.")

    @pytest.mark.parametrize("code,expected", [
        ({"S3Bucket": "nope", "S3Key": "k"}, "Error occurred while GetObject. S3 Error Code: NoSuchBucket. "
                                             "S3 Error Message: The specified bucket does not exist"),
        ({"S3Bucket": "artifacts", "S3Key": "missing.zip"}, "Error occurred while GetObject. S3 Error Code: "
                                                            "NoSuchKey. S3 Error Message: The specified key does "
                                                            "not exist."),
        ({"S3Bucket": "west", "S3Key": "f.zip"}, "Error occurred while GetObject. S3 Error Code: PermanentRedirect. "
                                                 "S3 Error Message: The bucket is in this region: us-west-2. Please "
                                                 "use this region to retry the request"),
        ({}, "Please provide a source for function code."),
        ({"ZipFile": b"not a zip"}, "Could not unzip uploaded file. Please check your file, then try to upload "
                                    "again."),
    ])
    def test_code_that_cannot_be_read(self, lam, role, code, expected):
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="artifacts")
        boto3.client("s3", region_name="us-west-2").create_bucket(
            Bucket="west", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
        s3.put_object(Bucket="west", Key="f.zip", Body=zip_of({"app.py": ECHO}))
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.create_function(FunctionName="f", Runtime="python3.12", Role=role, Handler="app.handler", Code=code)
        assert error_of(exc) == ("InvalidParameterValueException", 400, expected)
        assert lam.list_functions()["Functions"] == []

    def test_the_name_is_taken(self, lam, create):
        create("twice")
        with pytest.raises(lam.exceptions.ResourceConflictException) as exc:
            create("twice")
        assert error_of(exc) == ("ResourceConflictException", 409, "Function already exist: twice")

    def test_a_name_may_be_given_as_an_arn(self, lam, create):
        assert create(function_arn("by-arn"))["FunctionName"] == "by-arn"

    def test_name_longer_than_64_characters(self, lam, create):
        with pytest.raises(lam.exceptions.ClientError) as exc:
            create("n" * 65)
        assert error_of(exc) == ("ValidationException", 400, f"1 validation error detected: Value '{'n' * 65}' at "
                                 "'functionName' failed to satisfy constraint: Member must have length less than or "
                                 "equal to 64")

    def test_a_role_lambda_cannot_assume(self, lam):
        iam = boto3.client("iam", region_name=REGION)
        ec2_only = iam.create_role(RoleName="ec2-only", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                    "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
        trusted = iam.create_role(RoleName="trusted", Path="/app/",
                                  AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
        for role in (ec2_only, f"arn:aws:iam::{ACCOUNT}:role/missing",
                     f"arn:aws:iam::{ACCOUNT}:role/trusted"):   # the right name under the wrong path
            with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
                lam.create_function(FunctionName="f", Runtime="python3.12", Role=role, Handler="app.handler",
                                    Code={"ZipFile": zip_of({"app.py": ECHO})})
            assert error_of(exc) == ("InvalidParameterValueException", 400,
                                     "The role defined for the function cannot be assumed by Lambda.")
        assert lam.create_function(FunctionName="f", Runtime="python3.12", Role=trusted, Handler="app.handler",
                                   Code={"ZipFile": zip_of({"app.py": ECHO})})["Role"] == trusted

    def test_runtime_and_handler_are_required_for_zip_packages(self, lam, role):
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.create_function(FunctionName="f", Role=role, Handler="app.handler",
                                Code={"ZipFile": zip_of({"app.py": ECHO})})
        assert error_of(exc)[2] == ("Runtime and Handler are mandatory parameters for functions created with "
                                    "deployment packages.")

    def test_retired_runtime(self, lam, create):
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            create(Runtime="python3.7")
        assert error_of(exc)[2] == ("The runtime parameter of python3.7 is no longer supported for creating or "
                                    "updating AWS Lambda functions. We recommend you use a supported runtime while "
                                    "creating or updating functions.")

    def test_unknown_runtime_is_a_validation_error(self, role):
        raw = boto3.client("lambda", region_name=REGION, config=RAW)
        with pytest.raises(raw.exceptions.ClientError) as exc:
            raw.create_function(FunctionName="f", Runtime="cobol", Role=role, Handler="app.handler",
                                Code={"ZipFile": zip_of({"app.py": ECHO})})
        code, status, message = error_of(exc)
        assert (code, status) == ("ValidationException", 400)
        assert message.startswith("1 validation error detected: Value 'cobol' at 'runtime' failed to satisfy "
                                  "constraint: Member must satisfy enum value set: [")

    @pytest.mark.parametrize("setting,expected", [
        ({"Timeout": 901}, "Value '901' at 'timeout' failed to satisfy constraint: Member must have value less "
                           "than or equal to 900"),
        ({"MemorySize": 10241}, "Value '10241' at 'memorySize' failed to satisfy constraint: Member must have "
                                "value less than or equal to 10240"),
        ({"Description": "d" * 257}, f"Value '{'d' * 257}' at 'description' failed to satisfy constraint: "
                                     "Member must have length less than or equal to 256"),
    ])
    def test_limits(self, lam, create, setting, expected):
        with pytest.raises(lam.exceptions.ClientError) as exc:
            create(**setting)
        assert error_of(exc) == ("ValidationException", 400, "1 validation error detected: " + expected)

    def test_reserved_environment_variables(self, lam, create):
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            create(Environment={"Variables": {"AWS_REGION": "eu-west-1", "OKAY": "1", "AWS_ACCESS_KEY_ID": "x"}})
        assert error_of(exc)[2] == ("Lambda was unable to configure your environment variables because the "
                                    "environment variables you have provided contains reserved keys that are "
                                    "currently not supported for modification. Reserved keys used in this request: "
                                    "AWS_REGION, AWS_ACCESS_KEY_ID")

    def test_environment_over_4_kb(self, lam, create):
        variables = {"BIG": "x" * 4090}
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            create(Environment={"Variables": variables})
        assert error_of(exc)[2] == ("Lambda was unable to configure your environment variables because the "
                                    "environment variables you have provided exceeded the 4KB limit. String "
                                    f"measured: {json.dumps(variables, separators=(',', ':'))}")

    def test_image_functions_are_stored(self, lam, role):
        uri = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/app:latest"
        out = lam.create_function(FunctionName="img", PackageType="Image", Role=role, Code={"ImageUri": uri},
                                  ImageConfig={"Command": ["app.handler"]})
        assert out["PackageType"] == "Image" and "Runtime" not in out and "Handler" not in out
        assert out["ImageConfigResponse"] == {"ImageConfig": {"Command": ["app.handler"]}}
        code = lam.get_function(FunctionName="img")["Code"]
        assert code["RepositoryType"] == "ECR" and code["ImageUri"] == uri
        assert code["ResolvedImageUri"].startswith(f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/app@sha256:")

    def test_other_runtimes_are_stored(self, lam, create):
        out = create("node", Runtime="nodejs20.x", Handler="index.handler",
                     files={"index.js": "exports.handler = async () => 1;"})
        assert out["Runtime"] == "nodejs20.x"

    def test_active_waiter(self, lam, create):
        create("waited")
        lam.get_waiter("function_active_v2").wait(FunctionName="waited", WaiterConfig={"Delay": 0})
        lam.get_waiter("function_updated_v2").wait(FunctionName="waited", WaiterConfig={"Delay": 0})


class TestReading:
    def test_get_function(self, lam, create):
        created = create("reader", Tags={"a": "1"})
        out = lam.get_function(FunctionName="reader")
        config = out["Configuration"]
        assert config == {k: v for k, v in created.items() if k != "ResponseMetadata"}
        assert out["Tags"] == {"a": "1"}
        assert out["Code"]["RepositoryType"] == "S3"
        assert re.fullmatch(rf"https://awslambda-{REGION}-tasks\.s3\.{REGION}\.amazonaws\.com/snapshots/{ACCOUNT}/"
                            r"reader-[0-9a-f-]{36}\?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=\d{8}T\d{6}Z&.*"
                            r"X-Amz-Signature=[0-9a-f]{64}", out["Code"]["Location"])

    @pytest.mark.parametrize("name", ["reader", function_arn("reader"), f"{ACCOUNT}:function:reader",
                                      "reader:$LATEST"])
    def test_every_way_of_naming_a_function(self, lam, create, name):
        create("reader")
        assert lam.get_function_configuration(FunctionName=name)["FunctionName"] == "reader"

    def test_a_qualified_name_is_shown_qualified(self, lam, create):
        create("reader")
        out = lam.get_function_configuration(FunctionName="reader", Qualifier="$LATEST")
        assert out["FunctionArn"] == function_arn("reader", "$LATEST")

    def test_missing_function(self, lam):
        for call in (lam.get_function, lam.get_function_configuration):
            with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
                call(FunctionName="ghost")
            assert error_of(exc) == ("ResourceNotFoundException", 404,
                                     f"Function not found: {function_arn('ghost')}")

    def test_missing_version(self, lam, create):
        create("reader")
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.get_function(FunctionName="reader", Qualifier="7")
        assert error_of(exc)[2] == f"Function not found: {function_arn('reader', '7')}"

    def test_qualifiers_that_disagree(self, lam, create):
        create("reader")
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.get_function(FunctionName="reader:1", Qualifier="2")
        assert error_of(exc)[2] == "The derived qualifier from the function name does not match the specified qualifier."

    def test_an_arn_of_another_region(self, lam, create):
        create("reader")
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.get_function(FunctionName=function_arn("reader", region="eu-west-1"))
        assert error_of(exc)[2] == "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')"

    def test_a_name_the_model_refuses(self, lam):
        with pytest.raises(lam.exceptions.ClientError) as exc:
            lam.get_function(FunctionName="bad name!")
        code, status, message = error_of(exc)
        assert (code, status) == ("ValidationException", 400)
        assert message.startswith("1 validation error detected: Value 'bad name!' at 'functionName' failed to "
                                  "satisfy constraint: Member must satisfy regular expression pattern: ")

    def test_functions_are_regional(self, lam, create):
        create("here")
        west = boto3.client("lambda", region_name="eu-west-1")
        assert west.list_functions()["Functions"] == []


class TestListFunctions:
    def test_sorted_with_pages(self, lam, create):
        for name in ("c", "a", "d", "b", "e"):
            create(name)
        first = lam.list_functions(MaxItems=2)
        assert [f["FunctionName"] for f in first["Functions"]] == ["a", "b"]
        second = lam.list_functions(MaxItems=2, Marker=first["NextMarker"])
        assert [f["FunctionName"] for f in second["Functions"]] == ["c", "d"]
        third = lam.list_functions(MaxItems=2, Marker=second["NextMarker"])
        assert [f["FunctionName"] for f in third["Functions"]] == ["e"] and "NextMarker" not in third
        pages = lam.get_paginator("list_functions").paginate(PaginationConfig={"PageSize": 2})
        assert [f["FunctionName"] for p in pages for f in p["Functions"]] == ["a", "b", "c", "d", "e"]

    def test_listing_leaves_out_state_fields(self, lam, create):
        create("listed")
        (listed,) = lam.list_functions()["Functions"]
        assert not {"State", "LastUpdateStatus", "RuntimeVersionConfig"} & set(listed)
        assert listed["FunctionArn"] == function_arn("listed") and listed["Version"] == "$LATEST"

    def test_every_version(self, lam, create):
        create("v", Publish=True)
        create("w")
        arns = [f["FunctionArn"] for f in lam.list_functions(FunctionVersion="ALL")["Functions"]]
        assert arns == [function_arn("v", "$LATEST"), function_arn("v", "1"), function_arn("w", "$LATEST")]

    def test_a_marker_that_is_not_one(self, lam):
        with pytest.raises(lam.exceptions.InvalidParameterValueException):
            lam.list_functions(Marker="%%%")


class TestUpdateFunctionCode:
    def test_new_code_and_revision(self, lam, create):
        before = create("upd")
        package = zip_of({"app.py": ECHO + "# changed\n"})
        out = lam.update_function_code(FunctionName="upd", ZipFile=package)
        assert (out["CodeSha256"], out["CodeSize"]) == (sha256_b64(package), len(package))
        assert out["RevisionId"] != before["RevisionId"] and out["LastUpdateStatus"] == "Successful"
        assert lam.get_function(FunctionName="upd")["Configuration"]["CodeSha256"] == sha256_b64(package)

    def test_revision_id_must_match(self, lam, create):
        before = create("upd")
        lam.update_function_code(FunctionName="upd", ZipFile=zip_of({"app.py": ECHO + "#2\n"}),
                                 RevisionId=before["RevisionId"])
        with pytest.raises(lam.exceptions.PreconditionFailedException) as exc:
            lam.update_function_code(FunctionName="upd", ZipFile=zip_of({"app.py": ECHO + "#3\n"}),
                                     RevisionId=before["RevisionId"])
        assert error_of(exc) == ("PreconditionFailedException", 412,
                                 "The Revision Id provided does not match the latest Revision Id. Call the "
                                 "GetFunction/GetAlias API to retrieve the latest Revision Id")

    def test_dry_run_changes_nothing(self, lam, create):
        before = create("upd")
        package = zip_of({"app.py": ECHO + "# dry\n"})
        out = lam.update_function_code(FunctionName="upd", ZipFile=package, DryRun=True)
        assert out["CodeSha256"] == sha256_b64(package)
        assert lam.get_function_configuration(FunctionName="upd")["CodeSha256"] == before["CodeSha256"]

    def test_publish_with_the_new_code(self, lam, create):
        create("upd")
        out = lam.update_function_code(FunctionName="upd", ZipFile=zip_of({"app.py": ECHO + "#p\n"}), Publish=True)
        assert (out["Version"], out["FunctionArn"]) == ("1", function_arn("upd", "1"))

    def test_from_s3_and_errors(self, lam, create):
        create("upd")
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="code-bucket")
        package = zip_of({"app.py": ECHO + "# s3\n"})
        s3.put_object(Bucket="code-bucket", Key="k.zip", Body=package)
        assert lam.update_function_code(FunctionName="upd", S3Bucket="code-bucket", S3Key="k.zip")["CodeSha256"] == \
            sha256_b64(package)
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.update_function_code(FunctionName="upd", S3Bucket="code-bucket", S3Key="gone.zip")
        assert "S3 Error Code: NoSuchKey" in error_of(exc)[2]
        with pytest.raises(lam.exceptions.ResourceNotFoundException):
            lam.update_function_code(FunctionName="ghost", ZipFile=package)


class TestUpdateFunctionConfiguration:
    def test_changes_what_is_given(self, lam, create):
        before = create("cfg", Environment={"Variables": {"STAGE": "1"}})
        out = lam.update_function_configuration(FunctionName="cfg", Timeout=30, MemorySize=512, Description="new",
                                                Handler="app.other", Runtime="python3.13")
        assert (out["Timeout"], out["MemorySize"], out["Description"], out["Handler"], out["Runtime"]) == (
            30, 512, "new", "app.other", "python3.13")
        assert out["Environment"] == {"Variables": {"STAGE": "1"}} and out["RevisionId"] != before["RevisionId"]
        cleared = lam.update_function_configuration(FunctionName="cfg", Environment={"Variables": {}})
        assert "Environment" not in cleared

    def test_role_must_be_assumable(self, lam, create):
        create("cfg")
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.update_function_configuration(FunctionName="cfg", Role=f"arn:aws:iam::{ACCOUNT}:role/nobody")
        assert error_of(exc)[2] == "The role defined for the function cannot be assumed by Lambda."

    def test_same_checks_as_creation(self, lam, create):
        create("cfg")
        with pytest.raises(lam.exceptions.ClientError) as exc:
            lam.update_function_configuration(FunctionName="cfg", Timeout=1000)
        assert error_of(exc)[0] == "ValidationException"
        with pytest.raises(lam.exceptions.InvalidParameterValueException):
            lam.update_function_configuration(FunctionName="cfg", Environment={"Variables": {"AWS_REGION": "x"}})
        with pytest.raises(lam.exceptions.InvalidParameterValueException):
            lam.update_function_configuration(FunctionName="cfg", Runtime="python2.7")
        with pytest.raises(lam.exceptions.PreconditionFailedException):
            lam.update_function_configuration(FunctionName="cfg", Timeout=5, RevisionId="stale")
        assert lam.get_function_configuration(FunctionName="cfg")["Timeout"] == 3


class TestDeleteFunction:
    def test_delete(self, lam, create):
        create("gone")
        out = lam.delete_function(FunctionName="gone")
        assert out["ResponseMetadata"]["HTTPStatusCode"] == 204
        with pytest.raises(lam.exceptions.ResourceNotFoundException):
            lam.get_function(FunctionName="gone")
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.delete_function(FunctionName="gone")
        assert error_of(exc) == ("ResourceNotFoundException", 404, f"Function not found: {function_arn('gone')}")

    def test_delete_one_version(self, lam, create):
        create("v", Publish=True)
        lam.publish_version(FunctionName="v")      # nothing changed: still version 1
        lam.update_function_configuration(FunctionName="v", Timeout=9)
        assert lam.publish_version(FunctionName="v")["Version"] == "2"
        lam.delete_function(FunctionName="v", Qualifier="1")
        versions = [v["Version"] for v in lam.list_versions_by_function(FunctionName="v")["Versions"]]
        assert versions == ["$LATEST", "2"]

    def test_versions_in_use_and_latest(self, lam, create):
        create("v", Publish=True)
        lam.create_alias(FunctionName="v", Name="live", FunctionVersion="1")
        with pytest.raises(lam.exceptions.ResourceConflictException) as exc:
            lam.delete_function(FunctionName="v", Qualifier="1")
        assert error_of(exc) == ("ResourceConflictException", 409, "Unable to delete version because the following "
                                 "aliases reference it: [live]")
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.delete_function(FunctionName="v", Qualifier="$LATEST")
        assert error_of(exc)[2] == "$LATEST version cannot be deleted without deleting the function."
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.delete_function(FunctionName="v", Qualifier="9")
        assert error_of(exc)[2] == f"Function not found: {function_arn('v', '9')}"
