"""PutObject, GetObject, HeadObject, DeleteObject through boto3: bodies, headers, keys, errors."""
import base64
import hashlib
import io
import os
import zlib
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import boto3
import pytest
from botocore.config import Config
from s3_support import raises

EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e"

SPECIAL_KEYS = [
    "with space", "plus+sign", "percent%20literal", "100%", "tilde~", "deep/a/b/c/d/e/f/g.txt",
    "?x=1", "a?b=c&d=e", "hash#fragment", "semi;colon", "quote'and\"double", "angle<>&amp;",
    "unicodé/日本語/ключ", "emoji-😀", "trailing/", "/leading-slash", "double//slash",
    "colon:and@at", "comma,and=equals", "tab\tinside", "back\\slash", "caret^pipe|", "[brackets]{}",
]


def test_put_then_get(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="hello.txt", Body=b"hello world")
    etag = '"' + hashlib.md5(b"hello world").hexdigest() + '"'
    assert put["ETag"] == etag
    assert put["ServerSideEncryption"] == "AES256"
    assert "VersionId" not in put
    got = s3.get_object(Bucket=bucket, Key="hello.txt")
    assert got["Body"].read() == b"hello world"
    assert got["ETag"] == etag
    assert got["ContentLength"] == 11
    assert got["ContentType"] == "binary/octet-stream"
    assert got["AcceptRanges"] == "bytes"
    assert got["ServerSideEncryption"] == "AES256"
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "StorageClass" not in got            # S3 leaves STANDARD unsaid
    assert "VersionId" not in got
    headers = got["ResponseMetadata"]["HTTPHeaders"]
    assert headers["etag"] == etag
    assert headers["content-length"] == "11"
    assert parsedate_to_datetime(headers["last-modified"]) == got["LastModified"]


def test_last_modified_is_whole_seconds_and_now(s3, bucket):
    before = datetime.now(timezone.utc).replace(microsecond=0)
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    modified = s3.head_object(Bucket=bucket, Key="k")["LastModified"]
    assert modified.microsecond == 0
    assert before <= modified <= datetime.now(timezone.utc)
    listed = s3.list_objects_v2(Bucket=bucket)["Contents"][0]["LastModified"]
    assert listed == modified


def test_representation_headers_round_trip(s3, bucket):
    expires = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    s3.put_object(Bucket=bucket, Key="page.html", Body=b"<html/>", ContentType="text/html; charset=utf-8",
                  ContentEncoding="identity", ContentDisposition='attachment; filename="p.html"',
                  ContentLanguage="en-GB", CacheControl="max-age=60", Expires=expires,
                  WebsiteRedirectLocation="/elsewhere")
    for response in (s3.get_object(Bucket=bucket, Key="page.html"), s3.head_object(Bucket=bucket, Key="page.html")):
        assert response["ContentType"] == "text/html; charset=utf-8"
        assert response["ContentEncoding"] == "identity"
        assert response["ContentDisposition"] == 'attachment; filename="p.html"'
        assert response["ContentLanguage"] == "en-GB"
        assert response["CacheControl"] == "max-age=60"
        assert response["Expires"] == expires
        assert response["WebsiteRedirectLocation"] == "/elsewhere"


def test_gzip_content_encoding_is_kept(s3, bucket):
    payload = zlib.compress(b"x" * 100)
    s3.put_object(Bucket=bucket, Key="z", Body=payload, ContentEncoding="gzip")
    got = s3.get_object(Bucket=bucket, Key="z")
    assert got["ContentEncoding"] == "gzip"
    assert got["Body"].read() == payload


def test_user_metadata(s3, bucket):
    s3.put_object(Bucket=bucket, Key="m", Body=b"", Metadata={"Colour": "blue", "size-class": "XL"})
    expected = {"colour": "blue", "size-class": "XL"}      # S3 lower-cases metadata names
    assert s3.get_object(Bucket=bucket, Key="m")["Metadata"] == expected
    assert s3.head_object(Bucket=bucket, Key="m")["Metadata"] == expected
    headers = s3.head_object(Bucket=bucket, Key="m")["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-amz-meta-colour"] == "blue"


def test_metadata_over_2kb(s3, bucket):
    with raises("MetadataTooLarge", 400, "Your metadata headers exceed the maximum allowed metadata size") as err:
        s3.put_object(Bucket=bucket, Key="m", Body=b"", Metadata={"big": "v" * 2100})
    assert err["MaxSizeAllowed"] == "2048"


