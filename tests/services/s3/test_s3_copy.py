"""CopyObject: sources, metadata and tagging directives, self-copies, conditions, errors."""
import base64
import hashlib
from datetime import timedelta

import boto3
import pytest
from s3_support import raises

SELF_COPY = ("This copy request is illegal because it is trying to copy an object to itself without "
             "changing the object's metadata, storage class, website redirect location or encryption "
             "attributes.")


@pytest.fixture
def source(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src/original.txt", Body=b"original bytes", ContentType="text/plain",
                  Metadata={"origin": "test"}, CacheControl="max-age=5", Tagging="a=1",
                  WebsiteRedirectLocation="/somewhere", StorageClass="STANDARD_IA")
    return {"Bucket": bucket, "Key": "src/original.txt"}


def test_copy_keeps_bytes_metadata_and_headers(s3, source):
    response = s3.copy_object(Bucket=source["Bucket"], Key="dst/copy.txt", CopySource=source)
    result = response["CopyObjectResult"]
    assert result["ETag"] == '"' + hashlib.md5(b"original bytes").hexdigest() + '"'
    assert result["LastModified"].microsecond == 0
    assert response["ServerSideEncryption"] == "AES256"
    got = s3.get_object(Bucket=source["Bucket"], Key="dst/copy.txt")
    assert got["Body"].read() == b"original bytes"
    assert got["ContentType"] == "text/plain"
    assert got["Metadata"] == {"origin": "test"}
    assert got["CacheControl"] == "max-age=5"
    assert got["TagCount"] == 1
    # Not copied: the website redirect and the storage class (copies default to STANDARD).
    assert "WebsiteRedirectLocation" not in got
    assert "StorageClass" not in got


def test_copy_with_replaced_metadata(s3, source):
    s3.copy_object(Bucket=source["Bucket"], Key="replaced", CopySource=source, MetadataDirective="REPLACE",
                   Metadata={"fresh": "yes"}, ContentType="application/json")
    got = s3.head_object(Bucket=source["Bucket"], Key="replaced")
    assert got["Metadata"] == {"fresh": "yes"}
    assert got["ContentType"] == "application/json"
    assert "CacheControl" not in got


def test_replace_without_content_type_resets_it(s3, source):
    s3.copy_object(Bucket=source["Bucket"], Key="reset", CopySource=source, MetadataDirective="REPLACE")
    assert s3.head_object(Bucket=source["Bucket"], Key="reset")["ContentType"] == "binary/octet-stream"


def test_metadata_without_replace_is_ignored(s3, source):
    s3.copy_object(Bucket=source["Bucket"], Key="kept", CopySource=source, Metadata={"ignored": "1"})
    assert s3.head_object(Bucket=source["Bucket"], Key="kept")["Metadata"] == {"origin": "test"}


def test_tagging_directive(s3, source):
    s3.copy_object(Bucket=source["Bucket"], Key="retagged", CopySource=source, TaggingDirective="REPLACE",
                   Tagging="x=1&y=2&z=3")
    assert s3.head_object(Bucket=source["Bucket"], Key="retagged")["TagCount"] == 3
    s3.copy_object(Bucket=source["Bucket"], Key="untagged", CopySource=source, TaggingDirective="REPLACE")
    assert "TagCount" not in s3.head_object(Bucket=source["Bucket"], Key="untagged")


@pytest.mark.parametrize("member,header", [("MetadataDirective", "x-amz-metadata-directive"),
                                           ("TaggingDirective", "x-amz-tagging-directive")])
def test_unknown_directive(s3, source, member, header):
    with raises("InvalidArgument", 400) as err:
        s3.copy_object(Bucket=source["Bucket"], Key="x", CopySource=source, **{member: "MOVE"})
    assert (err["ArgumentName"], err["ArgumentValue"]) == (header, "MOVE")


