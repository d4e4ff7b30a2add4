"""Which protocol a request speaks, for services whose model lists several."""
from __future__ import annotations

from iamulator.services.errors import AWSError


def _is_cbor(headers: dict) -> bool:
    return (headers.get("smithy-protocol", "").lower() == "rpc-v2-cbor"
            or "application/cbor" in headers.get("content-type", ""))


def detect_protocol(service_model, request) -> str:
    headers = request.headers
    if _is_cbor(headers):
        raise AWSError("UnsupportedProtocol",
                       "The smithy-rpc-v2-cbor protocol is not supported by iamulator; "
                       "clients can use the service's json protocol instead.", 415)
    meta = service_model.metadata
    protocols = meta.get("protocols") or [meta.get("protocol")]
    resolved = service_model.resolved_protocol
    if len(protocols) == 1:
        return resolved
    ctype = headers.get("content-type", "")
    if "json" in protocols and ("x-amz-target" in headers or ctype.startswith("application/x-amz-json")):
        return "json"
    form = ctype.startswith("application/x-www-form-urlencoded")
    if form or "Action" in request.query:
        for candidate in ("query", "ec2"):
            if candidate in protocols:
                return candidate
    for candidate in ("rest-json", "rest-xml"):
        if candidate in protocols:
            return candidate
    return resolved