def test_overwrite_replaces(s3, bucket):
    first = s3.put_object(Bucket=bucket, Key="k", Body=b"one", Metadata={"a": "1"})
    second = s3.put_object(Bucket=bucket, Key="k", Body=b"two")
    assert first["ETag"] != second["ETag"]
    got = s3.get_object(Bucket=bucket, Key="k")
    assert got["Body"].read() == b"two"
    assert got["Metadata"] == {}
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 1


def test_empty_bodies(s3, bucket):
    s3.put_object(Bucket=bucket, Key="empty", Body=b"")
    s3.put_object(Bucket=bucket, Key="no-body")
    for key in ("empty", "no-body"):
        got = s3.get_object(Bucket=bucket, Key=key)
        assert got["Body"].read() == b""
        assert got["ContentLength"] == 0
        assert got["ETag"] == f'"{EMPTY_MD5}"'
    sizes = {o["Key"]: o["Size"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert sizes == {"empty": 0, "no-body": 0}


def test_one_mebibyte_body(s3, bucket):
    payload = os.urandom(1024 * 1024)
    put = s3.put_object(Bucket=bucket, Key="big.bin", Body=payload)
    assert put["ETag"] == '"' + hashlib.md5(payload).hexdigest() + '"'
    got = s3.get_object(Bucket=bucket, Key="big.bin")
    assert got["ContentLength"] == len(payload)
    assert got["Body"].read() == payload


def test_string_and_file_bodies(s3, bucket):
    s3.put_object(Bucket=bucket, Key="text", Body="héllo")
    assert s3.get_object(Bucket=bucket, Key="text")["Body"].read() == "héllo".encode()
    s3.put_object(Bucket=bucket, Key="file", Body=io.BytesIO(b"from a file"))
    assert s3.get_object(Bucket=bucket, Key="file")["Body"].read() == b"from a file"


@pytest.mark.parametrize("key", SPECIAL_KEYS)
def test_special_keys_round_trip(any_style_s3, key):
    s3 = any_style_s3
    s3.create_bucket(Bucket="keys")
    body = key.encode("utf-8")
    s3.put_object(Bucket="keys", Key=key, Body=body)
    assert s3.get_object(Bucket="keys", Key=key)["Body"].read() == body
    assert s3.head_object(Bucket="keys", Key=key)["ContentLength"] == len(body)
    assert [o["Key"] for o in s3.list_objects_v2(Bucket="keys")["Contents"]] == [key]
    assert [o["Key"] for o in s3.list_objects(Bucket="keys")["Contents"]] == [key]
    s3.copy_object(Bucket="keys", Key=key + ".copy", CopySource={"Bucket": "keys", "Key": key})
    assert s3.get_object(Bucket="keys", Key=key + ".copy")["Body"].read() == body
    s3.delete_object(Bucket="keys", Key=key)
    s3.delete_object(Bucket="keys", Key=key + ".copy")
    assert s3.list_objects_v2(Bucket="keys")["KeyCount"] == 0


def test_similar_keys_stay_distinct(s3, bucket):
    keys = ["a b", "a+b", "a%20b", "a%2Bb"]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    for key in keys:
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == key.encode()
    assert sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]) == sorted(keys)


def test_key_longer_than_1024_bytes(s3, bucket):
    with raises("KeyTooLongError", 400, "Your key is too long") as err:
        s3.put_object(Bucket=bucket, Key="k" * 1025, Body=b"")
    assert err["MaxSizeAllowed"] == "1024"
    s3.put_object(Bucket=bucket, Key="k" * 1024, Body=b"")


def test_get_missing_key(s3, bucket):
    with raises("NoSuchKey", 404, "The specified key does not exist.") as err:
        s3.get_object(Bucket=bucket, Key="missing/key")
    assert err["Key"] == "missing/key"
    with pytest.raises(s3.exceptions.NoSuchKey):
        s3.get_object(Bucket=bucket, Key="missing/key")


def test_head_missing_key_is_a_bodyless_404(s3, bucket):
    with raises("404", 404, "Not Found"):
        s3.head_object(Bucket=bucket, Key="missing")


@pytest.mark.parametrize("operation", ["put_object", "get_object", "delete_object"])
def test_missing_bucket(s3, operation):
    with raises("NoSuchBucket", 404, "The specified bucket does not exist") as err:
        getattr(s3, operation)(Bucket="no-such-bucket", Key="k")
    assert err["BucketName"] == "no-such-bucket"


