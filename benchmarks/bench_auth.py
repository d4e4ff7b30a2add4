"""What authentication and authorization cost per call.

    python benchmarks/bench_auth.py [--iterations N]

The same calls by an IAM user whose one managed policy has 10 statements, first with checks
off (requests only attributed to the caller), then with every request authenticated (SigV4
recomputed) and authorized (policies evaluated). Also: SigV4 verification alone, and the
floor of botocore's own client-side work (responses replayed from a before-send hook).
"""
from __future__ import annotations

import argparse
import json

from timing import median_us


POLICY = {"Version": "2012-10-17", "Statement": [
    {"Sid": f"S{i}", "Effect": "Allow", "Action": action, "Resource": resource}
    for i, (action, resource) in enumerate([
        ("s3:GetObject", "arn:aws:s3:::bench/*"), ("s3:PutObject", "arn:aws:s3:::bench/*"),
        ("s3:ListBucket", "arn:aws:s3:::bench"), ("sqs:SendMessage", "arn:aws:sqs:us-east-1:*:bench"),
        ("sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:*:bench"), ("dynamodb:GetItem", "arn:aws:dynamodb:*:*:table/bench"),
        ("dynamodb:PutItem", "arn:aws:dynamodb:*:*:table/bench"), ("ec2:Describe*", "*"),
        ("sns:Publish", "*"), ("kms:Decrypt", "*"),
    ])]}


def main():
    import boto3
    from botocore.config import Config

    from iamulator import mock_aws
    from iamulator.authz.gate import GATE

    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=500)
    args = ap.parse_args()
    n = args.iterations

    with mock_aws():
        root = boto3.session.Session(region_name="us-east-1")
        iam = root.client("iam")
        iam.create_user(UserName="bench")
        arn = iam.create_policy(PolicyName="bench", PolicyDocument=json.dumps(POLICY))["Policy"]["Arn"]
        iam.attach_user_policy(UserName="bench", PolicyArn=arn)
        key = iam.create_access_key(UserName="bench")["AccessKey"]
        root.client("s3").create_bucket(Bucket="bench")
        root.client("dynamodb").create_table(
            TableName="bench", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        url = root.client("sqs").create_queue(QueueName="bench")["QueueUrl"]

        session = boto3.session.Session(aws_access_key_id=key["AccessKeyId"],
                                        aws_secret_access_key=key["SecretAccessKey"], region_name="us-east-1")
        cfg = Config(retries={"max_attempts": 1})
        s3, sqs, ddb = (session.client(s, config=cfg) for s in ("s3", "sqs", "dynamodb"))
        item = {"pk": {"S": "k1"}, "n": {"N": "42"}}
        calls = {
            "s3_get_object": lambda: s3.get_object(Bucket="bench", Key="k")["Body"].read(),
            "sqs_send_message": lambda: sqs.send_message(QueueUrl=url, MessageBody="hello"),
            "dynamodb_get_item": lambda: ddb.get_item(TableName="bench", Key={"pk": {"S": "k1"}}),
        }
        s3.put_object(Bucket="bench", Key="k", Body=b"x" * 1024)
        ddb.put_item(TableName="bench", Item=item)

        results = {}
        for name, fn in calls.items():
            # Alternate rounds and keep each mode's best median: other load on the machine
            # then inflates neither side more than the other.
            offs, ons = [], []
            for _ in range(5):
                GATE.reset(float("inf"))
                offs.append(median_us(fn, n))
                GATE.reset(0)
                ons.append(median_us(fn, n))
            results[name] = (min(offs), min(ons))
        GATE.reset(float("inf"))

    print(f"{'call (median us)':24} {'checks off':>11} {'checks on':>10} {'ratio':>7}")
    for name, (off, on) in results.items():
        print(f"{name:24} {off:11.1f} {on:10.1f} {on / off:7.2f}")
    print(f"SigV4 verification alone: {_verify_cost(n):.1f} us")


def _verify_cost(n):
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    from iamulator.authz import sigv4
    from iamulator.services.http import Request

    req = AWSRequest(method="POST", url="https://sqs.us-east-1.amazonaws.com/",
                     data=b'{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/bench","MessageBody":"x"}',
                     headers={"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.SendMessage"})
    SigV4Auth(Credentials("AKIDEXAMPLE", "secret"), "sqs", "us-east-1").add_auth(req)
    p = req.prepare()
    request = Request(p.method, p.url, dict(p.headers.items()), p.body)

    def verify():
        sigv4.verify(request, sigv4.parse_header(request.headers["authorization"], request.headers), "secret", False)
    return median_us(verify, n * 4)


if __name__ == "__main__":
    main()
