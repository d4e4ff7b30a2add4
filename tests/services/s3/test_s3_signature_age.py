"""s3:signatureAge: milliseconds since the request's SigV4 date, for header-signed requests and
presigned URLs alike."""
import requests
from botocore.config import Config

from iamulator.authz import clock
from iamulator.testing import make_principal

from s3_authz_support import GUARDED, assert_allowed, assert_denied, checked_s3, user_s3

OBJECT = f"arn:aws:s3:::{GUARDED}/k"


def _reader(operator):
    return user_s3({"Action": "s3:GetObject", "Resource": OBJECT,
                    "Condition": {operator: {"s3:signatureAge": "600000"}}})


def test_a_fresh_signature_is_young():
    with checked_s3() as admin:
        admin.put_object(Bucket=GUARDED, Key="k", Body=b"v")
        assert_allowed(lambda: _reader("NumericLessThan").get_object(Bucket=GUARDED, Key="k"))
        assert_denied(lambda: _reader("NumericGreaterThan").get_object(Bucket=GUARDED, Key="k"),
                      action="s3:GetObject")


def test_a_presigned_url_ages(monkeypatch):
    with checked_s3() as admin:
        admin.put_object(Bucket=GUARDED, Key="k", Body=b"v")
        # SigV4 explicitly: boto3 presigns us-east-1 S3 URLs with SigV2, which has no such key.
        policy = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "s3:GetObject", "Resource": OBJECT,
            "Condition": {"NumericLessThan": {"s3:signatureAge": "600000"}}}]}
        client = make_principal(policy).client("s3", region_name="us-east-1",
                                               config=Config(signature_version="s3v4"))
        url = client.generate_presigned_url("get_object", Params={"Bucket": GUARDED, "Key": "k"},
                                            ExpiresIn=3600)
        assert requests.get(url).content == b"v"
        later = clock.now() + 900
        monkeypatch.setattr(clock, "now", lambda: later)
        response = requests.get(url)
        assert response.status_code == 403 and b"<Code>AccessDenied</Code>" in response.content
