"""The codec's per-call cost stays small next to botocore's own client-side work.

Bounds are generous (shared CI machines are noisy); typical figures on a 2-core machine are
2-12 us per decode or encode for these calls.
"""
from __future__ import annotations

import timeit
from datetime import datetime

import pytest

from iamulator.services import protocol as codec
from iamulator.services.models import operation_model

from .wire import botocore_request

BOUND_US = 60.0

CASES = [
    ("dynamodb", "PutItem", "json",
     {"TableName": "t", "Item": {"pk": {"S": "user#1"}, "n": {"N": "42"}, "tags": {"SS": ["a", "b"]},
                                 "m": {"M": {"x": {"S": "y"}, "b": {"BOOL": True}}}}},
     {"ConsumedCapacity": {"TableName": "t", "CapacityUnits": 1.0}}, None),
    ("sqs", "SendMessage", "json",
     {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "MessageBody": "hello",
      "MessageAttributes": {"a": {"DataType": "String", "StringValue": "v"}}},
     {"MD5OfMessageBody": "5d41402abc4b2a76b9719d911017c592", "MessageId": "m-1"}, None),
    ("s3", "PutObject", "rest-xml",
     {"Bucket": "b", "Key": "k/1.txt", "Body": b"x" * 1024, "ContentType": "text/plain", "Metadata": {"a": "b"}},
     {"ETag": '"abc"'}, {"Bucket": "b", "Key": "k/1.txt"}),
    ("s3", "GetObject", "rest-xml", {"Bucket": "b", "Key": "k/1.txt"},
     {"Body": b"x" * 1024, "ContentType": "text/plain", "ContentLength": 1024, "ETag": '"abc"',
      "LastModified": datetime(2024, 1, 1), "Metadata": {"a": "b"}}, {"Bucket": "b", "Key": "k/1.txt"}),
    ("sts", "GetCallerIdentity", "query", {},
     {"UserId": "AIDA", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/u"}, None),
]


def _per_call_us(fn, number=2000):
    return min(timeit.repeat(fn, number=number, repeat=3)) / number * 1e6


@pytest.mark.parametrize("service,op_name,proto,params,result,labels", CASES,
                         ids=[f"{c[0]}.{c[1]}" for c in CASES])
def test_decode_and_encode_are_cheap(service, op_name, proto, params, result, labels):
    op = operation_model(service, op_name)
    request = botocore_request(op, params, proto)
    assert codec.decode(op, request, proto, labels) is not None     # compiles on first use
    decode_us = _per_call_us(lambda: codec.decode(op, request, proto, labels))
    encode_us = _per_call_us(lambda: codec.encode(op, result, proto, request=request))
    assert decode_us < BOUND_US, decode_us
    assert encode_us < BOUND_US, encode_us
