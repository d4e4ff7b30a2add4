import pytest

from iam_support import fails
from iamulator.services.iam import constraints
from iamulator.services.models import service_model


def test_every_operation_has_a_checker_that_compiles():
    for operation in service_model("iam").operation_names:
        constraints._for_operation("iam", operation)


def test_name_pattern(raw_iam):
    assert fails(raw_iam.create_user, UserName="has space") == (
        "ValidationError",
        "1 validation error detected: Value 'has space' at 'userName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [\\w+=,.@-]+", 400)


def test_word_characters_are_ascii_only(raw_iam):
    assert fails(raw_iam.create_user, UserName="café")[0] == "ValidationError"


def test_several_errors_are_reported_together(raw_iam):
    code, message, _ = fails(raw_iam.create_user, UserName="x" * 65 + "!", Path="nope")
    assert code == "ValidationError"
    assert message.startswith("3 validation errors detected: ")
    assert message.count("; ") == 2
    assert "Value 'nope' at 'path' failed to satisfy constraint" in message
    assert "Member must have length less than or equal to 64" in message


def test_missing_required_member(raw_iam):
    assert fails(raw_iam.create_user) == (
        "ValidationError",
        "1 validation error detected: Value null at 'userName' failed to satisfy constraint: "
        "Member must not be null", 400)


@pytest.mark.parametrize("path", ["/", "/a/", "/a/b-c/"])
def test_valid_paths(iam, path):
    assert iam.create_user(UserName="u", Path=path)["User"]["Path"] == path


@pytest.mark.parametrize("path", ["a/", "/a", "/a b/"])
def test_invalid_paths(raw_iam, path):
    assert fails(raw_iam.create_user, UserName="u", Path=path)[0] == "ValidationError"


def test_max_items_bounds(raw_iam):
    code, message, _ = fails(raw_iam.list_users, MaxItems=0)
    assert code == "ValidationError"
    assert "Member must have value greater than or equal to 1" in message
    assert fails(raw_iam.list_users, MaxItems=1001)[0] == "ValidationError"


def test_enum_members(raw_iam):
    code, message, _ = fails(raw_iam.list_policies, Scope="Mine")
    assert code == "ValidationError"
    assert message.endswith("Member must satisfy enum value set: [All, AWS, Local]")


def test_the_service_never_answers_with_a_crash(raw_iam):
    # Wrong types and odd values all come back as AWS errors, never as a 500.
    for call, kwargs in [(raw_iam.get_user, {"UserName": ""}),
                         (raw_iam.get_policy, {"PolicyArn": "x"}),
                         (raw_iam.simulate_custom_policy, {"PolicyInputList": ["{}"], "ActionNames": []}),
                         (raw_iam.get_policy_version, {"PolicyArn": "arn:aws:iam::aws:policy/x", "VersionId": "1"}),
                         (raw_iam.list_entities_for_policy, {"PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess",
                                                             "EntityFilter": "Nothing"})]:
        code, _, status = fails(call, **kwargs)
        assert 400 <= status < 500, (call, code)
