"""authenticate() and attribute() against a small identity source: keys, tokens, clocks,
S3's SigV2 in both forms, anonymous requests; and each family's wire errors."""
import time

import pytest
from botocore.auth import HmacV1Auth, HmacV1QueryAuth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotoCredentials

from iamulator import settings
from iamulator.authz import auth_errors, authenticate, clock, denial, identity, sigv2
from iamulator.authz.auth_errors import AuthError, wire
from iamulator.authz.identity import Credentials
from iamulator.authz.session import ASSUMED_ROLE, Session
from iamulator.services.http import Request

USER = Credentials("AKIAUSERKEY000000001", "user-secret", "111122223333",
                   "arn:aws:iam::111122223333:user/alice", "AIDAALICE")
INACTIVE = Credentials("AKIAINACTIVE00000001", "s", "111122223333", "arn:aws:iam::111122223333:user/bob",
                       "AIDABOB", active=False)


def _temp(expiration):
    return Credentials("ASIATEMPKEY000000001", "temp-secret", "111122223333",
                       "arn:aws:sts::111122223333:assumed-role/r/s", "AROAR:s", session_token="tok",
                       expiration=expiration, session=Session(ASSUMED_ROLE, 0.0, role_arn="arn:aws:iam::111122223333:role/r"))


class FakeSource:
    def __init__(self, *creds):
        self.by_key = {c.access_key_id: c for c in creds}

    def credentials(self, akid):
        return self.by_key.get(akid)

    def identity_policies(self, creds):
        return []

    def permissions_boundary(self, creds):
        return None

    def principal_tags(self, creds):
        return {}


@pytest.fixture
def source(monkeypatch):
    src = FakeSource(USER, INACTIVE, _temp(time.time() + 3600))
    monkeypatch.setattr(identity, "_SOURCE", [src])
    return src


def signed(creds_key, secret, url="https://sts.amazonaws.com/", token=None, service="sts", body=b"Action=X"):
    req = AWSRequest(method="POST", url=url, data=body, headers={})
    SigV4Auth(BotoCredentials(creds_key, secret, token), service, "us-east-1").add_auth(req)
    p = req.prepare()
    return Request(p.method, p.url, dict(p.headers.items()), p.body or b"")


def failure(request, s3=False):
    with pytest.raises(AuthError) as err:
        authenticate.authenticate(request, s3)
    return err.value


# --- attribution ----------------------------------------------------------------------------------

def test_attribution_without_checks(source):
    assert authenticate.attribute(USER.access_key_id).arn == USER.principal_arn
    assert authenticate.attribute(USER.access_key_id).account_id == "111122223333"
    for unknown in (None, "testing", INACTIVE.access_key_id):
        caller = authenticate.attribute(unknown)
        assert caller.arn == f"arn:aws:iam::{settings.DEFAULT_ACCOUNT_ID}:root"
        assert caller.user_id == settings.DEFAULT_ACCOUNT_ID and caller.is_root
    assert authenticate.attribute(settings.DEFAULT_ACCESS_KEY_ID).is_root


# --- authentication ---------------------------------------------------------------------------------

def test_valid_and_invalid_keys(source):
    caller = authenticate.authenticate(signed(USER.access_key_id, USER.secret_access_key))
    assert caller.arn == USER.principal_arn and caller.authenticated
    assert failure(signed("AKIANOBODY0000000001", "x")).kind == auth_errors.UNKNOWN_KEY
    assert failure(signed(INACTIVE.access_key_id, "s")).kind == auth_errors.UNKNOWN_KEY
    assert failure(signed(USER.access_key_id, "wrong")).kind == auth_errors.SIGNATURE
    assert failure(Request("GET", "https://sts.amazonaws.com/?Action=X", {})).kind == auth_errors.MISSING


def test_session_tokens(source):
    good = signed("ASIATEMPKEY000000001", "temp-secret", token="tok")
    assert authenticate.authenticate(good).session.role_arn == "arn:aws:iam::111122223333:role/r"
    assert failure(signed("ASIATEMPKEY000000001", "temp-secret", token="other")).kind == auth_errors.INVALID_TOKEN
    assert failure(signed("ASIATEMPKEY000000001", "temp-secret")).kind == auth_errors.UNKNOWN_KEY
    assert failure(signed(USER.access_key_id, USER.secret_access_key, token="x")).kind == auth_errors.INVALID_TOKEN


def test_expired_temporary_credentials(source, monkeypatch):
    request = signed("ASIATEMPKEY000000001", "temp-secret", token="tok")
    monkeypatch.setattr(clock, "now", lambda: time.time() + 3601)
    assert failure(request).kind == auth_errors.EXPIRED_TOKEN


def test_clock_skew_both_ways(source, monkeypatch):
    request = signed(USER.access_key_id, USER.secret_access_key)
    real = time.time()
    monkeypatch.setattr(clock, "now", lambda: real + 901)
    err = failure(request)
    assert err.kind == auth_errors.SKEW and err.detail.startswith("Signature expired: ")
    monkeypatch.setattr(clock, "now", lambda: real - 901)
    err = failure(request)
    assert err.detail.startswith("Signature not yet current: ") and err.detail.endswith("+ 15 min.)")
    monkeypatch.setattr(clock, "now", lambda: real + 890)
    authenticate.authenticate(request)