def test_copy_source_as_string_forms(s3, source):
    bucket = source["Bucket"]
    s3.copy_object(Bucket=bucket, Key="s1", CopySource=f"{bucket}/src/original.txt")
    s3.copy_object(Bucket=bucket, Key="s2", CopySource=f"/{bucket}/src/original.txt")
    s3.copy_object(Bucket=bucket, Key="s3", CopySource=f"{bucket}/src/original.txt?versionId=null")
    s3.copy_object(Bucket=bucket, Key="s4", CopySource={**source, "VersionId": "null"})
    for key in ("s1", "s2", "s3", "s4"):
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == b"original bytes"


def test_copy_source_with_special_characters(s3, bucket):
    key = "dir with space/a+b?c=d&e#f/ünïcode"
    s3.put_object(Bucket=bucket, Key=key, Body=b"odd")
    s3.copy_object(Bucket=bucket, Key="plain", CopySource={"Bucket": bucket, "Key": key})
    assert s3.get_object(Bucket=bucket, Key="plain")["Body"].read() == b"odd"


def test_copy_source_must_name_bucket_and_key(s3, bucket):
    with raises("InvalidArgument", 400, "Copy Source must mention the source bucket and key: "
                "sourcebucket/sourcekey") as err:
        s3.copy_object(Bucket=bucket, Key="x", CopySource="just-a-bucket")
    assert err["ArgumentName"] == "x-amz-copy-source"


