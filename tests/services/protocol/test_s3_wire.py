"""S3's wire specifics: aws-chunked bodies (as botocore frames them), request checksums,
response checksum helpers and byte ranges."""
from __future__ import annotations

import base64
import hashlib
import io
import zlib

import pytest
from botocore.httpchecksum import AwsChunkedWrapper, Crc32Checksum, Sha256Checksum

from iamulator.services import protocol as codec
from iamulator.services.errors import AWSError
from iamulator.services.http import Request
from iamulator.services.models import operation_model
from iamulator.services.protocol import checksums, chunked, crc, ranges


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _botocore_chunked(data: bytes, checksum_cls, name: str, chunk_size=None) -> bytes:
    """Exactly the body botocore sends with a trailing checksum (boto3 >= 1.36 over HTTPS)."""
    wrapper = AwsChunkedWrapper(io.BytesIO(data), checksum_cls=checksum_cls, checksum_name=name,
                                chunk_size=chunk_size)
    return wrapper.read()


def _put_object(body: bytes, headers: dict) -> Request:
    return Request("PUT", "https://s3.us-east-1.amazonaws.com/bucket/some/key.txt", headers, body)


PUT = operation_model("s3", "PutObject")
URI = {"Bucket": "bucket", "Key": "some/key.txt"}


# --- aws-chunked -----------------------------------------------------------------------------

def test_chunked_with_crc32_trailer_as_botocore_sends_it():
    data = b"hello world" * 1000
    body = _botocore_chunked(data, Crc32Checksum, "x-amz-checksum-crc32", chunk_size=4096)
    headers = {"content-encoding": "aws-chunked", "x-amz-trailer": "x-amz-checksum-crc32",
               "x-amz-decoded-content-length": str(len(data)),
               "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER"}
    decoded = chunked.decode(body, headers)
    assert decoded.payload == data
    assert decoded.trailers == {"x-amz-checksum-crc32": _b64(zlib.crc32(data).to_bytes(4, "big"))}
    assert decoded.signatures == [] and decoded.trailer_signature is None


def test_put_object_decodes_chunked_body_and_trailer_checksum():
    data = b"\x00\x01binary\xff" * 300
    body = _botocore_chunked(data, Sha256Checksum, "x-amz-checksum-sha256", chunk_size=1000)
    headers = {"content-encoding": "aws-chunked", "x-amz-trailer": "x-amz-checksum-sha256",
               "x-amz-decoded-content-length": str(len(data)),
               "x-amz-sdk-checksum-algorithm": "SHA256", "content-type": "application/pdf"}
    params = codec.decode(PUT, _put_object(body, headers), "rest-xml", URI)
    assert params["Body"] == data
    assert params["ChecksumSHA256"] == _b64(hashlib.sha256(data).digest())
    assert params["ChecksumAlgorithm"] == "SHA256"
    assert params["ContentType"] == "application/pdf"
    assert "ContentEncoding" not in params          # aws-chunked is transfer framing only


def test_chunked_keeps_the_real_content_encoding():
    data = b"gzipped-bytes"
    body = _botocore_chunked(data, Crc32Checksum, "x-amz-checksum-crc32")
    headers = {"content-encoding": "gzip,aws-chunked", "x-amz-trailer": "x-amz-checksum-crc32",
               "x-amz-decoded-content-length": str(len(data))}
    params = codec.decode(PUT, _put_object(body, headers), "rest-xml", URI)
    assert params["ContentEncoding"] == "gzip"
    assert params["Body"] == data


def test_chunked_trailer_checksum_mismatch_is_bad_digest():
    data = b"payload"
    body = _botocore_chunked(data, Crc32Checksum, "x-amz-checksum-crc32")
    body = body.replace(b"payload", b"PAYLOAD")       # same length, other bytes
    headers = {"content-encoding": "aws-chunked", "x-amz-trailer": "x-amz-checksum-crc32",
               "x-amz-decoded-content-length": str(len(data))}
    with pytest.raises(AWSError) as e:
        codec.decode(PUT, _put_object(body, headers), "rest-xml", URI)
    assert (e.value.code, e.value.status) == ("BadDigest", 400)
    assert e.value.message == "The CRC32 you specified did not match the calculated checksum."


