"""The model-driven codec: wire request -> params dict, result dict -> wire response.

Everything is driven by botocore's service models; no service's wire format is written by hand.
Per-operation plans and per-shape functions are compiled on first use and kept on the model
objects, so steady-state calls run straight-line code.

Contract (used by ``server.dispatch``):

``decode(operation_model, request, protocol, uri_params=None) -> dict``
    The input params keyed by the input shape's member names, as a boto3 caller would pass them:
    str, int, float, bool, ``datetime`` (timezone-aware UTC) for timestamps, ``bytes`` for blobs
    (a streaming payload too), lists, dicts, nested structures. Absent members stay absent.
    ``uri_params`` are the URI-template labels the router matched (values still percent-encoded;
    a greedy label may be keyed ``Key`` or ``Key+``); when None they are matched here.
    ``aws-chunked`` bodies are unwrapped (trailers become headers) and request checksums
    (``Content-MD5``, ``x-amz-checksum-*``) verified before decoding.
    Bad input raises ``AWSError`` with the code the real service returns (json:
    SerializationException; query/ec2: InvalidParameterValue / InvalidQueryParameter;
    rest-xml: MalformedXML / InvalidArgument; rest-json: SerializationException /
    ValidationException). Header values that arrive as bytes are turned into text in place.

``encode(operation_model, result, protocol, *, status=None, extra_headers=None, request=None) -> Response``
    The output dict (keyed by output member names) rendered as the service's response.
    Timestamps may be ``datetime`` (naive means UTC) or epoch numbers; a streaming payload may
    be bytes, str or a file-like object; an event-stream member is a list of events, each
    ``{EventName: {members}}``. ``status`` beats a ``statusCode`` member, which beats the
    model's ``responseCode``. ``request`` (optional) lets HEAD responses drop their body.

``encode_error(service_model, error, protocol, operation_model=None) -> Response``
    An ``AWSError`` in the protocol's own error format. When ``error.code`` names an error shape
    (or its wire code) the shape's ``error`` trait decides code, status and fault side, and
    ``error.fields`` fill its members (fields named like the envelope's own parts, e.g.
    ``Code``, are the envelope's). S3 errors are ``<Error>`` documents, empty for HEAD.

``detect_protocol(service_model, request) -> str``
    Which of the service's protocols this request speaks (e.g. query or json for CloudWatch).

``match_uri(template, path, query=None) -> dict | None``
    The labels of a REST ``requestUri`` template in a path (for the router and for tests).

S3 helpers shared with the S3 backend live beside this file: ``chunked`` (aws-chunked bodies),
``checksums`` (CRC32/CRC32C/CRC64NVME/SHA1/SHA256/MD5, request verification), ``ranges``.
"""
from __future__ import annotations

import importlib

from iamulator.services.errors import AWSError
from iamulator.services.protocol.uri import match_uri

__all__ = ["decode", "encode", "encode_error", "detect_protocol", "match_uri"]

# protocol -> (module, keyword arguments its functions take)
_CODECS = {
    "json": ("jsonrpc", {}),
    "rest-json": ("rest", {"xml": False}),
    "rest-xml": ("rest", {"xml": True}),
    "query": ("query", {"ec2": False}),
    "ec2": ("query", {"ec2": True}),
}
_loaded: dict = {}


def _codec(protocol: str):
    entry = _loaded.get(protocol)
    if entry is None:
        spec = _CODECS.get(protocol)
        if spec is None:
            raise unsupported_protocol(protocol)
        module = importlib.import_module(f"iamulator.services.protocol.{spec[0]}")
        entry = (module, spec[1])
        _loaded[protocol] = entry
    return entry


def unsupported_protocol(protocol: str) -> AWSError:
    return AWSError("UnsupportedProtocol",
                    f"The {protocol} protocol is not supported by iamulator; "
                    "clients can use the service's json protocol instead.", 415)


def _text_headers(request) -> None:
    """Header values as text: botocore's prepared requests carry some as bytes."""
    headers = request.headers
    for key, value in headers.items():
        if type(value) is not str:
            for k, v in list(headers.items()):
                if isinstance(v, (bytes, bytearray)):
                    headers[k] = bytes(v).decode("latin-1")
                elif not isinstance(v, str):
                    headers[k] = str(v)
            return


def decode(operation_model, request, protocol, uri_params=None) -> dict:
    module, kw = _codec(protocol)
    _text_headers(request)
    if operation_model.request_compression:
        _decompress(request)
    return module.decode(operation_model, request, uri_params, **kw)


def _decompress(request) -> None:
    """Bodies of operations the model marks ``requestcompression`` may arrive gzipped (botocore
    compresses those over 10 KiB). Only those: for S3, Content-Encoding describes the object."""
    encodings = [e.strip().lower() for e in request.headers.get("content-encoding", "").split(",") if e.strip()]
    if "gzip" not in encodings:
        return
    import gzip
    import zlib

    try:
        request.body = gzip.decompress(request.body)
    except (OSError, EOFError, zlib.error):
        raise AWSError("SerializationException", "The request body is not valid gzip.", 400) from None
    rest = [e for e in encodings if e != "gzip"]
    if rest:
        request.headers["content-encoding"] = ", ".join(rest)
    else:
        request.headers.pop("content-encoding", None)


def encode(operation_model, result, protocol, *, status=None, extra_headers=None, request=None):
    module, kw = _codec(protocol)
    return module.encode(operation_model, result, status, extra_headers, request, **kw)


def encode_error(service_model, error, protocol, operation_model=None):
    if protocol not in _CODECS:
        protocol = service_model.resolved_protocol if service_model is not None else "json"
        if protocol not in _CODECS:
            protocol = "json"
    module, kw = _codec(protocol)
    return module.encode_error(service_model, error, operation_model, **kw)


def detect_protocol(service_model, request) -> str:
    from iamulator.services.protocol.detect import detect_protocol as detect
    _text_headers(request)
    return detect(service_model, request)