def test_copy_across_buckets_and_regions(s3, source):
    s3.create_bucket(Bucket="far-bucket", CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"})
    tokyo = boto3.client("s3", region_name="ap-northeast-1")
    tokyo.copy_object(Bucket="far-bucket", Key="arrived", CopySource=source)
    assert s3.get_object(Bucket="far-bucket", Key="arrived")["Body"].read() == b"original bytes"


def test_copy_onto_itself_without_changes(s3, source):
    with raises("InvalidRequest", 400, SELF_COPY):
        s3.copy_object(Bucket=source["Bucket"], Key=source["Key"], CopySource=source)


@pytest.mark.parametrize("change", [
    {"MetadataDirective": "REPLACE", "Metadata": {"v": "2"}},
    {"StorageClass": "STANDARD"},
    {"WebsiteRedirectLocation": "/new"},
    {"ServerSideEncryption": "AES256"},
])
def test_copy_onto_itself_with_a_change(s3, source, change):
    s3.copy_object(Bucket=source["Bucket"], Key=source["Key"], CopySource=source, **change)
    assert s3.get_object(Bucket=source["Bucket"], Key=source["Key"])["Body"].read() == b"original bytes"


def test_copy_missing_things(s3, bucket):
    with raises("NoSuchKey", 404) as err:
        s3.copy_object(Bucket=bucket, Key="x", CopySource={"Bucket": bucket, "Key": "absent"})
    assert err["Key"] == "absent"
    with raises("NoSuchBucket", 404) as err:
        s3.copy_object(Bucket=bucket, Key="x", CopySource={"Bucket": "no-such-source", "Key": "k"})
    assert err["BucketName"] == "no-such-source"
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with raises("NoSuchBucket", 404) as err:
        s3.copy_object(Bucket="no-such-target", Key="x", CopySource={"Bucket": bucket, "Key": "k"})
    assert err["BucketName"] == "no-such-target"


def test_copy_source_conditions(s3, source):
    etag = s3.head_object(**source)["ETag"]
    modified = s3.head_object(**source)["LastModified"]
    cases = [
        ({"CopySourceIfMatch": '"other"'}, "x-amz-copy-source-If-Match"),
        ({"CopySourceIfNoneMatch": etag}, "x-amz-copy-source-If-None-Match"),
        ({"CopySourceIfModifiedSince": modified}, "x-amz-copy-source-If-Modified-Since"),
        ({"CopySourceIfUnmodifiedSince": modified - timedelta(seconds=1)}, "x-amz-copy-source-If-Unmodified-Since"),
    ]
    for conditions, condition in cases:
        with raises("PreconditionFailed", 412) as err:
            s3.copy_object(Bucket=source["Bucket"], Key="c", CopySource=source, **conditions)
        assert err["Condition"] == condition
    # A true if-match makes a false if-unmodified-since irrelevant.
    s3.copy_object(Bucket=source["Bucket"], Key="c", CopySource=source, CopySourceIfMatch=etag,
                   CopySourceIfUnmodifiedSince=modified - timedelta(days=1))
    # A matching if-none-match fails whatever if-modified-since says.
    with raises("PreconditionFailed", 412):
        s3.copy_object(Bucket=source["Bucket"], Key="c", CopySource=source, CopySourceIfNoneMatch=etag,
                       CopySourceIfModifiedSince=modified - timedelta(days=1))


def test_conditional_copy_destination(s3, source):
    s3.copy_object(Bucket=source["Bucket"], Key="dest", CopySource=source, IfNoneMatch="*")
    with raises("PreconditionFailed", 412):
        s3.copy_object(Bucket=source["Bucket"], Key="dest", CopySource=source, IfNoneMatch="*")


def test_copy_with_a_new_checksum(s3, source):
    response = s3.copy_object(Bucket=source["Bucket"], Key="summed", CopySource=source, ChecksumAlgorithm="SHA256")
    expected = base64.b64encode(hashlib.sha256(b"original bytes").digest()).decode()
    assert response["CopyObjectResult"]["ChecksumSHA256"] == expected
    head = s3.head_object(Bucket=source["Bucket"], Key="summed", ChecksumMode="ENABLED")
    assert head["ChecksumSHA256"] == expected


def test_copy_keeps_the_source_checksum(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="crc", Body=b"payload")
    response = s3.copy_object(Bucket=bucket, Key="crc-copy", CopySource={"Bucket": bucket, "Key": "crc"})
    assert response["CopyObjectResult"]["ChecksumCRC32"] == put["ChecksumCRC32"]


def test_archived_source(s3, bucket):
    s3.put_object(Bucket=bucket, Key="cold", Body=b"x", StorageClass="DEEP_ARCHIVE")
    with raises("ObjectNotInActiveTierError", 403):
        s3.copy_object(Bucket=bucket, Key="warm", CopySource={"Bucket": bucket, "Key": "cold"})


def test_copy_acl_rules(s3, source):
    with raises("AccessControlListNotSupported", 400):
        s3.copy_object(Bucket=source["Bucket"], Key="acl", CopySource=source, ACL="public-read")


def test_managed_copy_and_resource_copy_from(aws):
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="managed")
    s3.put_object(Bucket="managed", Key="a", Body=b"managed copy")
    s3.copy({"Bucket": "managed", "Key": "a"}, "managed", "b")
    assert s3.get_object(Bucket="managed", Key="b")["Body"].read() == b"managed copy"
    resource = boto3.resource("s3", region_name="us-east-1")
    resource.Object("managed", "c").copy_from(CopySource={"Bucket": "managed", "Key": "a"})
    assert resource.Object("managed", "c").get()["Body"].read() == b"managed copy"


def test_copy_from_customer_encrypted_source(s3, bucket):
    import os

    key = os.urandom(32)
    s3.put_object(Bucket=bucket, Key="ssec", Body=b"secret", SSECustomerAlgorithm="AES256", SSECustomerKey=key)
    with raises("InvalidRequest", 400):
        s3.copy_object(Bucket=bucket, Key="plain", CopySource={"Bucket": bucket, "Key": "ssec"})
    s3.copy_object(Bucket=bucket, Key="plain", CopySource={"Bucket": bucket, "Key": "ssec"},
                   CopySourceSSECustomerAlgorithm="AES256", CopySourceSSECustomerKey=key)
    assert s3.get_object(Bucket=bucket, Key="plain")["Body"].read() == b"secret"
