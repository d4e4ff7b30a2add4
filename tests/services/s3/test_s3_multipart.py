"""Multipart uploads: create, parts and part copies, listings, completion rules and errors,
checksums, versions, and boto3's managed transfers on top of them."""
import base64
import hashlib
import io
import os

import pytest
from boto3.s3.transfer import TransferConfig
from s3_support import raises

from iamulator.services.protocol.checksums import checksum

MIB = 1024 * 1024
NO_UPLOAD = ("The specified upload does not exist. The upload ID may be invalid, or the upload may have been "
             "aborted or completed.")
INVALID_PART = ("One or more of the specified parts could not be found.  The part may not have been uploaded, "
                "or the specified entity tag may not match the part's entity tag.")
SMALL_CONFIG = TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB)


def _start(s3, bucket, key="big", **kw):
    return s3.create_multipart_upload(Bucket=bucket, Key=key, **kw)["UploadId"]


def _part(s3, bucket, upload_id, number, body, key="big", **kw):
    return {"PartNumber": number, "ETag": s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id,
                                                         PartNumber=number, Body=body, **kw)["ETag"]}


def _complete(s3, bucket, upload_id, parts, key="big", **kw):
    return s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id,
                                        MultipartUpload={"Parts": parts}, **kw)


def _multipart_etag(*bodies):
    digests = b"".join(hashlib.md5(b).digest() for b in bodies)
    return f'"{hashlib.md5(digests).hexdigest()}-{len(bodies)}"'


def test_upload_in_parts_and_read_back(s3, bucket):
    first, last = b"a" * (5 * MIB), b"tail"
    created = s3.create_multipart_upload(Bucket=bucket, Key="big", ContentType="text/plain",
                                         Metadata={"origin": "test"}, Tagging="team=core", StorageClass="STANDARD_IA")
    assert (created["Bucket"], created["Key"], created["ServerSideEncryption"]) == (bucket, "big", "AES256")
    upload_id = created["UploadId"]
    part1 = _part(s3, bucket, upload_id, 1, first)
    assert part1["ETag"] == '"' + hashlib.md5(first).hexdigest() + '"'
    part2 = _part(s3, bucket, upload_id, 2, last)
    done = _complete(s3, bucket, upload_id, [part1, part2])
    assert done["ETag"] == _multipart_etag(first, last)
    assert (done["Bucket"], done["Key"]) == (bucket, "big")
    assert done["Location"] == f"https://{bucket}.s3.amazonaws.com/big"
    assert "VersionId" not in done
    got = s3.get_object(Bucket=bucket, Key="big")
    assert got["Body"].read() == first + last
    assert (got["ContentType"], got["Metadata"], got["TagCount"], got["StorageClass"]) == \
        ("text/plain", {"origin": "test"}, 1, "STANDARD_IA")
    assert got["ETag"] == done["ETag"]


def test_parts_of_a_completed_object_are_served_by_number(s3, bucket):
    upload_id = _start(s3, bucket)
    parts = [_part(s3, bucket, upload_id, 1, b"a" * (5 * MIB)), _part(s3, bucket, upload_id, 2, b"bc")]
    _complete(s3, bucket, upload_id, parts)
    second = s3.get_object(Bucket=bucket, Key="big", PartNumber=2)
    assert second["Body"].read() == b"bc"
    assert (second["PartsCount"], second["ContentRange"]) == (2, f"bytes {5 * MIB}-{5 * MIB + 1}/{5 * MIB + 2}")
    assert s3.head_object(Bucket=bucket, Key="big", PartNumber=1)["ContentLength"] == 5 * MIB
    with raises("InvalidPartNumber", 416) as err:
        s3.get_object(Bucket=bucket, Key="big", PartNumber=3)
    assert err["ActualPartCount"] == "2"


def test_part_numbers_need_not_be_consecutive_and_can_be_replaced(s3, bucket):
    upload_id = _start(s3, bucket)
    _part(s3, bucket, upload_id, 3, b"first try")
    part3 = _part(s3, bucket, upload_id, 3, b"second")
    part1 = _part(s3, bucket, upload_id, 1, b"x" * (5 * MIB))
    _complete(s3, bucket, upload_id, [part1, part3])
    assert s3.get_object(Bucket=bucket, Key="big")["Body"].read()[-6:] == b"second"


