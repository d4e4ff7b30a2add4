"""RotateSecret / CancelRotateSecret settings, and GetRandomPassword."""
import datetime
import string

import pytest

from sm_support import DAY, error_of

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:rotate-db"
PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"


def midnight(t: float) -> float:
    return t - t % DAY


@pytest.fixture
def settings_only(monkeypatch):
    """These tests are about the rotation settings Secrets Manager stores: the rotation function
    (LAMBDA names none) is not run, as when no Lambda backend ships."""
    from iamulator.services.secretsmanager import rotation

    monkeypatch.setattr(rotation, "invoker", lambda ctx, lambda_arn: None)


@pytest.mark.usefixtures("settings_only")
class TestRotateSecret:
    def test_settings_are_stored(self, sm, frozen):
        sm.create_secret(Name="r", SecretString="x")
        out = sm.rotate_secret(SecretId="r", RotationLambdaARN=LAMBDA,
                               RotationRules={"AutomaticallyAfterDays": 30}, ClientRequestToken="t" * 32)
        assert out["VersionId"] == "t" * 32
        d = sm.describe_secret(SecretId="r")
        assert d["RotationEnabled"] is True
        assert d["RotationLambdaARN"] == LAMBDA
        assert d["RotationRules"] == {"AutomaticallyAfterDays": 30}
        expected = datetime.datetime.fromtimestamp(midnight(frozen.t) + 30 * DAY, datetime.timezone.utc)
        assert d["NextRotationDate"] == expected

    def test_a_new_secret_has_no_rotation_fields(self, sm):
        sm.create_secret(Name="r", SecretString="x")
        d = sm.describe_secret(SecretId="r")
        assert not {"RotationEnabled", "RotationLambdaARN", "RotationRules", "NextRotationDate"} & set(d)

    @pytest.mark.parametrize("expression,days", [("rate(10 days)", 10), ("rate(4 hours)", None),
                                                 ("cron(0 16 1,15 * ? *)", None)])
    def test_schedule_expressions(self, sm, expression, days):
        sm.create_secret(Name="r", SecretString="x")
        sm.rotate_secret(SecretId="r", RotationLambdaARN=LAMBDA,
                         RotationRules={"ScheduleExpression": expression, "Duration": "2h"})
        rules = sm.describe_secret(SecretId="r")["RotationRules"]
        assert rules["ScheduleExpression"] == expression and rules["Duration"] == "2h"
        assert rules.get("AutomaticallyAfterDays") == days

    @pytest.mark.parametrize("rules", [
        {"ScheduleExpression": "rate(2 hours)"},
        {"ScheduleExpression": "every day"},
        {"ScheduleExpression": "cron(0 16 * *)"},
        {"ScheduleExpression": "rate(1 days)"},
        {"AutomaticallyAfterDays": 3, "ScheduleExpression": "rate(3 days)"},
        {"ScheduleExpression": "rate(1 day)", "Duration": "25h"},
    ])
    def test_invalid_rules(self, sm, rules):
        sm.create_secret(Name="r", SecretString="x")
        with pytest.raises(sm.exceptions.InvalidParameterException):
            sm.rotate_secret(SecretId="r", RotationLambdaARN=LAMBDA, RotationRules=rules)
        assert "RotationEnabled" not in sm.describe_secret(SecretId="r")

    def test_days_out_of_range_is_a_validation_error(self, sm):
        from botocore.config import Config
        import boto3

        sm.create_secret(Name="r", SecretString="x")
        raw = boto3.client("secretsmanager", region_name="us-east-1", config=Config(parameter_validation=False))
        with pytest.raises(raw.exceptions.ClientError) as exc:
            raw.rotate_secret(SecretId="r", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 1001})
        assert error_of(exc) == ("ValidationException", 400, "1 validation error detected: Value '1001' at "
                                 "'rotationRules.automaticallyAfterDays' failed to satisfy constraint: Member must "
                                 "have value less than or equal to 1000")

    def test_needs_a_lambda(self, sm):
        sm.create_secret(Name="r", SecretString="x")
        with pytest.raises(sm.exceptions.InvalidRequestException):
            sm.rotate_secret(SecretId="r", RotationRules={"AutomaticallyAfterDays": 7})

    def test_later_calls_reuse_the_stored_settings(self, sm):
        sm.create_secret(Name="r", SecretString="x")
        sm.rotate_secret(SecretId="r", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 7})
        sm.cancel_rotate_secret(SecretId="r")
        sm.rotate_secret(SecretId="r")
        d = sm.describe_secret(SecretId="r")
        assert (d["RotationEnabled"], d["RotationLambdaARN"], d["RotationRules"]) == (
            True, LAMBDA, {"AutomaticallyAfterDays": 7})

    def test_an_unfinished_rotation_blocks_the_next(self, sm):
        sm.create_secret(Name="r", SecretString="x")
        sm.put_secret_value(SecretId="r", SecretString="half-done", VersionStages=["AWSPENDING"])
        with pytest.raises(sm.exceptions.InvalidRequestException) as exc:
            sm.rotate_secret(SecretId="r", RotationLambdaARN=LAMBDA)
        assert error_of(exc)[2] == "A previous rotation isn't complete. That rotation will be reattempted."


