"""The S3 backend's small pure parts, without the pipeline."""
from datetime import datetime, timedelta, timezone

import pytest

from iamulator.services.errors import AWSError
from iamulator.services.s3 import conditions, copy_source, tokens
from iamulator.services.s3.bucket_index import index_for
from iamulator.services.s3.listing import walk
from iamulator.services.s3.locations import bucket_region, partition_of
from iamulator.services.s3.names import is_valid_bucket_name
from iamulator.services.s3.records import Bucket, ObjectVersion
from iamulator.services.state import Store


def code_of(fn, *args):
    with pytest.raises(AWSError) as info:
        fn(*args)
    return info.value.code, info.value.status


# -- names and locations ----------------------------------------------------------------------

@pytest.mark.parametrize("name,valid", [
    ("abc", True), ("a" * 63, True), ("a.b-c", True), ("ab", False), ("a" * 64, False),
    ("Abc", False), ("a_b", False), ("-ab", False), ("ab-", False), ("a..b", False),
    ("10.0.0.1", False), ("xn--a", False), ("a-s3alias", False), ("a.mrap", False), ("ab.", False),
])
def test_bucket_names(name, valid):
    assert is_valid_bucket_name(name) is valid


@pytest.mark.parametrize("request_region,constraint,expected", [
    ("us-east-1", None, "us-east-1"),
    ("us-east-1", "", "us-east-1"),
    ("us-east-1", "eu-west-1", "eu-west-1"),
    ("us-east-1", "EU", "eu-west-1"),
    ("eu-west-1", "EU", "eu-west-1"),
    ("eu-west-1", "eu-west-1", "eu-west-1"),
    ("cn-north-1", "cn-north-1", "cn-north-1"),
])
def test_bucket_region(request_region, constraint, expected):
    assert bucket_region(request_region, constraint) == expected


@pytest.mark.parametrize("request_region,constraint,code", [
    ("eu-west-1", None, "IllegalLocationConstraintException"),
    ("eu-west-1", "us-west-2", "IllegalLocationConstraintException"),
    ("us-east-1", "us-east-1", "InvalidLocationConstraint"),
    ("eu-west-1", "us-east-1", "InvalidLocationConstraint"),
    ("us-east-1", "not a region", "InvalidLocationConstraint"),
    ("us-east-1", "cn-north-1", "IllegalLocationConstraintException"),
])
def test_bucket_region_errors(request_region, constraint, code):
    assert code_of(bucket_region, request_region, constraint) == (code, 400)


def test_partitions():
    assert [partition_of(r) for r in ("us-east-1", "cn-northwest-1", "us-gov-west-1", "eu-west-3")] == \
        ["aws", "aws-cn", "aws-us-gov", "aws"]


# -- conditions -------------------------------------------------------------------------------

def test_etag_matching():
    etag = '"abc"'
    assert conditions.etag_matches('"abc"', etag)
    assert conditions.etag_matches("abc", etag)
    assert conditions.etag_matches("*", etag)
    assert conditions.etag_matches('"x", "abc"', etag)
    assert conditions.etag_matches('W/"abc"', etag)
    assert not conditions.etag_matches('"abcd"', etag)
    assert not conditions.etag_matches("", etag)


def test_naive_dates_are_utc():
    obj = ObjectVersion("k", b"x", last_modified=datetime(2024, 1, 1, 12, 0, 0, tzinfo=timezone.utc))
    assert conditions.check_read(obj, {"IfModifiedSince": datetime(2023, 12, 31)}) is False
    assert conditions.check_read(obj, {"IfModifiedSince": datetime(2024, 1, 1, 12, 0, 0)}) is True
    with pytest.raises(AWSError) as info:
        conditions.check_read(obj, {"IfUnmodifiedSince": datetime(2024, 1, 1, 11, 59, 59)})
    assert (info.value.status, info.value.fields) == (412, {"Condition": "If-Unmodified-Since"})


# -- copy sources and tokens ------------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [
    ("bucket/key", ("bucket", "key", None)),
    ("/bucket/dir/key", ("bucket", "dir/key", None)),
    ("bucket/a%20b%3Fc", ("bucket", "a b?c", None)),
    ("bucket/key?versionId=v1", ("bucket", "key", "v1")),
    ("bucket/%E6%97%A5", ("bucket", "日", None)),
])
def test_copy_source_parsing(value, expected):
    assert copy_source.parse(value) == expected


