"""Object tags: Put/Get/DeleteObjectTagging, per version, their validation, and tags given on
PutObject and CopyObject."""
import pytest
from s3_support import raises


def _tag_set(**tags):
    return {"TagSet": [{"Key": k, "Value": v} for k, v in tags.items()]}


@pytest.fixture
def stored(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="a=1&b=two%20words")
    return bucket


def test_tags_from_the_put_header(s3, stored):
    response = s3.get_object_tagging(Bucket=stored, Key="k")
    assert response["TagSet"] == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "two words"}]
    assert "VersionId" not in response
    got = s3.get_object(Bucket=stored, Key="k")
    assert got["TagCount"] == 2
    assert got["ResponseMetadata"]["HTTPHeaders"]["x-amz-tagging-count"] == "2"


def test_put_replaces_and_delete_removes(s3, stored):
    before = s3.head_object(Bucket=stored, Key="k")
    s3.put_object_tagging(Bucket=stored, Key="k", Tagging=_tag_set(team="core"))
    assert s3.get_object_tagging(Bucket=stored, Key="k")["TagSet"] == [{"Key": "team", "Value": "core"}]
    after = s3.head_object(Bucket=stored, Key="k")
    assert (after["ETag"], after["LastModified"], after["TagCount"]) == (before["ETag"], before["LastModified"], 1)
    response = s3.delete_object_tagging(Bucket=stored, Key="k")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.get_object_tagging(Bucket=stored, Key="k")["TagSet"] == []
    assert "TagCount" not in s3.head_object(Bucket=stored, Key="k")


def test_an_empty_tag_set_clears_the_tags(s3, stored):
    s3.put_object_tagging(Bucket=stored, Key="k", Tagging={"TagSet": []})
    assert s3.get_object_tagging(Bucket=stored, Key="k")["TagSet"] == []


def test_tags_per_version(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    v1 = s3.put_object(Bucket=bucket, Key="k", Body=b"1", Tagging="gen=1")["VersionId"]
    v2 = s3.put_object(Bucket=bucket, Key="k", Body=b"2")["VersionId"]
    response = s3.put_object_tagging(Bucket=bucket, Key="k", VersionId=v1, Tagging=_tag_set(gen="old"))
    assert response["VersionId"] == v1
    assert s3.get_object_tagging(Bucket=bucket, Key="k", VersionId=v1)["TagSet"] == [{"Key": "gen", "Value": "old"}]
    current = s3.get_object_tagging(Bucket=bucket, Key="k")
    assert (current["TagSet"], current["VersionId"]) == ([], v2)
    versions = s3.list_object_versions(Bucket=bucket)["Versions"]
    assert [v["VersionId"] for v in versions] == [v2, v1]      # tagging made no new version
    assert s3.delete_object_tagging(Bucket=bucket, Key="k", VersionId=v1)["VersionId"] == v1
    assert s3.get_object_tagging(Bucket=bucket, Key="k", VersionId=v1)["TagSet"] == []
    with raises("NoSuchVersion", 404):
        s3.get_object_tagging(Bucket=bucket, Key="k", VersionId="missing")


def test_tagging_delete_markers_and_missing_keys(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    marker = s3.delete_object(Bucket=bucket, Key="k")["VersionId"]
    with raises("NoSuchKey", 404):
        s3.get_object_tagging(Bucket=bucket, Key="k")
    with raises("MethodNotAllowed", 405):
        s3.put_object_tagging(Bucket=bucket, Key="k", VersionId=marker, Tagging=_tag_set(a="1"))
    with raises("NoSuchKey", 404):
        s3.put_object_tagging(Bucket=bucket, Key="nothing", Tagging=_tag_set(a="1"))
    with raises("NoSuchBucket", 404):
        s3.get_object_tagging(Bucket="no-such-bucket-here", Key="k")


@pytest.mark.parametrize("tags,code,message", [
    ([("k", "1"), ("k", "2")], "InvalidTag", "Cannot provide multiple Tags with the same key"),
    ([("x" * 129, "v")], "InvalidTag", "The TagKey you have provided is invalid"),
    ([("k", "v" * 257)], "InvalidTag", "The TagValue you have provided is invalid"),
    ([("k", "a&b")], "InvalidTag", "The TagValue you have provided is invalid"),
    ([("aws:owner", "v")], "InvalidTag", "Your TagKey cannot be prefixed with aws:"),
    ([(f"k{i}", "v") for i in range(11)], "BadRequest", "Object tags cannot be greater than 10"),
])
def test_invalid_tag_sets(s3, stored, tags, code, message):
    with raises(code, 400, message):
        s3.put_object_tagging(Bucket=stored, Key="k", Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in tags]})


def test_limits_are_inclusive_and_allowed_characters_pass(s3, stored):
    tags = [{"Key": "x" * 128, "Value": "v" * 256}, {"Key": "a+b-c=d.e_f:g/h@i j", "Value": "é ünïcode"}]
    tags += [{"Key": f"k{i}", "Value": ""} for i in range(8)]
    s3.put_object_tagging(Bucket=stored, Key="k", Tagging={"TagSet": tags})
    assert s3.get_object_tagging(Bucket=stored, Key="k")["TagSet"] == tags


