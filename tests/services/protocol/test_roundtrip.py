"""Every botocore service model through the codec and back, against botocore's own
serializer and parsers.

For each service: every operation (about 18,000, well under a minute), or with
``IAMULATOR_SWEEP_SAMPLE=N`` a seeded sample of N per service plus all operations of the
services iamulator ships first. Per operation:
  1. params generated from the input shape -> botocore serializer -> ``decode`` == params;
  2. a result generated from the output shape -> ``encode`` -> botocore parser == result;
  3. each modeled error (and one unmodeled code) -> ``encode_error`` -> botocore parser gives
     the shape's wire code, message and status, the modeled fields, and the shape itself is
     what ``client.exceptions`` would match.
"""
from __future__ import annotations

import functools
import os
import random
import zlib

import botocore.session
import pytest

from iamulator.services import protocol as codec
from iamulator.services.errors import AWSError
from iamulator.services.models import service_model
from iamulator.services.protocol.checksums import ALGORITHMS
from iamulator.services.protocol.faults import ENVELOPE_MEMBERS, MESSAGE_MEMBERS

from .shapegen import ShapeGen
from .wire import botocore_parse, botocore_request

FULL = {"s3", "sqs", "dynamodb", "ec2", "sts", "iam", "sns", "kms", "lambda"}
PER_SERVICE = int(os.environ.get("IAMULATOR_SWEEP_SAMPLE", "0"))     # 0: every operation

# What the wire (or botocore's raw parser) cannot carry, with the reason. Checked to still be
# needed: an entry that starts passing fails the test so the list stays honest.
KNOWN_GAPS = {
    # CloudFunctionConfiguration has a member ``Event`` and a flattened list ``Events`` whose
    # items are also named ``Event``: the model itself cannot tell them apart on the wire.
    ("s3", "GetBucketNotification", "output"):
        "two members share the element name Event in the model",
}
CHECKSUM_HEADERS = {"content-md5", "x-amz-content-sha256"} | {"x-amz-checksum-" + a for a in ALGORITHMS}


@functools.lru_cache(maxsize=1)
def all_services():
    return tuple(botocore.session.get_session().get_available_services())


def sampled_operations(sm):
    names = sorted(sm.operation_names)
    if sm.service_name in FULL or PER_SERVICE <= 0:
        return names
    rng = random.Random(zlib.crc32(sm.service_name.encode()))
    return sorted(rng.sample(names, min(PER_SERVICE, len(names))))


# --- normalisation of what legitimately does not survive the wire ---------------------------

_GONE = object()


def _prune_empty(value, protocol):
    """What the query/ec2 serializers leave out: an empty structure sends no parameter, so
    does a list whose items all vanish; ec2 sends nothing for an empty list either (query
    sends ``Name=``, read back as [])."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = _prune_empty(v, protocol)
            if v is not _GONE:
                out[k] = v
        return out if out else _GONE
    if isinstance(value, list):
        if not value:
            return _GONE if protocol == "ec2" else value
        items = [_prune_empty(v, protocol) for v in value]
        items = [v for v in items if v is not _GONE]
        return items if items else _GONE
    return value


def _pruned(value, protocol):
    out = _prune_empty(value, protocol)
    return {} if out is _GONE else out


def expected_input(op, params, protocol):
    shape = op.input_shape
    out = dict(params)
    payload = shape.serialization.get("payload")
    for name, member in shape.members.items():
        ser = member.serialization
        if ser.get("location") == "header" and member.type_name == "blob":
            out.pop(name, None)
        if ser.get("location") == "querystring" and member.type_name == "map":
            # Named query members share the query string; the map receives only the rest.
            named = {m.serialization.get("name", n) for n, m in shape.members.items()
                     if m.serialization.get("location") == "querystring" and m.type_name != "map"}
            if name in out:
                out[name] = {k: v for k, v in out[name].items() if k not in named}
                if not out[name]:
                    del out[name]
        if ser.get("location") == "headers" and name in out:
            out[name] = {k.lower(): v for k, v in out[name].items()}
    if payload and shape.members[payload].type_name == "string" and out.get(payload) == "":
        out.pop(payload)
    if payload and protocol == "rest-json" and out.get(payload) == {}:
        out.pop(payload)
    if protocol in ("query", "ec2"):
        out = _pruned(out, protocol)
    return out


def expected_output(op, result, protocol):
    shape = op.output_shape
    out = dict(result)
    payload = shape.serialization.get("payload")
    if payload and payload not in out:
        member = shape.members[payload]
        if member.serialization.get("eventstream"):
            out[payload] = []
        elif member.type_name == "structure":
            out[payload] = {}        # an empty body reads as an empty structure
        elif op.has_streaming_output:
            out[payload] = b""
        else:
            out[payload] = ""
    elif payload and payload in out:
        member = shape.members[payload]
        if member.type_name in ("blob", "string") and not member.serialization.get("eventstream"):
            if op.has_streaming_output:
                value = out[payload]
                out[payload] = value.encode() if isinstance(value, str) else value
            elif isinstance(out[payload], bytes):
                out[payload] = out[payload].decode()
    for name, member in shape.members.items():
        ser = member.serialization
        if ser.get("location") == "headers":
            if not ser.get("name"):
                out.pop(name, None)     # every header: not comparable, left out of the result
                continue
            out[name] = {k.lower(): v for k, v in out.get(name, {}).items()}
        if ser.get("eventstream") and protocol == "json" and name not in out:
            out[name] = []
        if ser.get("eventstream") and out.get(name):
            out[name] = [_expected_event(member, e) for e in out[name]]
    return out


def _expected_event(stream_shape, event):
    """An event's payload member, when absent, reads back as an empty payload."""
    (name, value), = event.items()
    value = dict(value)
    for member_name, member in stream_shape.members[name].members.items():
        if member.serialization.get("eventpayload") and member_name not in value:
            value[member_name] = {"blob": b"", "string": ""}.get(member.type_name, {})
    return {name: value}


