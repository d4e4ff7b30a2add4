"""The json protocol (JSON 1.0/1.1 bodies, operation named by ``X-Amz-Target``)."""
from __future__ import annotations

import json

from iamulator.services.errors import AWSError
from iamulator.services.http import Response
from iamulator.services.protocol import faults, jsonbody, requestid
from iamulator.services.protocol.compiled import BadInput, per_model, service_memo

_dumps = json.JSONEncoder(separators=(",", ":")).encode


def serialization_error(message: str) -> AWSError:
    return AWSError("SerializationException", message, 400)


def parse_json(body):
    if not body or not body.strip():
        return {}
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as e:   # nesting too deep for the parser
        raise serialization_error(f"Could not parse request body into json: {e}") from None


def decode(operation_model, request, uri_params=None):
    shape = operation_model.input_shape
    data = parse_json(request.body)
    if shape is None:
        return {}
    dec = per_model(operation_model, "_iamulator_dec_json", lambda: jsonbody.decoder(
        shape, service_memo(operation_model.service_model, "jdec")))
    try:
        return dec(data)
    except BadInput as e:
        raise serialization_error(e.message) from None


def content_type(service_model) -> str:
    return f"application/x-amz-json-{service_model.metadata.get('jsonVersion', '1.0')}"


def encode(operation_model, result, status=None, extra_headers=None, request=None):
    shape = operation_model.output_shape
    stream_name = shape.event_stream_name if shape is not None else None
    if stream_name:
        return _encode_event_stream(operation_model, shape, stream_name, result or {},
                                    status, extra_headers)
    if shape is not None and result:
        enc = per_model(operation_model, "_iamulator_enc_json", lambda: jsonbody.encoder(
            shape, service_memo(operation_model.service_model, "jenc")))
        body = _dumps(enc(result)).encode("utf-8")
    else:
        body = b"{}"
    headers = {"Content-Type": content_type(operation_model.service_model),
               "x-amzn-RequestId": requestid.new()}
    if extra_headers:
        headers.update(extra_headers)
    return Response(status or 200, headers, body)


def error_body(service_model, fault, error, type_name) -> dict:
    """``{"__type": ..., "message": ..., **fields}`` with modeled fields under their JSON names."""
    out = {"__type": type_name}
    message_key = "message"
    if fault.shape is not None:
        members = fault.shape.members
        for candidate in faults.MESSAGE_MEMBERS:
            if candidate in members:
                message_key = members[candidate].serialization.get("name", candidate)
                break
    out[message_key] = error.message or ""
    modeled, plain = faults.modeled_fields(fault, error.fields)
    if modeled:
        enc = per_model(fault.shape, "_iamulator_json_fields", lambda: jsonbody.encoder(
            fault.shape, service_memo(service_model, "jenc")))
        out.update(enc(modeled))
    for k, v in plain.items():
        out[k] = v if isinstance(v, (str, int, float, bool, list, dict)) else str(v)
    return out


def encode_error(service_model, error, operation_model=None):
    fault = faults.resolve(service_model, error)
    query_compatible = service_model is not None and "awsQueryCompatible" in service_model.metadata
    type_name = fault.shape_name if query_compatible else fault.code
    headers = {"Content-Type": content_type(service_model) if service_model is not None
               else "application/x-amz-json-1.0",
               "x-amzn-RequestId": requestid.new(), "x-amzn-ErrorType": type_name}
    if query_compatible:
        headers["x-amzn-query-error"] = f"{fault.code};{'Sender' if fault.sender else 'Receiver'}"
    if error.headers:
        headers.update(error.headers)
    body = _dumps(error_body(service_model, fault, error, type_name)).encode("utf-8")
    return Response(fault.status, headers, body)


def _encode_event_stream(operation_model, shape, stream_name, result, status, extra_headers):
    """The json protocol streams its whole body: an ``initial-response`` event carrying the
    other output members, then the events."""
    from iamulator.services.protocol import eventstream
    enc = per_model(operation_model, "_iamulator_enc_json", lambda: jsonbody.encoder(
        shape, service_memo(operation_model.service_model, "jenc")))
    rest = {k: v for k, v in result.items() if k != stream_name}
    initial = _dumps(enc(rest)).encode("utf-8")
    body = eventstream.encode_stream(shape.members[stream_name], result.get(stream_name), False,
                                     operation_model.service_model, initial=initial)
    headers = {"Content-Type": "application/vnd.amazon.eventstream",
               "x-amzn-RequestId": requestid.new()}
    if extra_headers:
        headers.update(extra_headers)
    return Response(status or 200, headers, body)
