"""The server keeps connections open across requests of every shape, as SDKs expect: bodies with
a length, chunked bodies, HEAD, errors, 100-continue; and closes them when asked to."""
import http.client
import json
import socket

import pytest


@pytest.fixture()
def conn(server):
    host, port = server.removeprefix("http://").split(":")
    c = http.client.HTTPConnection(host, int(port), timeout=10)
    yield c
    c.close()


def ask(conn, method, path, body=None, headers=None, chunked=False):
    conn.request(method, path, body=body, headers=headers or {}, encode_chunked=chunked)
    resp = conn.getresponse()
    return resp.status, dict(resp.getheaders()), resp.read()


def test_one_connection_serves_requests_of_every_shape(conn):
    status, headers, body = ask(conn, "GET", "/_iamulator/health")
    assert status == 200 and json.loads(body)["status"] == "running"
    assert headers["Content-Length"] == str(len(body))
    first_socket = conn.sock

    # a body the endpoint never reads must not be taken for the next request
    status, _, body = ask(conn, "POST", "/_iamulator/nope", body=b'{"x": 1}' * 100,
                          headers={"Content-Type": "application/json"})
    assert (status, json.loads(body)["error"]) == (404, "NotFound")
    status, _, _ = ask(conn, "PUT", "/some-bucket/key", body=iter([b"chunk one, ", b"chunk two"]), chunked=True)
    assert status == 403  # unsigned, and every request is checked
    status, headers, body = ask(conn, "HEAD", "/some-bucket/key")
    assert (status, body) == (403, b"")
    status, _, body = ask(conn, "PUT", "/some-bucket/other", body=b"x" * 5000, headers={"Expect": "100-continue"})
    assert status == 403 and b"<Code>" in body
    status, _, _ = ask(conn, "GET", "/_iamulator/health")
    assert status == 200
    assert conn.sock is first_socket


def test_unsigned_aws_calls_get_the_service_error_and_keep_the_connection(conn):
    status, headers, body = ask(conn, "POST", "/", body=b"{}", headers={
        "X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": "application/x-amz-json-1.0"})
    assert status == 400
    assert json.loads(body)["__type"].endswith("MissingAuthenticationTokenException")
    sock = conn.sock
    status, _, _ = ask(conn, "POST", "/", body=b"Action=GetCallerIdentity&Version=2011-06-15",
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    assert conn.sock is sock


def test_connection_close_is_honoured(server):
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(b"GET /_iamulator/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 ")
    assert b"\r\nConnection: close" in head
    assert json.loads(body)["status"] == "running"


def test_a_truncated_body_is_refused_and_the_connection_closed(server):
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(b"PUT /b/k HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly this")
        s.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    assert data.startswith(b"HTTP/1.1 400 ")


def raw_exchange(server, request: bytes) -> bytes:
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(request)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return data


@pytest.mark.parametrize("headers,status", [
    (b"Host: x\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(101)), b"431"),
    (b"Host: x\r\nX-Long: " + b"v" * 70000 + b"\r\n", b"431"),
    (b"Host: x\r\nno colon here\r\n", b"400"),
    (b"Host: x\r\nX-Folded: a\r\n  continued\r\n", b"400"),
    (b"Host : x\r\n", b"400"),
])
def test_malformed_headers_are_refused_and_the_connection_closed(server, headers, status):
    data = raw_exchange(server, b"GET /_iamulator/health HTTP/1.1\r\n" + headers + b"\r\n")
    assert data.startswith(b"HTTP/1.1 " + status + b" ")
    assert b"\r\nConnection: close\r\n" in data


def test_http_1_0_gets_one_answer_then_the_connection_closes(server):
    data = raw_exchange(server, b"GET /_iamulator/health HTTP/1.0\r\n\r\n")
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 ") and b"\r\nConnection: close" in head
    assert json.loads(body)["status"] == "running"


def test_a_virtual_host_key_beginning_with_a_slash_keeps_it(server):
    """``bucket.localhost/`` + ``/lead``: the request target starts with ``//``, which the
    standard library's parser would collapse to ``/lead``."""
    import boto3
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest

    from clients_support import ROOT_KEY

    port = server.rsplit(":", 1)[1]
    s3 = boto3.client("s3", endpoint_url=server, region_name="us-east-1",
                      aws_access_key_id=ROOT_KEY["AccessKeyId"], aws_secret_access_key=ROOT_KEY["SecretAccessKey"])
    s3.create_bucket(Bucket="slash-keys")
    creds = boto3.Session(aws_access_key_id=ROOT_KEY["AccessKeyId"],
                          aws_secret_access_key=ROOT_KEY["SecretAccessKey"]).get_credentials()
    put = AWSRequest("PUT", f"http://slash-keys.localhost:{port}//lead", data=b"slash",
                     headers={"x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
    S3SigV4Auth(creds, "s3", "us-east-1").add_auth(put)
    lines = [f"PUT //lead HTTP/1.1", *(f"{k}: {v}" for k, v in put.headers.items()),
             "Host: " + f"slash-keys.localhost:{port}", "Content-Length: 5", "Connection: close"]
    data = raw_exchange(server, ("\r\n".join(lines) + "\r\n\r\n").encode() + b"slash")
    assert data.startswith(b"HTTP/1.1 200 "), data
    assert [o["Key"] for o in s3.list_objects_v2(Bucket="slash-keys")["Contents"]] == ["/lead"]


def test_the_handler_sends_a_header_value_beyond_latin_1_as_utf_8_instead_of_failing():
    import threading

    from werkzeug.serving import make_server

    from iamulator.server.app import KeepAliveHandler

    def app(environ, start_response):
        start_response("200 OK", [("x-amz-meta-name", "ключ")])
        return [b"ok"]

    srv = make_server("127.0.0.1", 0, app, threaded=True, request_handler=KeepAliveHandler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        data = raw_exchange(f"http://127.0.0.1:{srv.server_port}",
                            b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    finally:
        srv.shutdown()
    assert data.startswith(b"HTTP/1.1 200 OK\r\n")
    assert "x-amz-meta-name: ключ".encode() in data and data.endswith(b"\r\n\r\nok")
