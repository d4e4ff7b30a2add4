"""Creating, reading, describing and updating secrets; how SecretId finds a secret."""
import datetime
import re
import uuid

import boto3
import pytest
from botocore.exceptions import ClientError

from sm_support import ACCOUNT, ARN_PREFIX, REGION, error_of

ARN_RE = re.compile(re.escape(ARN_PREFIX) + r"(?P<name>.+)-[A-Za-z0-9]{6}\Z")
NOT_FOUND = ("ResourceNotFoundException", 400, "Secrets Manager can't find the specified secret.")


def test_create_returns_an_arn_with_a_six_character_suffix(sm):
    out = sm.create_secret(Name="prod/db/password", SecretString="hunter2")
    m = ARN_RE.match(out["ARN"])
    assert m and m.group("name") == "prod/db/password"
    assert out["Name"] == "prod/db/password"
    uuid.UUID(out["VersionId"])     # boto3 sends a UUID token, which becomes the version id


def test_two_secrets_get_different_suffixes(sm):
    a = sm.create_secret(Name="a", SecretString="1")["ARN"]
    b = sm.create_secret(Name="b", SecretString="1")["ARN"]
    assert a[-6:] != b[-6:] or a != b


def test_get_secret_value_returns_the_current_version(sm):
    created = sm.create_secret(Name="s", SecretString='{"user":"app","password":"pw"}')
    out = sm.get_secret_value(SecretId="s")
    assert out["ARN"] == created["ARN"]
    assert out["Name"] == "s"
    assert out["VersionId"] == created["VersionId"]
    assert out["SecretString"] == '{"user":"app","password":"pw"}'
    assert "SecretBinary" not in out
    assert out["VersionStages"] == ["AWSCURRENT"]
    assert isinstance(out["CreatedDate"], datetime.datetime)


def test_binary_secrets_round_trip(sm):
    blob = bytes(range(256))
    sm.create_secret(Name="bin", SecretBinary=blob)
    out = sm.get_secret_value(SecretId="bin")
    assert out["SecretBinary"] == blob
    assert "SecretString" not in out


def test_string_and_binary_together_are_refused(sm):
    with pytest.raises(sm.exceptions.InvalidParameterException) as exc:
        sm.create_secret(Name="both", SecretString="a", SecretBinary=b"b")
    assert error_of(exc) == ("InvalidParameterException", 400, "You can't specify both a binary secret value "
                                                                "and a string secret value in the same secret.")


def test_a_secret_without_a_value_has_no_version(sm):
    out = sm.create_secret(Name="empty", Description="filled later")
    assert "VersionId" not in out
    with pytest.raises(sm.exceptions.ResourceNotFoundException) as exc:
        sm.get_secret_value(SecretId="empty")
    assert error_of(exc) == ("ResourceNotFoundException", 400,
                             "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT")
    assert sm.describe_secret(SecretId="empty")["VersionIdsToStages"] == {}
    # The first value put becomes current even when other labels are asked for.
    put = sm.put_secret_value(SecretId="empty", SecretString="v1", VersionStages=["STAGED"])
    assert put["VersionStages"] == ["STAGED", "AWSCURRENT"]


@pytest.mark.parametrize("name", ["has space", "colon:name", "star*", "ünï", "semi;colon"])
def test_invalid_names(sm, name):
    with pytest.raises(ClientError) as exc:
        sm.create_secret(Name=name, SecretString="x")
    assert error_of(exc) == ("ValidationException", 400, "Invalid name. Must be a valid name containing "
                                                          "alphanumeric characters, or any of the following: "
                                                          "-/_+=.@!")


@pytest.mark.parametrize("name", ["a", "A-z_0/9+=.@-", "x" * 512])
def test_valid_names(sm, name):
    assert sm.create_secret(Name=name, SecretString="x")["Name"] == name