def _actual_output(op, parsed):
    parsed = dict(parsed)
    parsed.pop("ResponseMetadata", None)
    payload = op.output_shape.serialization.get("payload")
    if payload and hasattr(parsed.get(payload), "read"):
        parsed[payload] = parsed[payload].read()
    for name, member in op.output_shape.members.items():
        if member.serialization.get("location") == "headers" and name in parsed:
            prefix = member.serialization.get("name", "").lower()
            # The parser collects every header with the prefix; ours are lower-cased keys.
            parsed[name] = {k.lower(): v for k, v in parsed[name].items()}
            if not prefix:
                parsed.pop(name)
    return parsed


# --- one operation ---------------------------------------------------------------------------

def _uri_params(op, request):
    template = op.http.get("requestUri", "/")
    return codec.match_uri(template, request.path)


def check_input(sm, op, protocol, gen):
    params = gen.structure(op.input_shape) if op.input_shape is not None else {}
    content_length = None
    if op.input_shape is not None:
        for name, member in op.input_shape.members.items():
            header = member.serialization.get("name", "").lower()
            if member.serialization.get("location") != "header":
                continue
            if header in CHECKSUM_HEADERS:
                # Verified against the body (tests in test_s3_wire.py), so not random here.
                params.pop(name, None)
            if header == "content-length" and name not in params:
                content_length = name
    request = botocore_request(op, params, protocol)
    uri_params = _uri_params(op, request) if protocol.startswith("rest") else None
    decoded = codec.decode(op, request, protocol, uri_params)
    expected = expected_input(op, params, protocol) if op.input_shape is not None else {}
    if content_length and content_length in decoded:
        # The HTTP layer adds Content-Length, and the model binds a member to it.
        assert decoded[content_length] == len(request.body)
        expected[content_length] = decoded[content_length]
    if decoded != expected:
        diff = {k: (expected.get(k), decoded.get(k)) for k in set(expected) | set(decoded)
                if expected.get(k) != decoded.get(k)}
        raise AssertionError(f"decode mismatch: {diff}")


def check_output(sm, op, protocol, gen):
    shape = op.output_shape
    result = gen.structure(shape) if shape is not None else {}
    if shape is not None:
        for name, member in shape.members.items():
            if member.serialization.get("location") == "statusCode":
                result[name] = 200 + gen.rng.randint(0, 6)
            if member.serialization.get("location") == "headers" and \
                    not member.serialization.get("name"):
                result.pop(name, None)
    response = codec.encode(op, result, protocol)
    parsed = botocore_parse(response, shape, protocol, op)
    if (sm.service_name, op.name) == ("s3", "GetBucketLocation"):
        # botocore reads this document's root text in a client handler.
        from xml.etree import ElementTree
        root = ElementTree.fromstring(response.body)
        if root.text:
            parsed["LocationConstraint"] = root.text
    assert parsed["ResponseMetadata"].get("RequestId"), "no request id"
    if shape is None:
        return
    expected = expected_output(op, result, protocol)
    actual = _actual_output(op, parsed)
    if actual != expected:
        diff = {k: (expected.get(k), actual.get(k)) for k in set(expected) | set(actual)
                if expected.get(k) != actual.get(k)}
        raise AssertionError(f"encode mismatch: {diff}")


