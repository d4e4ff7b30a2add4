"""Many client threads against one server: concurrent writers to one queue, bucket and table
lose nothing, FIFO order holds per message group, and with a state directory everything
acknowledged is still there after a SIGKILL."""
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.config import Config
from live_server import shared_servers  # noqa: F401  (fixture)
import queue_messages

THREADS = 8
PER_THREAD = 25
POOL = Config(retries={"max_attempts": 1}, max_pool_connections=THREADS * 2)


@pytest.fixture(scope="module")
def server(shared_servers):
    return shared_servers("--auth", "strict")


def in_threads(work, count: int = THREADS) -> list:
    """``work(thread_number)`` in ``count`` threads at once; their results (exceptions re-raised)."""
    with ThreadPoolExecutor(count) as pool:
        return [f.result() for f in [pool.submit(work, n) for n in range(count)]]


def drain(sqs, url: str, fifo: bool = False) -> list:
    return queue_messages.drain(sqs, url, WaitTimeSeconds=0, AttributeNames=["All"])


def write_everywhere(server, prefix: str) -> tuple:
    """Every thread sends messages, puts objects and items; returns (queue URL, bucket, table)."""
    sqs, s3, ddb = (server.client(s, config=POOL) for s in ("sqs", "s3", "dynamodb"))
    url = sqs.create_queue(QueueName=f"{prefix}-queue")["QueueUrl"]
    bucket = f"{prefix}-bucket"
    s3.create_bucket(Bucket=bucket)
    table = f"{prefix}-table"
    ddb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])

    def work(t):
        for i in range(PER_THREAD):
            sqs.send_message(QueueUrl=url, MessageBody=f"{t}-{i}")
            s3.put_object(Bucket=bucket, Key=f"{t}/{i}", Body=f"{t}-{i}".encode())
            ddb.put_item(TableName=table, Item={"pk": {"S": f"{t}-{i}"}, "t": {"N": str(t)}})

    in_threads(work)
    return url, bucket, table


def assert_everything_there(server, url: str, bucket: str, table: str) -> None:
    expected = {f"{t}-{i}" for t in range(THREADS) for i in range(PER_THREAD)}
    sqs, s3, ddb = (server.client(s) for s in ("sqs", "s3", "dynamodb"))
    bodies = [m["Body"] for m in drain(sqs, url)]
    assert sorted(bodies) == sorted(expected)
    keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
            for o in page.get("Contents", [])]
    assert {k.replace("/", "-") for k in keys} == expected and len(keys) == len(expected)
    assert s3.get_object(Bucket=bucket, Key="3/7")["Body"].read() == b"3-7"
    items = [i["pk"]["S"] for page in ddb.get_paginator("scan").paginate(TableName=table) for i in page["Items"]]
    assert sorted(items) == sorted(expected)


def test_concurrent_writers_lose_nothing(server):
    assert_everything_there(server, *write_everywhere(server, "many"))


def test_fifo_order_per_group_with_several_threads_and_groups(server):
    sqs = server.client("sqs", config=POOL)
    url = sqs.create_queue(QueueName="ordered.fifo", Attributes={
        "FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]
    groups = 4

    def work(t):
        sent = []
        for i in range(PER_THREAD):
            group = f"g{(t + i) % groups}"
            reply = sqs.send_message(QueueUrl=url, MessageBody=f"{t}:{i}", MessageGroupId=group)
            sent.append((group, int(reply["SequenceNumber"])))
        return sent

    sent = [pair for per_thread in in_threads(work) for pair in per_thread]
    received = drain(sqs, url, fifo=True)
    assert len(received) == THREADS * PER_THREAD
    by_group = defaultdict(list)
    for m in received:
        by_group[m["Attributes"]["MessageGroupId"]].append(m)
    assert sorted(by_group) == [f"g{n}" for n in range(groups)]
    for group, messages in by_group.items():
        numbers = [int(m["Attributes"]["SequenceNumber"]) for m in messages]
        # delivered in the order the queue accepted them...
        assert numbers == sorted(numbers), group
        assert numbers == sorted(n for g, n in sent if g == group)
        # ...so each thread's messages of a group come out in the order it sent them
        per_thread = defaultdict(list)
        for m in messages:
            t, i = m["Body"].split(":")
            per_thread[t].append(int(i))
        assert all(seq == sorted(seq) for seq in per_thread.values()), group


def test_concurrent_writers_with_a_state_dir_survive_sigkill(shared_servers, tmp_path):
    server = shared_servers("--state-dir", tmp_path, "--auth", "strict")
    written = write_everywhere(server, "kept")
    server.kill()
    restarted = shared_servers("--state-dir", tmp_path, "--auth", "strict")
    assert_everything_there(restarted, *written)