def test_invalid_put_object_tagging_header(s3, bucket):
    with raises("InvalidTag", 400, "Cannot provide multiple Tags with the same key"):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="a=1&a=2")
    with raises("BadRequest", 400):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="&".join(f"k{i}=v" for i in range(11)))


def test_copy_tagging_directive(s3, stored):
    s3.copy_object(Bucket=stored, Key="copied", CopySource=f"{stored}/k")
    assert len(s3.get_object_tagging(Bucket=stored, Key="copied")["TagSet"]) == 2
    s3.copy_object(Bucket=stored, Key="replaced", CopySource=f"{stored}/k", TaggingDirective="REPLACE",
                   Tagging="only=this")
    assert s3.get_object_tagging(Bucket=stored, Key="replaced")["TagSet"] == [{"Key": "only", "Value": "this"}]


def test_readers_of_an_old_reference_are_unaffected(s3, stored):
    from iamulator.services.s3.bucket_index import index_for
    from iamulator.services.state import STORE

    bucket = index_for(STORE).get("aws", stored)
    held = bucket.current("k")
    s3.put_object_tagging(Bucket=stored, Key="k", Tagging=_tag_set(new="1"))
    assert held.tags == {"a": "1", "b": "two words"}
    assert bucket.current("k").tags == {"new": "1"}


def test_tagging_actions_are_authorized_on_the_named_objects():
    from s3_authz_support import GUARDED, assert_allowed, assert_denied, checked_s3, user_s3

    with checked_s3() as admin:
        for key in ("mine/k", "theirs/k"):
            admin.put_object(Bucket=GUARDED, Key=key, Body=b"x")
        s3 = user_s3({"Action": ["s3:PutObjectTagging", "s3:GetObjectTagging", "s3:DeleteObjectTagging"],
                      "Resource": f"arn:aws:s3:::{GUARDED}/mine/*"})
        tags = _tag_set(a="1")
        assert_allowed(lambda: s3.put_object_tagging(Bucket=GUARDED, Key="mine/k", Tagging=tags))
        assert assert_allowed(lambda: s3.get_object_tagging(Bucket=GUARDED, Key="mine/k"))["TagSet"] == tags["TagSet"]
        assert_allowed(lambda: s3.delete_object_tagging(Bucket=GUARDED, Key="mine/k"))
        assert_denied(lambda: s3.put_object_tagging(Bucket=GUARDED, Key="theirs/k", Tagging=tags),
                      action="s3:PutObjectTagging")
        assert_denied(lambda: s3.get_object_tagging(Bucket=GUARDED, Key="theirs/k"), action="s3:GetObjectTagging")
        assert_denied(lambda: s3.delete_object_tagging(Bucket=GUARDED, Key="theirs/k"),
                      action="s3:DeleteObjectTagging")


def test_version_tagging_actions_and_request_tag_conditions():
    from s3_authz_support import GUARDED, assert_allowed, assert_denied, checked_s3, user_s3

    with checked_s3() as admin:
        admin.put_bucket_versioning(Bucket=GUARDED, VersioningConfiguration={"Status": "Enabled"})
        v1 = admin.put_object(Bucket=GUARDED, Key="mine/k", Body=b"1")["VersionId"]
        arn = f"arn:aws:s3:::{GUARDED}/mine/*"
        s3 = user_s3({"Action": ["s3:GetObjectVersionTagging", "s3:DeleteObjectVersionTagging"], "Resource": arn},
                     {"Action": "s3:PutObjectVersionTagging", "Resource": arn,
                      "Condition": {"StringEquals": {"s3:RequestObjectTag/team": "core"}}})
        kw = {"Bucket": GUARDED, "Key": "mine/k", "VersionId": v1}
        assert_allowed(lambda: s3.put_object_tagging(Tagging=_tag_set(team="core"), **kw))
        assert_denied(lambda: s3.put_object_tagging(Tagging=_tag_set(team="other"), **kw),
                      action="s3:PutObjectVersionTagging")
        assert assert_allowed(lambda: s3.get_object_tagging(**kw))["TagSet"] == [{"Key": "team", "Value": "core"}]
        assert_allowed(lambda: s3.delete_object_tagging(**kw))
        # Without a VersionId the unversioned actions apply, which the user lacks.
        assert_denied(lambda: s3.get_object_tagging(Bucket=GUARDED, Key="mine/k"), action="s3:GetObjectTagging")
        assert_denied(lambda: s3.get_object_tagging(Bucket=GUARDED, Key="theirs/k", VersionId=v1),
                      action="s3:GetObjectVersionTagging")
        assert_denied(lambda: s3.delete_object_tagging(Bucket=GUARDED, Key="theirs/k", VersionId=v1),
                      action="s3:DeleteObjectVersionTagging")


@pytest.mark.parametrize("header,message", [("aws:owner=me", "Your TagKey cannot be prefixed with aws:"),
                                            ("k=a%26b", "The TagValue you have provided is invalid"),
                                            ("k%23=v", "The TagKey you have provided is invalid")])
def test_header_tags_follow_the_same_rules(s3, bucket, header, message):
    with raises("InvalidTag", 400, message):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging=header)
    with raises("InvalidTag", 400, message):
        s3.create_multipart_upload(Bucket=bucket, Key="k", Tagging=header)