def test_head_object_in_missing_bucket(s3):
    with raises("404", 404):
        s3.head_object(Bucket="no-such-bucket", Key="k")


def test_delete_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="gone", Body=b"x")
    response = s3.delete_object(Bucket=bucket, Key="gone")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    with raises("NoSuchKey", 404):
        s3.get_object(Bucket=bucket, Key="gone")
    # Deleting what is not there succeeds too.
    assert s3.delete_object(Bucket=bucket, Key="never-was")["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_conditional_delete(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="cond", Body=b"x")["ETag"]
    with raises("PreconditionFailed", 412) as err:
        s3.delete_object(Bucket=bucket, Key="cond", IfMatch='"0000"')
    assert err["Condition"] == "If-Match"
    with raises("NoSuchKey", 404):
        s3.delete_object(Bucket=bucket, Key="absent", IfMatch=etag)
    s3.delete_object(Bucket=bucket, Key="cond", IfMatch=etag)
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_null_version_id(s3, bucket):
    s3.put_object(Bucket=bucket, Key="v", Body=b"x")
    assert s3.get_object(Bucket=bucket, Key="v", VersionId="null")["Body"].read() == b"x"
    with raises("NoSuchVersion", 404, "The specified version does not exist.") as err:
        s3.get_object(Bucket=bucket, Key="v", VersionId="3sL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY")
    assert err["VersionId"] == "3sL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"
    s3.delete_object(Bucket=bucket, Key="v", VersionId="null")
    with raises("NoSuchKey", 404):
        s3.get_object(Bucket=bucket, Key="v")


# -- storage classes, encryption, tags, ACLs, checksums ----------------------------------------

def test_storage_class(s3, bucket):
    s3.put_object(Bucket=bucket, Key="ia", Body=b"x", StorageClass="STANDARD_IA")
    assert s3.head_object(Bucket=bucket, Key="ia")["StorageClass"] == "STANDARD_IA"
    assert s3.get_object(Bucket=bucket, Key="ia")["StorageClass"] == "STANDARD_IA"
    assert s3.list_objects_v2(Bucket=bucket)["Contents"][0]["StorageClass"] == "STANDARD_IA"


def test_invalid_storage_class(s3, bucket):
    with raises("InvalidStorageClass", 400, "The storage class you specified is not valid") as err:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", StorageClass="EXPRESS_ONEZONE")
    assert err["StorageClassRequested"] == "EXPRESS_ONEZONE"


def test_archived_object_cannot_be_read_but_can_be_headed(s3, bucket):
    s3.put_object(Bucket=bucket, Key="cold", Body=b"x", StorageClass="GLACIER")
    assert s3.head_object(Bucket=bucket, Key="cold")["StorageClass"] == "GLACIER"
    with raises("InvalidObjectState", 403, "The operation is not valid for the object's storage class") as err:
        s3.get_object(Bucket=bucket, Key="cold")
    assert err["StorageClass"] == "GLACIER"


def test_kms_encryption_is_reported(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="kms", Body=b"x", ServerSideEncryption="aws:kms")
    assert put["ServerSideEncryption"] == "aws:kms"
    assert put["SSEKMSKeyId"].startswith("arn:aws:kms:us-east-1:123456789012:key/")
    kms = boto3.client("kms", region_name="us-east-1")
    key_arn = kms.create_key()["KeyMetadata"]["Arn"]
    kms.create_alias(AliasName="alias/mine", TargetKeyId=key_arn)
    named = s3.put_object(Bucket=bucket, Key="kms2", Body=b"x", ServerSideEncryption="aws:kms",
                          SSEKMSKeyId="alias/mine", BucketKeyEnabled=True)
    assert named["SSEKMSKeyId"] == key_arn          # S3 reports the key's ARN, whatever named it
    assert named["BucketKeyEnabled"] is True
    head = s3.head_object(Bucket=bucket, Key="kms2")
    assert (head["ServerSideEncryption"], head["SSEKMSKeyId"], head["BucketKeyEnabled"]) == \
        ("aws:kms", key_arn, True)


def test_unknown_encryption_method(s3, bucket):
    with raises("InvalidArgument", 400, "The encryption method specified is not supported") as err:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="rot13")
    assert err["ArgumentName"] == "x-amz-server-side-encryption"


