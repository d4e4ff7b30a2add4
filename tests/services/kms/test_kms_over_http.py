"""KMS through the HTTP front door: any SDK or a hand-written JSON request gets the same service."""
import base64
import json
import threading

import boto3
import pytest
import requests
from botocore.config import Config
from werkzeug.serving import make_server

from iamulator.server.app import create_app
from iamulator.services.state import STORE


@pytest.fixture(scope="module")
def endpoint():
    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture()
def http_kms(endpoint):
    STORE.reset()
    return boto3.client("kms", region_name="us-east-1", endpoint_url=endpoint,
                        aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="secret",
                        config=Config(retries={"max_attempts": 1}))


def _call(endpoint, operation, body):
    return requests.post(endpoint + "/", data=body if isinstance(body, (bytes, str)) else json.dumps(body), headers={
        "X-Amz-Target": f"TrentService.{operation}", "Content-Type": "application/x-amz-json-1.1",
        "Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/kms/aws4_request, "
                         "SignedHeaders=host, Signature=0"})


def test_sdk_round_trip_over_http(http_kms):
    key = http_kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    signature = http_kms.sign(KeyId=key, Message=b"m", SigningAlgorithm="ECDSA_SHA_256")["Signature"]
    assert http_kms.verify(KeyId=key, Message=b"m", Signature=signature,
                           SigningAlgorithm="ECDSA_SHA_256")["SignatureValid"] is True
    sym = http_kms.create_key()["KeyMetadata"]["KeyId"]
    blob = http_kms.encrypt(KeyId=sym, Plaintext=b"over http")["CiphertextBlob"]
    assert http_kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"over http"


def test_hand_written_json_requests(endpoint, http_kms):
    key = http_kms.create_key()["KeyMetadata"]["KeyId"]
    out = _call(endpoint, "Encrypt", {"KeyId": key, "Plaintext": base64.b64encode(b"raw").decode()})
    assert out.status_code == 200
    blob = out.json()["CiphertextBlob"]
    back = _call(endpoint, "Decrypt", {"CiphertextBlob": blob}).json()
    assert base64.b64decode(back["Plaintext"]) == b"raw"
    missing = _call(endpoint, "Encrypt", {"KeyId": key})
    assert missing.status_code == 400
    assert missing.json() == {"__type": "ValidationException", "message": "1 validation error detected: Value null "
                              "at 'plaintext' failed to satisfy constraint: Member must not be null"}
    garbled = _call(endpoint, "Decrypt", b"{not json")
    assert garbled.status_code == 400 and garbled.json()["__type"] == "SerializationException"
    bad = _call(endpoint, "Decrypt", {"CiphertextBlob": base64.b64encode(b"junk").decode()})
    assert (bad.status_code, bad.json()) == (400, {"__type": "InvalidCiphertextException", "message": ""})
