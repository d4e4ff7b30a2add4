"""The REST protocols (rest-json, rest-xml): params spread over URI labels, headers, query
string, status code and a body (a JSON or XML document, or a raw payload)."""
from __future__ import annotations

import base64
import binascii
import json
import math
from urllib.parse import unquote

from iamulator.services.errors import AWSError
from iamulator.services.http import Response
from iamulator.services.protocol import (chunked, checksums, faults, jsonbody, requestid,
                                         timestamps, uri, xmlbody)
from iamulator.services.protocol.compiled import BadInput, per_model, service_memo
from iamulator.services.protocol.xmltext import escape, namespace_attr

_SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
_XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>'
S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/"

# Root elements of S3 responses whose output shape the model leaves unnamed (from the S3 API
# reference); the XML readers ignore the root's name, people reading the XML do not.
_S3_ROOTS = {
    "ListBuckets": "ListAllMyBucketsResult",
    "ListDirectoryBuckets": "ListAllMyDirectoryBucketsResult",
    "ListObjects": "ListBucketResult",
    "ListObjectsV2": "ListBucketResult",
    "ListObjectVersions": "ListVersionsResult",
    "ListMultipartUploads": "ListMultipartUploadsResult",
    "ListParts": "ListPartsResult",
    "CreateMultipartUpload": "InitiateMultipartUploadResult",
    "CompleteMultipartUpload": "CompleteMultipartUploadResult",
    "DeleteObjects": "DeleteResult",
    "GetBucketAcl": "AccessControlPolicy",
    "GetObjectAcl": "AccessControlPolicy",
    "GetBucketCors": "CORSConfiguration",
    "GetBucketLifecycle": "LifecycleConfiguration",
    "GetBucketLifecycleConfiguration": "LifecycleConfiguration",
    "GetBucketLogging": "BucketLoggingStatus",
    "GetBucketNotification": "NotificationConfiguration",
    "GetBucketNotificationConfiguration": "NotificationConfiguration",
    "GetBucketRequestPayment": "RequestPaymentConfiguration",
    "GetBucketTagging": "Tagging",
    "GetObjectTagging": "Tagging",
    "GetBucketVersioning": "VersioningConfiguration",
    "GetBucketWebsite": "WebsiteConfiguration",
    "GetBucketAccelerateConfiguration": "AccelerateConfiguration",
    "GetBucketLocation": "LocationConstraint",
    "GetObjectAttributes": "GetObjectAttributesResponse",
    "ListBucketAnalyticsConfigurations": "ListBucketAnalyticsConfigurationResult",
    "ListBucketInventoryConfigurations": "ListInventoryConfigurationsResult",
    "ListBucketMetricsConfigurations": "ListMetricsConfigurationsResult",
    "CreateSession": "CreateSessionResult",
}


def is_s3(service_model) -> bool:
    return service_model is not None and service_model.metadata.get("endpointPrefix") == "s3"


# --- scalar text conversions (URI labels, headers, query strings) ---------------------------

def _text_int(v):
    try:
        return int(v.strip())
    except ValueError:
        raise BadInput(f"Invalid integer value: {v!r}") from None


def _text_float(v):
    v = v.strip()
    if v in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[v]
    try:
        return float(v)
    except ValueError:
        raise BadInput(f"Invalid number value: {v!r}") from None


def _text_bool(v):
    low = v.strip().lower()
    if low == "true":
        return True
    if low == "false":
        return False
    raise BadInput(f"Invalid boolean value: {v!r}")


def _text_timestamp(v):
    try:
        return timestamps.parse(v.strip())
    except timestamps.TimestampError as e:
        raise BadInput(str(e)) from None


