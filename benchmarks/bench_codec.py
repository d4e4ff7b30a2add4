"""Per-call cost of the codec next to botocore's own serializer and parser, per operation.

    python benchmarks/bench_codec.py
"""
from __future__ import annotations

import timeit
from datetime import datetime

from botocore.awsrequest import create_request_object, prepare_request_dict
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

from iamulator.services import protocol as codec
from iamulator.services.http import Request
from iamulator.services.models import operation_model

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




def _request(op, params, proto):
    request_dict = create_serializer(proto, include_validation=False).serialize_to_request(params, op)
    prefix = op.service_model.metadata.get("endpointPrefix", op.service_model.service_name)
    prepare_request_dict(request_dict, f"https://{prefix}.us-east-1.amazonaws.com")
    prepared = create_request_object(request_dict).prepare()
    body = prepared.body or b""
    body = body.encode() if isinstance(body, str) else body
    return Request(prepared.method, prepared.url, dict(prepared.headers.items()), body), request_dict


def _us(fn, number=2000):
    return min(timeit.repeat(fn, number=number, repeat=5)) / number * 1e6


def main():
    print(f"{'operation':24} {'decode':>8} {'encode':>8} {'botocore serialize':>19} {'botocore parse':>15}  (us/call)")
    for service, name, proto, params, result, labels in CASES:
        op = operation_model(service, name)
        request, _ = _request(op, params, proto)
        codec.decode(op, request, proto, labels)
        response = codec.encode(op, result, proto, request=request)
        serializer = create_serializer(proto, include_validation=False)
        parser = create_parser(proto)
        response_dict = {"status_code": response.status, "headers": response.headers, "body": response.body}
        if op.has_streaming_output:
            response_dict["body"] = b""   # the streaming body is handed over, not parsed
        print(f"{service + '.' + name:24} "
              f"{_us(lambda: codec.decode(op, request, proto, labels)):8.1f} "
              f"{_us(lambda: codec.encode(op, result, proto, request=request)):8.1f} "
              f"{_us(lambda: serializer.serialize_to_request(params, op)):19.1f} "
              f"{_us(lambda: parser.parse(dict(response_dict), op.output_shape)):15.1f}")


if __name__ == "__main__":
    main()
