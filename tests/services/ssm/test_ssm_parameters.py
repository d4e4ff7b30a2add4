"""PutParameter and GetParameter(s): types, versions, names, selectors, tiers, patterns."""
import datetime

import boto3
import pytest
from botocore.config import Config

from ssm_support import ACCOUNT, ARN_PREFIX, REGION, error_of

ALREADY_EXISTS = ("ParameterAlreadyExists", 400, "The parameter already exists. To overwrite this value, set the "
                                                 "overwrite option in the request to true.")
INVALID_NAME = ("Parameter name: can't be prefixed with \"ssm\" (case-insensitive). If formed as a path, it can "
                "consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, "
                "numbers and the following 3 symbols .-_")


class TestPutAndGet:
    def test_string_parameter(self, ssm, frozen):
        assert ssm.put_parameter(Name="/app/url", Value="https://x", Type="String")["Version"] == 1
        p = ssm.get_parameter(Name="/app/url")["Parameter"]
        assert p == {"Name": "/app/url", "Type": "String", "Value": "https://x", "Version": 1,
                     "LastModifiedDate": datetime.datetime.fromtimestamp(frozen.t, datetime.timezone.utc),
                     "ARN": f"{ARN_PREFIX}/app/url", "DataType": "text"}

    def test_put_answers_version_and_tier(self, ssm):
        out = ssm.put_parameter(Name="p", Value="v", Type="String")
        assert (out["Version"], out["Tier"]) == (1, "Standard")

    def test_string_list(self, ssm):
        ssm.put_parameter(Name="hosts", Value="a,b,c", Type="StringList")
        p = ssm.get_parameter(Name="hosts")["Parameter"]
        assert (p["Type"], p["Value"]) == ("StringList", "a,b,c")
        assert p["ARN"] == f"{ARN_PREFIX}/hosts"

    def test_existing_name_needs_overwrite(self, ssm):
        ssm.put_parameter(Name="p", Value="1", Type="String")
        with pytest.raises(ssm.exceptions.ParameterAlreadyExists) as exc:
            ssm.put_parameter(Name="p", Value="2", Type="String")
        assert error_of(exc) == ALREADY_EXISTS
        assert ssm.put_parameter(Name="p", Value="2", Overwrite=True)["Version"] == 2
        p = ssm.get_parameter(Name="p")["Parameter"]
        assert (p["Value"], p["Version"], p["Type"]) == ("2", 2, "String")

    def test_overwrite_keeps_description_pattern_and_may_change_type(self, ssm):
        ssm.put_parameter(Name="p", Value="1", Type="String", Description="count", AllowedPattern=r"\d+")
        ssm.put_parameter(Name="p", Value="2", Overwrite=True)
        meta = ssm.describe_parameters()["Parameters"][0]
        assert (meta["Description"], meta["AllowedPattern"]) == ("count", r"\d+")
        ssm.put_parameter(Name="p", Value="3,4", Type="StringList", AllowedPattern=".*", Overwrite=True)
        assert ssm.get_parameter(Name="p")["Parameter"]["Type"] == "StringList"

    def test_type_is_required_on_creation(self, ssm):
        with pytest.raises(ssm.exceptions.ClientError) as exc:
            ssm.put_parameter(Name="p", Value="1")
        assert error_of(exc) == ("ValidationException", 400, "A parameter type is required when you create a "
                                                              "parameter.")

    def test_tags_and_overwrite_exclude_each_other(self, ssm):
        with pytest.raises(ssm.exceptions.ClientError) as exc:
            ssm.put_parameter(Name="p", Value="1", Type="String", Overwrite=True, Tags=[{"Key": "k", "Value": "v"}])
        assert error_of(exc)[2].startswith("Invalid request: tags and overwrite can't be used together.")

    def test_key_id_only_for_secure_strings(self, ssm):
        with pytest.raises(ssm.exceptions.ClientError) as exc:
            ssm.put_parameter(Name="p", Value="1", Type="String", KeyId="alias/aws/ssm")
        assert error_of(exc)[:2] == ("ValidationException", 400)

    def test_unknown_parameter(self, ssm):
        with pytest.raises(ssm.exceptions.ParameterNotFound) as exc:
            ssm.get_parameter(Name="/missing")
        assert error_of(exc) == ("ParameterNotFound", 400, "")