@pytest.mark.parametrize("number", [0, 10001])
def test_part_number_out_of_range(s3, bucket, number):
    upload_id = _start(s3, bucket)
    with raises("InvalidArgument", 400, "Part number must be an integer between 1 and 10000, inclusive") as err:
        s3.upload_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=number, Body=b"x")
    assert (err["ArgumentName"], err["ArgumentValue"]) == ("partNumber", str(number))


def test_unknown_upload_and_wrong_key(s3, bucket):
    upload_id = _start(s3, bucket)
    with raises("NoSuchUpload", 404, NO_UPLOAD) as err:
        s3.upload_part(Bucket=bucket, Key="big", UploadId="nope", PartNumber=1, Body=b"x")
    assert err["UploadId"] == "nope"
    with raises("NoSuchUpload", 404):
        s3.upload_part(Bucket=bucket, Key="other", UploadId=upload_id, PartNumber=1, Body=b"x")
    with raises("NoSuchUpload", 404):
        s3.list_parts(Bucket=bucket, Key="big", UploadId="nope")
    with raises("NoSuchUpload", 404):
        _complete(s3, bucket, "nope", [{"PartNumber": 1, "ETag": '"x"'}])


def test_abort_removes_the_upload(s3, bucket):
    upload_id = _start(s3, bucket)
    _part(s3, bucket, upload_id, 1, b"x")
    response = s3.abort_multipart_upload(Bucket=bucket, Key="big", UploadId=upload_id)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)
    with raises("NoSuchUpload", 404):
        s3.abort_multipart_upload(Bucket=bucket, Key="big", UploadId=upload_id)
    with raises("NoSuchUpload", 404):
        _complete(s3, bucket, upload_id, [{"PartNumber": 1, "ETag": '"x"'}])


def test_complete_rejects_parts_out_of_order_or_repeated(s3, bucket):
    upload_id = _start(s3, bucket)
    part1 = _part(s3, bucket, upload_id, 1, b"a" * (5 * MIB))
    part2 = _part(s3, bucket, upload_id, 2, b"b")
    message = "The list of parts was not in ascending order. Parts must be ordered by part number."
    with raises("InvalidPartOrder", 400, message) as err:
        _complete(s3, bucket, upload_id, [part2, part1])
    assert err["UploadId"] == upload_id
    with raises("InvalidPartOrder", 400):
        _complete(s3, bucket, upload_id, [part1, part1])


def test_complete_rejects_unknown_parts_and_wrong_etags(s3, bucket):
    upload_id = _start(s3, bucket)
    part1 = _part(s3, bucket, upload_id, 1, b"a")
    with raises("InvalidPart", 400, INVALID_PART) as err:
        _complete(s3, bucket, upload_id, [part1, {"PartNumber": 2, "ETag": part1["ETag"]}])
    assert (err["PartNumber"], err["UploadId"]) == ("2", upload_id)
    with raises("InvalidPart", 400, INVALID_PART):
        _complete(s3, bucket, upload_id, [{"PartNumber": 1, "ETag": '"0123456789abcdef0123456789abcdef"'}])
    # Unquoted ETags match too.
    _complete(s3, bucket, upload_id, [{"PartNumber": 1, "ETag": part1["ETag"].strip('"')}])


def test_complete_rejects_small_parts_but_the_last(s3, bucket):
    upload_id = _start(s3, bucket)
    parts = [_part(s3, bucket, upload_id, 1, b"small"), _part(s3, bucket, upload_id, 2, b"last")]
    with raises("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed size") as err:
        _complete(s3, bucket, upload_id, parts)
    assert (err["ProposedSize"], err["MinSizeAllowed"], err["PartNumber"]) == ("5", str(5 * MIB), "1")
    # One small part alone is fine: it is the last one.
    assert _complete(s3, bucket, upload_id, parts[:1])["ETag"] == _multipart_etag(b"small")


def test_complete_without_parts_is_malformed(s3, bucket):
    upload_id = _start(s3, bucket)
    with raises("MalformedXML", 400):
        _complete(s3, bucket, upload_id, [])