@pytest.mark.parametrize("value", ["bucket", "bucket/", "/bucket", "", "/", "bucket/key?versionId="])
def test_bad_copy_sources(value):
    assert code_of(copy_source.parse, value) == ("InvalidArgument", 400)


@pytest.mark.parametrize("position", ["", "plain", "ü/日本/😀", "a b+c"])
def test_tokens_round_trip(position):
    token = tokens.encode(position)
    assert position not in token or position == ""
    assert tokens.decode(token) == position


@pytest.mark.parametrize("token", ["", "!!!", "aGVsbG8=", "////"])
def test_foreign_tokens_are_refused(token):
    assert code_of(tokens.decode, token) == ("InvalidArgument", 400)


# -- records and the listing walk -------------------------------------------------------------

def _bucket_with(keys):
    bucket = Bucket("b", "123456789012", "us-east-1", location_constraint=None)
    for key in keys:
        bucket.store(ObjectVersion(key, key.encode()))
    return bucket


def test_sorted_keys_follow_writes_and_deletes():
    bucket = _bucket_with(["m", "c"])
    assert bucket.sorted_keys() == ["c", "m"]
    bucket.store(ObjectVersion("a", b""))
    bucket.store(ObjectVersion("c", b"again"))
    assert bucket.sorted_keys() == ["a", "c", "m"]
    assert bucket.remove_version("m", "null").key == "m"
    assert bucket.remove_version("m", "null") is None
    assert bucket.sorted_keys() == ["a", "c"]
    assert bucket.current("c").body == b"again"
    assert len(bucket.versions["c"]) == 1


def test_walk_skips_past_a_common_prefix_ending_in_the_largest_code_point():
    top = "\U0010ffff"
    bucket = _bucket_with([f"a{top}1", f"a{top}2", "b"])
    objects, commons, truncated, last = walk(bucket, "", top, None, 1)
    assert (commons, truncated, last) == ([f"a{top}"], True, f"a{top}")
    objects, commons, truncated, _ = walk(bucket, "", top, last, 10)
    assert ([o.key for o in objects], commons, truncated) == (["b"], [], False)


def test_walk_hides_keys_whose_current_version_is_a_delete_marker():
    bucket = _bucket_with(["a", "b"])
    bucket.store(ObjectVersion("a", b"", version_id="v2", delete_marker=True))
    objects, _, _, _ = walk(bucket, "", None, None, 10)
    assert [o.key for o in objects] == ["b"]


def test_index_entries_die_with_a_store_reset():
    store = Store()
    index = index_for(store)
    assert index_for(store) is index
    home = store.backend("s3", "123456789012", "us-east-1")
    bucket = Bucket("kept", "123456789012", "us-east-1", location_constraint=None)
    with index.lock:
        index.add("aws", bucket, home)
    assert index.get("aws", "kept") is bucket
    assert index.get("aws-cn", "kept") is None
    store.reset()
    assert index.get("aws", "kept") is None
    assert index.owned_by("123456789012", "aws") == []


def test_objects_are_stamped_to_the_second():
    obj = ObjectVersion("k", b"")
    assert obj.last_modified.microsecond == 0
    assert datetime.now(timezone.utc) - obj.last_modified < timedelta(seconds=2)


def test_reads_of_delete_markers():
    from iamulator.services.s3.objects import readable

    bucket = _bucket_with(["k"])
    bucket.store(ObjectVersion("k", b"", version_id="marker-1", delete_marker=True))
    with pytest.raises(AWSError) as info:
        readable(bucket, "k", None)
    assert (info.value.code, info.value.status) == ("NoSuchKey", 404)
    assert info.value.headers == {"x-amz-delete-marker": "true", "x-amz-version-id": "marker-1"}
    with pytest.raises(AWSError) as info:
        readable(bucket, "k", "marker-1")
    assert (info.value.code, info.value.status) == ("MethodNotAllowed", 405)
    assert readable(bucket, "k", "null").body == b"k"