@pytest.mark.usefixtures("settings_only")
class TestCancelRotateSecret:
    def test_turns_rotation_off_and_keeps_the_settings(self, sm):
        sm.create_secret(Name="r", SecretString="x")
        sm.rotate_secret(SecretId="r", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 7})
        out = sm.cancel_rotate_secret(SecretId="r")
        assert "VersionId" not in out
        d = sm.describe_secret(SecretId="r")
        assert d["RotationEnabled"] is False and d["RotationLambdaARN"] == LAMBDA
        assert "NextRotationDate" not in d

    def test_names_the_pending_version_of_a_rotation_in_progress(self, sm):
        sm.create_secret(Name="r", SecretString="x")
        pending = sm.put_secret_value(SecretId="r", SecretString="p", VersionStages=["AWSPENDING"])["VersionId"]
        assert sm.cancel_rotate_secret(SecretId="r")["VersionId"] == pending


class TestGetRandomPassword:
    def test_defaults(self, sm):
        pw = sm.get_random_password()["RandomPassword"]
        assert len(pw) == 32
        for chars in (string.ascii_lowercase, string.ascii_uppercase, string.digits, PUNCTUATION):
            assert any(c in chars for c in pw)
        assert " " not in pw

    def test_exclusions(self, sm):
        for _ in range(20):
            pw = sm.get_random_password(PasswordLength=50, ExcludePunctuation=True, ExcludeUppercase=True,
                                        ExcludeCharacters="abcdef0123")["RandomPassword"]
            assert len(pw) == 50
            assert set(pw) <= set("ghijklmnopqrstuvwxyz456789")
            assert any(c.isdigit() for c in pw) and any(c.isalpha() for c in pw)

    def test_only_digits(self, sm):
        pw = sm.get_random_password(PasswordLength=12, ExcludePunctuation=True, ExcludeUppercase=True,
                                    ExcludeLowercase=True)["RandomPassword"]
        assert len(pw) == 12 and pw.isdigit()

    def test_space_when_included(self, sm):
        pw = sm.get_random_password(PasswordLength=200, IncludeSpace=True, ExcludeNumbers=True,
                                    ExcludePunctuation=True, ExcludeUppercase=True)["RandomPassword"]
        assert set(pw) <= set(string.ascii_lowercase + " ") and " " in pw

    def test_without_require_each_type(self, sm):
        pw = sm.get_random_password(PasswordLength=1, RequireEachIncludedType=False)["RandomPassword"]
        assert len(pw) == 1

    def test_too_short_for_every_type(self, sm):
        with pytest.raises(sm.exceptions.InvalidParameterException) as exc:
            sm.get_random_password(PasswordLength=3)
        assert error_of(exc) == ("InvalidParameterException", 400,
                                 "Password length is too short based on the required types.")

    def test_nothing_left_to_draw_from(self, sm):
        with pytest.raises(sm.exceptions.InvalidParameterException):
            sm.get_random_password(ExcludeNumbers=True, ExcludePunctuation=True, ExcludeUppercase=True,
                                   ExcludeLowercase=True)

    def test_length_above_the_maximum(self, sm):
        from botocore.config import Config
        import boto3

        raw = boto3.client("secretsmanager", region_name="us-east-1", config=Config(parameter_validation=False))
        with pytest.raises(raw.exceptions.ClientError) as exc:
            raw.get_random_password(PasswordLength=4097)
        assert error_of(exc) == ("ValidationException", 400, "1 validation error detected: Value '4097' at "
                                 "'passwordLength' failed to satisfy constraint: Member must have value less than "
                                 "or equal to 4096")