def test_upload_is_gone_after_completion(s3, bucket):
    upload_id = _start(s3, bucket)
    parts = [_part(s3, bucket, upload_id, 1, b"x")]
    _complete(s3, bucket, upload_id, parts)
    with raises("NoSuchUpload", 404):
        s3.list_parts(Bucket=bucket, Key="big", UploadId=upload_id)


def test_mpu_object_size_and_conditional_completion(s3, bucket):
    upload_id = _start(s3, bucket)
    parts = [_part(s3, bucket, upload_id, 1, b"12345")]
    with raises("InvalidRequest", 400):
        _complete(s3, bucket, upload_id, parts, MpuObjectSize=4)
    s3.put_object(Bucket=bucket, Key="big", Body=b"exists")
    with raises("PreconditionFailed", 412):
        _complete(s3, bucket, upload_id, parts, IfNoneMatch="*")
    _complete(s3, bucket, upload_id, parts, MpuObjectSize=5)


def test_completion_in_a_versioned_bucket_is_a_new_version(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    before = s3.put_object(Bucket=bucket, Key="big", Body=b"old")["VersionId"]
    upload_id = _start(s3, bucket)
    done = _complete(s3, bucket, upload_id, [_part(s3, bucket, upload_id, 1, b"new")])
    assert done["VersionId"] not in (before, "null")
    versions = s3.list_object_versions(Bucket=bucket)["Versions"]
    assert [(v["VersionId"], v["IsLatest"]) for v in versions] == [(done["VersionId"], True), (before, False)]


def test_composite_checksums(s3, bucket):
    created = s3.create_multipart_upload(Bucket=bucket, Key="big", ChecksumAlgorithm="SHA256")
    assert (created["ChecksumAlgorithm"], created["ChecksumType"]) == ("SHA256", "COMPOSITE")
    upload_id = created["UploadId"]
    bodies = [b"a" * (5 * MIB), b"b" * 10]
    parts = []
    for number, body in enumerate(bodies, 1):
        response = s3.upload_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=number, Body=body,
                                  ChecksumAlgorithm="SHA256")
        assert response["ChecksumSHA256"] == checksum("sha256", body)
        parts.append({"PartNumber": number, "ETag": response["ETag"], "ChecksumSHA256": response["ChecksumSHA256"]})
    listed = s3.list_parts(Bucket=bucket, Key="big", UploadId=upload_id)
    assert [p["ChecksumSHA256"] for p in listed["Parts"]] == [p["ChecksumSHA256"] for p in parts]
    done = _complete(s3, bucket, upload_id, parts)
    raw = b"".join(base64.b64decode(p["ChecksumSHA256"]) for p in parts)
    expected = base64.b64encode(hashlib.sha256(raw).digest()).decode() + "-2"
    assert (done["ChecksumSHA256"], done["ChecksumType"]) == (expected, "COMPOSITE")
    # boto3 leaves composite checksums unverified and the read succeeds.
    got = s3.get_object(Bucket=bucket, Key="big", ChecksumMode="ENABLED")
    assert got["ChecksumSHA256"] == expected and got["Body"].read() == b"".join(bodies)


def test_full_object_checksum(s3, bucket):
    upload_id = _start(s3, bucket, ChecksumAlgorithm="CRC32", ChecksumType="FULL_OBJECT")
    bodies = [b"a" * (5 * MIB), b"rest"]
    parts = [_part(s3, bucket, upload_id, n, body, ChecksumAlgorithm="CRC32") for n, body in enumerate(bodies, 1)]
    done = _complete(s3, bucket, upload_id, parts)
    assert (done["ChecksumCRC32"], done["ChecksumType"]) == (checksum("crc32", b"".join(bodies)), "FULL_OBJECT")
    got = s3.get_object(Bucket=bucket, Key="big", ChecksumMode="ENABLED")
    assert got["Body"].read() == b"".join(bodies)      # boto3 verifies full-object CRC32s


