"""DeleteSecret's recovery window, forced deletion, what a scheduled secret refuses, RestoreSecret."""
import datetime

import pytest

from sm_support import ARN_PREFIX, DAY, error_of

MARKED = ("InvalidRequestException", 400,
          "You can't perform this operation on the secret because it was marked for deletion.")


def at(t: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc)


class TestRecoveryWindow:
    def test_default_window_is_thirty_days(self, sm, frozen):
        arn = sm.create_secret(Name="d", SecretString="x")["ARN"]
        out = sm.delete_secret(SecretId="d")
        assert (out["ARN"], out["Name"], out["DeletionDate"]) == (arn, "d", at(frozen.t + 30 * DAY))
        assert sm.describe_secret(SecretId="d")["DeletedDate"] == at(frozen.t)

    @pytest.mark.parametrize("days", [7, 30])
    def test_window_bounds(self, sm, frozen, days):
        sm.create_secret(Name="d", SecretString="x")
        assert sm.delete_secret(SecretId="d", RecoveryWindowInDays=days)["DeletionDate"] == at(frozen.t + days * DAY)

    @pytest.mark.parametrize("days", [0, 6, 31, -1])
    def test_window_out_of_range(self, sm, days):
        sm.create_secret(Name="d", SecretString="x")
        with pytest.raises(sm.exceptions.InvalidParameterException) as exc:
            sm.delete_secret(SecretId="d", RecoveryWindowInDays=days)
        assert error_of(exc) == ("InvalidParameterException", 400, "The RecoveryWindowInDays value must be "
                                                                    "between 7 and 30 days (inclusive).")

    def test_range_is_checked_before_the_force_conflict(self, sm):
        sm.create_secret(Name="d", SecretString="x")
        with pytest.raises(sm.exceptions.InvalidParameterException) as exc:
            sm.delete_secret(SecretId="d", RecoveryWindowInDays=0, ForceDeleteWithoutRecovery=True)
        assert "between 7 and 30 days" in error_of(exc)[2]
        with pytest.raises(sm.exceptions.InvalidParameterException) as exc:
            sm.delete_secret(SecretId="d", RecoveryWindowInDays=7, ForceDeleteWithoutRecovery=True)
        assert error_of(exc)[2] == ("You can't use ForceDeleteWithoutRecovery in conjunction with "
                                    "RecoveryWindowInDays.")
        assert "DeletedDate" not in sm.describe_secret(SecretId="d")

    def test_the_secret_is_gone_once_the_window_ends(self, sm, frozen):
        sm.create_secret(Name="d", SecretString="x")
        sm.delete_secret(SecretId="d", RecoveryWindowInDays=7)
        frozen.advance(7 * DAY - 1)
        assert sm.describe_secret(SecretId="d")["Name"] == "d"
        frozen.advance(1)
        with pytest.raises(sm.exceptions.ResourceNotFoundException):
            sm.describe_secret(SecretId="d")
        assert sm.list_secrets(IncludePlannedDeletion=True)["SecretList"] == []
        # The name is free again.
        assert sm.create_secret(Name="d", SecretString="new")["Name"] == "d"


