"""The model-driven codec: wire request -> params dict, result dict -> wire response.

Everything is driven by botocore's service models; no service's wire format is written by hand.

Contract (used by ``server.dispatch``):

``decode(operation_model, request, protocol, uri_params=None) -> dict``
    The input params keyed by the input shape's member names, as a boto3 caller would pass them:
    str, int, float, bool, ``datetime`` (timezone-aware UTC) for timestamps, ``bytes`` for blobs
    (a streaming payload too), lists, dicts, nested structures. Absent members stay absent.
    ``uri_params`` are the URI-template labels the router matched (values still percent-encoded).
    Bad input raises ``AWSError`` with the code the real service returns.

``encode(operation_model, result, protocol, *, status=None, extra_headers=None, request=None) -> Response``
    The output dict (keyed by output member names) rendered as the service's response.

``encode_error(service_model, error, protocol, operation_model=None) -> Response``
    An ``AWSError`` in the protocol's own error format.

``detect_protocol(service_model, request) -> str``
    Which of the service's protocols this request speaks (e.g. query or json for CloudWatch).
"""