def test_customer_provided_keys(s3, bucket):
    key = os.urandom(32)
    other = os.urandom(32)
    put = s3.put_object(Bucket=bucket, Key="ssec", Body=b"secret", SSECustomerAlgorithm="AES256",
                        SSECustomerKey=key)
    assert put["SSECustomerAlgorithm"] == "AES256"
    assert put["SSECustomerKeyMD5"] == base64.b64encode(hashlib.md5(key).digest()).decode()
    got = s3.get_object(Bucket=bucket, Key="ssec", SSECustomerAlgorithm="AES256", SSECustomerKey=key)
    assert got["Body"].read() == b"secret"
    with raises("InvalidRequest", 400, "The object was stored using a form of Server Side Encryption. "
                "The correct parameters must be provided to retrieve the object."):
        s3.get_object(Bucket=bucket, Key="ssec")
    with raises("AccessDenied", 403):
        s3.get_object(Bucket=bucket, Key="ssec", SSECustomerAlgorithm="AES256", SSECustomerKey=other)
    with raises("400", 400):
        s3.head_object(Bucket=bucket, Key="ssec")
    s3.put_object(Bucket=bucket, Key="plain", Body=b"x")
    with raises("InvalidRequest", 400, "The encryption parameters are not applicable to this object."):
        s3.get_object(Bucket=bucket, Key="plain", SSECustomerAlgorithm="AES256", SSECustomerKey=key)


def test_bad_customer_key(s3, bucket):
    with raises("InvalidArgument", 400, "The secret key was invalid for the specified algorithm."):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", SSECustomerAlgorithm="AES256", SSECustomerKey=b"short")


def test_object_tags_header(s3, bucket):
    s3.put_object(Bucket=bucket, Key="tagged", Body=b"x", Tagging="team=blue&env=dev%20box")
    assert s3.get_object(Bucket=bucket, Key="tagged")["TagCount"] == 2
    assert s3.head_object(Bucket=bucket, Key="tagged")["TagCount"] == 2
    s3.put_object(Bucket=bucket, Key="untagged", Body=b"x")
    assert "TagCount" not in s3.head_object(Bucket=bucket, Key="untagged")


def test_duplicate_tag_keys(s3, bucket):
    with raises("InvalidTag", 400, "Cannot provide multiple Tags with the same key"):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="a=1&a=2")


def test_too_many_tags(s3, bucket):
    with raises("BadRequest", 400, "Object tags cannot be greater than 10"):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="&".join(f"k{i}=v" for i in range(11)))


def test_acls_are_disabled_by_default(s3, bucket):
    with raises("AccessControlListNotSupported", 400, "The bucket does not allow ACLs"):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", ACL="public-read")
    with raises("AccessControlListNotSupported", 400):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", GrantRead='uri="http://acs.amazonaws.com/groups/global/AllUsers"')
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", ACL="bucket-owner-full-control")


def test_acls_allowed_when_ownership_allows(s3):
    s3.create_bucket(Bucket="acl-bucket", ObjectOwnership="BucketOwnerPreferred")
    s3.put_object(Bucket="acl-bucket", Key="k", Body=b"x", ACL="public-read")


def test_checksum_sent_by_default_is_stored_and_returned(s3, bucket):
    payload = b"checksummed payload"
    crc = base64.b64encode(zlib.crc32(payload).to_bytes(4, "big")).decode()
    put = s3.put_object(Bucket=bucket, Key="c", Body=payload)
    # boto3 >= 1.36 sends a CRC32 with every upload unless told otherwise.
    assert put["ChecksumCRC32"] == crc
    assert put["ChecksumType"] == "FULL_OBJECT"
    head = s3.head_object(Bucket=bucket, Key="c", ChecksumMode="ENABLED")
    assert head["ChecksumCRC32"] == crc
    got = s3.get_object(Bucket=bucket, Key="c", ChecksumMode="ENABLED")
    assert got["ChecksumCRC32"] == crc
    assert got["Body"].read() == payload
    assert s3.list_objects_v2(Bucket=bucket)["Contents"][0]["ChecksumAlgorithm"] == ["CRC32"]


def test_chosen_checksum_algorithm(s3, bucket):
    payload = b"sha me"
    sha = base64.b64encode(hashlib.sha256(payload).digest()).decode()
    put = s3.put_object(Bucket=bucket, Key="s", Body=payload, ChecksumAlgorithm="SHA256")
    assert put["ChecksumSHA256"] == sha
    assert s3.get_object(Bucket=bucket, Key="s", ChecksumMode="ENABLED")["ChecksumSHA256"] == sha


