"""Requests for one bucket arriving through several regional endpoints at once."""
import threading

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

REGIONS = ["us-east-1", "eu-west-1", "ap-south-1", "us-west-2"]


def _run(workers):
    errors = []

    def guard(fn):
        def run():
            try:
                fn()
            except Exception as exc:        # collected and asserted on below
                errors.append(exc)
        return run

    threads = [threading.Thread(target=guard(w)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


def test_parallel_writers_from_every_region(s3):
    s3.create_bucket(Bucket="busy", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    s3.create_bucket(Bucket="busy-too", CreateBucketConfiguration={"LocationConstraint": "ap-south-1"})
    config = Config(retries={"max_attempts": 1})

    def writer(region, n):
        def work():
            client = boto3.client("s3", region_name=region, config=config)
            for i in range(25):
                client.put_object(Bucket="busy", Key=f"{region}/{n}/{i}", Body=b"x")
                client.copy_object(Bucket="busy-too", Key=f"{region}/{n}/{i}",
                                   CopySource={"Bucket": "busy", "Key": f"{region}/{n}/{i}"})
                client.list_objects_v2(Bucket="busy", Prefix=f"{region}/")
        return work

    errors = _run([writer(r, n) for r in REGIONS for n in range(2)])
    assert errors == []
    for name in ("busy", "busy-too"):
        pages = s3.get_paginator("list_objects_v2").paginate(Bucket=name)
        assert sum(p["KeyCount"] for p in pages) == len(REGIONS) * 2 * 25


def test_only_one_conditional_create_wins(s3):
    s3.create_bucket(Bucket="race")
    outcomes = []
    lock = threading.Lock()

    def contender(n):
        def work():
            client = boto3.client("s3", region_name=REGIONS[n % len(REGIONS)],
                                  config=Config(retries={"max_attempts": 1}))
            try:
                client.put_object(Bucket="race", Key="lock", Body=str(n).encode(), IfNoneMatch="*")
                result = "won"
            except ClientError as err:
                result = err.response["Error"]["Code"]
            with lock:
                outcomes.append(result)
        return work

    assert _run([contender(n) for n in range(8)]) == []
    assert sorted(outcomes) == ["PreconditionFailed"] * 7 + ["won"]