class TestScheduledSecret:
    @pytest.fixture
    def scheduled(self, sm):
        v = sm.create_secret(Name="gone", SecretString="x")["VersionId"]
        sm.delete_secret(SecretId="gone")
        return v

    def test_operations_on_a_scheduled_secret_are_refused(self, sm, scheduled):
        calls = [
            lambda: sm.get_secret_value(SecretId="gone"),
            lambda: sm.put_secret_value(SecretId="gone", SecretString="y"),
            lambda: sm.update_secret(SecretId="gone", Description="d"),
            lambda: sm.update_secret_version_stage(SecretId="gone", VersionStage="x", MoveToVersionId=scheduled),
            lambda: sm.tag_resource(SecretId="gone", Tags=[{"Key": "k", "Value": "v"}]),
            lambda: sm.untag_resource(SecretId="gone", TagKeys=["k"]),
            lambda: sm.put_resource_policy(SecretId="gone", ResourcePolicy="{}"),
            lambda: sm.get_resource_policy(SecretId="gone"),
            lambda: sm.delete_resource_policy(SecretId="gone"),
            lambda: sm.rotate_secret(SecretId="gone", RotationLambdaARN="arn:aws:lambda:us-east-1:1:function:f"),
            lambda: sm.cancel_rotate_secret(SecretId="gone"),
            lambda: sm.delete_secret(SecretId="gone"),
        ]
        for call in calls:
            with pytest.raises(sm.exceptions.InvalidRequestException) as exc:
                call()
            assert error_of(exc) == MARKED

    def test_describe_and_version_listing_still_answer(self, sm, scheduled):
        assert "DeletedDate" in sm.describe_secret(SecretId="gone")
        assert sm.list_secret_version_ids(SecretId="gone")["Versions"][0]["VersionId"] == scheduled

    def test_the_name_cannot_be_reused(self, sm, scheduled):
        with pytest.raises(sm.exceptions.InvalidRequestException) as exc:
            sm.create_secret(Name="gone", SecretString="again")
        assert error_of(exc) == ("InvalidRequestException", 400, "You can't create this secret because a secret "
                                                                  "with this name is already scheduled for deletion.")

    def test_hidden_from_listing_unless_asked(self, sm, scheduled):
        assert sm.list_secrets()["SecretList"] == []
        (listed,) = sm.list_secrets(IncludePlannedDeletion=True)["SecretList"]
        assert listed["Name"] == "gone" and "DeletedDate" in listed

    def test_restore(self, sm, scheduled):
        out = sm.restore_secret(SecretId="gone")
        assert set(out) - {"ResponseMetadata"} == {"ARN", "Name"}
        assert "DeletedDate" not in sm.describe_secret(SecretId="gone")
        assert sm.get_secret_value(SecretId="gone")["SecretString"] == "x"
        # Restoring a secret that is not scheduled for deletion changes nothing.
        sm.restore_secret(SecretId="gone")

    def test_force_deletes_a_scheduled_secret(self, sm, scheduled):
        sm.delete_secret(SecretId="gone", ForceDeleteWithoutRecovery=True)
        with pytest.raises(sm.exceptions.ResourceNotFoundException):
            sm.describe_secret(SecretId="gone")


class TestForcedDeletion:
    def test_removes_at_once_and_frees_the_name(self, sm, frozen):
        arn = sm.create_secret(Name="f", SecretString="x")["ARN"]
        out = sm.delete_secret(SecretId="f", ForceDeleteWithoutRecovery=True)
        assert (out["ARN"], out["Name"], out["DeletionDate"]) == (arn, "f", at(frozen.t))
        with pytest.raises(sm.exceptions.ResourceNotFoundException):
            sm.get_secret_value(SecretId="f")
        sm.create_secret(Name="f", SecretString="y")
        assert sm.get_secret_value(SecretId="f")["SecretString"] == "y"
        assert len(sm.list_secret_version_ids(SecretId="f", IncludeDeprecated=True)["Versions"]) == 1

    def test_of_a_secret_that_does_not_exist_is_not_an_error(self, sm):
        out = sm.delete_secret(SecretId="never-was", ForceDeleteWithoutRecovery=True)
        assert out["Name"] == "never-was" and "DeletionDate" in out
        arn = ARN_PREFIX + "never-was-AbCdEf"
        assert sm.delete_secret(SecretId=arn, ForceDeleteWithoutRecovery=True)["ARN"] == arn

    def test_unforced_delete_of_an_unknown_secret_is_not_found(self, sm):
        with pytest.raises(sm.exceptions.ResourceNotFoundException):
            sm.delete_secret(SecretId="never-was")