def test_checksum_settings_refused(s3, bucket):
    with raises("InvalidRequest", 400):
        s3.create_multipart_upload(Bucket=bucket, Key="k", ChecksumType="COMPOSITE")
    with raises("InvalidRequest", 400):
        s3.create_multipart_upload(Bucket=bucket, Key="k", ChecksumAlgorithm="CRC64NVME", ChecksumType="COMPOSITE")
    with raises("InvalidRequest", 400):
        s3.create_multipart_upload(Bucket=bucket, Key="k", ChecksumAlgorithm="SHA1", ChecksumType="FULL_OBJECT")
    upload_id = _start(s3, bucket, ChecksumAlgorithm="CRC32")
    with raises("InvalidRequest", 400):
        s3.upload_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=1, Body=b"x",
                       ChecksumAlgorithm="SHA256")


def test_completing_with_a_wrong_part_checksum(s3, bucket):
    upload_id = _start(s3, bucket, ChecksumAlgorithm="CRC32")
    part = _part(s3, bucket, upload_id, 1, b"x", ChecksumAlgorithm="CRC32")
    with raises("InvalidPart", 400):
        _complete(s3, bucket, upload_id, [{**part, "ChecksumCRC32": checksum("crc32", b"y")}])


def test_upload_part_copy_with_ranges(s3, bucket):
    source = bytes(range(256)) * 40960          # 10 MiB
    s3.put_object(Bucket=bucket, Key="source", Body=source)
    upload_id = _start(s3, bucket)
    copied = s3.upload_part_copy(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=1,
                                 CopySource={"Bucket": bucket, "Key": "source"},
                                 CopySourceRange=f"bytes=0-{5 * MIB - 1}")
    assert copied["CopyPartResult"]["ETag"] == '"' + hashlib.md5(source[:5 * MIB]).hexdigest() + '"'
    assert "CopySourceVersionId" not in copied
    second = s3.upload_part_copy(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=2,
                                 CopySource=f"{bucket}/source", CopySourceRange=f"bytes={5 * MIB}-{10 * MIB - 1}")
    _complete(s3, bucket, upload_id, [{"PartNumber": 1, "ETag": copied["CopyPartResult"]["ETag"]},
                                      {"PartNumber": 2, "ETag": second["CopyPartResult"]["ETag"]}])
    assert s3.get_object(Bucket=bucket, Key="big")["Body"].read() == source


def test_upload_part_copy_errors(s3, bucket):
    s3.put_object(Bucket=bucket, Key="source", Body=b"0123456789")
    upload_id = _start(s3, bucket)
    kw = {"Bucket": bucket, "Key": "big", "UploadId": upload_id, "PartNumber": 1}
    with raises("InvalidArgument", 400, "Range specified is not valid for source object of size: 10"):
        s3.upload_part_copy(CopySource=f"{bucket}/source", CopySourceRange="bytes=5-10", **kw)
    with raises("InvalidArgument", 400) as err:
        s3.upload_part_copy(CopySource=f"{bucket}/source", CopySourceRange="5-9", **kw)
    assert err["ArgumentName"] == "x-amz-copy-source-range"
    with raises("NoSuchKey", 404):
        s3.upload_part_copy(CopySource=f"{bucket}/missing", **kw)
    with raises("NoSuchBucket", 404):
        s3.upload_part_copy(CopySource="missing-bucket-xyz/source", **kw)
    with raises("PreconditionFailed", 412):
        s3.upload_part_copy(CopySource=f"{bucket}/source", CopySourceIfMatch='"nope"', **kw)
    whole = s3.upload_part_copy(CopySource=f"{bucket}/source", **kw)
    assert whole["CopyPartResult"]["ETag"] == '"' + hashlib.md5(b"0123456789").hexdigest() + '"'