def test_anonymous_s3_and_sigv2(source, monkeypatch):
    assert authenticate.authenticate(Request("GET", "https://b.s3.amazonaws.com/k", {}), s3=True).anonymous
    creds = BotoCredentials(USER.access_key_id, USER.secret_access_key)
    for url, auth_path in (("https://s3.amazonaws.com/bucket/a%20key?acl", None),
                           ("https://bucket.s3.amazonaws.com/a%20key?versionId=3&x=1", "/bucket/a%20key")):
        req = AWSRequest(method="GET", url=url, headers={"x-amz-meta-x": " v "})
        req.auth_path = auth_path
        HmacV1Auth(creds).add_auth(req)
        p = req.prepare()
        r = Request(p.method, p.url, dict(p.headers.items()), b"")
        assert authenticate.authenticate(r, s3=True).arn == USER.principal_arn
        r.headers["x-amz-meta-x"] = "changed"
        assert failure(r, s3=True).kind == auth_errors.SIGNATURE
    req = AWSRequest(method="GET", url="https://s3.amazonaws.com/bucket/key")
    HmacV1QueryAuth(creds, expires=60).add_auth(req)
    url = req.prepare().url
    assert "AWSAccessKeyId=" in url and "Signature=" in url
    assert authenticate.authenticate(Request("GET", url, {}), s3=True).arn == USER.principal_arn
    monkeypatch.setattr(clock, "now", lambda: time.time() + 120)
    err = failure(Request("GET", url, {}), s3=True)
    assert err.kind == auth_errors.PRESIGN_EXPIRED and "Expires" in err.fields


def test_sigv2_header_needs_a_fresh_date(source, monkeypatch):
    creds = BotoCredentials(USER.access_key_id, USER.secret_access_key)
    req = AWSRequest(method="GET", url="https://s3.amazonaws.com/bucket/key")
    HmacV1Auth(creds).add_auth(req)
    p = req.prepare()
    r = Request(p.method, p.url, dict(p.headers.items()), b"")
    monkeypatch.setattr(clock, "now", lambda: time.time() + 3600)
    assert failure(r, s3=True).kind == auth_errors.SKEW
    with pytest.raises(AuthError):
        sigv2.parse_header("AWS missing-colon", {})


# --- each family's answer ------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, fam, code, status", [
    (auth_errors.UNKNOWN_KEY, "query", "InvalidClientTokenId", 403),
    (auth_errors.UNKNOWN_KEY, "json", "UnrecognizedClientException", 400),
    (auth_errors.UNKNOWN_KEY, "rest-json", "UnrecognizedClientException", 403),
    (auth_errors.UNKNOWN_KEY, "ec2", "AuthFailure", 401),
    (auth_errors.UNKNOWN_KEY, "s3", "InvalidAccessKeyId", 403),
    (auth_errors.SIGNATURE, "query", "SignatureDoesNotMatch", 403),
    (auth_errors.SIGNATURE, "json", "InvalidSignatureException", 400),
    (auth_errors.SIGNATURE, "ec2", "AuthFailure", 401),
    (auth_errors.SIGNATURE, "s3", "SignatureDoesNotMatch", 403),
    (auth_errors.EXPIRED_TOKEN, "query", "ExpiredToken", 403),
    (auth_errors.EXPIRED_TOKEN, "json", "ExpiredTokenException", 400),
    (auth_errors.EXPIRED_TOKEN, "ec2", "RequestExpired", 400),
    (auth_errors.EXPIRED_TOKEN, "s3", "ExpiredToken", 400),
    (auth_errors.INVALID_TOKEN, "s3", "InvalidToken", 400),
    (auth_errors.MISSING, "query", "MissingAuthenticationToken", 403),
    (auth_errors.MISSING, "json", "MissingAuthenticationTokenException", 400),
    (auth_errors.MISSING, "ec2", "MissingAuthenticationToken", 401),
    (auth_errors.INCOMPLETE, "query", "IncompleteSignature", 403),
    (auth_errors.INCOMPLETE, "json", "IncompleteSignatureException", 400),
    (auth_errors.INCOMPLETE, "s3", "AuthorizationHeaderMalformed", 400),
    (auth_errors.SKEW, "s3", "RequestTimeTooSkewed", 403),
    (auth_errors.SKEW, "ec2", "RequestExpired", 400),
    (auth_errors.PRESIGN_EXPIRED, "s3", "AccessDenied", 403),
    (auth_errors.CONTENT_SHA, "s3", "XAmzContentSHA256Mismatch", 400),
    (auth_errors.BAD_CONTENT_SHA, "s3", "InvalidArgument", 400),
])
def test_wire_codes(kind, fam, code, status):
    got = wire(AuthError(kind, "detail"), fam)
    assert (got[0], got[2]) == (code, status)


def test_families():
    assert auth_errors.family("s3", "rest-xml") == "s3"
    assert auth_errors.family("sqs", "json", query_compatible=True) == "query"
    assert auth_errors.family("dynamodb", "json") == "json"
    assert auth_errors.family("lambda", "rest-json") == "rest-json"
    assert auth_errors.family("ec2", "ec2") == "ec2"
    assert auth_errors.family("route53", "rest-xml") == "query"


def test_access_denied_flavours():
    assert denial.flavour("s3") == ("AccessDenied", 403)
    assert denial.flavour("query") == ("AccessDenied", 403)
    assert denial.flavour("json") == ("AccessDeniedException", 400)
    assert denial.flavour("rest-json") == ("AccessDeniedException", 403)
    assert denial.flavour("ec2") == ("UnauthorizedOperation", 403)
    assert denial.flavour("query", {"AuthorizationErrorException"}) == ("AuthorizationErrorException", 403)
    assert denial.decode("not-base64!") is None
