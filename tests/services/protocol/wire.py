"""Test plumbing: botocore's own serializer and parsers on either side of the codec."""
from __future__ import annotations

import io

from botocore.awsrequest import HeadersDict, create_request_object, prepare_request_dict
from botocore.parsers import create_parser
from botocore.response import StreamingBody
from botocore.serialize import create_serializer

from iamulator.services.http import Request


def endpoint_for(service_model) -> str:
    prefix = service_model.metadata.get("endpointPrefix", service_model.service_name)
    return f"https://{prefix}.us-east-1.amazonaws.com"


def botocore_request(operation_model, params, protocol=None) -> Request:
    """``params`` serialized exactly as a botocore client would, as our Request."""
    protocol = protocol or operation_model.service_model.resolved_protocol
    serializer = create_serializer(protocol, include_validation=False)
    request_dict = serializer.serialize_to_request(params, operation_model)
    prepare_request_dict(request_dict, endpoint_for(operation_model.service_model))
    prepared = create_request_object(request_dict).prepare()
    body = prepared.body
    if body is None:
        body = b""
    elif isinstance(body, str):
        body = body.encode("utf-8")
    elif hasattr(body, "read"):
        body = body.read()
    return Request(prepared.method, prepared.url, dict(prepared.headers.items()), body)


class RawStream(io.BytesIO):
    """What botocore reads event streams from (urllib3's response ``.stream()``)."""

    def stream(self, amt=1024):
        while True:
            chunk = self.read(amt)
            if not chunk:
                return
            yield chunk


def botocore_parse(response, shape, protocol, operation_model=None):
    """What a botocore client makes of our Response (event streams read to a list)."""
    body = response.body
    if operation_model is not None and operation_model.has_event_stream_output \
            and response.status < 300:
        parsed = create_parser(protocol).parse({
            "status_code": response.status, "headers": HeadersDict(response.headers),
            "body": RawStream(body), "context": {"operation_name": operation_model.name},
        }, shape)
        for key, value in list(parsed.items()):
            if hasattr(value, "_event_generator"):
                parsed[key] = list(value)
        return parsed
    streaming = operation_model is not None and operation_model.has_streaming_output \
        and response.status < 300
    response_dict = {
        "status_code": response.status,
        "headers": HeadersDict(response.headers),
        "body": StreamingBody(io.BytesIO(body), len(body)) if streaming else body,
        "context": {"operation_name": operation_model.name if operation_model else ""},
    }
    return create_parser(protocol).parse(response_dict, shape)
