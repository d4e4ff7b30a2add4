"""Bad input over HTTP: malformed HTTP, truncated and oversized bodies, invalid JSON and XML,
unknown services and operations each get a 4xx, in the protocol's error format once the
protocol is known; never a 500 and never a traceback."""
import json
import re
import socket

import pytest
import requests
from live_server import shared_servers  # noqa: F401  (fixture)

ACCOUNT = "123456789012"
JSON10 = {"Content-Type": "application/x-amz-json-1.0"}
JSON11 = {"Content-Type": "application/x-amz-json-1.1"}
# Unchecked requests are still attributed by their key: a header naming the service's scope
# lets the router place REST-JSON requests that carry nothing else.
LAMBDA_SCOPE = {"Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/lambda/"
                                 "aws4_request, SignedHeaders=host, Signature=00"}


@pytest.fixture(scope="module")
def open_server(shared_servers):
    server = shared_servers("--auth", "off")
    server.client("s3").create_bucket(Bucket="bad-input")
    server.client("sqs").create_queue(QueueName="bad-input")
    server.client("dynamodb").create_table(
        TableName="bad-input", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    return server


@pytest.fixture(scope="module")
def strict_server(shared_servers):
    return shared_servers("--auth", "strict")


def raw(server, data: bytes, timeout: float = 10) -> bytes:
    """Sends ``data`` as is, closes the sending side and reads the whole answer."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as s:
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError:   # the server answered and closed before reading everything
            pass
        out = b""
        while chunk := s.recv(65536):
            out += chunk
    return out


def status_of(answer: bytes) -> int:
    if answer.startswith(b"HTTP/"):
        return int(answer.split(b" ", 2)[1])
    # A request line without an HTTP version is answered the HTTP/0.9 way: a body, no status line.
    found = re.search(rb"Error code: (\d+)", answer)
    assert found, answer[:300]
    return int(found.group(1))


def assert_clean_4xx(status: int, body: bytes) -> None:
    assert 400 <= status < 500, (status, body[:300])
    assert b"Traceback" not in body and b"File \"" not in body


def json_error(r) -> str:
    return r.json()["__type"]


def xml_code(r) -> str:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(r.content)
    return next(el.text for el in root.iter() if el.tag.endswith("Code"))


@pytest.mark.parametrize("data", [
    b"GARBAGE\r\n\r\n",
    b"GET\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n",
], ids=["no-method", "no-path", "header-too-long"])
def test_malformed_http(open_server, data):
    answer = raw(open_server, data)
    assert_clean_4xx(status_of(answer), answer)


@pytest.mark.parametrize("head,body", [
    (b"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
     b"Content-Type: application/x-amz-json-1.0\r\nContent-Length: 100\r\n\r\n", b'{"Li'),
    (b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
     b"Content-Length: 100\r\n\r\n", b"Action=ListQueues"),
    (b"PUT /bad-input/key HTTP/1.1\r\nHost: localhost\r\nContent-Length: 50\r\n\r\n", b"abc"),
    (b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n", b""),
    (b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: -5\r\n\r\n", b""),
    (b"POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
     b"Content-Type: application/x-www-form-urlencoded\r\n\r\n", b"zz\r\nabc\r\n0\r\n\r\n"),
], ids=["json-truncated", "query-truncated", "s3-truncated", "length-not-a-number", "length-negative",
        "bad-chunk"])
def test_bodies_shorter_than_announced_or_unreadable(open_server, head, body):
    answer = raw(open_server, head + body)
    assert_clean_4xx(status_of(answer), answer)
    # nothing half-read was stored
    assert open_server.client("s3").list_objects_v2(Bucket="bad-input").get("KeyCount") == 0


def test_an_unknown_http_version(open_server):
    answer = raw(open_server, b"GET / HTTP/9.9\r\nHost: localhost\r\n\r\n")
    assert_clean_4xx(status_of(answer), answer)


def test_the_server_keeps_serving_after_bad_connections(open_server):
    for _ in range(3):
        raw(open_server, b"GARBAGE\r\n\r\n")
        raw(open_server, b"PUT /bad-input/key HTTP/1.1\r\nHost: localhost\r\nContent-Length: 50\r\n\r\nabc")
    assert open_server.client("sts").get_caller_identity()["Account"] == ACCOUNT


@pytest.mark.parametrize("target,headers,body,code", [
    ("DynamoDB_20120810.PutItem", JSON10, b"{not json", "SerializationException"),
    ("DynamoDB_20120810.PutItem", JSON10, b"[1, 2]", "SerializationException"),
    ("DynamoDB_20120810.PutItem", JSON10, b'{"TableName": 5, "Item": "x"}', "SerializationException"),
    ("DynamoDB_20120810.ListTables", JSON10, b"\xff\xfe{}", "SerializationException"),
    ("DynamoDB_20120810.ListTables", JSON10, b'{"Limit": NaN}', "SerializationException"),
    ("DynamoDB_20120810.ListTables", JSON10, b'{"Limit": 1' + b"0" * 5000 + b"}", "SerializationException"),
    ("DynamoDB_20120810.Frobnicate", JSON10, b"{}", "UnknownOperationException"),
    ("TrentService.Encrypt", JSON11, b'{"KeyId": ', "SerializationException"),
], ids=["not-json", "array", "wrong-types", "not-utf8", "nan", "huge-number", "unknown-operation", "kms"])
def test_invalid_json(open_server, target, headers, body, code):
    r = requests.post(open_server.url, headers={**headers, "X-Amz-Target": target}, data=body)
    assert_clean_4xx(r.status_code, r.content)
    assert r.headers["Content-Type"] == headers["Content-Type"]
    assert json_error(r) == code


@pytest.mark.parametrize("target,url,headers", [
    ("DynamoDB_20120810.ListTables", "/", JSON10),
    (None, "/2015-03-31/functions", LAMBDA_SCOPE),
], ids=["json-rpc", "rest-json"])
def test_deeply_nested_json(open_server, target, url, headers):
    extra = {"X-Amz-Target": target} if target else {}
    r = requests.post(open_server.url + url, headers={**headers, **extra}, data=b"[" * 100_000)
    assert_clean_4xx(r.status_code, r.content)
    assert json_error(r) == "SerializationException"


def test_rest_json_invalid_body(open_server):
    r = requests.post(f"{open_server.url}/2015-03-31/functions", data=b"{bad", headers=LAMBDA_SCOPE)
    assert_clean_4xx(r.status_code, r.content)
    assert (r.headers["Content-Type"], json_error(r)) == ("application/json", "SerializationException")


@pytest.mark.parametrize("method,path,body", [
    ("PUT", "/bad-input?tagging", b"<Tagging><TagSet><Tag>"),
    ("PUT", "/bad-input?cors", b"not xml at all"),
    ("PUT", "/bad-input?tagging", b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
                                   b"<Tagging>&b;</Tagging>"),
    ("PUT", "/bad-input?tagging", b"<a>" * 100_000),
    ("POST", "/bad-input?delete", b"<Delete><Object>"),
    ("PUT", "/another-bucket", b"<CreateBucketConfiguration><LocationConstraint>"),
], ids=["truncated", "not-xml", "entities", "deep", "delete-objects", "create-bucket"])
def test_invalid_xml(open_server, method, path, body):
    r = requests.request(method, open_server.url + path, data=body)
    assert r.status_code == 400
    assert r.headers["Content-Type"] == "application/xml"
    assert xml_code(r) == "MalformedXML"


@pytest.mark.parametrize("data,code", [
    ({"Action": "Frobnicate", "Version": "2012-11-05"}, "InvalidAction"),
    ({"Action": "ReceiveMessage", "QueueUrl": "/123456789012/bad-input", "MaxNumberOfMessages": "lots"},
     "InvalidParameterValue"),
    ({"Action": "ReceiveMessage", "QueueUrl": "/123456789012/bad-input", "MaxNumberOfMessages": "9" * 5000},
     "InvalidParameterValue"),
    ({"Action": "SendMessage", "QueueUrl": "/123456789012/bad-input", "MessageBody": "x" * 2_000_000},
     "InvalidParameterValue"),
], ids=["unknown-action", "not-an-integer", "huge-integer", "oversized-message"])
def test_query_protocol(open_server, data, code):
    if "QueueUrl" in data:
        data = {**data, "QueueUrl": open_server.url + data["QueueUrl"]}
    r = requests.post(open_server.url, data=data)
    assert r.status_code == 400
    assert r.headers["Content-Type"] == "text/xml"
    assert xml_code(r) == code


def test_oversized_dynamodb_item(open_server):
    item = {"TableName": "bad-input", "Item": {"pk": {"S": "a"}, "v": {"S": "x" * 500_000}}}
    r = requests.post(open_server.url, headers={**JSON10, "X-Amz-Target": "DynamoDB_20120810.PutItem"},
                      data=json.dumps(item))
    assert (r.status_code, json_error(r)) == (400, "ValidationException")
    assert r.json()["message"] == "Item size has exceeded the maximum allowed size"


def test_unknown_services_and_operations(open_server):
    r = requests.post(open_server.url, headers={**JSON11, "X-Amz-Target": "NoSuchService.Op"}, data=b"{}")
    assert r.status_code == 400 and xml_code(r) == "UnknownService"
    r = requests.post(open_server.url, data={"Action": "Frobnicate", "Version": "2016-11-15"})
    assert r.status_code == 400 and xml_code(r) == "InvalidAction"
    r = requests.request("FROB", f"{open_server.url}/bad-input")
    assert r.status_code == 405 and xml_code(r) == "MethodNotAllowed"
    r = requests.get(f"{open_server.url}/%ff%fe/\x7f")
    assert_clean_4xx(r.status_code, r.content)


@pytest.mark.parametrize("headers,data,status,code", [
    ({"Authorization": "AWS4-HMAC-SHA256 Credential=/, Signature"}, {"Action": "ListQueues"}, 403,
     "IncompleteSignature"),
    ({"Authorization": "Basic abc"}, {"Action": "ListQueues"}, 403, "IncompleteSignature"),
    ({}, {"Action": "ListQueues"}, 403, "MissingAuthenticationToken"),
], ids=["incomplete", "other-scheme", "unsigned"])
def test_bad_credentials_under_strict_auth(strict_server, headers, data, status, code):
    r = requests.post(strict_server.url, data=data, headers=headers)
    assert (r.status_code, xml_code(r)) == (status, code)


def test_bad_presigned_urls_under_strict_auth(strict_server):
    for query in ("X-Amz-Credential=zz&X-Amz-Signature=00&X-Amz-Date=bad&X-Amz-Expires=x",
                  "AWSAccessKeyId=zz&Signature=00&Expires=x"):
        r = requests.get(f"{strict_server.url}/some-bucket/k?{query}")
        assert (r.status_code, xml_code(r)) == (400, "AuthorizationQueryParametersError")


def test_garbage_json_under_strict_auth_is_refused_for_its_credentials_first(strict_server):
    # AWS authenticates before it reads the body: an unsigned request hears about that.
    r = requests.post(strict_server.url, headers={**JSON10, "X-Amz-Target": "DynamoDB_20120810.ListTables"},
                      data=b"{oops")
    assert (r.status_code, json_error(r)) == (400, "MissingAuthenticationTokenException")
