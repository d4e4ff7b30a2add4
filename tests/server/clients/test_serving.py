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
