"""Conditional reads (304/412 with RFC 7232 precedence), conditional writes, byte ranges."""
from datetime import timedelta

import pytest
from s3_support import raises

BODY = b"0123456789abcdefghij"      # 20 bytes


@pytest.fixture
def stored(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="obj", Body=BODY)["ETag"]
    modified = s3.head_object(Bucket=bucket, Key="obj")["LastModified"]
    return {"Bucket": bucket, "Key": "obj", "etag": etag, "modified": modified}


def _read(s3, stored, method="get_object", **conditions):
    return getattr(s3, method)(Bucket=stored["Bucket"], Key=stored["Key"], **conditions)


# -- reads ------------------------------------------------------------------------------------

@pytest.mark.parametrize("tag", ["{etag}", "{bare}", "*", '"nope", {etag}', "W/{etag}"])
def test_if_match_true_serves(s3, stored, tag):
    value = tag.format(etag=stored["etag"], bare=stored["etag"].strip('"'))
    assert _read(s3, stored, IfMatch=value)["Body"].read() == BODY


def test_if_match_false_is_412(s3, stored):
    with raises("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold") as err:
        _read(s3, stored, IfMatch='"0123"')
    assert err["Condition"] == "If-Match"


def test_if_none_match_true_is_304(s3, stored):
    with raises("304", 304, "Not Modified") as err:
        _read(s3, stored, IfNoneMatch=stored["etag"])
    assert err["headers"]["etag"] == stored["etag"]
    assert "last-modified" in err["headers"]


def test_if_none_match_false_serves(s3, stored):
    assert _read(s3, stored, IfNoneMatch='"other"')["ContentLength"] == 20


def test_if_modified_since(s3, stored):
    with raises("304", 304):
        _read(s3, stored, IfModifiedSince=stored["modified"])
    with raises("304", 304):
        _read(s3, stored, IfModifiedSince=stored["modified"] + timedelta(days=1))
    assert _read(s3, stored, IfModifiedSince=stored["modified"] - timedelta(seconds=1))["ContentLength"] == 20


def test_if_unmodified_since(s3, stored):
    with raises("PreconditionFailed", 412) as err:
        _read(s3, stored, IfUnmodifiedSince=stored["modified"] - timedelta(seconds=1))
    assert err["Condition"] == "If-Unmodified-Since"
    assert _read(s3, stored, IfUnmodifiedSince=stored["modified"])["ContentLength"] == 20


def test_true_if_match_overrides_false_if_unmodified_since(s3, stored):
    response = _read(s3, stored, IfMatch=stored["etag"],
                     IfUnmodifiedSince=stored["modified"] - timedelta(days=1))
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_matching_if_none_match_with_true_if_modified_since_is_304(s3, stored):
    with raises("304", 304):
        _read(s3, stored, IfNoneMatch=stored["etag"], IfModifiedSince=stored["modified"] - timedelta(days=1))


def test_failing_if_modified_since_ignored_when_if_none_match_passes(s3, stored):
    response = _read(s3, stored, IfNoneMatch='"other"', IfModifiedSince=stored["modified"] + timedelta(days=1))
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_412_wins_over_304(s3, stored):
    with raises("PreconditionFailed", 412):
        _read(s3, stored, IfMatch='"other"', IfNoneMatch=stored["etag"])


def test_head_conditionals_have_no_body(s3, stored):
    with raises("412", 412, "Precondition Failed"):
        _read(s3, stored, "head_object", IfMatch='"other"')
    with raises("304", 304, "Not Modified"):
        _read(s3, stored, "head_object", IfNoneMatch=stored["etag"])
    assert _read(s3, stored, "head_object", IfMatch=stored["etag"])["ContentLength"] == 20


def test_conditions_on_missing_key_are_404(s3, bucket):
    with raises("NoSuchKey", 404):
        s3.get_object(Bucket=bucket, Key="absent", IfMatch="*")


# -- writes -----------------------------------------------------------------------------------

def test_if_none_match_star_creates_only(s3, bucket):
    s3.put_object(Bucket=bucket, Key="once", Body=b"first", IfNoneMatch="*")
    with raises("PreconditionFailed", 412) as err:
        s3.put_object(Bucket=bucket, Key="once", Body=b"second", IfNoneMatch="*")
    assert err["Condition"] == "If-None-Match"
    assert s3.get_object(Bucket=bucket, Key="once")["Body"].read() == b"first"


def test_if_match_overwrites_only_the_seen_version(s3, stored):
    with raises("PreconditionFailed", 412) as err:
        s3.put_object(Bucket=stored["Bucket"], Key="obj", Body=b"new", IfMatch='"stale"')
    assert err["Condition"] == "If-Match"
    put = s3.put_object(Bucket=stored["Bucket"], Key="obj", Body=b"new", IfMatch=stored["etag"])
    assert put["ETag"] != stored["etag"]
    assert _read(s3, stored)["Body"].read() == b"new"


def test_if_match_write_on_missing_key(s3, bucket):
    with raises("NoSuchKey", 404):
        s3.put_object(Bucket=bucket, Key="absent", Body=b"x", IfMatch='"abc"')


def test_if_none_match_write_only_takes_star(s3, bucket):
    with raises("NotImplemented", 501):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", IfNoneMatch='"abc"')


# -- ranges -----------------------------------------------------------------------------------

@pytest.mark.parametrize("header,first,last", [
    ("bytes=0-4", 0, 4),
    ("bytes=5-", 5, 19),
    ("bytes=-3", 17, 19),
    ("bytes=-100", 0, 19),
    ("bytes=10-999", 10, 19),
    ("bytes=19-19", 19, 19),
])
def test_range_is_206_with_content_range(s3, stored, header, first, last):
    response = _read(s3, stored, Range=header)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert response["ContentRange"] == f"bytes {first}-{last}/20"
    assert response["ResponseMetadata"]["HTTPHeaders"]["content-range"] == f"bytes {first}-{last}/20"
    assert response["ContentLength"] == last - first + 1
    assert response["Body"].read() == BODY[first:last + 1]


@pytest.mark.parametrize("header", ["bytes=5-2", "bytes=0-1,4-5", "items=0-1", "bytes=a-b", "bytes=", "nonsense"])
def test_unreadable_or_multiple_ranges_serve_everything(s3, stored, header):
    response = _read(s3, stored, Range=header)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["Body"].read() == BODY


@pytest.mark.parametrize("header", ["bytes=20-", "bytes=25-30", "bytes=-0"])
def test_unsatisfiable_range_is_416(s3, stored, header):
    with raises("InvalidRange", 416, "The requested range is not satisfiable") as err:
        _read(s3, stored, Range=header)
    assert err["RangeRequested"] == header
    assert err["ActualObjectSize"] == "20"


def test_range_of_an_empty_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="empty", Body=b"")
    with raises("InvalidRange", 416):
        s3.get_object(Bucket=bucket, Key="empty", Range="bytes=0-")


def test_head_with_range(s3, stored):
    response = _read(s3, stored, "head_object", Range="bytes=2-5")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert response["ContentLength"] == 4
    assert response["ContentRange"] == "bytes 2-5/20"


def test_ranged_read_returns_no_whole_object_checksum(s3, stored):
    response = _read(s3, stored, Range="bytes=0-1", ChecksumMode="ENABLED")
    assert not any(k.startswith("Checksum") and k != "ChecksumMode" for k in response)
    assert response["Body"].read() == b"01"


def test_conditions_are_checked_before_the_range(s3, stored):
    with raises("PreconditionFailed", 412):
        _read(s3, stored, Range="bytes=99-", IfMatch='"other"')
