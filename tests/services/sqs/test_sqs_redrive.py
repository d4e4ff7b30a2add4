"""Dead-letter queues: a message received more than maxReceiveCount times moves on."""
import json

from sqs_support import ACCOUNT, REGION


def test_message_moves_to_the_dead_letter_queue(sqs):
    dlq = sqs.create_queue(QueueName="dead")["QueueUrl"]
    dlq_arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:dead"
    src = sqs.create_queue(QueueName="src", Attributes={
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2})})["QueueUrl"]
    sent = sqs.send_message(QueueUrl=src, MessageBody="poison")
    for count in (1, 2):
        m = sqs.receive_message(QueueUrl=src, VisibilityTimeout=0, AttributeNames=["ApproximateReceiveCount"])
        assert m["Messages"][0]["Attributes"]["ApproximateReceiveCount"] == str(count)
    assert "Messages" not in sqs.receive_message(QueueUrl=src)
    moved = sqs.receive_message(QueueUrl=dlq, MessageSystemAttributeNames=["All"])["Messages"][0]
    assert moved["MessageId"] == sent["MessageId"]
    assert moved["Body"] == "poison"
    assert moved["Attributes"]["DeadLetterQueueSourceArn"] == f"arn:aws:sqs:{REGION}:{ACCOUNT}:src"


def test_redrive_policy_set_later_applies(sqs):
    sqs.create_queue(QueueName="dead")
    src = sqs.create_queue(QueueName="src")["QueueUrl"]
    sqs.send_message(QueueUrl=src, MessageBody="m")
    sqs.receive_message(QueueUrl=src, VisibilityTimeout=0)
    sqs.set_queue_attributes(QueueUrl=src, Attributes={"RedrivePolicy": json.dumps(
        {"deadLetterTargetArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:dead", "maxReceiveCount": 1})})
    assert "Messages" not in sqs.receive_message(QueueUrl=src)
    counts = sqs.get_queue_attributes(QueueUrl=sqs.get_queue_url(QueueName="dead")["QueueUrl"],
                                      AttributeNames=["ApproximateNumberOfMessages"])
    assert counts["Attributes"] == {"ApproximateNumberOfMessages": "1"}
    # Removing the policy stops redrive.
    sqs.set_queue_attributes(QueueUrl=src, Attributes={"RedrivePolicy": ""})
    assert "RedrivePolicy" not in sqs.get_queue_attributes(QueueUrl=src, AttributeNames=["All"])["Attributes"]
