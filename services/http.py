"""The request and response values that flow through the pipeline, front-door neutral.

They live beside the codec (which reads requests and builds responses) so that services never
import the server layer; `server.dispatch` re-exports them.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit


class Request:
    """An HTTP request as received: method, full URL, headers (lower-cased keys), raw body, and
    the client's address as the front door saw it (None in-process): never taken from a header,
    so that ``aws:SourceIp`` cannot be spoofed."""

    __slots__ = ("method", "url", "headers", "body", "remote_addr", "_parts", "_query")

    def __init__(self, method: str, url: str, headers: dict, body: bytes = b"",
                 remote_addr: str | None = None):
        self.method = method.upper()
        self.url = url
        # Keys are lower-cased once here so that every later lookup is a plain dict get.
        # botocore hands some header values over as bytes; everything downstream reads str.
        self.headers = {k.lower(): (v.decode("latin-1") if isinstance(v, bytes) else v)
                        for k, v in headers.items()}
        self.body = body if body is not None else b""
        self.remote_addr = remote_addr
        self._parts = None
        self._query = None

    def _split(self):
        if self._parts is None:
            self._parts = urlsplit(self.url)
        return self._parts

    @property
    def host(self) -> str:
        return self.headers.get("host") or self._split().netloc

    @property
    def path(self) -> str:
        """The raw (still percent-encoded) path."""
        return self._split().path or "/"

    @property
    def raw_query(self) -> str:
        return self._split().query

    @property
    def query(self) -> dict[str, list[str]]:
        """Query parameters, decoded, each name mapped to all its values in order."""
        if self._query is None:
            q: dict[str, list[str]] = {}
            for k, v in parse_qsl(self._split().query, keep_blank_values=True):
                q.setdefault(k, []).append(v)
            self._query = q
        return self._query

    def __repr__(self):
        return f"Request({self.method} {self.url})"


class Response:
    __slots__ = ("status", "headers", "body")

    def __init__(self, status: int = 200, headers: dict | None = None, body: bytes = b""):
        self.status = status
        self.headers = headers if headers is not None else {}
        self.body = body

    def __repr__(self):
        return f"Response({self.status}, {len(self.body)} bytes)"
