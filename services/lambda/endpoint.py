"""The address function processes send their AWS calls to.

In-process mocks intercept botocore inside this process only, so a function running in a child
process reaches the emulator over HTTP: the HTTP front door (``iamulator.server.app``, the same
dispatch pipeline) is started once, on the first invocation, on a free loopback port in a
daemon thread, and serves every invocation after it.
"""
from __future__ import annotations

import threading

_lock = threading.Lock()
_url: list = []


def url() -> str:
    """``http://127.0.0.1:<port>`` of the running front door, started if need be."""
    if _url:
        return _url[0]
    with _lock:
        if not _url:
            _url.append(_start())
    return _url[0]


def _start() -> str:
    from werkzeug.serving import WSGIRequestHandler, make_server

    from iamulator.server.app import create_app

    class QuietHandler(WSGIRequestHandler):
        # Keep-alive: a function's SDK client reuses its connection across calls.
        protocol_version = "HTTP/1.1"

        def log_request(self, *args, **kwargs):
            # One line per call a function makes would drown the test output.
            pass

    server = make_server("127.0.0.1", 0, create_app(), threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="iamulator-lambda-endpoint", daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.server_port}"