def test_explicit_checksum_value(s3, bucket):
    payload = b"given"
    sha1 = base64.b64encode(hashlib.sha1(payload).digest()).decode()
    put = s3.put_object(Bucket=bucket, Key="g", Body=payload, ChecksumSHA1=sha1)
    assert put["ChecksumSHA1"] == sha1


def _without_retries():
    # botocore retries BadDigest from S3 (a corrupted upload may succeed next time).
    return boto3.client("s3", region_name="us-east-1", config=Config(retries={"max_attempts": 1}))


def test_wrong_checksum_is_refused(bucket):
    s3 = _without_retries()
    wrong = base64.b64encode(hashlib.sha256(b"other").digest()).decode()
    with raises("BadDigest", 400):
        s3.put_object(Bucket=bucket, Key="bad", Body=b"payload", ChecksumSHA256=wrong)
    with raises("NoSuchKey", 404):
        s3.get_object(Bucket=bucket, Key="bad")


def test_wrong_content_md5_is_refused(bucket):
    s3 = _without_retries()
    wrong = base64.b64encode(hashlib.md5(b"other").digest()).decode()
    with raises("BadDigest", 400):
        s3.put_object(Bucket=bucket, Key="bad", Body=b"payload", ContentMD5=wrong)


def test_no_checksum_without_checksum_mode(s3, bucket):
    s3.put_object(Bucket=bucket, Key="c", Body=b"x")
    plain = boto3.client("s3", region_name="us-east-1", config=Config(response_checksum_validation="when_required"))
    assert "ChecksumCRC32" not in plain.get_object(Bucket=bucket, Key="c")


# -- partNumber and response overrides --------------------------------------------------------

def test_part_number_one_is_the_whole_single_part_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="p", Body=b"0123456789")
    got = s3.get_object(Bucket=bucket, Key="p", PartNumber=1)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["ContentRange"] == "bytes 0-9/10"
    assert got["Body"].read() == b"0123456789"
    assert s3.head_object(Bucket=bucket, Key="p", PartNumber=1)["ContentLength"] == 10


def test_part_number_beyond_the_parts(s3, bucket):
    s3.put_object(Bucket=bucket, Key="p", Body=b"0123456789")
    with raises("InvalidPartNumber", 416, "The requested partnumber is not satisfiable") as err:
        s3.get_object(Bucket=bucket, Key="p", PartNumber=2)
    assert (err["PartNumberRequested"], err["ActualPartCount"]) == ("2", "1")


def test_part_number_out_of_range(s3, bucket):
    s3.put_object(Bucket=bucket, Key="p", Body=b"x")
    with raises("InvalidArgument", 400) as err:
        s3.get_object(Bucket=bucket, Key="p", PartNumber=10001)
    assert err["ArgumentName"] == "partNumber"


def test_part_number_and_range_together(s3, bucket):
    s3.put_object(Bucket=bucket, Key="p", Body=b"0123456789")
    with raises("InvalidRequest", 400, "Cannot specify both Range header and partNumber query parameter"):
        s3.get_object(Bucket=bucket, Key="p", PartNumber=1, Range="bytes=0-1")