def test_upload_part_copy_of_a_version(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    v1 = s3.put_object(Bucket=bucket, Key="source", Body=b"old")["VersionId"]
    s3.put_object(Bucket=bucket, Key="source", Body=b"new")
    upload_id = _start(s3, bucket)
    copied = s3.upload_part_copy(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=1,
                                 CopySource={"Bucket": bucket, "Key": "source", "VersionId": v1})
    assert copied["CopySourceVersionId"] == v1
    _complete(s3, bucket, upload_id, [{"PartNumber": 1, "ETag": copied["CopyPartResult"]["ETag"]}])
    assert s3.get_object(Bucket=bucket, Key="big")["Body"].read() == b"old"


def test_list_parts_pages(s3, bucket):
    upload_id = _start(s3, bucket, StorageClass="GLACIER_IR")
    for number in (1, 2, 3):
        _part(s3, bucket, upload_id, number, b"x" * number)
    page = s3.list_parts(Bucket=bucket, Key="big", UploadId=upload_id, MaxParts=2)
    assert [(p["PartNumber"], p["Size"]) for p in page["Parts"]] == [(1, 1), (2, 2)]
    assert (page["IsTruncated"], page["NextPartNumberMarker"], page["MaxParts"]) == (True, 2, 2)
    assert (page["StorageClass"], page["UploadId"], page["Key"]) == ("GLACIER_IR", upload_id, "big")
    assert page["Owner"]["ID"] == page["Initiator"]["ID"]
    page = s3.list_parts(Bucket=bucket, Key="big", UploadId=upload_id, PartNumberMarker=2)
    assert [p["PartNumber"] for p in page["Parts"]] == [3] and page["IsTruncated"] is False
    paginator = s3.get_paginator("list_parts")
    numbers = [p["PartNumber"] for page in paginator.paginate(Bucket=bucket, Key="big", UploadId=upload_id,
                                                              PaginationConfig={"PageSize": 1})
               for p in page.get("Parts", [])]
    assert numbers == [1, 2, 3]


def test_list_multipart_uploads(s3, bucket):
    ids = {}
    for key in ("a/1", "a/2", "b", "b", "c/x/y"):
        ids.setdefault(key, []).append(_start(s3, bucket, key=key))
    page = s3.list_multipart_uploads(Bucket=bucket)
    assert [(u["Key"], u["UploadId"]) for u in page["Uploads"]] == [
        ("a/1", ids["a/1"][0]), ("a/2", ids["a/2"][0]), ("b", ids["b"][0]), ("b", ids["b"][1]),
        ("c/x/y", ids["c/x/y"][0])]
    assert page["Uploads"][0]["StorageClass"] == "STANDARD" and page["IsTruncated"] is False
    page = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/")
    assert [u["Key"] for u in page["Uploads"]] == ["b", "b"]
    assert [p["Prefix"] for p in page["CommonPrefixes"]] == ["a/", "c/"]
    page = s3.list_multipart_uploads(Bucket=bucket, Prefix="a/")
    assert [u["Key"] for u in page["Uploads"]] == ["a/1", "a/2"]
    page = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=3)
    assert page["IsTruncated"] is True
    assert (page["NextKeyMarker"], page["NextUploadIdMarker"]) == ("b", ids["b"][0])
    page = s3.list_multipart_uploads(Bucket=bucket, KeyMarker="b", UploadIdMarker=ids["b"][0])
    assert [u["UploadId"] for u in page["Uploads"]] == [ids["b"][1], ids["c/x/y"][0]]
    page = s3.list_multipart_uploads(Bucket=bucket, KeyMarker="b")
    assert [u["Key"] for u in page["Uploads"]] == ["c/x/y"]
    paginator = s3.get_paginator("list_multipart_uploads")
    seen = [u["UploadId"] for p in paginator.paginate(Bucket=bucket, PaginationConfig={"PageSize": 2})
            for u in p.get("Uploads", [])]
    assert len(seen) == 5 and len(set(seen)) == 5


def test_sse_settings_and_customer_keys(s3, bucket):
    created = s3.create_multipart_upload(Bucket=bucket, Key="kms", ServerSideEncryption="aws:kms")
    assert created["ServerSideEncryption"] == "aws:kms" and created["SSEKMSKeyId"].startswith("arn:aws:kms:")
    part = s3.upload_part(Bucket=bucket, Key="kms", UploadId=created["UploadId"], PartNumber=1, Body=b"x")
    assert part["ServerSideEncryption"] == "aws:kms"
    done = _complete(s3, bucket, created["UploadId"], [{"PartNumber": 1, "ETag": part["ETag"]}], key="kms")
    assert done["ServerSideEncryption"] == "aws:kms"
    key = os.urandom(32)
    upload_id = _start(s3, bucket, key="ssec", SSECustomerAlgorithm="AES256", SSECustomerKey=key)
    with raises("InvalidRequest", 400):
        s3.upload_part(Bucket=bucket, Key="ssec", UploadId=upload_id, PartNumber=1, Body=b"x")
    part = s3.upload_part(Bucket=bucket, Key="ssec", UploadId=upload_id, PartNumber=1, Body=b"x",
                          SSECustomerAlgorithm="AES256", SSECustomerKey=key)
    _complete(s3, bucket, upload_id, [{"PartNumber": 1, "ETag": part["ETag"]}], key="ssec")
    got = s3.get_object(Bucket=bucket, Key="ssec", SSECustomerAlgorithm="AES256", SSECustomerKey=key)
    assert got["Body"].read() == b"x"


