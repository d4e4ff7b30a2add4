import pytest

from iam_support import TRUST_EC2, fails


@pytest.fixture(params=["user", "role"])
def tagged(request, iam):
    kind = request.param
    if kind == "user":
        iam.create_user(UserName="e")
        name = {"UserName": "e"}
    else:
        iam.create_role(RoleName="e", AssumeRolePolicyDocument=TRUST_EC2)
        name = {"RoleName": "e"}
    tag, untag, listed = (getattr(iam, f"tag_{kind}"), getattr(iam, f"untag_{kind}"),
                          getattr(iam, f"list_{kind}_tags"))
    return (lambda **kw: tag(**name, **kw)), (lambda **kw: untag(**name, **kw)), (lambda **kw: listed(**name, **kw))


def test_tag_overwrite_and_untag(tagged):
    tag, untag, listed = tagged
    tag(Tags=[{"Key": "Env", "Value": "dev"}, {"Key": "team", "Value": "a"}])
    tag(Tags=[{"Key": "env", "Value": "prod"}])
    assert listed()["Tags"] == [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "a"}]
    untag(TagKeys=["TEAM", "absent"])
    assert listed()["Tags"] == [{"Key": "env", "Value": "prod"}]
    assert listed()["IsTruncated"] is False


def test_duplicate_keys_in_one_request(tagged):
    tag, _, _ = tagged
    with pytest.raises(Exception) as info:
        tag(Tags=[{"Key": "a", "Value": "1"}, {"Key": "A", "Value": "2"}])
    err = info.value.response
    assert (err["Error"]["Code"], err["Error"]["Message"]) == (
        "InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive.")


def test_fifty_tags_at_most(tagged):
    tag, _, listed = tagged
    tag(Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    tag(Tags=[{"Key": "k0", "Value": "changed"}])          # overwriting keeps the count
    with pytest.raises(Exception) as info:
        tag(Tags=[{"Key": "one-more", "Value": "v"}])
    assert info.value.response["Error"]["Code"] == "LimitExceeded"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    page = listed(MaxItems=20)
    assert len(page["Tags"]) == 20 and page["IsTruncated"] is True
    assert len(listed(MaxItems=100, Marker=page["Marker"])["Tags"]) == 30


def test_tag_values_are_validated(raw_iam):
    raw_iam.create_user(UserName="e")
    code, message, status = fails(raw_iam.tag_user, UserName="e", Tags=[{"Key": "bad{key}", "Value": "v"}])
    assert (code, status) == ("ValidationError", 400)
    assert message.startswith("1 validation error detected: Value 'bad{key}' at 'tags.1.member.key' failed to "
                              "satisfy constraint: Member must satisfy regular expression pattern")
    code, message, _ = fails(raw_iam.tag_user, UserName="e", Tags=[{"Key": "k", "Value": "v" * 257}])
    assert code == "ValidationError" and "at 'tags.1.member.value'" in message
    code, message, _ = fails(raw_iam.tag_user, UserName="e", Tags=[{"Key": f"k{i}", "Value": ""} for i in range(51)])
    assert code == "ValidationError"
    assert "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50" in message
    # Letters of any script, spaces and the listed punctuation are fine.
    raw_iam.tag_user(UserName="e", Tags=[{"Key": "Équipe nom_:/=+-@.", "Value": "东京 1"}])
    assert raw_iam.list_user_tags(UserName="e")["Tags"] == [{"Key": "Équipe nom_:/=+-@.", "Value": "东京 1"}]


def test_tagging_missing_entities(iam):
    assert fails(iam.tag_user, UserName="ghost", Tags=[{"Key": "a", "Value": "b"}])[0] == "NoSuchEntity"
    assert fails(iam.list_role_tags, RoleName="ghost")[0] == "NoSuchEntity"
