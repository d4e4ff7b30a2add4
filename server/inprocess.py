"""The in-process front door: botocore and ``requests`` traffic is served by the pipeline.

Two hooks, installed on first start and cheap to toggle afterwards:
- a ``before-send`` handler among botocore's built-in handlers, so every client created after
  the first start answers from the mock without touching the network;
- ``botocore.endpoint.Endpoint._send`` replaced while active, catching clients created before
  the hook existed, so that nothing ever reaches real AWS while a mock is active.
``requests`` calls to AWS hosts (e.g. a presigned URL) are answered the same way.
"""
from __future__ import annotations

import io
import threading

from iamulator.services.http import Request

_lock = threading.RLock()
_active = 0
_installed = False
_original_send = None
_original_requests_send = None

AWS_HOST_SUFFIXES = (".amazonaws.com", ".amazonaws.com.cn", ".api.aws", ".c2s.ic.gov", ".sc2s.sgov.gov")


def is_active() -> bool:
    return _active > 0


class _RawBody(io.BytesIO):
    """The body botocore reads: ``stream()`` for whole bodies, ``read(n)`` for streaming ones."""

    def stream(self, **_):
        data = self.getvalue()
        if data:
            yield data


def _read_body(body) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):
        data = body.read()
        return data.encode("utf-8") if isinstance(data, str) else data
    return b"".join(body)


def _serve(aws_request):
    from botocore.awsrequest import AWSResponse

    from iamulator.server.dispatch import dispatch

    resp = dispatch(Request(aws_request.method, aws_request.url, dict(aws_request.headers.items()),
                            _read_body(aws_request.body)))
    return AWSResponse(aws_request.url, resp.status, resp.headers, _RawBody(resp.body))


def _before_send(request, **_):
    if _active:
        return _serve(request)
    return None


def _patched_send(self, request):
    if _active:
        return _serve(request)
    return _original_send(self, request)


def _is_aws_host(url: str) -> bool:
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    return host.endswith(AWS_HOST_SUFFIXES)


def _patched_requests_send(self, request, *args, **kwargs):
    if not (_active and _is_aws_host(request.url)):
        return _original_requests_send(self, request, *args, **kwargs)
    import requests
    from requests.structures import CaseInsensitiveDict

    from iamulator.server.dispatch import dispatch

    resp = dispatch(Request(request.method, request.url, dict(request.headers), _read_body(request.body)))
    out = requests.Response()
    out.status_code = resp.status
    out.headers = CaseInsensitiveDict(resp.headers)
    out._content = resp.body
    out.url = request.url
    out.request = request
    out.reason = _REASONS.get(resp.status, "")
    out.encoding = requests.utils.get_encoding_from_headers(out.headers)
    return out


_REASONS = {200: "OK", 204: "No Content", 206: "Partial Content", 304: "Not Modified", 400: "Bad Request",
            403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
            412: "Precondition Failed", 416: "Requested Range Not Satisfiable", 500: "Internal Server Error",
            501: "Not Implemented"}


def _install():
    """One-time: put the hook among botocore's built-in handlers (for every later session)."""
    global _installed
    from botocore import handlers

    if ("before-send", _before_send) not in handlers.BUILTIN_HANDLERS:
        handlers.BUILTIN_HANDLERS.append(("before-send", _before_send))
    _installed = True


def _patch():
    global _original_send, _original_requests_send
    from botocore.endpoint import Endpoint

    _original_send = Endpoint._send
    Endpoint._send = _patched_send
    try:
        from requests.adapters import HTTPAdapter
    except ImportError:
        return
    _original_requests_send = HTTPAdapter.send
    HTTPAdapter.send = _patched_requests_send


def _unpatch():
    global _original_send, _original_requests_send
    from botocore.endpoint import Endpoint

    Endpoint._send = _original_send
    _original_send = None
    if _original_requests_send is not None:
        from requests.adapters import HTTPAdapter

        HTTPAdapter.send = _original_requests_send
        _original_requests_send = None


def activate() -> bool:
    """Start intercepting; True if this was the outermost activation."""
    global _active
    with _lock:
        if not _installed:
            _install()
        _active += 1
        if _active == 1:
            _patch()
            return True
        return False


def deactivate() -> None:
    global _active
    with _lock:
        if _active == 0:
            return
        _active -= 1
        if _active == 0:
            _unpatch()