class TestNames:
    def test_root_names_with_and_without_a_slash_are_one_parameter(self, ssm):
        ssm.put_parameter(Name="/solo", Value="1", Type="String")
        assert ssm.get_parameter(Name="solo")["Parameter"]["Value"] == "1"
        with pytest.raises(ssm.exceptions.ParameterAlreadyExists):
            ssm.put_parameter(Name="solo", Value="2", Type="String")

    def test_names_are_case_sensitive(self, ssm):
        ssm.put_parameter(Name="/App/Key", Value="1", Type="String")
        with pytest.raises(ssm.exceptions.ParameterNotFound):
            ssm.get_parameter(Name="/app/key")

    @pytest.mark.parametrize("name", ["has space", "bad*char", "a/b", "/a//b", "/a/b/", "/ä"])
    def test_malformed_names(self, ssm, name):
        with pytest.raises(ssm.exceptions.ClientError) as exc:
            ssm.put_parameter(Name=name, Value="1", Type="String")
        assert error_of(exc) == ("ValidationException", 400, INVALID_NAME)

    @pytest.mark.parametrize("name", ["aws-thing", "SSMthing", "/awsroot", "/ssm"])
    def test_reserved_root_names(self, ssm, name):
        with pytest.raises(ssm.exceptions.ClientError) as exc:
            ssm.put_parameter(Name=name, Value="1", Type="String")
        assert error_of(exc) == ("ValidationException", 400, "Parameter name: can't be prefixed with \"aws\" or "
                                                              "\"ssm\" (case-insensitive).")

    def test_reserved_aws_paths_are_access_denied(self, ssm):
        with pytest.raises(ssm.exceptions.ClientError) as exc:
            ssm.put_parameter(Name="/AwsSec/lab/vpc", Value="1", Type="String")
        assert error_of(exc) == ("AccessDeniedException", 400, "No access to reserved parameter name: AwsSec/lab/vpc.")

    def test_reserved_ssm_paths(self, ssm):
        with pytest.raises(ssm.exceptions.ClientError) as exc:
            ssm.put_parameter(Name="/ssm/x", Value="1", Type="String")
        assert error_of(exc) == ("ValidationException", 400, INVALID_NAME)

    def test_fifteen_levels_at_most(self, ssm):
        deepest = "".join(f"/l{i}" for i in range(15))
        ssm.put_parameter(Name=deepest, Value="1", Type="String")
        with pytest.raises(ssm.exceptions.HierarchyLevelLimitExceededException) as exc:
            ssm.put_parameter(Name=deepest + "/l15", Value="1", Type="String")
        assert error_of(exc)[2].startswith("A hierarchy can have a maximum of 15 levels.")

    def test_qualified_name_length(self, ssm):
        prefix = f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/"
        fits = "/" + "n" * (1011 - len(prefix))
        ssm.put_parameter(Name=fits, Value="1", Type="String")
        with pytest.raises(ssm.exceptions.ClientError) as exc:
            ssm.put_parameter(Name=fits + "n", Value="1", Type="String")
        assert error_of(exc)[:2] == ("ValidationException", 400)

    def test_an_arn_names_the_parameter(self, ssm):
        ssm.put_parameter(Name="/a/b", Value="1", Type="String")
        ssm.put_parameter(Name="root", Value="2", Type="String")
        assert ssm.get_parameter(Name=f"{ARN_PREFIX}/a/b")["Parameter"]["Value"] == "1"
        assert ssm.get_parameter(Name=f"{ARN_PREFIX}/root")["Parameter"]["Value"] == "2"
        with pytest.raises(ssm.exceptions.ParameterNotFound):
            ssm.get_parameter(Name=f"arn:aws:ssm:{REGION}:999999999999:parameter/a/b")