def test_duplicate_name_is_resource_exists(sm):
    sm.create_secret(Name="dup", SecretString="x")
    with pytest.raises(sm.exceptions.ResourceExistsException) as exc:
        sm.create_secret(Name="dup", SecretString="x")
    assert error_of(exc) == ("ResourceExistsException", 400, "The operation failed because the secret dup "
                                                              "already exists.")


def test_create_is_idempotent_for_the_same_token_and_value(sm):
    token = str(uuid.uuid4())
    first = sm.create_secret(Name="idem", SecretString="x", ClientRequestToken=token)
    again = sm.create_secret(Name="idem", SecretString="x", ClientRequestToken=token)
    assert (again["ARN"], again["VersionId"]) == (first["ARN"], token)
    with pytest.raises(sm.exceptions.ResourceExistsException) as exc:
        sm.create_secret(Name="idem", SecretString="other", ClientRequestToken=token)
    assert error_of(exc)[2] == "You can't modify an existing version, you can only create a new version."
    assert len(sm.list_secret_version_ids(SecretId="idem")["Versions"]) == 1


class TestFindingSecrets:
    def test_by_name_full_arn_and_partial_arn(self, sm):
        arn = sm.create_secret(Name="app/key", SecretString="k")["ARN"]
        partial = arn[:-7]
        for secret_id in ("app/key", arn, partial):
            assert sm.get_secret_value(SecretId=secret_id)["ARN"] == arn

    def test_wrong_suffix_is_not_found(self, sm):
        arn = sm.create_secret(Name="app/key", SecretString="k")["ARN"]
        wrong = arn[:-6] + ("AAAAAA" if arn[-6:] != "AAAAAA" else "BBBBBB")
        with pytest.raises(sm.exceptions.ResourceNotFoundException) as exc:
            sm.get_secret_value(SecretId=wrong)
        assert error_of(exc) == NOT_FOUND

    def test_a_partial_arn_ending_like_a_suffix_reads_as_a_full_arn(self, sm):
        # A name ending in a hyphen and six characters: its partial ARN looks complete.
        arn = sm.create_secret(Name="tricky-abcdef", SecretString="k")["ARN"]
        assert sm.get_secret_value(SecretId="tricky-abcdef")["ARN"] == arn
        assert sm.get_secret_value(SecretId=arn)["ARN"] == arn
        with pytest.raises(sm.exceptions.ResourceNotFoundException):
            sm.get_secret_value(SecretId=ARN_PREFIX + "tricky-abcdef")

    def test_names_are_case_sensitive(self, sm):
        sm.create_secret(Name="Case", SecretString="k")
        with pytest.raises(sm.exceptions.ResourceNotFoundException):
            sm.get_secret_value(SecretId="case")

    def test_arn_of_another_region_is_not_found(self, sm):
        arn = sm.create_secret(Name="here", SecretString="k")["ARN"]
        west = boto3.client("secretsmanager", region_name="eu-west-1")
        with pytest.raises(west.exceptions.ResourceNotFoundException):
            west.get_secret_value(SecretId=arn)
        with pytest.raises(west.exceptions.ResourceNotFoundException):
            west.get_secret_value(SecretId="here")

    def test_unknown_secret_everywhere(self, sm):
        calls = [
            lambda: sm.get_secret_value(SecretId="nope"),
            lambda: sm.describe_secret(SecretId="nope"),
            lambda: sm.put_secret_value(SecretId="nope", SecretString="x"),
            lambda: sm.update_secret(SecretId="nope", Description="d"),
            lambda: sm.delete_secret(SecretId="nope"),
            lambda: sm.restore_secret(SecretId="nope"),
            lambda: sm.tag_resource(SecretId="nope", Tags=[{"Key": "k", "Value": "v"}]),
            lambda: sm.untag_resource(SecretId="nope", TagKeys=["k"]),
            lambda: sm.list_secret_version_ids(SecretId="nope"),
            lambda: sm.get_resource_policy(SecretId="nope"),
            lambda: sm.rotate_secret(SecretId="nope", RotationLambdaARN="arn:aws:lambda:us-east-1:1:function:f"),
            lambda: sm.cancel_rotate_secret(SecretId="nope"),
        ]
        for call in calls:
            with pytest.raises(sm.exceptions.ResourceNotFoundException) as exc:
                call()
            assert error_of(exc) == NOT_FOUND


