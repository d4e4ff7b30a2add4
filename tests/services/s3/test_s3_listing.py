"""ListObjectsV2 and ListObjects: order, prefixes, delimiters, paging, encoding, errors."""
import re

import pytest
from s3_support import raises

KEYS = ["a.txt", "b/1.txt", "b/2.txt", "b/c/3.txt", "b/c/4.txt", "d/5.txt", "e.txt"]


@pytest.fixture
def filled(s3, bucket):
    for key in KEYS:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    return bucket


def keys_of(response):
    return [o["Key"] for o in response.get("Contents", [])]


def prefixes_of(response):
    return [p["Prefix"] for p in response.get("CommonPrefixes", [])]


def test_v2_lists_everything_in_order(s3, filled):
    response = s3.list_objects_v2(Bucket=filled)
    assert keys_of(response) == KEYS
    assert response["KeyCount"] == len(KEYS)
    assert response["Name"] == filled
    assert response["Prefix"] == ""
    assert response["MaxKeys"] == 1000
    assert response["IsTruncated"] is False
    assert "NextContinuationToken" not in response
    first = response["Contents"][0]
    assert first["Size"] == len(b"a.txt")
    assert first["StorageClass"] == "STANDARD"
    assert re.fullmatch(r'"[0-9a-f]{32}"', first["ETag"])
    assert "Owner" not in first


def test_v2_prefix_and_delimiter(s3, filled):
    top = s3.list_objects_v2(Bucket=filled, Delimiter="/")
    assert keys_of(top) == ["a.txt", "e.txt"]
    assert prefixes_of(top) == ["b/", "d/"]
    assert top["KeyCount"] == 4
    assert top["Delimiter"] == "/"
    nested = s3.list_objects_v2(Bucket=filled, Prefix="b/", Delimiter="/")
    assert keys_of(nested) == ["b/1.txt", "b/2.txt"]
    assert prefixes_of(nested) == ["b/c/"]
    assert nested["Prefix"] == "b/"
    only_prefix = s3.list_objects_v2(Bucket=filled, Prefix="b/c")
    assert keys_of(only_prefix) == ["b/c/3.txt", "b/c/4.txt"]
    assert s3.list_objects_v2(Bucket=filled, Prefix="zzz")["KeyCount"] == 0


def test_v2_multi_character_delimiter(s3, bucket):
    for key in ["x--y--z", "x--w", "v"]:
        s3.put_object(Bucket=bucket, Key=key, Body=b"")
    response = s3.list_objects_v2(Bucket=bucket, Delimiter="--")
    assert keys_of(response) == ["v"]
    assert prefixes_of(response) == ["x--"]


def test_v2_pages_with_tokens(s3, filled):
    seen, token, pages = [], None, 0
    while True:
        kwargs = {"ContinuationToken": token} if token else {}
        page = s3.list_objects_v2(Bucket=filled, MaxKeys=3, **kwargs)
        pages += 1
        assert page["KeyCount"] == len(page.get("Contents", []))
        seen += keys_of(page)
        if token:
            assert page["ContinuationToken"] == token
        if not page["IsTruncated"]:
            assert "NextContinuationToken" not in page
            break
        token = page["NextContinuationToken"]
    assert seen == KEYS
    assert pages == 3


def test_v2_pages_through_common_prefixes(s3, filled):
    items, token = [], None
    while True:
        kwargs = {"ContinuationToken": token} if token else {}
        page = s3.list_objects_v2(Bucket=filled, Delimiter="/", MaxKeys=1, **kwargs)
        assert page["KeyCount"] == 1 or not page["IsTruncated"]
        items += keys_of(page) + prefixes_of(page)
        if not page["IsTruncated"]:
            break
        token = page["NextContinuationToken"]
    assert items == ["a.txt", "b/", "d/", "e.txt"]


def test_v2_paginator(s3, filled):
    paginator = s3.get_paginator("list_objects_v2")
    pages = list(paginator.paginate(Bucket=filled, PaginationConfig={"PageSize": 2}))
    assert [len(p.get("Contents", [])) for p in pages] == [2, 2, 2, 1]
    assert [k for p in pages for k in keys_of(p)] == KEYS


def test_v2_start_after(s3, filled):
    response = s3.list_objects_v2(Bucket=filled, StartAfter="b/c/3.txt")
    assert keys_of(response) == ["b/c/4.txt", "d/5.txt", "e.txt"]
    assert response["StartAfter"] == "b/c/3.txt"
    assert keys_of(s3.list_objects_v2(Bucket=filled, StartAfter="zzz")) == []
    assert keys_of(s3.list_objects_v2(Bucket=filled, StartAfter="b", Prefix="b/c/")) == ["b/c/3.txt", "b/c/4.txt"]


def test_v2_fetch_owner(s3, filled):
    owner = s3.list_objects_v2(Bucket=filled, FetchOwner=True)["Contents"][0]["Owner"]
    assert owner["ID"] == s3.list_buckets()["Owner"]["ID"]


def test_v2_max_keys_zero(s3, filled):
    response = s3.list_objects_v2(Bucket=filled, MaxKeys=0)
    assert response["KeyCount"] == 0
    assert response["IsTruncated"] is False
    assert "Contents" not in response


def test_negative_max_keys(s3, filled):
    with raises("InvalidArgument", 400) as err:
        s3.list_objects_v2(Bucket=filled, MaxKeys=-1)
    assert (err["ArgumentName"], err["ArgumentValue"]) == ("maxKeys", "-1")


