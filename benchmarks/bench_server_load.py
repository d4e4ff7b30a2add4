"""Server mode under load: ``iamulator server --auth strict`` against ``moto_server``.

    python benchmarks/bench_server_load.py [--threads 1 2 4] [--duration 10 | --count N]
                                           [--servers iamulator moto]

Each server runs in its own process on a free port. N client threads, each with its own boto3
clients, mix S3 PutObject (1 KiB), SQS SendMessage and DynamoDB PutItem for a fixed time (or a
fixed number of calls per thread); then every write is counted back (objects listed, messages
received until the queue is empty, items scanned). Reported per server and thread count:
requests/s, errors, lost writes, and the CPU time each side spent per request (the server's from
/proc, the clients' from this process), which says what serving costs apart from the client.

The exit status is 1 when any call failed or any write was lost.

On iamulator every call is checked: the clients act as an IAM user whose policy allows just
those three actions on those three resources, created by the root user before the run.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = {"aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
REGION = "us-east-1"
ACCOUNT = "123456789012"
BODY = b"x" * 1024
KINDS = ("s3", "sqs", "dynamodb")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(server: str, port: int, log) -> subprocess.Popen:
    if server == "iamulator":
        argv = [sys.executable, "-m", "iamulator.server.cli", "server", "-p", str(port), "--auth", "strict"]
    else:
        argv = ["moto_server", "-H", "127.0.0.1", "-p", str(port)]
    proc = subprocess.Popen(argv, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{server} exited with {proc.returncode}; its output is in {log.name}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"{server} did not listen within 60 s")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux), for the server's cost per request."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def clients(endpoint: str, key: dict):
    import boto3
    from botocore.config import Config

    session = boto3.session.Session(region_name=REGION, **key)
    cfg = Config(retries={"max_attempts": 1}, max_pool_connections=4)
    return {name: session.client(name, endpoint_url=endpoint, config=cfg) for name in KINDS + ("iam",)}


def prepare(endpoint: str, name: str, checked: bool) -> tuple[dict, dict, str]:
    """(root's clients, the workers' key, queue URL) after root made the round's resources and,
    on a checked server, the IAM user allowed exactly the three writes on them."""
    root = clients(endpoint, ROOT)
    root["s3"].create_bucket(Bucket=name)
    url = root["sqs"].create_queue(QueueName=name, Attributes={"VisibilityTimeout": "600"})["QueueUrl"]
    root["dynamodb"].create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                                  KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                                  AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    if not checked:
        return root, ROOT, url
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{name}/*"},
        {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"},
        {"Effect": "Allow", "Action": "dynamodb:PutItem",
         "Resource": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{name}"},
    ]}
    root["iam"].create_user(UserName=name)
    root["iam"].put_user_policy(UserName=name, PolicyName="writes", PolicyDocument=json.dumps(policy))
    key = root["iam"].create_access_key(UserName=name)["AccessKey"]
    return root, {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}, url


def worker(c, name, url, tid, start, duration, count, out):
    start.wait()
    stop_at = time.monotonic() + duration
    written = {kind: [] for kind in KINDS}
    errors = []
    i = 0
    while (i < count) if count else (time.monotonic() < stop_at):
        ident = f"t{tid}-{i}"
        kind = KINDS[i % 3]
        try:
            if kind == "s3":
                c["s3"].put_object(Bucket=name, Key=ident, Body=BODY)
            elif kind == "sqs":
                c["sqs"].send_message(QueueUrl=url, MessageBody=ident)
            else:
                c["dynamodb"].put_item(TableName=name, Item={"pk": {"S": ident}, "n": {"N": str(i)}})
            written[kind].append(ident)
        except Exception as err:  # every failure is counted, whatever raised it
            errors.append(f"{kind}: {err}")
        i += 1
    out[tid] = (written, errors)


def count_back(root: dict, name: str, url: str) -> dict:
    """What the server holds after the run, per kind."""
    found = {kind: set() for kind in KINDS}
    for page in root["s3"].get_paginator("list_objects_v2").paginate(Bucket=name):
        found["s3"].update(o["Key"] for o in page.get("Contents", []))
    while True:
        got = root["sqs"].receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
        if not got.get("Messages"):
            break
        found["sqs"].update(m["Body"] for m in got["Messages"])
    for page in root["dynamodb"].get_paginator("scan").paginate(TableName=name):
        found["dynamodb"].update(item["pk"]["S"] for item in page["Items"])
    return found


def run_round(endpoint, pid, threads, duration, count, name, checked) -> dict:
    root, key, url = prepare(endpoint, name, checked)
    out = {}
    # Clients are made (and their connections opened) before the clock starts: their creation
    # is client-side cost that says nothing about the server.
    start = threading.Barrier(threads + 1)
    pool = [threading.Thread(target=worker, args=(clients(endpoint, key), name, url, t, start, duration, count, out))
            for t in range(threads)]
    for t in pool:
        t.start()
    server_cpu, client_cpu = cpu_seconds(pid), time.process_time()
    start_at = time.monotonic()
    start.wait()
    for t in pool:
        t.join()
    elapsed = time.monotonic() - start_at
    server_after, client_cpu = cpu_seconds(pid), time.process_time() - client_cpu
    written = {kind: set() for kind in KINDS}
    errors = []
    for w, e in out.values():
        for kind in KINDS:
            written[kind].update(w[kind])
        errors += e
    found = count_back(root, name, url)
    requests = sum(len(v) for v in written.values()) + len(errors)
    return {
        "threads": threads, "requests": requests, "seconds": round(elapsed, 2),
        "requests_per_s": round(requests / elapsed, 1), "errors": len(errors), "first_errors": errors[:3],
        "lost": {kind: len(written[kind] - found[kind]) for kind in KINDS},
        "server_ms_per_request": (round((server_after - server_cpu) * 1000 / requests, 3)
                                  if server_cpu is not None and requests else None),
        "client_ms_per_request": round(client_cpu * 1000 / requests, 3) if requests else None,
    }


def core_cost(calls: int) -> dict:
    """The same mix in-process under ``mock_aws(auth="strict")``, one thread: the time spent in
    the pipeline (``dispatch``: routing, decoding, authentication, authorization, the backend,
    encoding) per request, apart from any HTTP serving, and botocore's own client-side time."""
    from iamulator import mock_aws
    from iamulator.server import dispatch as pipeline

    original = pipeline.dispatch
    spent = [0.0]

    # CPU time of this thread, comparable with the server's CPU time over HTTP and unmoved by
    # whatever else the machine runs.
    def timed(request):
        t = time.thread_time()
        try:
            return original(request)
        finally:
            spent[0] += time.thread_time() - t

    with mock_aws(auth="strict"):
        root, key, url = prepare(None, "core", True)
        c = clients(None, key)
        done = {}
        worker(c, "core", url, 0, threading.Barrier(1), 0, 50, done)  # warm: first-call imports and caches
        pipeline.dispatch = timed
        try:
            t = time.thread_time()
            worker(c, "core", url, 1, threading.Barrier(1), 0, calls, done)
            total = time.thread_time() - t
        finally:
            pipeline.dispatch = original
    errors = len(done[1][1])
    return {"calls": calls, "errors": errors, "pipeline_ms_per_request": round(spent[0] * 1000 / calls, 3),
            "client_ms_per_request": round((total - spent[0]) * 1000 / calls, 3)}