class TestVersionSelection:
    def test_by_version_id_and_by_stage(self, sm):
        v1 = sm.create_secret(Name="s", SecretString="one")["VersionId"]
        v2 = sm.put_secret_value(SecretId="s", SecretString="two")["VersionId"]
        assert sm.get_secret_value(SecretId="s", VersionId=v1)["SecretString"] == "one"
        assert sm.get_secret_value(SecretId="s", VersionStage="AWSPREVIOUS")["VersionId"] == v1
        assert sm.get_secret_value(SecretId="s", VersionStage="AWSCURRENT")["VersionId"] == v2
        both = sm.get_secret_value(SecretId="s", VersionId=v1, VersionStage="AWSPREVIOUS")
        assert both["VersionStages"] == ["AWSPREVIOUS"]

    def test_unknown_version_id(self, sm):
        sm.create_secret(Name="s", SecretString="one")
        missing = "0" * 32
        with pytest.raises(sm.exceptions.ResourceNotFoundException) as exc:
            sm.get_secret_value(SecretId="s", VersionId=missing)
        assert error_of(exc) == ("ResourceNotFoundException", 400, "Secrets Manager can't find the specified "
                                                                    f"secret value for VersionId: {missing}")

    def test_unknown_stage(self, sm):
        sm.create_secret(Name="s", SecretString="one")
        with pytest.raises(sm.exceptions.ResourceNotFoundException) as exc:
            sm.get_secret_value(SecretId="s", VersionStage="AWSPENDING")
        assert error_of(exc)[2] == "Secrets Manager can't find the specified secret value for staging label: AWSPENDING"

    def test_version_id_and_stage_must_agree(self, sm):
        v1 = sm.create_secret(Name="s", SecretString="one")["VersionId"]
        with pytest.raises(sm.exceptions.InvalidRequestException) as exc:
            sm.get_secret_value(SecretId="s", VersionId=v1, VersionStage="AWSPREVIOUS")
        assert error_of(exc) == ("InvalidRequestException", 400, "You provided a VersionStage that is not "
                                                                  "associated to the provided VersionId.")


class TestDescribe:
    def test_fields_of_a_new_secret(self, sm, frozen):
        arn = sm.create_secret(Name="d", SecretString="x", Description="the db",
                               Tags=[{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "prod"}])["ARN"]
        out = sm.describe_secret(SecretId="d")
        out.pop("ResponseMetadata")
        vid = next(iter(out["VersionIdsToStages"]))
        created = datetime.datetime.fromtimestamp(frozen.t, datetime.timezone.utc)
        assert out == {
            "ARN": arn, "Name": "d", "Description": "the db",
            "LastChangedDate": created, "CreatedDate": created,
            "Tags": [{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "prod"}],
            "VersionIdsToStages": {vid: ["AWSCURRENT"]},
        }

    def test_default_key_is_omitted_and_a_chosen_key_is_shown(self, sm):
        sm.create_secret(Name="default", SecretString="x")
        sm.create_secret(Name="cmk", SecretString="x", KmsKeyId="alias/my-key")
        assert "KmsKeyId" not in sm.describe_secret(SecretId="default")
        assert sm.describe_secret(SecretId="cmk")["KmsKeyId"] == "alias/my-key"
        versions = sm.list_secret_version_ids(SecretId="default")["Versions"]
        assert versions[0]["KmsKeyIds"] == ["DefaultEncryptionKey"]
        assert sm.list_secret_version_ids(SecretId="cmk")["Versions"][0]["KmsKeyIds"] == ["alias/my-key"]

    def test_last_accessed_is_the_day_of_the_last_read(self, sm, frozen):
        frozen.t = 1_700_000_000.0 + 5 * 3600  # some hours into a UTC day
        sm.create_secret(Name="r", SecretString="x")
        assert "LastAccessedDate" not in sm.describe_secret(SecretId="r")
        sm.get_secret_value(SecretId="r")
        day = datetime.datetime.fromtimestamp(frozen.t - frozen.t % 86400, datetime.timezone.utc)
        assert sm.describe_secret(SecretId="r")["LastAccessedDate"] == day


