"""Versions and staging labels: PutSecretValue, UpdateSecretVersionStage, ListSecretVersionIds."""
import uuid

import pytest

from sm_support import DAY, error_of


def stages(sm, name="s"):
    return sm.describe_secret(SecretId=name)["VersionIdsToStages"]


def all_versions(sm, name="s", **kwargs):
    """Every version, following NextToken (botocore has no paginator for this operation)."""
    out, token = [], None
    while True:
        page = sm.list_secret_version_ids(SecretId=name, **kwargs, **({"NextToken": token} if token else {}))
        out += page["Versions"]
        token = page.get("NextToken")
        if not token:
            return out


class TestPutSecretValue:
    def test_current_moves_and_previous_follows(self, sm):
        v1 = sm.create_secret(Name="s", SecretString="1")["VersionId"]
        v2 = sm.put_secret_value(SecretId="s", SecretString="2")["VersionId"]
        assert stages(sm) == {v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT"]}
        v3 = sm.put_secret_value(SecretId="s", SecretString="3")["VersionId"]
        # The oldest version has lost its last label: it is deprecated and no longer listed.
        assert stages(sm) == {v2: ["AWSPREVIOUS"], v3: ["AWSCURRENT"]}
        ids = [v["VersionId"] for v in sm.list_secret_version_ids(SecretId="s")["Versions"]]
        assert sorted(ids) == sorted([v2, v3])
        everything = sm.list_secret_version_ids(SecretId="s", IncludeDeprecated=True)["Versions"]
        assert {v["VersionId"]: v.get("VersionStages") for v in everything} == {
            v1: None, v2: ["AWSPREVIOUS"], v3: ["AWSCURRENT"]}
        # A deprecated version can still be read by id.
        assert sm.get_secret_value(SecretId="s", VersionId=v1)["SecretString"] == "1"

    def test_pending_version_leaves_current_alone(self, sm):
        v1 = sm.create_secret(Name="s", SecretString="1")["VersionId"]
        out = sm.put_secret_value(SecretId="s", SecretString="next", VersionStages=["AWSPENDING"])
        assert out["VersionStages"] == ["AWSPENDING"]
        assert stages(sm) == {v1: ["AWSCURRENT"], out["VersionId"]: ["AWSPENDING"]}
        assert sm.get_secret_value(SecretId="s")["SecretString"] == "1"
        assert sm.get_secret_value(SecretId="s", VersionStage="AWSPENDING")["SecretString"] == "next"

    def test_custom_labels_move_between_versions(self, sm):
        sm.create_secret(Name="s", SecretString="1")
        a = sm.put_secret_value(SecretId="s", SecretString="a", VersionStages=["blue", "green"])["VersionId"]
        b = sm.put_secret_value(SecretId="s", SecretString="b", VersionStages=["green"])["VersionId"]
        got = stages(sm)
        assert got[a] == ["blue"] and got[b] == ["green"]

    def test_idempotent_with_same_token_and_value(self, sm):
        sm.create_secret(Name="s", SecretString="1")
        token = str(uuid.uuid4())
        first = sm.put_secret_value(SecretId="s", SecretString="2", ClientRequestToken=token)
        again = sm.put_secret_value(SecretId="s", SecretString="2", ClientRequestToken=token)
        assert again["VersionId"] == first["VersionId"] == token
        assert again["VersionStages"] == ["AWSCURRENT"]
        assert len(sm.list_secret_version_ids(SecretId="s", IncludeDeprecated=True)["Versions"]) == 2
        with pytest.raises(sm.exceptions.ResourceExistsException) as exc:
            sm.put_secret_value(SecretId="s", SecretString="3", ClientRequestToken=token)
        assert error_of(exc) == ("ResourceExistsException", 400,
                                 "You can't modify an existing version, you can only create a new version.")

    def test_binary_value(self, sm):
        sm.create_secret(Name="s", SecretString="1")
        sm.put_secret_value(SecretId="s", SecretBinary=b"\x00\x01")
        out = sm.get_secret_value(SecretId="s")
        assert out["SecretBinary"] == b"\x00\x01" and "SecretString" not in out

    def test_a_value_is_required_and_only_one(self, sm):
        sm.create_secret(Name="s", SecretString="1")
        with pytest.raises(sm.exceptions.InvalidParameterException) as exc:
            sm.put_secret_value(SecretId="s")
        assert error_of(exc)[2] == "You must provide either SecretString or SecretBinary."
        with pytest.raises(sm.exceptions.InvalidParameterException):
            sm.put_secret_value(SecretId="s", SecretString="a", SecretBinary=b"b")

    def test_old_deprecated_versions_are_dropped_beyond_one_hundred(self, sm, frozen):
        sm.create_secret(Name="s", SecretString="0")
        for i in range(1, 103):
            sm.put_secret_value(SecretId="s", SecretString=str(i))
        # Versions younger than a day are all kept.
        assert len(all_versions(sm, IncludeDeprecated=True)) == 103
        frozen.advance(DAY + 1)
        sm.put_secret_value(SecretId="s", SecretString="last")
        assert len(all_versions(sm, IncludeDeprecated=True)) == 100
        assert sm.get_secret_value(SecretId="s")["SecretString"] == "last"
        assert sm.get_secret_value(SecretId="s", VersionStage="AWSPREVIOUS")["SecretString"] == "102"


class TestUpdateSecretVersionStage:
    def test_roll_back_to_the_previous_version(self, sm):
        v1 = sm.create_secret(Name="s", SecretString="1")["VersionId"]
        v2 = sm.put_secret_value(SecretId="s", SecretString="2")["VersionId"]
        out = sm.update_secret_version_stage(SecretId="s", VersionStage="AWSCURRENT",
                                             MoveToVersionId=v1, RemoveFromVersionId=v2)
        assert set(out) - {"ResponseMetadata"} == {"ARN", "Name"}
        assert stages(sm) == {v1: ["AWSCURRENT"], v2: ["AWSPREVIOUS"]}
        assert sm.get_secret_value(SecretId="s")["SecretString"] == "1"

    def test_finishing_a_rotation(self, sm):
        v1 = sm.create_secret(Name="s", SecretString="old")["VersionId"]
        v2 = sm.put_secret_value(SecretId="s", SecretString="new", VersionStages=["AWSPENDING"])["VersionId"]
        sm.update_secret_version_stage(SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=v2,
                                       RemoveFromVersionId=v1)
        assert stages(sm) == {v1: ["AWSPREVIOUS"], v2: ["AWSPENDING", "AWSCURRENT"]}
        sm.update_secret_version_stage(SecretId="s", VersionStage="AWSPENDING", RemoveFromVersionId=v2)
        assert stages(sm) == {v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT"]}

    def test_moving_an_attached_label_needs_remove_from(self, sm):
        v1 = sm.create_secret(Name="s", SecretString="1")["VersionId"]
        v2 = sm.put_secret_value(SecretId="s", SecretString="2", VersionStages=["AWSPENDING"])["VersionId"]
        with pytest.raises(sm.exceptions.InvalidParameterException) as exc:
            sm.update_secret_version_stage(SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=v2)
        assert error_of(exc) == (
            "InvalidParameterException", 400,
            f"The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to "
            f"version {v1}, so you must explicitly reference that version in RemoveFromVersionId.")
        with pytest.raises(sm.exceptions.InvalidParameterException) as exc:
            sm.update_secret_version_stage(SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=v2,
                                           RemoveFromVersionId=v2)
        assert v1 in error_of(exc)[2]
        assert stages(sm) == {v1: ["AWSCURRENT"], v2: ["AWSPENDING"]}

    def test_a_free_label_moves_without_remove_from(self, sm):
        v1 = sm.create_secret(Name="s", SecretString="1")["VersionId"]
        sm.update_secret_version_stage(SecretId="s", VersionStage="audited", MoveToVersionId=v1)
        assert stages(sm) == {v1: ["AWSCURRENT", "audited"]}
        # Attaching a label the version already has changes nothing.
        sm.update_secret_version_stage(SecretId="s", VersionStage="audited", MoveToVersionId=v1)
        assert stages(sm) == {v1: ["AWSCURRENT", "audited"]}

    def test_removing_a_label(self, sm):
        v1 = sm.create_secret(Name="s", SecretString="1")["VersionId"]
        sm.update_secret_version_stage(SecretId="s", VersionStage="x", MoveToVersionId=v1)
        sm.update_secret_version_stage(SecretId="s", VersionStage="x", RemoveFromVersionId=v1)
        assert stages(sm) == {v1: ["AWSCURRENT"]}
        with pytest.raises(sm.exceptions.InvalidParameterException) as exc:
            sm.update_secret_version_stage(SecretId="s", VersionStage="x", RemoveFromVersionId=v1)
        assert error_of(exc)[2] == f"The staging label x isn't attached to version {v1}."

    def test_current_cannot_just_be_removed(self, sm):
        v1 = sm.create_secret(Name="s", SecretString="1")["VersionId"]
        with pytest.raises(sm.exceptions.InvalidParameterException):
            sm.update_secret_version_stage(SecretId="s", VersionStage="AWSCURRENT", RemoveFromVersionId=v1)
        assert stages(sm) == {v1: ["AWSCURRENT"]}

    def test_unknown_version(self, sm):
        sm.create_secret(Name="s", SecretString="1")
        missing = "f" * 32
        with pytest.raises(sm.exceptions.ResourceNotFoundException) as exc:
            sm.update_secret_version_stage(SecretId="s", VersionStage="x", MoveToVersionId=missing)
        assert error_of(exc)[2] == f"Secrets Manager can't find the specified secret value for VersionId: {missing}"

    def test_at_most_twenty_labels_per_version(self, sm):
        v1 = sm.create_secret(Name="s", SecretString="1")["VersionId"]
        for i in range(19):
            sm.update_secret_version_stage(SecretId="s", VersionStage=f"l{i}", MoveToVersionId=v1)
        with pytest.raises(sm.exceptions.LimitExceededException):
            sm.update_secret_version_stage(SecretId="s", VersionStage="one-too-many", MoveToVersionId=v1)


class TestListSecretVersionIds:
    def test_entries(self, sm):
        v1 = sm.create_secret(Name="s", SecretString="1")["VersionId"]
        sm.get_secret_value(SecretId="s")
        out = sm.list_secret_version_ids(SecretId="s")
        assert out["Name"] == "s" and out["ARN"].startswith("arn:aws:secretsmanager:")
        (entry,) = out["Versions"]
        assert entry["VersionId"] == v1 and entry["VersionStages"] == ["AWSCURRENT"]
        assert {"CreatedDate", "LastAccessedDate", "KmsKeyIds"} <= set(entry)

    def test_pagination(self, sm):
        sm.create_secret(Name="s", SecretString="0")
        made = [sm.put_secret_value(SecretId="s", SecretString=str(i), VersionStages=[f"l{i}"])["VersionId"]
                for i in range(5)]
        first = sm.list_secret_version_ids(SecretId="s", MaxResults=2)
        assert len(first["Versions"]) == 2 and "NextToken" in first
        seen = [v["VersionId"] for v in all_versions(sm, MaxResults=2)]
        assert len(seen) == 6 and set(made) <= set(seen)

    def test_bad_token(self, sm):
        sm.create_secret(Name="s", SecretString="0")
        with pytest.raises(sm.exceptions.InvalidNextTokenException):
            sm.list_secret_version_ids(SecretId="s", NextToken="garbage")
