"""The HTTP front door: every shipped service on one port, through the same dispatch function.

The app is a Flask app, but every request is answered by its WSGI callable directly: all paths
belong to some AWS API (S3 keys may hold ``//`` or end in ``/``), so Flask's routing, request
and response objects would only add cost and chances to redirect or 404. ``run`` serves it with
a request handler that keeps connections open, as SDKs expect.
"""
from __future__ import annotations

import logging
import time
from email.utils import formatdate
from urllib.parse import quote

from flask import Flask
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.serving import WSGIRequestHandler

from iamulator.server.dispatch import dispatch
from iamulator.services.http import Request

#: The reserved path of the emulator's own endpoints (health, reset, decisions, snapshot).
ADMIN_PREFIX = "/_iamulator/"

_NO_BODY_STATUSES = frozenset({204, 304})


def _full_url(environ) -> str:
    # The raw request line keeps the client's percent-encoding, which S3 keys and SigV4
    # canonical requests depend on; PATH_INFO has already been decoded.
    target = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if not target:
        target = quote(environ.get("PATH_INFO", "/"), safe="/~!$&'()*+,;=:@%")
        if environ.get("QUERY_STRING"):
            target += "?" + environ["QUERY_STRING"]
    if target.startswith(("http://", "https://")):  # absolute-form request line (proxies)
        return target
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}{target}"


def _headers(environ) -> dict:
    """The request's headers, lower-cased, straight from the WSGI environ."""
    headers = {key[5:].replace("_", "-").lower(): value
               for key, value in environ.items() if key.startswith("HTTP_")}
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    if environ.get("CONTENT_LENGTH"):
        headers["content-length"] = environ["CONTENT_LENGTH"]
    return headers


def _body(environ) -> bytes:
    stream = environ["wsgi.input"]
    if environ.get("wsgi.input_terminated"):  # chunked transfer encoding: read to its end
        return stream.read()
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return stream.read(length) if length > 0 else b""


def _status_line(status: int) -> str:
    return f"{status} {HTTP_STATUS_CODES.get(status, 'UNKNOWN').upper()}"


def serve(environ, start_response):
    """The WSGI callable: one AWS request in, its answer out."""
    request = Request(environ["REQUEST_METHOD"], _full_url(environ), _headers(environ), _body(environ),
                      remote_addr=environ.get("REMOTE_ADDR"))
    if environ.get("PATH_INFO", "").startswith(ADMIN_PREFIX):
        from iamulator.server import admin

        resp = admin.handle(request)
    else:
        resp = dispatch(request)
    headers = list(resp.headers.items())
    if resp.status not in _NO_BODY_STATUSES and not any(k.lower() == "content-length" for k, _ in headers):
        # HEAD answers announce the length of the body a GET would have had: the codec sets it
        # when it knows; otherwise it is the length of what was built.
        headers.append(("Content-Length", str(len(resp.body))))
    start_response(_status_line(resp.status), headers)
    return [] if request.method == "HEAD" else [resp.body]


def create_app() -> Flask:
    app = Flask("iamulator")
    app.wsgi_app = serve
    return app