def check_errors(sm, op, protocol, gen):
    head = op.http.get("method") == "HEAD" and protocol == "rest-xml"
    shapes = list(op.error_shapes) + [None]
    for shape in shapes:
        fields = {}
        if shape is not None:
            fields = gen.structure(shape, skip=MESSAGE_MEMBERS)
            trait = shape.metadata.get("error") or {}
            status = trait.get("httpStatusCode", 400)
            if status < 301:
                continue            # botocore would read it as a success
            code = shape.name
            wire_code = shape.error_code
        else:
            status, code, wire_code = 409, "SomethingUnmodeledHappened", "SomethingUnmodeledHappened"
            fields = {"ExtraDetail": "detail"} if not head else {}
        error = AWSError(code, "a message & <escaped>", status)
        error.fields = fields    # set directly: members named e.g. "code" collide with kwargs
        response = codec.encode_error(sm, error, protocol, op)
        parsed = botocore_parse(response, op.output_shape, protocol, op)
        got = parsed["Error"]
        assert parsed["ResponseMetadata"]["HTTPStatusCode"] == status, (code, response.status)
        if head:
            assert got["Code"] == str(status)
            continue
        assert got.get("QueryErrorCode", got["Code"]) == code or got["Code"] == wire_code, \
            (code, got)
        assert got["Code"] == wire_code, (wire_code, got)
        assert got["Message"] == "a message & <escaped>", got
        if shape is None:
            if protocol in ("query", "ec2", "rest-xml"):
                assert got.get("ExtraDetail") == "detail", got
            continue
        # What the client does next: find the shape by code and parse its members.
        chosen = sm.shape_for_error_code(got["Code"])
        assert chosen.error_code == shape.error_code
        if chosen.name != shape.name:
            continue    # several shapes share this wire code in the model; botocore keeps one
        modeled = botocore_parse(response, shape, protocol, op)
        modeled = {k: v for k, v in modeled.items()
                   if k in shape.members and k not in MESSAGE_MEMBERS}
        want = {}
        for k, v in fields.items():
            ser = shape.members[k].serialization
            if ser.get("location") == "statusCode" or k in ENVELOPE_MEMBERS:
                continue            # carried by the envelope itself
            if ser.get("location") == "header" and ser.get("name", "").lower() == "x-amzn-errortype":
                continue
            want[k] = v
        modeled = {k: v for k, v in modeled.items() if k in want or k not in ENVELOPE_MEMBERS}
        for k, member in shape.members.items():
            ser = member.serialization
            if ser.get("location") == "header" and ser.get("name", "").lower() == "x-amzn-errortype":
                modeled.pop(k, None)
        if protocol in ("query", "ec2"):
            want = _pruned(want, protocol)
        assert modeled == want, (want, modeled)


def run_operation(sm, op_name):
    op = sm.operation_model(op_name)
    protocol = sm.resolved_protocol
    if op.has_event_stream_input:
        return "skip: event-stream input (a bidirectional stream, not a request body)"
    gen = ShapeGen(zlib.crc32(f"{sm.service_name}.{op_name}".encode()))
    failures = []
    for stage, check in (("input", check_input), ("output", check_output), ("errors", check_errors)):
        gap = KNOWN_GAPS.get((sm.service_name, op_name, stage))
        try:
            check(sm, op, protocol, gen)
        except Exception as e:          # collected and reported per service below
            if gap is None:
                failures.append(f"{stage}: {type(e).__name__}: {str(e)[:400]}")
            continue
        if gap is not None:
            failures.append(f"{stage}: listed as a known gap but passes: {gap}")
    return failures


RESULTS: dict = {}


@pytest.mark.parametrize("service", all_services())
def test_service_roundtrip(service):
    sm = service_model(service)
    failures = {}
    for op_name in sampled_operations(sm):
        outcome = run_operation(sm, op_name)
        if isinstance(outcome, str):
            RESULTS[(service, op_name)] = outcome
            continue
        RESULTS[(service, op_name)] = "ok" if not outcome else outcome
        if outcome:
            failures[op_name] = outcome
    assert not failures, failures


def test_zz_coverage_report(capsys):
    """Summary of the sweep above (runs last in this module)."""
    if not RESULTS:
        pytest.skip("the sweep did not run in this session")
    ok = sum(1 for v in RESULTS.values() if v == "ok")
    skipped = {k: v for k, v in RESULTS.items() if isinstance(v, str) and v != "ok"}
    failed = {k: v for k, v in RESULTS.items() if not isinstance(v, str)}
    services = {s for s, _ in RESULTS}
    with capsys.disabled():
        print(f"\nprotocol round trip: {len(services)} services, {len(RESULTS)} operations: "
              f"{ok} pass, {len(failed)} fail, {len(skipped)} skipped")
        for (s, o), why in sorted(skipped.items()):
            print(f"  skipped {s}.{o}: {why}")
        for (s, o), why in sorted(failed.items()):
            print(f"  FAILED {s}.{o}: {why}")