class TestSelectors:
    def test_version_and_label(self, ssm):
        ssm.put_parameter(Name="/s", Value="one", Type="String")
        ssm.put_parameter(Name="/s", Value="two", Overwrite=True)
        ssm.label_parameter_version(Name="/s", ParameterVersion=1, Labels=["stable"])
        one = ssm.get_parameter(Name="/s:1")["Parameter"]
        assert (one["Value"], one["Version"], one["Selector"], one["Name"]) == ("one", 1, ":1", "/s")
        stable = ssm.get_parameter(Name="/s:stable")["Parameter"]
        assert (stable["Value"], stable["Selector"]) == ("one", ":stable")
        assert ssm.get_parameter(Name=f"{ARN_PREFIX}/s:2")["Parameter"]["Value"] == "two"

    def test_unknown_version(self, ssm):
        ssm.put_parameter(Name="/s", Value="one", Type="String")
        with pytest.raises(ssm.exceptions.ParameterVersionNotFound) as exc:
            ssm.get_parameter(Name="/s:7")
        assert error_of(exc) == ("ParameterVersionNotFound", 400, "Systems Manager could not find version 7 of /s. "
                                                                   "Verify the version and try again.")

    def test_unknown_label(self, ssm):
        ssm.put_parameter(Name="/s", Value="one", Type="String")
        with pytest.raises(ssm.exceptions.ParameterNotFound):
            ssm.get_parameter(Name="/s:nolabel")


class TestGetParameters:
    def test_found_and_invalid(self, ssm):
        ssm.put_parameter(Name="/a", Value="1", Type="String")
        ssm.put_parameter(Name="/b", Value="2", Type="String")
        out = ssm.get_parameters(Names=["/a", "/missing", "/b:1", "/b:9", "/a"])
        assert [(p["Name"], p["Value"]) for p in out["Parameters"]] == [("/a", "1"), ("/b", "2")]
        assert out["Parameters"][1]["Selector"] == ":1"
        assert out["InvalidParameters"] == ["/missing", "/b:9"]

    def test_at_most_ten_names(self, ssm):
        raw = boto3.client("ssm", region_name=REGION, config=Config(parameter_validation=False))
        names = [f"/n{i}" for i in range(11)]
        with pytest.raises(raw.exceptions.ClientError) as exc:
            raw.get_parameters(Names=names)
        assert error_of(exc) == ("ValidationException", 400, f"1 validation error detected: Value "
                                 f"'[{', '.join(names)}]' at 'names' failed to satisfy constraint: Member must have "
                                 "length less than or equal to 10")


class TestTiers:
    def test_standard_values_are_limited_to_4096_characters(self, ssm):
        ssm.put_parameter(Name="/big", Value="x" * 4096, Type="String")
        with pytest.raises(ssm.exceptions.ClientError) as exc:
            ssm.put_parameter(Name="/bigger", Value="x" * 4097, Type="String")
        assert error_of(exc)[2].startswith("Standard tier parameters support a maximum parameter value of 4096 "
                                           "characters.")

    def test_advanced_holds_8192(self, ssm):
        assert ssm.put_parameter(Name="/adv", Value="x" * 8192, Type="String", Tier="Advanced")["Tier"] == "Advanced"
        with pytest.raises(ssm.exceptions.ClientError):
            ssm.put_parameter(Name="/adv2", Value="x" * 8193, Type="String", Tier="Advanced")

    def test_intelligent_tiering_picks_the_tier(self, ssm):
        assert ssm.put_parameter(Name="/small", Value="x", Type="String", Tier="Intelligent-Tiering")["Tier"] \
            == "Standard"
        assert ssm.put_parameter(Name="/large", Value="x" * 5000, Type="String",
                                 Tier="Intelligent-Tiering")["Tier"] == "Advanced"

    def test_no_downgrade(self, ssm):
        ssm.put_parameter(Name="/adv", Value="x", Type="String", Tier="Advanced")
        with pytest.raises(ssm.exceptions.ClientError) as exc:
            ssm.put_parameter(Name="/adv", Value="y", Tier="Standard", Overwrite=True)
        assert error_of(exc)[2].startswith("This parameter uses the advanced-parameter tier. You can't downgrade")
        # Without a tier the parameter stays advanced.
        assert ssm.put_parameter(Name="/adv", Value="y", Overwrite=True)["Tier"] == "Advanced"

    def test_policies_need_an_advanced_parameter(self, ssm):
        policies = '[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2030-01-01T00:00:00.000Z"}}]'
        with pytest.raises(ssm.exceptions.ClientError):
            ssm.put_parameter(Name="/p", Value="x", Type="String", Policies=policies)
        ssm.put_parameter(Name="/p", Value="x", Type="String", Policies=policies, Tier="Intelligent-Tiering")
        meta = ssm.describe_parameters()["Parameters"][0]
        assert meta["Tier"] == "Advanced"
        assert meta["Policies"] == [{"PolicyText": '{"Type":"Expiration","Version":"1.0","Attributes":'
                                                   '{"Timestamp":"2030-01-01T00:00:00.000Z"}}',
                                     "PolicyType": "Expiration", "PolicyStatus": "Pending"}]

    def test_unknown_policy_type(self, ssm):
        with pytest.raises(ssm.exceptions.InvalidPolicyTypeException):
            ssm.put_parameter(Name="/p", Value="x", Type="String", Tier="Advanced",
                              Policies='[{"Type":"Explode","Attributes":{}}]')