def test_create_validates_like_put_object(s3, bucket):
    with raises("InvalidStorageClass", 400):
        s3.create_multipart_upload(Bucket=bucket, Key="k", StorageClass="COLD")
    with raises("InvalidTag", 400):
        s3.create_multipart_upload(Bucket=bucket, Key="k", Tagging="a=1&a=2")
    with raises("KeyTooLongError", 400):
        s3.create_multipart_upload(Bucket=bucket, Key="k" * 1025)
    with raises("NoSuchBucket", 404):
        s3.create_multipart_upload(Bucket="no-such-bucket-here", Key="k")


def test_upload_and_download_file_in_parts(s3, bucket, tmp_path):
    data = os.urandom(20 * MIB)
    source, target = tmp_path / "in.bin", tmp_path / "out.bin"
    source.write_bytes(data)
    s3.upload_file(str(source), bucket, "file.bin", Config=SMALL_CONFIG)
    head = s3.head_object(Bucket=bucket, Key="file.bin")
    assert head["ContentLength"] == 20 * MIB and head["ETag"].endswith('-4"')
    s3.download_file(bucket, "file.bin", str(target), Config=SMALL_CONFIG)
    assert target.read_bytes() == data
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)


def test_upload_fileobj_in_parts(s3, bucket):
    data = os.urandom(12 * MIB)
    s3.upload_fileobj(io.BytesIO(data), bucket, "stream.bin", Config=SMALL_CONFIG,
                      ExtraArgs={"ContentType": "application/x-test", "Metadata": {"m": "1"}})
    out = io.BytesIO()
    s3.download_fileobj(bucket, "stream.bin", out)
    assert out.getvalue() == data
    head = s3.head_object(Bucket=bucket, Key="stream.bin")
    assert (head["ContentType"], head["Metadata"]) == ("application/x-test", {"m": "1"})


def test_multipart_actions_are_authorized_on_the_named_objects():
    from s3_authz_support import GUARDED, assert_allowed, assert_denied, checked_s3, user_s3

    with checked_s3() as admin:
        other_upload = admin.create_multipart_upload(Bucket=GUARDED, Key="private/x")["UploadId"]
        s3 = user_s3({"Action": ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
                      "Resource": f"arn:aws:s3:::{GUARDED}/uploads/*"})
        upload_id = assert_allowed(lambda: s3.create_multipart_upload(Bucket=GUARDED, Key="uploads/a"))["UploadId"]
        part = assert_allowed(lambda: _part(s3, GUARDED, upload_id, 1, b"x", key="uploads/a"))
        assert_allowed(lambda: s3.list_parts(Bucket=GUARDED, Key="uploads/a", UploadId=upload_id))
        assert_allowed(lambda: _complete(s3, GUARDED, upload_id, [part], key="uploads/a"))
        second = s3.create_multipart_upload(Bucket=GUARDED, Key="uploads/b")["UploadId"]
        assert_allowed(lambda: s3.abort_multipart_upload(Bucket=GUARDED, Key="uploads/b", UploadId=second))

        assert_denied(lambda: s3.create_multipart_upload(Bucket=GUARDED, Key="private/y"), action="s3:PutObject")
        assert_denied(lambda: _part(s3, GUARDED, other_upload, 1, b"x", key="private/x"), action="s3:PutObject")
        assert_denied(lambda: _complete(s3, GUARDED, other_upload, [{"PartNumber": 1, "ETag": '"x"'}],
                                        key="private/x"), action="s3:PutObject")
        assert_denied(lambda: s3.list_parts(Bucket=GUARDED, Key="private/x", UploadId=other_upload),
                      action="s3:ListMultipartUploadParts")
        assert_denied(lambda: s3.abort_multipart_upload(Bucket=GUARDED, Key="private/x", UploadId=other_upload),
                      action="s3:AbortMultipartUpload")
        assert_denied(lambda: s3.list_multipart_uploads(Bucket=GUARDED), action="s3:ListBucketMultipartUploads")