def _text_jsonvalue(v):
    try:
        return json.loads(base64.b64decode(v, validate=True).decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadInput("Invalid base64-encoded JSON header value") from None


def _text_blob(v):
    return v.encode("utf-8")


def _text_str(v):
    return v


def split_header_list(value: str) -> list[str]:
    """``a, "b,c", "d\\"e"`` -> ``["a", "b,c", 'd"e']`` (RFC 7230 lists, as botocore writes)."""
    if '"' not in value:
        return [p.strip() for p in value.split(",")]
    out, buf, quoted, i = [], [], False, 0
    while i < len(value):
        c = value[i]
        if quoted:
            if c == "\\" and i + 1 < len(value):
                buf.append(value[i + 1])
                i += 1
            elif c == '"':
                quoted = False
            else:
                buf.append(c)
        elif c == '"':
            quoted = True
        elif c == ",":
            out.append("".join(buf).strip())
            buf = []
        else:
            buf.append(c)
        i += 1
    out.append("".join(buf).strip())
    return out


def _from_text(shape, in_header: bool):
    t = shape.type_name
    if t == "string":
        if in_header and shape.serialization.get("jsonvalue"):
            return _text_jsonvalue
        return _text_str
    if t in ("integer", "long", "short", "byte"):
        return _text_int
    if t in ("float", "double"):
        return _text_float
    if t == "boolean":
        return _text_bool
    if t == "timestamp":
        return _text_timestamp
    if t == "blob":
        return _text_blob
    if t == "list" and in_header:
        item = _from_text(shape.member, True)
        return lambda v: [item(x) for x in split_header_list(v)]
    return _text_str


def _str_bool(v):
    return "true" if v else "false"


def _str_float(v):
    v = float(v)
    if math.isfinite(v):
        return repr(v)
    return "NaN" if v != v else ("Infinity" if v > 0 else "-Infinity")


def _quote_list_item(v: str) -> str:
    if '"' in v or "," in v:
        return '"' + v.replace('"', '\\"') + '"'
    return v


def _to_header(shape):
    t = shape.type_name
    if t == "timestamp":
        render = timestamps.formatter(shape.serialization.get("timestampFormat"), "rfc822")
        return lambda v: str(render(v))
    if t == "boolean":
        return _str_bool
    if t in ("float", "double"):
        return _str_float
    if t in ("integer", "long", "short", "byte"):
        return lambda v: str(int(v))
    if t == "list":
        member = shape.member
        if member.type_name == "string":
            return lambda v: ",".join(_quote_list_item(x) for x in v if x is not None)
        item = _to_header(member)
        return lambda v: ",".join(item(x) for x in v if x is not None)
    if t == "string" and shape.serialization.get("jsonvalue"):
        return lambda v: base64.b64encode(
            json.dumps(v, separators=(",", ":")).encode("utf-8")).decode("ascii")
    if t == "blob":
        return lambda v: base64.b64encode(v if isinstance(v, bytes) else str(v).encode()).decode()
    return str


# --- request plans ---------------------------------------------------------------------------

class _InputPlan:
    __slots__ = ("uri", "headers", "header_maps", "query", "query_map", "literal_query",
                 "payload", "payload_kind", "body", "host_labels", "template")


def _input_plan(operation_model, xml: bool) -> _InputPlan:
    plan = _InputPlan()
    shape = operation_model.input_shape
    plan.template = operation_model.http.get("requestUri", "/")
    plan.literal_query = uri.literal_query_keys(plan.template)
    plan.uri, plan.headers, plan.header_maps, plan.query = [], [], [], []
    plan.query_map = None
    plan.payload = plan.payload_kind = plan.body = None
    plan.host_labels = []
    if shape is None:
        return plan
    service_model = operation_model.service_model
    memo = service_memo(service_model, "xdec" if xml else "jdec")
    has_body_members = False
    for name, member in shape.members.items():
        ser = member.serialization
        location = ser.get("location")
        wire = ser.get("name", name)
        if location == "uri":
            plan.uri.append((name, wire, _from_text(member, False)))
        elif location == "header":
            plan.headers.append((name, wire.lower(), _from_text(member, True)))
        elif location == "headers":
            plan.header_maps.append((name, wire.lower() if "name" in ser else ""))
        elif location == "querystring":
            if member.type_name == "map":
                value = member.value
                conv = _from_text(value.member if value.type_name == "list" else value, False)
                plan.query_map = (name, value.type_name == "list", conv)
            elif member.type_name == "list":
                plan.query.append((name, wire, _from_text(member.member, False), True))
            else:
                plan.query.append((name, wire, _from_text(member, False), False))
        elif location == "statusCode":
            continue
        else:
            if ser.get("hostLabel"):
                plan.host_labels.append(name)
            has_body_members = True
    payload = shape.serialization.get("payload")
    if payload is not None:
        member = shape.members[payload]
        plan.payload = payload
        if member.type_name in ("blob", "string"):
            plan.payload_kind = member.type_name
        else:
            plan.payload_kind = "structure"
            plan.body = (xmlbody.decoder if xml else jsonbody.decoder)(member, memo)
    elif has_body_members:
        plan.body = (xmlbody.decoder if xml else jsonbody.decoder)(shape, memo)
    return plan


def _bad_param(xml: bool, message: str) -> AWSError:
    if xml:
        return AWSError("InvalidArgument", message, 400)
    return AWSError("ValidationException", message, 400)


def _malformed_body(xml: bool, detail: str) -> AWSError:
    if xml:
        return AWSError("MalformedXML", "The XML you provided was not well-formed or did not "
                        "validate against our published schema", 400)
    return AWSError("SerializationException", detail, 400)


def decode(operation_model, request, uri_params=None, xml=False):
    plan = per_model(operation_model, "_iamulator_dec_rest",
                     lambda: _input_plan(operation_model, xml))
    params = {}
    headers = request.headers
    body = request.body
    if body and chunked.is_chunked(headers):
        unwrapped = chunked.decode(body, headers)
        body = unwrapped.payload
        headers = dict(headers)
        headers.update(unwrapped.trailers)
        encoding = chunked.without_aws_chunked(headers.get("content-encoding"))
        if encoding is None:
            headers.pop("content-encoding", None)
        else:
            headers["content-encoding"] = encoding
    if body and checksums.has_request_checksums(headers):
        checksums.verify_request(body, headers)
    try:
        if plan.uri:
            if uri_params is None:
                uri_params = uri.match_uri(plan.template, request.path) or {}
            for name, label, conv in plan.uri:
                raw = uri_params.get(label)
                if raw is None:
                    raw = uri_params.get(label + "+")
                if raw is not None:
                    params[name] = conv(unquote(raw))
        for name, header, conv in plan.headers:
            value = headers.get(header)
            if value is not None:
                params[name] = conv(value)
        for name, prefix in plan.header_maps:
            found = {h[len(prefix):]: v for h, v in headers.items() if h.startswith(prefix)}
            if found:
                params[name] = found
        if plan.query or plan.query_map:
            query = request.query
            claimed = plan.literal_query
            for name, key, conv, many in plan.query:
                values = query.get(key)
                if values:
                    params[name] = [conv(v) for v in values] if many else conv(values[0])
            if plan.query_map is not None:
                name, many, conv = plan.query_map
                named = {key for _, key, _, _ in plan.query}
                rest = {k: ([conv(x) for x in v] if many else conv(v[0]))
                        for k, v in query.items() if k not in claimed and k not in named}
                if rest:
                    params[name] = rest
        if plan.host_labels and uri_params:
            for name in plan.host_labels:
                if name in uri_params and name not in params:
                    params[name] = unquote(uri_params[name])
    except BadInput as e:
        raise _bad_param(xml, e.message) from None
    kind = plan.payload_kind
    if kind == "blob":
        if body:
            params[plan.payload] = bytes(body)
    elif kind == "string":
        if body:
            try:
                params[plan.payload] = body.decode("utf-8") if isinstance(body, bytes) else body
            except UnicodeDecodeError:
                raise _malformed_body(xml, "Request body is not valid UTF-8") from None
    elif plan.body is not None and body and body.strip():
        data = _parse_body(body, xml)
        try:
            value = plan.body(data)
        except BadInput as e:
            raise _malformed_body(xml, e.message) from None
        if plan.payload is not None:
            if value or xml:
                # botocore sends "{}" for an absent JSON payload: absent stays absent.
                params[plan.payload] = value
        else:
            value.update(params)
            params = value
    return params


def _parse_body(body, xml: bool):
    if xml:
        from xml.etree import ElementTree
        try:
            return ElementTree.fromstring(body)
        except ElementTree.ParseError:
            raise _malformed_body(True, "") from None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as e:   # nesting too deep for the parser
        raise _malformed_body(False, f"Could not parse request body into json: {e}") from None


# --- response plans --------------------------------------------------------------------------

class _OutputPlan:
    __slots__ = ("located", "payload", "payload_kind", "payload_write", "body_write",
                 "root_open", "root_close", "default_status", "content_type", "text_root",
                 "models_content_type")


def xml_namespace(service_model) -> str:
    """The namespace of a rest-xml service's documents: from the metadata, else from any
    shape that declares one (S3's is the fallback)."""
    def find():
        ns = service_model.metadata.get("xmlNamespace")
        if ns:
            return ns if isinstance(ns, str) else ns.get("uri", "")
        if is_s3(service_model):
            return S3_NAMESPACE
        for op_name in service_model.operation_names:
            shape = service_model.operation_model(op_name).input_shape
            if shape is None:
                continue
            ns = shape.serialization.get("xmlNamespace")
            if ns is None and shape.serialization.get("payload"):
                ns = shape.members[shape.serialization["payload"]].serialization.get("xmlNamespace")
            if ns:
                return ns if isinstance(ns, str) else ns.get("uri", "")
        return ""
    return per_model(service_model, "_iamulator_xml_namespace", find)


def _output_plan(operation_model, xml: bool) -> _OutputPlan:
    plan = _OutputPlan()
    plan.located = {}
    plan.payload = plan.payload_kind = plan.payload_write = plan.body_write = None
    plan.root_open = plan.root_close = ""
    plan.text_root = False
    plan.models_content_type = False
    plan.default_status = int(operation_model.http.get("responseCode", 200))
    plan.content_type = "application/xml" if xml else "application/json"
    shape = operation_model.output_shape
    if shape is None:
        return plan
    service_model = operation_model.service_model
    memo = service_memo(service_model, "xmlw" if xml else "jenc")
    has_body_members = False
    for name, member in shape.members.items():
        ser = member.serialization
        location = ser.get("location")
        if location == "header":
            plan.located[name] = ("header", ser.get("name", name), _to_header(member))
            if ser.get("name", name).lower() == "content-type":
                # The backend owns this header (S3 stores each object's Content-Type).
                plan.models_content_type = True
        elif location == "headers":
            plan.located[name] = ("headers", ser.get("name", ""), None)
        elif location == "statusCode":
            plan.located[name] = ("status", None, None)
        elif location:
            continue
        else:
            has_body_members = True
    ns = ""
    if xml:
        ns = xml_namespace(service_model)
    payload = shape.serialization.get("payload")
    if payload is not None:
        member = shape.members[payload]
        plan.payload = payload
        if member.serialization.get("eventstream"):
            plan.payload_kind = "eventstream"
        elif member.type_name in ("blob", "string"):
            plan.payload_kind = member.type_name
        else:
            plan.payload_kind = "structure"
            if xml:
                root = member.serialization.get("name", member.name)
                own_ns = member.serialization.get("xmlNamespace")
                attr = namespace_attr(own_ns) if own_ns else (f' xmlns="{escape(ns)}"' if ns else "")
                plan.root_open = f"{_XML_DECL}<{root}{attr}>"
                plan.root_close = f"</{root}>"
                plan.payload_write = xmlbody.structure_content(member, memo)
            else:
                plan.payload_write = jsonbody.encoder(member, memo)
    elif has_body_members:
        if xml:
            root = shape.serialization.get("name")
            if root is None:
                if is_s3(service_model):
                    root = _S3_ROOTS.get(operation_model.name) or (
                        shape.name[:-6] + "Result" if shape.name.endswith("Output") else shape.name)
                else:
                    root = f"{operation_model.name}Response"
            attr = f' xmlns="{escape(ns)}"' if ns else ""
            plan.root_open = f"{_XML_DECL}<{root}{attr}>"
            plan.root_close = f"</{root}>"
            plan.body_write = xmlbody.structure_content(shape, memo)
            body_names = [n for n, m in xmlbody.body_members(shape)]
            # A document whose only member shares the root's name and is text is written as
            # the root's text (S3's <LocationConstraint>), which is how clients read it.
            if len(body_names) == 1 and body_names[0] == root and \
                    shape.members[root].type_name == "string":
                plan.text_root = True
        else:
            plan.body_write = jsonbody.encoder(shape, memo)
    return plan


def _request_id_headers(headers: dict, xml: bool, service_model) -> None:
    if xml and is_s3(service_model):
        rid, host_id = requestid.s3_pair()
        headers["x-amz-request-id"] = rid
        headers["x-amz-id-2"] = host_id
    else:
        headers["x-amzn-RequestId"] = requestid.new()


def encode(operation_model, result, status=None, extra_headers=None, request=None, xml=False):
    plan = per_model(operation_model, "_iamulator_enc_rest",
                     lambda: _output_plan(operation_model, xml))
    headers = {}
    _request_id_headers(headers, xml, operation_model.service_model)
    code = plan.default_status
    body = b""
    content_type = None
    if result:
        located = plan.located
        for key, value in result.items():
            entry = located.get(key)
            if entry is None or value is None:
                continue
            kind, name, to_str = entry
            if kind == "header":
                headers[name] = to_str(value)
            elif kind == "headers":
                for k, v in value.items():
                    headers[name + k] = str(v)
            else:
                code = int(value)
        for key in headers:
            if key.lower() == "content-type":
                content_type = headers[key]
        kind = plan.payload_kind
        if kind is None:
            if plan.body_write is not None:
                if xml:
                    if plan.text_root:
                        text = result.get(plan.root_close[2:-1])
                        body = (plan.root_open + escape(str(text or "")) + plan.root_close).encode("utf-8")
                    else:
                        parts = [plan.root_open]
                        plan.body_write(parts, result)
                        parts.append(plan.root_close)
                        body = "".join(parts).encode("utf-8")
                else:
                    data = plan.body_write(result)
                    body = json.dumps(data, separators=(",", ":")).encode("utf-8") if data else b"{}"
        else:
            value = result.get(plan.payload)
            if value is not None:
                if kind == "blob" or kind == "string":
                    if isinstance(value, str):
                        body = value.encode("utf-8")
                    elif hasattr(value, "read"):
                        body = value.read()
                    else:
                        body = bytes(value)
                    if content_type is None and not plan.models_content_type:
                        content_type = "application/octet-stream" if kind == "blob" else "text/plain"
                        headers["Content-Type"] = content_type
                elif kind == "structure":
                    if xml:
                        parts = [plan.root_open]
                        plan.payload_write(parts, value)
                        parts.append(plan.root_close)
                        body = "".join(parts).encode("utf-8")
                    else:
                        body = json.dumps(plan.payload_write(value),
                                          separators=(",", ":")).encode("utf-8")
                elif kind == "eventstream":
                    from iamulator.services.protocol import eventstream
                    body = eventstream.encode_stream(
                        operation_model.output_shape.members[plan.payload], value, xml,
                        operation_model.service_model)
                    if content_type is None:
                        content_type = "application/vnd.amazon.eventstream"
                        headers["Content-Type"] = content_type
    elif plan.body_write is not None:
        if not xml:
            body = b"{}"
        elif plan.text_root:
            body = (plan.root_open + plan.root_close).encode("utf-8")
    if body and content_type is None and not (
            plan.models_content_type and plan.payload_kind in ("blob", "string")):
        headers["Content-Type"] = plan.content_type
    if extra_headers:
        headers.update(extra_headers)
    if request is not None and request.method == "HEAD":
        body = b""
    return Response(status or code, headers, body)


# --- errors ----------------------------------------------------------------------------------

def _error_headers(fault, fields, headers):
    """Error members bound to headers (rest protocols model some, e.g. Retry-After)."""
    if fault.shape is None or not fields:
        return
    for name, member in fault.shape.members.items():
        if member.serialization.get("location") == "header" and fields.get(name) is not None:
            headers[member.serialization.get("name", name)] = _to_header(member)(fields[name])


def encode_error(service_model, error, operation_model=None, xml=False):
    fault = faults.resolve(service_model, error)
    headers = {}
    _request_id_headers(headers, xml, service_model)
    fields = {k: v for k, v in (error.fields or {}).items()}
    _error_headers(fault, fields, headers)
    if fault.shape is not None:
        for name, member in fault.shape.members.items():
            if member.serialization.get("location"):
                fields.pop(name, None)
    head_request = operation_model is not None and operation_model.http.get("method") == "HEAD"
    if xml:
        body = b"" if head_request else _xml_error_body(service_model, fault, error, fields, headers)
        if body:
            headers["Content-Type"] = "application/xml"
    else:
        from iamulator.services.protocol import jsonrpc
        headers["x-amzn-ErrorType"] = fault.code
        proxy = _FieldsView(error, fields)
        body = json.dumps(jsonrpc.error_body(service_model, fault, proxy, fault.code),
                          separators=(",", ":")).encode("utf-8")
        headers["Content-Type"] = "application/json"
    if error.headers:
        headers.update(error.headers)
    return Response(fault.status, headers, body)


class _FieldsView:
    """An error with some fields set aside (those already sent as headers)."""
    __slots__ = ("message", "fields")

    def __init__(self, error, fields):
        self.message = error.message
        self.fields = fields


def _xml_fields(service_model, fault, fields) -> str:
    modeled, plain = faults.modeled_fields(fault, fields)
    parts = []
    if modeled:
        write = per_model(fault.shape, "_iamulator_xml_fields", lambda: xmlbody.structure_content(
            fault.shape, service_memo(service_model, "xmlw")))
        write(parts, modeled)
    for k, v in plain.items():
        parts.append(f"<{k}>{escape(str(v))}</{k}>")
    return "".join(parts)


def _xml_error_body(service_model, fault, error, fields, headers) -> bytes:
    code = escape(fault.code)
    message = escape(error.message or "")
    extra = _xml_fields(service_model, fault, fields) if fields else ""
    if is_s3(service_model):
        rid = headers.get("x-amz-request-id", "")
        host_id = headers.get("x-amz-id-2", "")
        text = (f"{_XML_DECL}<Error><Code>{code}</Code><Message>{message}</Message>{extra}"
                f"<RequestId>{rid}</RequestId><HostId>{host_id}</HostId></Error>")
    else:
        ns = xml_namespace(service_model) if service_model is not None else ""
        attr = f' xmlns="{escape(ns)}"' if ns else ""
        kind = "Sender" if fault.sender else "Receiver"
        text = (f"{_XML_DECL}<ErrorResponse{attr}><Error><Type>{kind}</Type><Code>{code}</Code>"
                f"<Message>{message}</Message>{extra}</Error>"
                f"<RequestId>{headers.get('x-amzn-RequestId', '')}</RequestId></ErrorResponse>")
    return text.encode("utf-8")