def test_response_header_overrides(s3, bucket):
    s3.put_object(Bucket=bucket, Key="o", Body=b"x", ContentType="text/plain")
    expires = datetime(2031, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    got = s3.get_object(Bucket=bucket, Key="o", ResponseContentType="application/json",
                        ResponseContentDisposition="inline", ResponseCacheControl="no-cache",
                        ResponseContentLanguage="fr", ResponseContentEncoding="br", ResponseExpires=expires)
    assert got["ContentType"] == "application/json"
    assert got["ContentDisposition"] == "inline"
    assert got["CacheControl"] == "no-cache"
    assert got["ContentLanguage"] == "fr"
    assert got["ContentEncoding"] == "br"
    assert got["Expires"] == expires
    # Only that response: the object keeps its own headers.
    assert s3.head_object(Bucket=bucket, Key="o")["ContentType"] == "text/plain"


def test_write_offset_is_for_directory_buckets_only(s3, bucket):
    with raises("NotImplemented", 501):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", WriteOffsetBytes=0)


# -- higher-level boto3 APIs ------------------------------------------------------------------

def test_resource_api(aws):
    resource = boto3.resource("s3", region_name="us-east-1")
    bucket = resource.create_bucket(Bucket="resources")
    obj = resource.Object("resources", "dir/obj.txt")
    obj.put(Body=b"via resource", Metadata={"k": "v"}, ContentType="text/plain")
    got = obj.get()
    assert got["Body"].read() == b"via resource"
    obj.load()
    assert obj.content_length == 12
    assert obj.content_type == "text/plain"
    assert obj.metadata == {"k": "v"}
    assert obj.e_tag == '"' + hashlib.md5(b"via resource").hexdigest() + '"'
    bucket.put_object(Key="dir/two.txt", Body=b"2")
    bucket.put_object(Key="other.txt", Body=b"3")
    assert [o.key for o in bucket.objects.all()] == ["dir/obj.txt", "dir/two.txt", "other.txt"]
    assert [o.key for o in bucket.objects.filter(Prefix="dir/")] == ["dir/obj.txt", "dir/two.txt"]
    assert [o.size for o in bucket.objects.filter(Prefix="dir/")] == [12, 1]
    bucket.objects.all().delete()
    assert list(bucket.objects.all()) == []


@pytest.mark.parametrize("size", [0, 1, 1024 * 1024, 7 * 1024 * 1024])
def test_upload_and_download_fileobj(s3, bucket, size):
    payload = os.urandom(size)
    s3.upload_fileobj(io.BytesIO(payload), bucket, "transfer.bin")
    out = io.BytesIO()
    s3.download_fileobj(bucket, "transfer.bin", out)
    assert out.getvalue() == payload


def test_upload_and_download_file(s3, bucket, tmp_path):
    source = tmp_path / "in.txt"
    source.write_bytes(b"file contents\n" * 1000)
    s3.upload_file(str(source), bucket, "files/in.txt", ExtraArgs={"ContentType": "text/plain"})
    target = tmp_path / "out.txt"
    s3.download_file(bucket, "files/in.txt", str(target))
    assert target.read_bytes() == source.read_bytes()
    assert s3.head_object(Bucket=bucket, Key="files/in.txt")["ContentType"] == "text/plain"


def test_presigned_get_url_is_servable(s3, bucket):
    import requests

    s3.put_object(Bucket=bucket, Key="shared.txt", Body=b"presigned")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "shared.txt"})
    assert requests.get(url).content == b"presigned"


def test_objects_expire_header_survives_far_future(s3, bucket):
    far = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=3650)
    s3.put_object(Bucket=bucket, Key="e", Body=b"x", Expires=far)
    assert s3.head_object(Bucket=bucket, Key="e")["Expires"] == far


def test_delete_objects_in_a_batch(s3, bucket):
    for key in ("a", "b", "c"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    response = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a"}, {"Key": "b"}, {"Key": "nope"}]})
    assert sorted(d["Key"] for d in response["Deleted"]) == ["a", "b", "nope"]
    assert "Errors" not in response
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["c"]
    quiet = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "c"}], "Quiet": True})
    assert "Deleted" not in quiet
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_delete_objects_with_etag_conditions(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="a", Body=b"x")["ETag"]
    s3.put_object(Bucket=bucket, Key="b", Body=b"y")
    response = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a", "ETag": etag},
                                                                    {"Key": "b", "ETag": '"stale"'}]})
    assert [d["Key"] for d in response["Deleted"]] == ["a"]
    assert [(e["Key"], e["Code"]) for e in response["Errors"]] == [("b", "PreconditionFailed")]


def test_delete_objects_needs_one_to_a_thousand_keys(s3, bucket):
    with raises("MalformedXML", 400):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": []})
    with raises("MalformedXML", 400):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": f"k{i}"} for i in range(1001)]})
    with raises("NoSuchBucket", 404):
        s3.delete_objects(Bucket="no-such-bucket", Delete={"Objects": [{"Key": "k"}]})


def test_delete_objects_requires_an_integrity_header(s3, bucket):
    from iamulator.server.dispatch import dispatch
    from iamulator.services.http import Request

    body = b"<Delete><Object><Key>a</Key></Object></Delete>"
    response = dispatch(Request("POST", f"https://{bucket}.s3.amazonaws.com/?delete", {}, body))
    assert response.status == 400
    assert b"<Code>InvalidRequest</Code>" in response.body
    assert b"Missing required header for this request: Content-MD5" in response.body