class TestUpdate:
    def test_metadata_only(self, sm):
        sm.create_secret(Name="u", SecretString="x", KmsKeyId="alias/one")
        out = sm.update_secret(SecretId="u", Description="new", KmsKeyId="alias/two")
        assert "VersionId" not in out
        d = sm.describe_secret(SecretId="u")
        assert (d["Description"], d["KmsKeyId"]) == ("new", "alias/two")
        assert len(d["VersionIdsToStages"]) == 1
        # An empty key id means the AWS managed key again.
        sm.update_secret(SecretId="u", KmsKeyId="")
        assert "KmsKeyId" not in sm.describe_secret(SecretId="u")

    def test_a_new_value_becomes_current(self, sm):
        v1 = sm.create_secret(Name="u", SecretString="one")["VersionId"]
        v2 = sm.update_secret(SecretId="u", SecretString="two")["VersionId"]
        assert sm.get_secret_value(SecretId="u")["SecretString"] == "two"
        assert sm.describe_secret(SecretId="u")["VersionIdsToStages"] == {v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT"]}

    def test_reusing_a_version_id_is_refused(self, sm):
        v1 = sm.create_secret(Name="u", SecretString="one")["VersionId"]
        with pytest.raises(sm.exceptions.ResourceExistsException) as exc:
            sm.update_secret(SecretId="u", SecretString="one", ClientRequestToken=v1)
        assert error_of(exc)[2] == "A resource with the ID you requested already exists."

    def test_both_values_refused(self, sm):
        sm.create_secret(Name="u", SecretString="one")
        with pytest.raises(sm.exceptions.InvalidParameterException):
            sm.update_secret(SecretId="u", SecretString="a", SecretBinary=b"b")


class TestTags:
    def test_tag_merges_and_untag_removes(self, sm):
        sm.create_secret(Name="t", SecretString="x", Tags=[{"Key": "a", "Value": "1"}])
        sm.tag_resource(SecretId="t", Tags=[{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "changed"}])
        assert sm.describe_secret(SecretId="t")["Tags"] == [{"Key": "a", "Value": "changed"},
                                                            {"Key": "b", "Value": "2"}]
        sm.untag_resource(SecretId="t", TagKeys=["a", "not-there"])
        assert sm.describe_secret(SecretId="t")["Tags"] == [{"Key": "b", "Value": "2"}]
        sm.untag_resource(SecretId="t", TagKeys=["b"])
        assert "Tags" not in sm.describe_secret(SecretId="t")

    def test_tag_keys_are_case_sensitive(self, sm):
        sm.create_secret(Name="t", SecretString="x", Tags=[{"Key": "ABC", "Value": "1"}])
        sm.tag_resource(SecretId="t", Tags=[{"Key": "abc", "Value": "2"}])
        assert len(sm.describe_secret(SecretId="t")["Tags"]) == 2


def test_secrets_are_per_account_and_region(sm):
    sm.create_secret(Name="regional", SecretString="x")
    west = boto3.client("secretsmanager", region_name="eu-west-1")
    assert west.list_secrets()["SecretList"] == []
    arn = west.create_secret(Name="regional", SecretString="y")["ARN"]
    assert arn.startswith(f"arn:aws:secretsmanager:eu-west-1:{ACCOUNT}:secret:regional-")
    assert sm.get_secret_value(SecretId="regional")["SecretString"] == "x"
    assert REGION in sm.describe_secret(SecretId="regional")["ARN"]
