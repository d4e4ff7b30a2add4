"""The query and ec2 protocols: form-encoded requests (POST body or GET query string) and
XML responses (``<OpResponse><OpResult>`` for query, ``<OpResponse><requestId>`` for ec2)."""
from __future__ import annotations

from urllib.parse import parse_qsl

from iamulator.services.errors import AWSError
from iamulator.services.http import Response
from iamulator.services.protocol import faults, querybody, requestid, xmlbody
from iamulator.services.protocol.compiled import BadInput, per_model, service_memo
from iamulator.services.protocol.xmltext import escape

_XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>'


def _pairs(request):
    pairs = []
    if request.raw_query:
        pairs.extend(parse_qsl(request.raw_query, keep_blank_values=True, errors="strict"))
    body = request.body
    if body:
        ctype = request.headers.get("content-type", "")
        if not ctype or ctype.startswith("application/x-www-form-urlencoded"):
            text = body.decode("utf-8") if isinstance(body, (bytes, bytearray)) else body
            pairs.extend(parse_qsl(text, keep_blank_values=True, errors="strict"))
    return pairs


def decode(operation_model, request, uri_params=None, ec2=False):
    try:
        pairs = _pairs(request)
    except (UnicodeDecodeError, ValueError):
        raise AWSError("InvalidQueryParameter",
                       "The AWS query string is malformed or does not adhere to AWS standards.")
    shape = operation_model.input_shape
    if shape is None:
        return {}
    dec = per_model(operation_model, "_iamulator_dec_ec2" if ec2 else "_iamulator_dec_query",
                    lambda: querybody.decoder(
                        shape, service_memo(operation_model.service_model, "qdec" + "ec2" * ec2),
                        ec2))
    try:
        return dec(querybody.tree(pairs))
    except BadInput as e:
        raise AWSError("InvalidParameterValue", e.message) from None


def namespace(service_model, ec2=False) -> str:
    meta = service_model.metadata
    ns = meta.get("xmlNamespace")
    if ns:
        return ns if isinstance(ns, str) else ns.get("uri", "")
    if ec2:
        return f"http://ec2.amazonaws.com/doc/{meta.get('apiVersion', '')}/"
    return f"https://{meta.get('endpointPrefix', '')}.amazonaws.com/doc/{meta.get('apiVersion', '')}/"


def _response_writer(operation_model, ec2):
    """(prefix, write_members, suffix): the constant parts of this operation's response."""
    service_model = operation_model.service_model
    name = operation_model.name
    ns = escape(namespace(service_model, ec2))
    shape = operation_model.output_shape
    write = None
    if shape is not None:
        write = xmlbody.structure_content(
            shape, service_memo(service_model, "xmlw" + "ec2" * ec2), ec2)
    if ec2:
        return (f'{_XML_DECL}<{name}Response xmlns="{ns}"><requestId>', "</requestId>",
                write, f"</{name}Response>")
    wrapper = shape.serialization.get("resultWrapper") if shape is not None else None
    open_result = f"<{wrapper}>" if wrapper else ""
    close_result = f"</{wrapper}>" if wrapper else ""
    return (f'{_XML_DECL}<{name}Response xmlns="{ns}">{open_result}',
            f"{close_result}<ResponseMetadata><RequestId>", write,
            f"</RequestId></ResponseMetadata></{name}Response>")


def encode(operation_model, result, status=None, extra_headers=None, request=None, ec2=False):
    head, middle, write, tail = per_model(
        operation_model, "_iamulator_enc_ec2" if ec2 else "_iamulator_enc_query",
        lambda: _response_writer(operation_model, ec2))
    rid = requestid.new()
    if ec2:
        parts = [head, rid, middle]
        if write is not None and result:
            write(parts, result)
    else:
        parts = [head]
        if write is not None and result:
            write(parts, result)
        parts.append(middle)
        parts.append(rid)
    parts.append(tail)
    headers = {"Content-Type": "text/xml", "x-amzn-RequestId": rid}
    if extra_headers:
        headers.update(extra_headers)
    return Response(status or 200, headers, "".join(parts).encode("utf-8"))


def _fields_xml(service_model, fault, fields, ec2):
    modeled, plain = faults.modeled_fields(fault, fields)
    parts = []
    if modeled:
        write = per_model(fault.shape, "_iamulator_xml_fields" + "ec2" * ec2,
                          lambda: xmlbody.structure_content(
                              fault.shape, service_memo(service_model, "xmlw" + "ec2" * ec2), ec2))
        write(parts, modeled)
    for k, v in plain.items():
        parts.append(f"<{k}>{escape(str(v))}</{k}>")
    return "".join(parts)


def encode_error(service_model, error, operation_model=None, ec2=False):
    fault = faults.resolve(service_model, error)
    rid = requestid.new()
    fields = _fields_xml(service_model, fault, error.fields, ec2) if error.fields else ""
    code = escape(fault.code)
    message = escape(error.message or "")
    if ec2:
        body = (f"{_XML_DECL}<Response><Errors><Error><Code>{code}</Code>"
                f"<Message>{message}</Message>{fields}</Error></Errors>"
                f"<RequestID>{rid}</RequestID></Response>")
    else:
        kind = "Sender" if fault.sender else "Receiver"
        ns = escape(namespace(service_model)) if service_model is not None else ""
        body = (f'{_XML_DECL}<ErrorResponse xmlns="{ns}"><Error><Type>{kind}</Type>'
                f"<Code>{code}</Code><Message>{message}</Message>{fields}</Error>"
                f"<RequestId>{rid}</RequestId></ErrorResponse>")
    headers = {"Content-Type": "text/xml", "x-amzn-RequestId": rid}
    if error.headers:
        headers.update(error.headers)
    return Response(fault.status, headers, body.encode("utf-8"))