class KeepAliveHandler(WSGIRequestHandler):
    """werkzeug's development handler closes every connection after one response (and waits up
    to 10 ms for stray input before closing), so each SDK call paid a new connection and a new
    thread. This one reads the whole request body before the app runs, so the next request on
    the connection always starts where this one ended, and answers in a single write."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    #: One line per request on stderr, as werkzeug prints them; off by default: it costs as much
    #: as a cheap operation.
    access_log = False

    def parse_request(self) -> bool:
        """http.server's parser builds an email message from the headers, which costs more than
        routing the request; SDK request lines take this plain path. It also keeps a path that
        starts with ``//`` as sent (http.server collapses it), since S3 keys may begin with ``/``."""
        words = self.raw_requestline.decode("latin-1").rstrip("\r\n").split()
        if len(words) == 3 and words[2].startswith("HTTP/") and words[2] not in ("HTTP/1.1", "HTTP/1.0"):
            # http.server answers other versions 505; for a mock of HTTP/1.1 APIs such a request
            # is simply bad input, answered 400 like every other malformed request line.
            self.request_version = "HTTP/1.0"
            self.close_connection = True
            self.send_error(400, f"Bad request version ({words[2]!r})")
            return False
        if len(words) != 3 or words[2] not in ("HTTP/1.1", "HTTP/1.0"):
            return super().parse_request()  # the headers are still unread: it starts afresh
        self.requestline = " ".join(words)
        self.command, self.path, self.request_version = words
        headers = _Headers()
        while True:
            line = self.rfile.readline(_MAX_LINE + 1)
            if len(line) > _MAX_LINE:
                self.send_error(431, "Line too long")
                return False
            if line in (b"\r\n", b"\n", b""):
                break
            if len(headers) == _MAX_HEADERS:
                self.send_error(431, "Too many headers")
                return False
            name, colon, value = line.decode("latin-1").partition(":")
            if not colon or not name or name != name.strip():
                self.send_error(400, "Bad request header")
                return False
            headers.append((name, value.strip()))
        self.headers = headers
        connection = headers.get("Connection", "").lower()
        self.close_connection = connection == "close" or (
            self.request_version == "HTTP/1.0" and connection != "keep-alive")
        if self.request_version == "HTTP/1.1" and headers.get("Expect", "").lower() == "100-continue":
            return self.handle_expect_100()
        return True

    def run_wsgi(self) -> None:
        # "Expect: 100-continue" was answered by http.server's parse_request already.
        environ = self.make_environ()
        try:
            self._buffer_body(environ)
        except (OSError, ValueError):
            self.close_connection = True
            self._send(400, [("Content-Type", "text/plain")], b"the request body could not be read", "GET")
            return
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"], answer["headers"] = status, headers
            return lambda data: answer.setdefault("written", []).append(data)

        try:
            chunks = self.server.app(environ, start_response)
            try:
                body = b"".join([*answer.get("written", ()), *chunks])
            finally:
                getattr(chunks, "close", lambda: None)()
            status = int(answer["status"].split(None, 1)[0])
        except Exception:
            self.close_connection = True
            logging.getLogger("iamulator").exception("error answering %s %s", self.command, self.path)
            self._send(500, [("Content-Type", "text/plain")], b"internal error", "GET")
            return
        self._send(status, answer["headers"], body, self.command)

    def _buffer_body(self, environ) -> None:
        from io import BytesIO

        if environ.get("wsgi.input_terminated"):
            environ["wsgi.input"] = BytesIO(environ["wsgi.input"].read())
            return
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        if len(body) != length:
            raise ValueError("the connection closed before the body ended")
        environ["wsgi.input"] = BytesIO(body)

    def _send(self, status: int, headers, body: bytes, method: str) -> None:
        lines = [f"{self.protocol_version} {_status_line(status)}"]
        has_length = False
        for key, value in headers:
            lines.append(f"{key}: {value}")
            has_length = has_length or key.lower() == "content-length"
        if not has_length and status not in _NO_BODY_STATUSES and method != "HEAD":
            lines.append(f"Content-Length: {len(body)}")
        lines.append(f"Date: {_http_date()}")
        if self.close_connection:
            lines.append("Connection: close")
        text = "\r\n".join(lines) + "\r\n\r\n"
        try:
            head = text.encode("latin-1")
        except UnicodeEncodeError:  # a header value beyond latin-1: send its UTF-8 bytes, never fail
            head = text.encode("utf-8")
        self.wfile.write(head if method == "HEAD" or status in _NO_BODY_STATUSES else head + body)
        self.log_request(status, len(body))

    def log_request(self, code="-", size="-") -> None:
        if self.access_log:
            super().log_request(code, size)


_MAX_LINE = 65536
_MAX_HEADERS = 100


class _Headers(list):
    """(name, value) pairs as received, with the two lookups http.server and werkzeug make."""

    def get(self, name: str, default=None):
        name = name.lower()
        for key, value in self:
            if key.lower() == name:
                return value
        return default

    def items(self):
        return self


_date = (0, "")


def _http_date() -> str:
    """The Date header, formatted once a second."""
    global _date
    now = int(time.time())
    if _date[0] != now:
        _date = (now, formatdate(now, usegmt=True))
    return _date[1]


def run(host: str = "127.0.0.1", port: int = 5000, ssl_context=None, access_log: bool = False) -> None:
    """Serve until interrupted; ``ssl_context`` (werkzeug's: a (cert, key) pair of paths or an
    ``ssl.SSLContext``) serves https; ``access_log`` prints a line per request."""
    from werkzeug.serving import run_simple

    handler = type("Handler", (KeepAliveHandler,), {"access_log": access_log})
    run_simple(host, port, create_app(), threaded=True, use_reloader=False, ssl_context=ssl_context,
               request_handler=handler)
