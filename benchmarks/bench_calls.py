"""Per-call cost of common calls: iamulator vs Moto vs botocore's own client-side floor.

    python benchmarks/bench_calls.py [--iterations N]

Each target runs in its own process (the mocks both hook botocore). The floor is botocore alone:
responses recorded from iamulator are replayed from a ``before-send`` hook, so it is the cost of
building, signing and parsing a call with no emulator at all. Also measured: entering and
leaving an empty mock, and ``import iamulator``.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from timing import median_us

WORKLOADS = ("s3_put_get", "sqs_send", "dynamodb_put_get", "sts_get_caller_identity")
TARGETS = ("floor", "iamulator", "moto")


def _clients():
    import boto3
    from botocore.config import Config

    session = boto3.session.Session(aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                                    aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                    region_name="us-east-1")
    cfg = Config(retries={"max_attempts": 1})
    return {name: session.client(name, config=cfg) for name in ("s3", "sqs", "dynamodb", "sts")}


def _setup(c):
    c["s3"].create_bucket(Bucket="bench")
    url = c["sqs"].create_queue(QueueName="bench")["QueueUrl"]
    c["dynamodb"].create_table(TableName="bench", BillingMode="PAY_PER_REQUEST",
                               KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                               AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    return url


def _calls(c, queue_url):
    body = b"x" * 1024
    item = {"pk": {"S": "k1"}, "n": {"N": "42"}, "s": {"S": "value"}, "l": {"L": [{"S": "a"}, {"N": "1"}]}}

    def s3_put_get():
        c["s3"].put_object(Bucket="bench", Key="k", Body=body)
        c["s3"].get_object(Bucket="bench", Key="k")["Body"].read()

    def sqs_send():
        c["sqs"].send_message(QueueUrl=queue_url, MessageBody="hello world")

    def dynamodb_put_get():
        c["dynamodb"].put_item(TableName="bench", Item=item)
        c["dynamodb"].get_item(TableName="bench", Key={"pk": {"S": "k1"}})

    def sts_get_caller_identity():
        c["sts"].get_caller_identity()

    return {f.__name__: f for f in (s3_put_get, sqs_send, dynamodb_put_get, sts_get_caller_identity)}


class _Replay:
    """A before-send hook answering each operation with the response iamulator gave it."""

    def __init__(self):
        self.recorded = {}

    def record(self, http_response, model, **_):
        self.recorded.setdefault(model.name, (http_response.status_code, dict(http_response.headers),
                                              http_response.content))

    def replay(self, request, event_name, **_):
        from botocore.awsrequest import AWSResponse

        from iamulator.server.inprocess import _RawBody

        status, headers, body = self.recorded[event_name.rsplit(".", 1)[1]]
        return AWSResponse(request.url, status, headers, _RawBody(body))


def _worker(target, iterations):
    out = {}
    if target == "moto":
        from moto import mock_aws as mock
    else:
        from iamulator import mock_aws as mock
    m = mock()
    m.start()
    c = _clients()
    url = _setup(c)
    calls = _calls(c, url)
    if target == "floor":
        replay = _Replay()
        for client in c.values():
            client.meta.events.register("after-call", replay.record)
        for fn in calls.values():
            fn()
        m.stop()   # nothing intercepts any more: only the replay answers
        for client in c.values():
            client.meta.events.unregister("after-call", replay.record)
            client.meta.events.register_first("before-send", replay.replay)
    for name in WORKLOADS:
        out[name] = median_us(calls[name], iterations)
    if target != "floor":
        m.stop()

        def enter_leave():
            with mock():
                pass
        out["enter_leave_empty_mock"] = median_us(enter_leave, iterations)
    return out


def _import_time(module):
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
        best = min(best, time.perf_counter() - t)
    base = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        base = min(base, time.perf_counter() - t)
    return best - base


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=300)
    ap.add_argument("--worker")
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(_worker(args.worker, args.iterations)))
        return
    results = {}
    for target in TARGETS:
        proc = subprocess.run([sys.executable, __file__, "--worker", target, "--iterations", str(args.iterations)],
                              capture_output=True, text=True)
        if proc.returncode:
            print(f"{target}: failed\n{proc.stderr[-2000:]}")
            continue
        results[target] = json.loads(proc.stdout.strip().splitlines()[-1])
    floor = results.get("floor", {})
    print(f"{'workload (median us/call)':32} {'floor':>9} {'iamulator':>10} {'x floor':>8} {'moto':>9} {'x floor':>8}")
    for name in WORKLOADS:
        f = floor.get(name)
        row = f"{name:32} {f or float('nan'):9.1f}"
        for target in ("iamulator", "moto"):
            v = results.get(target, {}).get(name)
            row += f" {v or float('nan'):10.1f} {(v / f) if v and f else float('nan'):8.2f}" if target == "iamulator" else \
                   f" {v or float('nan'):9.1f} {(v / f) if v and f else float('nan'):8.2f}"
        print(row)
    for target in ("iamulator", "moto"):
        v = results.get(target, {}).get("enter_leave_empty_mock")
        if v is not None:
            print(f"enter+leave empty mock ({target}): {v:.1f} us")
    print(f"import iamulator: {_import_time('iamulator') * 1000:.0f} ms")


if __name__ == "__main__":
    main()