class TestValueRules:
    def test_allowed_pattern(self, ssm):
        ssm.put_parameter(Name="/port", Value="8080", Type="String", AllowedPattern=r"^\d+$")
        with pytest.raises(ssm.exceptions.ParameterPatternMismatchException) as exc:
            ssm.put_parameter(Name="/port", Value="eighty", Overwrite=True)
        assert error_of(exc) == ("ParameterPatternMismatchException", 400,
                                 r"Parameter value, cannot be validated against allowedPattern: ^\d+$")
        assert ssm.get_parameter(Name="/port")["Parameter"]["Version"] == 1

    def test_invalid_allowed_pattern(self, ssm):
        with pytest.raises(ssm.exceptions.InvalidAllowedPatternException):
            ssm.put_parameter(Name="/p", Value="x", Type="String", AllowedPattern="([")

    def test_data_types(self, ssm):
        ssm.put_parameter(Name="/ami", Value="ami-0123456789abcdef0", Type="String", DataType="aws:ec2:image")
        assert ssm.get_parameter(Name="/ami")["Parameter"]["DataType"] == "aws:ec2:image"
        with pytest.raises(ssm.exceptions.ClientError) as exc:
            ssm.put_parameter(Name="/ami2", Value="not-an-ami", Type="String", DataType="aws:ec2:image")
        assert error_of(exc)[:2] == ("ValidationException", 400)
        with pytest.raises(ssm.exceptions.ClientError) as exc:
            ssm.put_parameter(Name="/x", Value="v", Type="String", DataType="Text")
        assert error_of(exc)[2] == "The following data type is not supported: Text (Data type names are all lowercase.)"

    def test_empty_value_from_a_client_that_does_not_check(self, ssm):
        raw = boto3.client("ssm", region_name=REGION, config=Config(parameter_validation=False))
        with pytest.raises(raw.exceptions.ClientError) as exc:
            raw.put_parameter(Name="/p", Value="", Type="String")
        assert error_of(exc)[:2] == ("ValidationException", 400)

    def test_model_constraints_for_clients_that_do_not_check(self, ssm):
        raw = boto3.client("ssm", region_name=REGION, config=Config(parameter_validation=False))
        with pytest.raises(raw.exceptions.ClientError) as exc:
            raw.put_parameter(Name="/p", Value="v", Type="Number", Description="d" * 1025)
        code, status, message = error_of(exc)
        assert (code, status) == ("ValidationException", 400)
        assert message.startswith("2 validation errors detected: ")
        assert "Value 'Number' at 'type' failed to satisfy constraint: Member must satisfy enum value set: " \
               "[String, StringList, SecureString]" in message
        with pytest.raises(raw.exceptions.ClientError) as exc:
            raw.get_parameter()
        assert error_of(exc)[2] == ("1 validation error detected: Value null at 'name' failed to satisfy constraint: "
                                    "Member must not be null")


def test_parameters_are_per_region(ssm):
    ssm.put_parameter(Name="/r", Value="east", Type="String")
    west = boto3.client("ssm", region_name="eu-west-1")
    with pytest.raises(west.exceptions.ParameterNotFound):
        west.get_parameter(Name="/r")
    west.put_parameter(Name="/r", Value="west", Type="String")
    assert west.get_parameter(Name="/r")["Parameter"]["ARN"] == f"arn:aws:ssm:eu-west-1:{ACCOUNT}:parameter/r"
    assert ssm.get_parameter(Name="/r")["Parameter"]["Value"] == "east"


def test_unimplemented_ssm_operations_answer_501(ssm):
    with pytest.raises(ssm.exceptions.ClientError) as exc:
        ssm.list_documents()
    assert error_of(exc)[:2] == ("NotImplemented", 501)
