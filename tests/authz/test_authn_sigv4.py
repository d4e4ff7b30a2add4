"""SigV4 verification: AWS's published examples, botocore-signed requests of every shape,
canonicalization rules, payload hashes, signed chunks and trailers, and its cost."""
import hashlib
import hmac
import time

import pytest
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotoCredentials

from iamulator.authz import sigv4
from iamulator.authz.auth_errors import (BAD_CONTENT_SHA, CONTENT_SHA, INCOMPLETE, SIGNATURE,
                                         AuthError)
from iamulator.services.http import Request

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
EMPTY = hashlib.sha256(b"").hexdigest()


def check(request, s3, secret=SECRET):
    auth = request.headers.get("authorization")
    signed = sigv4.parse_header(auth, request.headers) if auth else sigv4.parse_query(request.query)
    sigv4.verify(request, signed, secret, s3)
    return signed


def refused(request, s3, secret=SECRET):
    with pytest.raises(AuthError) as err:
        check(request, s3, secret)
    return err.value


# --- AWS's examples (S3 API reference, "Signature Version 4" examples) ---------------------------

def test_aws_example_get_object_with_header():
    r = Request("GET", "https://examplebucket.s3.amazonaws.com/test.txt", {
        "Range": "bytes=0-9", "x-amz-content-sha256": EMPTY, "x-amz-date": "20130524T000000Z",
        "Authorization": f"AWS4-HMAC-SHA256 Credential={AKID}/20130524/us-east-1/s3/aws4_request,"
                         "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                         "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"})
    signed = check(r, s3=True)
    assert (signed.access_key, signed.region, signed.service) == (AKID, "us-east-1", "s3")
    assert refused(r, True, secret="x" * 40).kind == SIGNATURE


def test_aws_example_presigned_url():
    url = ("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
           f"&X-Amz-Credential={AKID}%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z"
           "&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
           "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    signed = check(Request("GET", url, {}), s3=True)
    assert signed.presigned and signed.expires == 86400
    assert refused(Request("GET", url.replace("test.txt", "test2.txt"), {}), True).kind == SIGNATURE


def _chunked_example(tamper=None):
    data = b"a" * 66560
    sigs = ["ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
            "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
            "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"]
    chunks = [(data[:65536], sigs[0]), (data[65536:], sigs[1]), (b"", sigs[2])]
    if tamper:
        chunks = tamper(chunks)
    body = b"".join(b"%x;chunk-signature=%s\r\n%s\r\n" % (len(c), s.encode(), c) for c, s in chunks)
    signed_headers = ("content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
                      "x-amz-decoded-content-length;x-amz-storage-class")
    headers = {"Host": "s3.amazonaws.com", "x-amz-date": "20130524T000000Z",
               "x-amz-storage-class": "REDUCED_REDUNDANCY", "Content-Encoding": "aws-chunked",
               "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
               "x-amz-decoded-content-length": "66560", "Content-Length": "66824",
               "Authorization": f"AWS4-HMAC-SHA256 Credential={AKID}/20130524/us-east-1/s3/aws4_request,"
                                f"SignedHeaders={signed_headers},Signature="
                                "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"}
    return Request("PUT", "https://s3.amazonaws.com/examplebucket/chunkObject.txt", headers, body)


def test_aws_example_signed_chunks():
    request = _chunked_example()
    assert len(request.body) == 66824
    check(request, s3=True)


@pytest.mark.parametrize("tamper", [
    lambda c: [(c[0][0][:-1] + b"b", c[0][1]), c[1], c[2]],           # data altered
    lambda c: [c[1], c[0], c[2]],                                      # chunks reordered
    lambda c: [c[0], c[2]],                                            # a chunk dropped
    lambda c: [c[0], c[1], (b"", "0" * 64)],                           # final signature forged
])
def test_signed_chunks_detect_tampering(tamper):
    assert refused(_chunked_example(tamper), True).kind == SIGNATURE


def test_signed_chunks_with_a_signed_trailer():
    date, scope = "20240101T000000Z", "20240101/us-east-1/s3/aws4_request"
    key = sigv4.signing_key(SECRET, "20240101", "us-east-1", "s3")
    payload = b"hello trailer"
    trailer = "x-amz-checksum-crc32:sOO8/Q==\n"
    headers = {"host": "bucket.s3.amazonaws.com", "x-amz-date": date,
               "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
               "content-encoding": "aws-chunked", "x-amz-trailer": "x-amz-checksum-crc32",
               "x-amz-decoded-content-length": str(len(payload))}
    names = sorted(headers)
    request = Request("PUT", "https://bucket.s3.amazonaws.com/key", headers, b"")
    canonical = "\n".join(["PUT", "/key", "", sigv4.canonical_headers(request, names) + "\n", ";".join(names),
                           headers["x-amz-content-sha256"]])
    sts = f"AWS4-HMAC-SHA256\n{date}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    seed = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()

    def chunk_sig(prev, data):
        text = f"AWS4-HMAC-SHA256-PAYLOAD\n{date}\n{scope}\n{prev}\n{EMPTY}\n{hashlib.sha256(data).hexdigest()}"
        return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()

    first = chunk_sig(seed, payload)
    final = chunk_sig(first, b"")
    text = f"AWS4-HMAC-SHA256-TRAILER\n{date}\n{scope}\n{final}\n{hashlib.sha256(trailer.encode()).hexdigest()}"
    trailer_sig = hmac.new(key, text.encode(), hashlib.sha256).hexdigest()
    body = (b"%x;chunk-signature=%s\r\n%s\r\n0;chunk-signature=%s\r\n%s\r\nx-amz-trailer-signature:%s\r\n\r\n"
            % (len(payload), first.encode(), payload, final.encode(), trailer.strip().encode(), trailer_sig.encode()))
    headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={AKID}/{scope},SignedHeaders={';'.join(names)},"
                                f"Signature={seed}")
    check(Request("PUT", "https://bucket.s3.amazonaws.com/key", headers, body), s3=True)
    forged = body.replace(trailer.strip().encode(), b"x-amz-checksum-crc32:AAAAAA==")
    assert refused(Request("PUT", "https://bucket.s3.amazonaws.com/key", headers, forged), True).kind == SIGNATURE


# --- botocore-signed requests ------------------------------------------------------------------------

def signed_by_botocore(method, url, body=b"", headers=None, service="sts", region="us-east-1", s3=False,
                       presign=False, token=None, unsigned_payload=False):
    creds = BotoCredentials(AKID, SECRET, token)
    req = AWSRequest(method=method, url=url, data=body, headers=headers or {})
    if unsigned_payload:
        from types import SimpleNamespace

        req.context["client_config"] = SimpleNamespace(s3={"payload_signing_enabled": False})
    if presign:
        (S3SigV4QueryAuth if s3 else SigV4QueryAuth)(creds, service, region, expires=300).add_auth(req)
    else:
        (S3SigV4Auth if s3 else SigV4Auth)(creds, service, region).add_auth(req)
    prepared = req.prepare()
    return Request(prepared.method, prepared.url, dict(prepared.headers.items()), prepared.body or b"")


@pytest.mark.parametrize("url", [
    "https://sts.amazonaws.com/",
    "https://sts.amazonaws.com/a//b/../c/./d",
    "https://sts.amazonaws.com/with%20space/and%2Fslash/%E2%82%AC",
    "https://sts.amazonaws.com/?b=2&a=1&a=0&empty=&c=%7E~%2A",
    "http://localhost:5000/x?Action=GetCallerIdentity",
    "https://[::1]:8443/v?q=1",
])
def test_botocore_signed_requests_verify(url):
    check(signed_by_botocore("POST", url, b"Action=GetCallerIdentity&Version=2011-06-15",
                             {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}), s3=False)


@pytest.mark.parametrize("key", ["plain", "a b/c+d", "unicodé/ключ", "x%2Fy", "a//b/./c", "~tilde!*'()"])
def test_s3_paths_are_signed_as_sent(key):
    from urllib.parse import quote

    url = f"https://bucket.s3.amazonaws.com/{quote(key, safe='/~')}?tagging"
    check(signed_by_botocore("PUT", url, b"data", service="s3", s3=True), s3=True)
    check(signed_by_botocore("GET", url, service="s3", s3=True, presign=True), s3=True)


def test_other_services_encode_the_path_twice():
    assert sigv4.canonical_uri("/a%20b/c", s3=False) == "/a%2520b/c"
    assert sigv4.canonical_uri("/a%20b/c", s3=True) == "/a%20b/c"
    assert sigv4.canonical_uri("/a//b/../c/", s3=False) == "/a/c/"
    assert sigv4.canonical_uri("", s3=False) == "/"


def test_query_canonicalization():
    assert sigv4.canonical_query("b=2&a=1&a=0&c", False) == "a=0&a=1&b=2&c="
    assert sigv4.canonical_query("k=a+b&s=%7e&t=~&u=%2f", False) == "k=a%2Bb&s=~&t=~&u=%2F"
    assert sigv4.canonical_query("X-Amz-Signature=abc&x=1", True) == "x=1"


def test_header_values_are_trimmed_and_folded():
    r = Request("GET", "https://h.example:443/", {"X-Custom": "  a   b \t c  ", "Host": "h.example"})
    assert sigv4.canonical_headers(r, ["host", "x-custom"]) == "host:h.example\nx-custom:a b c"
    bare = Request("GET", "https://H.Example:443/", {})
    assert sigv4.canonical_headers(bare, ["host"]) == "host:h.example"
    assert sigv4.url_host("http://h.example:8080/") == "h.example:8080"


def test_session_token_and_presigned_non_s3():
    r = signed_by_botocore("GET", "https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15",
                           presign=True, token="the-token")
    signed = check(r, s3=False)
    assert signed.token == "the-token"


# --- payload hashes ------------------------------------------------------------------------------------

def test_s3_body_must_match_its_signed_hash():
    r = signed_by_botocore("PUT", "https://b.s3.amazonaws.com/k", b"original", service="s3", s3=True)
    r.body = b"altered!"
    err = refused(r, True)
    assert err.kind == CONTENT_SHA
    assert err.fields["S3ComputedContentSHA256"] == hashlib.sha256(b"altered!").hexdigest()


def test_unsigned_payload_and_bad_hash_values():
    r = signed_by_botocore("PUT", "https://b.s3.amazonaws.com/k", b"data", service="s3", s3=True,
                           unsigned_payload=True)
    assert r.headers["x-amz-content-sha256"] == "UNSIGNED-PAYLOAD"
    check(r, True)
    r.body = b"any body at all"
    check(r, True)
    bad = signed_by_botocore("PUT", "https://b.s3.amazonaws.com/k", b"data", service="s3", s3=True)
    bad.headers["x-amz-content-sha256"] = "nonsense"
    assert refused(bad, True).kind in (BAD_CONTENT_SHA, SIGNATURE)


def test_non_s3_body_is_covered_by_the_signature():
    r = signed_by_botocore("POST", "https://sts.amazonaws.com/", b"Action=GetCallerIdentity")
    r.body = b"Action=AssumeRole"
    assert refused(r, False).kind == SIGNATURE


# --- malformed claims ---------------------------------------------------------------------------------

@pytest.mark.parametrize("auth, fragment", [
    ("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc", "requires 'Credential' parameter"),
    (f"AWS4-HMAC-SHA256 Credential={AKID}/20130524/us-east-1/s3/aws4_request, Signature=abc",
     "requires 'SignedHeaders' parameter"),
    (f"AWS4-HMAC-SHA256 Credential={AKID}/20130524/us-east-1/s3, SignedHeaders=host, Signature=abc",
     "Credential is mal-formed"),
    (f"AWS4-HMAC-SHA256 Credential={AKID}/20130524/us-east-1/s3/aws5_request, SignedHeaders=host, Signature=a",
     "valid terminator"),
    ("AWS4-ECDSA-P256-SHA256 Credential=x", "Unsupported AWS 'algorithm'"),
])
def test_incomplete_authorization_headers(auth, fragment):
    with pytest.raises(AuthError) as err:
        sigv4.parse_header(auth, {"x-amz-date": "20130524T000000Z"})
    assert err.value.kind == INCOMPLETE and fragment in err.value.detail


def test_missing_date_and_bad_presign_parameters():
    with pytest.raises(AuthError) as err:
        sigv4.parse_header(f"AWS4-HMAC-SHA256 Credential={AKID}/20130524/us-east-1/s3/aws4_request, "
                           "SignedHeaders=host, Signature=abc", {})
    assert "'X-Amz-Date' or a 'Date' header" in err.value.detail
    query = {"X-Amz-Algorithm": ["AWS4-HMAC-SHA256"], "X-Amz-Credential": [f"{AKID}/20130524/us-east-1/s3/aws4_request"],
             "X-Amz-Date": ["20130524T000000Z"], "X-Amz-SignedHeaders": ["host"], "X-Amz-Signature": ["a"],
             "X-Amz-Expires": ["604801"]}
    with pytest.raises(AuthError) as err:
        sigv4.parse_query(query)
    assert err.value.detail == "X-Amz-Expires must be less than a week (in seconds) that is 604800"
    with pytest.raises(AuthError) as err:
        sigv4.parse_query({k: v for k, v in query.items() if k != "X-Amz-Date"})
    assert err.value.fields["query"] is True


def test_date_header_instead_of_x_amz_date():
    signed = sigv4.parse_header(f"AWS4-HMAC-SHA256 Credential={AKID}/20130524/us-east-1/s3/aws4_request, "
                                "SignedHeaders=date;host, Signature=abc", {"date": "Fri, 24 May 2013 00:00:00 GMT"})
    assert signed.amz_date == "20130524T000000Z"


# --- cost ------------------------------------------------------------------------------------------------

def test_signing_keys_are_cached_and_verification_is_cheap():
    sigv4.signing_key.cache_clear()
    r = signed_by_botocore("POST", "https://sts.amazonaws.com/", b"Action=GetCallerIdentity&Version=2011-06-15",
                           {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    signed = sigv4.parse_header(r.headers["authorization"], r.headers)
    for _ in range(3):
        sigv4.verify(r, signed, SECRET, False)
    assert sigv4.signing_key.cache_info().misses == 1
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(200):
            sigv4.verify(r, sigv4.parse_header(r.headers["authorization"], r.headers), SECRET, False)
        runs.append((time.perf_counter() - start) / 200)
    assert min(runs) < 100e-6       # typically 10-20 µs