def test_bad_continuation_token(s3, filled):
    with raises("InvalidArgument", 400, "The continuation token provided is incorrect") as err:
        s3.list_objects_v2(Bucket=filled, ContinuationToken="garbage!")
    assert err["ArgumentName"] == "continuation-token"


def test_explicit_url_encoding_is_left_to_the_caller(s3, bucket):
    s3.put_object(Bucket=bucket, Key="a b+c/ü", Body=b"")
    response = s3.list_objects_v2(Bucket=bucket, EncodingType="url", Prefix="a b", Delimiter="/")
    assert response["EncodingType"] == "url"
    assert prefixes_of(response) == ["a+b%2Bc/"]
    assert response["Prefix"] == "a+b"
    plain = s3.list_objects_v2(Bucket=bucket)
    assert keys_of(plain) == ["a b+c/ü"]


def test_unknown_encoding_type(s3, bucket):
    with raises("InvalidArgument", 400, "Invalid Encoding Method specified in Request") as err:
        s3.list_objects_v2(Bucket=bucket, EncodingType="base64")
    assert err["ArgumentName"] == "encoding-type"


def test_utf8_binary_order(s3, bucket):
    keys = ["日本", "zebra", "Zebra", "éclair", "apple", "~tilde", "0zero", "a/b", "a-b", "a0"]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=b"")
    listed = keys_of(s3.list_objects_v2(Bucket=bucket))
    assert listed == sorted(keys, key=lambda k: k.encode("utf-8"))


def test_listing_reflects_deletes_and_overwrites(s3, filled):
    s3.delete_object(Bucket=filled, Key="b/1.txt")
    s3.put_object(Bucket=filled, Key="b/0.txt", Body=b"new")
    s3.put_object(Bucket=filled, Key="a.txt", Body=b"longer body")
    response = s3.list_objects_v2(Bucket=filled, Prefix="b/", Delimiter="/")
    assert keys_of(response) == ["b/0.txt", "b/2.txt"]
    sizes = {o["Key"]: o["Size"] for o in s3.list_objects_v2(Bucket=filled)["Contents"]}
    assert sizes["a.txt"] == len(b"longer body")


def test_list_missing_bucket(s3):
    with raises("NoSuchBucket", 404) as err:
        s3.list_objects_v2(Bucket="no-such-bucket")
    assert err["BucketName"] == "no-such-bucket"
    with raises("NoSuchBucket", 404):
        s3.list_objects(Bucket="no-such-bucket")


def test_list_empty_bucket(s3, bucket):
    response = s3.list_objects_v2(Bucket=bucket)
    assert response["KeyCount"] == 0
    assert "Contents" not in response


# -- ListObjects (v1) -------------------------------------------------------------------------

def test_v1_lists_with_owner(s3, filled):
    response = s3.list_objects(Bucket=filled)
    assert keys_of(response) == KEYS
    assert response["Marker"] == ""
    assert response["IsTruncated"] is False
    assert response["Contents"][0]["Owner"]["ID"] == s3.list_buckets()["Owner"]["ID"]


def test_v1_marker_without_delimiter_has_no_next_marker(s3, filled):
    page = s3.list_objects(Bucket=filled, MaxKeys=2)
    assert keys_of(page) == ["a.txt", "b/1.txt"]
    assert page["IsTruncated"] is True
    assert "NextMarker" not in page
    page = s3.list_objects(Bucket=filled, MaxKeys=2, Marker="b/1.txt")
    assert page["Marker"] == "b/1.txt"
    assert keys_of(page) == ["b/2.txt", "b/c/3.txt"]


def test_v1_next_marker_with_delimiter(s3, filled):
    page = s3.list_objects(Bucket=filled, Delimiter="/", MaxKeys=2)
    assert keys_of(page) == ["a.txt"]
    assert prefixes_of(page) == ["b/"]
    assert page["NextMarker"] == "b/"
    page = s3.list_objects(Bucket=filled, Delimiter="/", MaxKeys=2, Marker=page["NextMarker"])
    assert prefixes_of(page) == ["d/"]
    assert keys_of(page) == ["e.txt"]
    assert page["IsTruncated"] is False


def test_v1_paginator(s3, filled):
    pages = list(s3.get_paginator("list_objects").paginate(Bucket=filled, PaginationConfig={"PageSize": 3}))
    assert [k for p in pages for k in keys_of(p)] == KEYS


def test_checksum_algorithm_in_listing(s3, bucket):
    s3.put_object(Bucket=bucket, Key="sha", Body=b"x", ChecksumAlgorithm="SHA1")
    entry = s3.list_objects_v2(Bucket=bucket)["Contents"][0]
    assert entry["ChecksumAlgorithm"] == ["SHA1"]
    assert entry["ChecksumType"] == "FULL_OBJECT"


def test_pages_hold_at_most_a_thousand_entries(s3, bucket):
    from s3_support import call_backend

    for i in range(1005):
        call_backend("PutObject", {"Bucket": bucket, "Key": f"k{i:04d}", "Body": b""})
    page = s3.list_objects_v2(Bucket=bucket, MaxKeys=5000)
    assert page["KeyCount"] == 1000
    assert page["IsTruncated"] is True
    rest = s3.list_objects_v2(Bucket=bucket, ContinuationToken=page["NextContinuationToken"])
    assert keys_of(rest) == [f"k{i:04d}" for i in range(1000, 1005)]
