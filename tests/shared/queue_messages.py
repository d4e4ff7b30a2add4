"""Reading a test queue dry: shared by every test folder that checks what reached SQS."""
import json


def drain(sqs, url: str, **receive) -> list:
    """Every message on the queue, in the order received (each deleted once read);
    ``receive`` adds ReceiveMessage parameters (e.g. ``AttributeNames=["All"]``)."""
    out = []
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, **receive).get("Messages", [])
        if not got:
            return out
        for m in got:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        out += got


def bodies(sqs, url: str) -> list:
    """The body of every message on the queue (text)."""
    return [m["Body"] for m in drain(sqs, url)]


def json_bodies(sqs, url: str) -> list:
    """The body of every message on the queue, parsed as JSON."""
    return [json.loads(m["Body"]) for m in drain(sqs, url)]
