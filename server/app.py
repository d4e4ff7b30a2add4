"""The HTTP front door: every shipped service on one port, through the same dispatch function."""
from __future__ import annotations

from urllib.parse import quote

from flask import Flask, Response as FlaskResponse, request as flask_request

from iamulator.server.dispatch import dispatch
from iamulator.services.http import Request


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


def _serve():
    req = flask_request
    if req.path.startswith(ADMIN_PREFIX):
        from iamulator.server import admin

        return _flask_response(admin.handle(_request(req)), req)
    return _flask_response(dispatch(_request(req)), req)


#: The reserved path of the emulator's own endpoints (health, reset, decisions, snapshot).
ADMIN_PREFIX = "/_iamulator/"


def _request(req) -> Request:
    return Request(req.method, _full_url(req.environ), dict(req.headers.items()), req.get_data(),
                   remote_addr=req.remote_addr)


def _flask_response(resp, req):
    out = FlaskResponse(resp.body, status=resp.status)
    out.headers.clear()
    for k, v in resp.headers.items():
        out.headers[k] = v
    if req.method == "HEAD" and "Content-Length" in resp.headers:
        # HEAD answers announce the length of the body a GET would have had.
        out.automatically_set_content_length = False
    return out


def create_app() -> Flask:
    app = Flask("iamulator")
    # Every path belongs to some AWS API (S3 keys may hold '//' or end in '/'), so Flask's own
    # routing must never redirect or 404: answer before it gets a say.
    app.before_request(_serve)
    return app


def run(host: str = "127.0.0.1", port: int = 5000, ssl_context=None) -> None:
    """Serve until interrupted; ``ssl_context`` (werkzeug's: a (cert, key) pair of paths or an
    ``ssl.SSLContext``) serves https."""
    from werkzeug.serving import WSGIRequestHandler, run_simple

    # Keep-alive: SDKs reuse connections, and a new TCP connection per call dominates latency.
    WSGIRequestHandler.protocol_version = "HTTP/1.1"
    run_simple(host, port, create_app(), threaded=True, use_reloader=False, ssl_context=ssl_context)