def test_signed_chunks_expose_their_signatures():
    sig = ["a" * 64, "b" * 64, "c" * 64]
    body = (b"5;chunk-signature=" + sig[0].encode() + b"\r\nhello\r\n"
            b"6;chunk-signature=" + sig[1].encode() + b"\r\n world\r\n"
            b"0;chunk-signature=" + sig[2].encode() + b"\r\n\r\n")
    headers = {"x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
               "x-amz-decoded-content-length": "11", "content-encoding": "aws-chunked"}
    decoded = chunked.decode(body, headers)
    assert decoded.payload == b"hello world"
    assert decoded.signatures == sig
    params = codec.decode(PUT, _put_object(body, headers), "rest-xml", URI)
    assert params["Body"] == b"hello world"


def test_signed_trailer_signature_is_kept():
    body = (b"3;chunk-signature=" + b"1" * 64 + b"\r\nabc\r\n0;chunk-signature=" + b"2" * 64 +
            b"\r\nx-amz-checksum-crc32:" + _b64(zlib.crc32(b"abc").to_bytes(4, "big")).encode() +
            b"\r\nx-amz-trailer-signature:" + b"3" * 64 + b"\r\n\r\n")
    decoded = chunked.decode(body, {"x-amz-trailer": "x-amz-checksum-crc32"})
    assert decoded.payload == b"abc"
    assert decoded.trailer_signature == "3" * 64
    assert list(decoded.trailers) == ["x-amz-checksum-crc32"]


@pytest.mark.parametrize("body,headers,code", [
    (b"5\r\nhel", {}, "IncompleteBody"),                                 # truncated data
    (b"zz\r\nhello\r\n0\r\n\r\n", {}, "InvalidRequest"),                 # size not hex
    (b"5\r\nhelloXX0\r\n\r\n", {}, "InvalidRequest"),                    # no CRLF after data
    (b"5\r\nhello\r\n0\r\n\r\n", {"x-amz-decoded-content-length": "6"}, "IncompleteBody"),
    (b"5\r\nhello\r\n0\r\n\r\n", {"x-amz-trailer": "x-amz-checksum-crc32"}, "MalformedTrailerError"),
    (b"", {}, "IncompleteBody"),
])
def test_malformed_chunked_bodies(body, headers, code):
    with pytest.raises(AWSError) as e:
        chunked.decode(body, headers)
    assert e.value.code == code and e.value.status == 400


def test_garbage_chunked_put_object_is_an_aws_error_not_a_crash():
    headers = {"content-encoding": "aws-chunked"}
    with pytest.raises(AWSError) as e:
        codec.decode(PUT, _put_object(b"\xff\xfe garbage", headers), "rest-xml", URI)
    assert e.value.status == 400


# --- request checksums -----------------------------------------------------------------------

def test_content_md5_ok_bad_and_invalid():
    data = b"some data"
    good = _b64(hashlib.md5(data).digest())
    assert codec.decode(PUT, _put_object(data, {"content-md5": good}), "rest-xml", URI)["ContentMD5"] == good
    with pytest.raises(AWSError) as e:
        codec.decode(PUT, _put_object(data, {"content-md5": _b64(hashlib.md5(b"x").digest())}),
                     "rest-xml", URI)
    assert (e.value.code, e.value.status) == ("BadDigest", 400)
    with pytest.raises(AWSError) as e:
        codec.decode(PUT, _put_object(data, {"content-md5": "not-base64!"}), "rest-xml", URI)
    assert (e.value.code, e.value.status) == ("InvalidDigest", 400)
    with pytest.raises(AWSError) as e:                       # base64 but not 16 bytes
        codec.decode(PUT, _put_object(data, {"content-md5": _b64(b"short")}), "rest-xml", URI)
    assert e.value.code == "InvalidDigest"


