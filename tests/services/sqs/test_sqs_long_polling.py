"""Long polling: a waiting ReceiveMessage sleeps without holding anyone up and wakes for a send."""
import threading
import time

import boto3

from sqs_support import REGION


def _client():
    return boto3.client("sqs", region_name=REGION)


def test_empty_wait_times_out_within_bounds(sqs, queue_url):
    started = time.monotonic()
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=1)
    elapsed = time.monotonic() - started
    assert 0.95 <= elapsed < 2.0


def test_zero_wait_returns_at_once(sqs, queue_url):
    started = time.monotonic()
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=0)
    assert time.monotonic() - started < 0.5


def test_a_send_from_another_thread_wakes_the_waiter(sqs, queue_url):
    def send_soon():
        time.sleep(0.3)
        _client().send_message(QueueUrl=queue_url, MessageBody="wake up")

    sender = threading.Thread(target=send_soon)
    started = time.monotonic()
    sender.start()
    got = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=10)
    elapsed = time.monotonic() - started
    sender.join()
    assert got["Messages"][0]["Body"] == "wake up"
    assert 0.25 <= elapsed < 3.0


def test_the_queue_default_wait_applies(sqs):
    url = sqs.create_queue(QueueName="patient", Attributes={"ReceiveMessageWaitTimeSeconds": "1"})["QueueUrl"]
    started = time.monotonic()
    assert "Messages" not in sqs.receive_message(QueueUrl=url)
    assert 0.95 <= time.monotonic() - started < 2.0
    # An explicit zero overrides the queue's default.
    started = time.monotonic()
    sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0)
    assert time.monotonic() - started < 0.5


def test_a_delayed_message_ends_the_wait_when_it_becomes_visible(sqs, queue_url):
    sqs.send_message(QueueUrl=queue_url, MessageBody="soon", DelaySeconds=1)
    started = time.monotonic()
    got = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=5)
    elapsed = time.monotonic() - started
    assert got["Messages"][0]["Body"] == "soon"
    assert 0.5 <= elapsed < 2.5


def test_waiting_does_not_block_other_requests(sqs, queue_url):
    waiter = threading.Thread(target=lambda: _client().receive_message(QueueUrl=queue_url, WaitTimeSeconds=2))
    waiter.start()
    time.sleep(0.2)
    started = time.monotonic()
    other = sqs.create_queue(QueueName="meanwhile")["QueueUrl"]
    sqs.send_message(QueueUrl=other, MessageBody="x")
    sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])
    assert time.monotonic() - started < 1.0
    waiter.join()


def test_several_waiters_each_get_a_message(sqs, queue_url):
    results = []

    def wait():
        got = _client().receive_message(QueueUrl=queue_url, WaitTimeSeconds=5)
        results.append([m["Body"] for m in got.get("Messages", [])])

    waiters = [threading.Thread(target=wait) for _ in range(3)]
    for w in waiters:
        w.start()
    time.sleep(0.3)
    for i in range(3):
        sqs.send_message(QueueUrl=queue_url, MessageBody=str(i))
    for w in waiters:
        w.join()
    assert sorted(b for r in results for b in r) == ["0", "1", "2"]


def test_deleting_the_queue_releases_its_waiters(sqs, queue_url):
    done = []
    waiter = threading.Thread(
        target=lambda: done.append(_client().receive_message(QueueUrl=queue_url, WaitTimeSeconds=10)))
    waiter.start()
    time.sleep(0.3)
    started = time.monotonic()
    sqs.delete_queue(QueueUrl=queue_url)
    waiter.join(timeout=5)
    assert not waiter.is_alive()
    assert time.monotonic() - started < 2.0
    assert "Messages" not in done[0]
