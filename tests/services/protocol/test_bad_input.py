"""Whatever arrives, decoding ends in params or in an AWSError: never another exception."""
from __future__ import annotations

import json
import random

import pytest

from iamulator.services import protocol as codec
from iamulator.services.errors import AWSError
from iamulator.services.http import Request
from iamulator.services.models import operation_model

from .shapegen import ShapeGen
from .wire import botocore_request

OPERATIONS = [
    ("dynamodb", "PutItem"), ("dynamodb", "Query"), ("sqs", "SendMessageBatch"), ("kms", "Encrypt"),
    ("iam", "CreatePolicy"), ("iam", "PutUserPolicy"), ("sts", "AssumeRole"), ("sns", "Publish"),
    ("ec2", "RunInstances"), ("ec2", "CreateTags"), ("s3", "PutObject"), ("s3", "DeleteObjects"),
    ("s3", "PutBucketLifecycleConfiguration"), ("s3", "ListObjectsV2"), ("lambda", "CreateFunction"),
    ("lambda", "Invoke"), ("route53", "ChangeResourceRecordSets"), ("cloudwatch", "PutMetricData"),
    ("apigateway", "PutIntegration"), ("logs", "PutLogEvents"),
]


def _mutations(body: bytes, rng: random.Random):
    yield b""
    yield body[: len(body) // 2]
    yield body + b"\x00trailing"
    yield bytes(rng.randrange(256) for _ in range(64))
    if body:
        flipped = bytearray(body)
        for _ in range(5):
            i = rng.randrange(len(flipped))
            flipped[i] = rng.randrange(256)
        yield bytes(flipped)
    for doc in ([], 1, "s", None, {"a": {"b": []}}):
        yield json.dumps(doc).encode()
    yield b"<Root><X>1</X><Y><Z/></Y></Root>"
    yield b"Action=X&A.member.x=1&A.member.1.B=2&.=3&A..B=4&%zz=5"


def _swap_types(value, rng):
    """The same document with values of the wrong JSON types in places."""
    if isinstance(value, dict):
        return {k: _swap_types(v, rng) for k, v in value.items()}
    if isinstance(value, list):
        return {"not": "a list"} if rng.random() < 0.3 else [_swap_types(v, rng) for v in value]
    if rng.random() < 0.5:
        return rng.choice([[1], {"x": 1}, True, 1.5e300, "text", None, -1])
    return value


@pytest.mark.parametrize("service,op_name", OPERATIONS, ids=[f"{s}.{o}" for s, o in OPERATIONS])
def test_mangled_requests_give_aws_errors(service, op_name):
    op = operation_model(service, op_name)
    proto = op.service_model.resolved_protocol
    gen = ShapeGen(7)
    params = gen.structure(op.input_shape)
    good = botocore_request(op, params, proto)
    labels = codec.match_uri(op.http["requestUri"], good.path) if proto.startswith("rest") else None
    rng = random.Random(op_name)
    bodies = list(_mutations(good.body, rng))
    payload = op.input_shape.serialization.get("payload")
    raw_payload = payload and op.input_shape.members[payload].type_name in ("blob", "string")
    if proto in ("json", "rest-json") and good.body and not raw_payload:
        doc = json.loads(good.body)
        bodies += [json.dumps(_swap_types(doc, rng)).encode() for _ in range(20)]
    outcomes = {"ok": 0, "error": 0}
    for body in bodies:
        for headers in (good.headers, {**good.headers, "content-encoding": "aws-chunked"}):
            request = Request(good.method, good.url, headers, body)
            try:
                assert isinstance(codec.decode(op, request, proto, labels), dict)
                outcomes["ok"] += 1
            except AWSError as e:
                assert 400 <= e.status < 500, (e.code, e.status)
                outcomes["error"] += 1
    assert outcomes["error"] > 0


@pytest.mark.parametrize("headers", [
    {"expires": "\x00\x01"}, {"content-length": "-1"}, {"x-amz-meta-": "empty name"},
    {"x-amz-object-lock-retain-until-date": "2024-99-99T00:00:00Z"}, {"content-md5": ""},
    {"x-amz-checksum-crc32": ""}, {"x-amz-decoded-content-length": "x", "content-encoding": "aws-chunked"},
])
def test_mangled_s3_headers(headers):
    op = operation_model("s3", "PutObject")
    request = Request("PUT", "https://s3.amazonaws.com/b/%ZZ%", headers, b"data")
    try:
        codec.decode(op, request, "rest-xml", {"Bucket": "b", "Key": "%ZZ%"})
    except AWSError as e:
        assert e.status == 400
