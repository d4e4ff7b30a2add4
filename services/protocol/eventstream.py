"""Event-stream response bodies (``application/vnd.amazon.eventstream``): the binary framing
of S3 Select, Lambda response streaming, Bedrock's streamed answers and the like.

A backend returns the stream member as a list of events, each ``{EventName: {members}}``.
Message layout: total length, headers length, prelude CRC32, typed headers, payload, CRC32.
"""
from __future__ import annotations

import json
import struct
import zlib

from iamulator.services.protocol import jsonbody, timestamps, xmlbody
from iamulator.services.protocol.compiled import per_model, service_memo

_STRING, _BYTES, _TRUE, _FALSE, _INT32, _INT64, _TIMESTAMP = 7, 6, 0, 1, 4, 5, 8


def _header(name: str, kind: int, value) -> bytes:
    raw_name = name.encode("utf-8")
    out = struct.pack("B", len(raw_name)) + raw_name + struct.pack("B", kind)
    if kind in (_TRUE, _FALSE):
        return out
    if kind == _INT32:
        return out + struct.pack(">i", value)
    if kind in (_INT64, _TIMESTAMP):
        return out + struct.pack(">q", value)
    data = value.encode("utf-8") if isinstance(value, str) else bytes(value)
    return out + struct.pack(">H", len(data)) + data


def message(headers: list, payload: bytes) -> bytes:
    """One framed message; ``headers`` is a list of (name, type code, value)."""
    head = b"".join(_header(*h) for h in headers)
    total = 12 + len(head) + len(payload) + 4
    prelude = struct.pack(">II", total, len(head))
    prelude += struct.pack(">I", zlib.crc32(prelude))
    body = prelude + head + payload
    return body + struct.pack(">I", zlib.crc32(body))


def _typed_header(member, value):
    t = member.type_name
    if t == "boolean":
        return _TRUE if value else _FALSE, None
    if t in ("integer", "short", "byte"):
        return _INT32, int(value)
    if t == "long":
        return _INT64, int(value)
    if t == "blob":
        return _BYTES, value
    if t == "timestamp":
        return _TIMESTAMP, int(round(timestamps.epoch(value) * 1000))
    return _STRING, str(value)


def _xml_document(shape, tag, value, memo) -> bytes:
    parts = [f"<{tag}>"]
    xmlbody.structure_content(shape, memo)(parts, value)
    parts.append(f"</{tag}>")
    return "".join(parts).encode("utf-8")


def _event(event_shape, name, value, xml, service_model) -> bytes:
    headers = [(":message-type", _STRING, "event"), (":event-type", _STRING, name)]
    payload = b""
    content_type = None
    body_members = {}
    for member_name, member in event_shape.members.items():
        if member_name not in value or value[member_name] is None:
            continue
        v = value[member_name]
        ser = member.serialization
        if ser.get("eventheader"):
            kind, encoded = _typed_header(member, v)
            headers.append((member_name, kind, encoded))
        elif ser.get("eventpayload"):
            if member.type_name == "blob":
                payload = v.encode("utf-8") if isinstance(v, str) else bytes(v)
                content_type = "application/octet-stream"
            elif member.type_name == "string":
                payload = v.encode("utf-8")
                content_type = "text/plain"
            elif xml:
                tag = ser.get("name", member.name)
                payload = _xml_document(member, tag, v, service_memo(service_model, "xmlw"))
                content_type = "text/xml"
            else:
                enc = jsonbody.encoder(member, service_memo(service_model, "jenc"))
                payload = json.dumps(enc(v), separators=(",", ":")).encode("utf-8")
                content_type = "application/json"
        else:
            body_members[member_name] = v
    has_payload_member = any(m.serialization.get("eventpayload") for m in event_shape.members.values())
    if not has_payload_member and (body_members or not xml):
        if xml:
            payload = _xml_document(event_shape, name, body_members, service_memo(service_model, "xmlw"))
            content_type = "text/xml"
        else:
            enc = per_model(event_shape, "_iamulator_event_json", lambda: jsonbody.encoder(
                event_shape, service_memo(service_model, "jenc")))
            payload = json.dumps(enc(body_members), separators=(",", ":")).encode("utf-8")
            content_type = "application/json"
    if content_type:
        headers.append((":content-type", _STRING, content_type))
    return message(headers, payload)


def encode_stream(stream_shape, events, xml: bool, service_model=None, initial: bytes | None = None) -> bytes:
    """The whole body for a list of events (``initial`` is the json protocol's
    ``initial-response`` payload, sent first)."""
    out = []
    if initial is not None:
        out.append(message([(":message-type", _STRING, "event"),
                            (":event-type", _STRING, "initial-response"),
                            (":content-type", _STRING, "application/json")], initial))
    members = stream_shape.members
    for event in events or ():
        for name, value in event.items():
            shape = members.get(name)
            if shape is None or value is None:
                continue
            out.append(_event(shape, name, value, xml, service_model))
    return b"".join(out)