def bench(server: str, threads: list[int], duration: float, count: int) -> list[dict]:
    port = free_port()
    with tempfile.NamedTemporaryFile("w+", prefix=f"{server}-", suffix=".log", delete=False) as log:
        proc = start(server, port, log)
        try:
            endpoint = f"http://127.0.0.1:{port}"
            results = [run_round(endpoint, proc.pid, n, duration, count, f"load-{i}-{n}", server == "iamulator")
                       for i, n in enumerate(threads)]
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    os.unlink(log.name)  # kept when the run failed, for the server's own account
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--duration", type=float, default=10.0, help="seconds per round (default 10)")
    ap.add_argument("--count", type=int, default=0, help="calls per thread instead of a duration")
    ap.add_argument("--servers", nargs="+", choices=("iamulator", "moto"), default=["iamulator", "moto"])
    ap.add_argument("--core-calls", type=int, default=3000,
                    help="calls of the in-process pipeline measurement (0: skip it)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)

    results = {server: bench(server, args.threads, args.duration, args.count) for server in args.servers}
    core = core_cost(args.core_calls) if args.core_calls and "iamulator" in args.servers else None
    # Errors or lost writes make the exit status non-zero: speed does not count without them.
    failed = (any(r["errors"] or any(r["lost"].values()) for rounds in results.values() for r in rounds)
              or bool(core and core["errors"]))
    if args.json:
        print(json.dumps({**results, "iamulator_in_process": core}, indent=2))
        return int(failed)
    print(f"{'server':<10} {'threads':>7} {'requests':>8} {'req/s':>8} {'errors':>6} {'lost':>5} "
          f"{'server ms/req':>13} {'client ms/req':>13}")
    for server, rounds in results.items():
        for r in rounds:
            print(f"{server:<10} {r['threads']:>7} {r['requests']:>8} {r['requests_per_s']:>8} {r['errors']:>6} "
                  f"{sum(r['lost'].values()):>5} {r['server_ms_per_request'] or '-':>13} "
                  f"{r['client_ms_per_request']:>13}")
            for e in r["first_errors"]:
                print(f"    error: {e}")
    if core:
        served = [r["server_ms_per_request"] for r in results["iamulator"] if r["server_ms_per_request"]]
        print(f"iamulator in-process, 1 thread: the pipeline {core['pipeline_ms_per_request']} ms/request, "
              f"botocore {core['client_ms_per_request']} ms/request ({core['errors']} errors)")
        if served:
            print(f"  so HTTP serving adds about {min(served) - core['pipeline_ms_per_request']:.3f} ms of server "
                  "CPU per request (the lowest server ms/req above minus the pipeline)")
    if len(results) == 2:
        for a, b in zip(results["iamulator"], results["moto"]):
            print(f"{a['threads']} threads: iamulator {a['requests_per_s'] / b['requests_per_s']:.2f}x moto_server's "
                  "requests/s")
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())