def test_list_multipart_uploads_is_authorized_on_the_bucket():
    from s3_authz_support import GUARDED, assert_allowed, assert_denied, checked_s3, user_s3

    with checked_s3() as admin:
        admin.create_bucket(Bucket="other-bucket")
        s3 = user_s3({"Action": "s3:ListBucketMultipartUploads", "Resource": f"arn:aws:s3:::{GUARDED}"})
        assert_allowed(lambda: s3.list_multipart_uploads(Bucket=GUARDED))
        assert_denied(lambda: s3.list_multipart_uploads(Bucket="other-bucket"), action="s3:ListBucketMultipartUploads")


def test_upload_part_copy_needs_read_on_the_source():
    from s3_authz_support import GUARDED, assert_allowed, assert_denied, checked_s3, user_s3

    with checked_s3() as admin:
        admin.put_object(Bucket=GUARDED, Key="public/src", Body=b"readable")
        admin.put_object(Bucket=GUARDED, Key="secret/src", Body=b"hidden")
        s3 = user_s3({"Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{GUARDED}/uploads/*"},
                     {"Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{GUARDED}/public/*"})
        upload_id = s3.create_multipart_upload(Bucket=GUARDED, Key="uploads/c")["UploadId"]
        kw = {"Bucket": GUARDED, "Key": "uploads/c", "UploadId": upload_id, "PartNumber": 1}
        assert_allowed(lambda: s3.upload_part_copy(CopySource=f"{GUARDED}/public/src", **kw))
        assert_denied(lambda: s3.upload_part_copy(CopySource=f"{GUARDED}/secret/src", **kw), action="s3:GetObject")


def test_copy_of_a_multipart_object_is_one_part(s3, bucket):
    upload_id = _start(s3, bucket, ChecksumAlgorithm="CRC32")
    bodies = [b"a" * (5 * MIB), b"end"]
    _complete(s3, bucket, upload_id, [_part(s3, bucket, upload_id, n, b) for n, b in enumerate(bodies, 1)])
    copied = s3.copy_object(Bucket=bucket, Key="copy", CopySource=f"{bucket}/big")["CopyObjectResult"]
    whole = b"".join(bodies)
    assert copied["ETag"] == '"' + hashlib.md5(whole).hexdigest() + '"'
    assert (copied["ChecksumCRC32"], copied["ChecksumType"]) == (checksum("crc32", whole), "FULL_OBJECT")
    with raises("InvalidPartNumber", 416):
        s3.get_object(Bucket=bucket, Key="copy", PartNumber=2)


def test_object_events_after_each_change(s3, bucket, monkeypatch):
    from iamulator.services.s3 import notifications

    seen = []
    monkeypatch.setattr(notifications, "object_event",
                        lambda ctx, b, name, obj=None, key=None: seen.append((name, obj.key if obj else key)))
    s3.put_object(Bucket=bucket, Key="put", Body=b"x")
    s3.copy_object(Bucket=bucket, Key="copied", CopySource=f"{bucket}/put")
    upload_id = _start(s3, bucket)
    _complete(s3, bucket, upload_id, [_part(s3, bucket, upload_id, 1, b"x")])
    s3.delete_object(Bucket=bucket, Key="put")
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object_tagging(Bucket=bucket, Key="big", Tagging={"TagSet": [{"Key": "a", "Value": "1"}]})
    s3.delete_object_tagging(Bucket=bucket, Key="big")
    s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "copied"}]})
    assert seen == [("ObjectCreated:Put", "put"), ("ObjectCreated:Copy", "copied"),
                    ("ObjectCreated:CompleteMultipartUpload", "big"), ("ObjectRemoved:Delete", "put"),
                    ("ObjectTagging:Put", "big"), ("ObjectTagging:Delete", "big"),
                    ("ObjectRemoved:DeleteMarkerCreated", "copied")]