@pytest.mark.parametrize("algorithm", sorted(checksums.ALGORITHMS))
def test_flexible_checksum_headers(algorithm):
    data = b"flexible checksum body"
    header = "x-amz-checksum-" + algorithm
    value = checksums.checksum(algorithm, data)
    params = codec.decode(PUT, _put_object(data, {header: value}), "rest-xml", URI)
    member = {"crc32": "ChecksumCRC32", "crc32c": "ChecksumCRC32C", "crc64nvme": "ChecksumCRC64NVME",
              "sha1": "ChecksumSHA1", "sha256": "ChecksumSHA256"}[algorithm]
    assert params[member] == value
    wrong = checksums.checksum(algorithm, b"other")
    with pytest.raises(AWSError) as e:
        codec.decode(PUT, _put_object(data, {header: wrong}), "rest-xml", URI)
    assert (e.value.code, e.value.status) == ("BadDigest", 400)
    assert e.value.message == f"The {algorithm.upper()} you specified did not match the calculated checksum."
    with pytest.raises(AWSError) as e:
        codec.decode(PUT, _put_object(data, {header: "@@@"}), "rest-xml", URI)
    assert (e.value.code, e.value.message) == ("InvalidRequest", f"Value for {header} header is invalid.")


def test_content_sha256_mismatch():
    data = b"abc"
    ok = hashlib.sha256(data).hexdigest()
    codec.decode(PUT, _put_object(data, {"x-amz-content-sha256": ok}), "rest-xml", URI)
    codec.decode(PUT, _put_object(data, {"x-amz-content-sha256": "UNSIGNED-PAYLOAD"}), "rest-xml", URI)
    with pytest.raises(AWSError) as e:
        codec.decode(PUT, _put_object(data, {"x-amz-content-sha256": "0" * 64}), "rest-xml", URI)
    assert (e.value.code, e.value.status) == ("XAmzContentSHA256Mismatch", 400)


def test_checksum_values_match_known_vectors_and_botocore():
    data = b"123456789"
    assert crc.crc32c(data) == 0xE3069283
    assert crc.crc64nvme(data) == 0xAE8B14860A799888
    assert crc.crc32(data) == 0xCBF43926
    big = bytes(range(256)) * 257 + b"odd"
    assert crc.crc32c(big[100:], crc.crc32c(big[:100])) == crc.crc32c(big)
    assert crc.crc64nvme(big[:7]) == crc.crc64nvme(big[3:7], crc.crc64nvme(big[:3]))
    c = Crc32Checksum()
    c.update(big)
    assert checksums.checksum("crc32", big) == c.b64digest()
    s = Sha256Checksum()
    s.update(big)
    assert checksums.checksum("sha256", big) == s.b64digest()
    assert checksums.checksum("sha1", b"") == "2jmj7l5rSw0yVb/vlWAYkK/YBwk="
    assert checksums.checksum("crc32c", b"") == "AAAAAA=="


def test_etags():
    assert checksums.md5_etag(b"") == '"d41d8cd98f00b204e9800998ecf8427e"'
    parts = [hashlib.md5(b"a").digest(), hashlib.md5(b"b").digest()]
    assert checksums.multipart_etag(parts) == \
        '"' + hashlib.md5(parts[0] + parts[1]).hexdigest() + '-2"'
    assert checksums.content_md5(b"x") == _b64(hashlib.md5(b"x").digest())


# --- ranges ----------------------------------------------------------------------------------

@pytest.mark.parametrize("header,size,expected", [
    (None, 10, None),
    ("", 10, None),
    ("bytes=0-4", 10, (0, 4)),
    ("bytes=5-", 10, (5, 9)),
    ("bytes=-3", 10, (7, 9)),
    ("bytes=-30", 10, (0, 9)),
    ("bytes=2-100", 10, (2, 9)),
    ("bytes=9-9", 10, (9, 9)),
    ("bytes=0-0", 1, (0, 0)),
    ("bytes=5-2", 10, None),            # inverted: ignored, whole object
    ("bytes=0-1,3-4", 10, None),        # several ranges: S3 serves the whole object
    ("items=0-1", 10, None),            # another unit: ignored
    ("bytes=a-b", 10, None),
])
def test_parse_range(header, size, expected):
    assert ranges.parse_range(header, size) == expected


@pytest.mark.parametrize("header,size", [("bytes=10-", 10), ("bytes=10-20", 10), ("bytes=-0", 10),
                                          ("bytes=0-", 0), ("bytes=-5", 0)])
def test_unsatisfiable_range(header, size):
    with pytest.raises(AWSError) as e:
        ranges.parse_range(header, size)
    err = e.value
    assert (err.code, err.status, err.message) == ("InvalidRange", 416, "The requested range is not satisfiable")
    assert err.fields == {"RangeRequested": header, "ActualObjectSize": str(size)}


def test_content_range():
    assert ranges.content_range(0, 4, 10) == "bytes 0-4/10"
