"""Topics of other accounts, and publishers on many threads."""
import json
import threading

import boto3

from iamulator import mock_aws
from iamulator.services.base import Context
from iamulator.services.http import Request
from iamulator.services.state import STORE

from sns_support import ACCOUNT, REGION, drain, queue_arn

OTHER = "444455556666"


def context(account: str) -> Context:
    return Context(request=Request("POST", f"https://sns.{REGION}.amazonaws.com/", {}), service="sns",
                   operation="Publish", protocol="query", account_id=account, region=REGION, store=STORE)


def test_publishing_to_another_accounts_topic_runs_under_that_accounts_lock(sns, sqs, topic_arn, queue):
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1])
    theirs = STORE.backend("sns", OTHER, REGION)
    ours = STORE.backend("sns", ACCOUNT, REGION)
    with theirs.lock:     # as the dispatcher holds the caller's lock
        answer = theirs.publish(context(OTHER), {"TopicArn": topic_arn, "Message": "from afar"})
        assert theirs.lock._is_owned()
    assert not ours.lock._is_owned()
    [message] = drain(sqs, queue[0])
    assert json.loads(message["Body"])["MessageId"] == answer["MessageId"]


def test_subscriptions_are_listed_for_their_creator(sns, topic_arn):
    theirs = STORE.backend("sns", OTHER, REGION)
    with theirs.lock:
        sub = theirs.subscribe(context(OTHER), {"TopicArn": topic_arn, "Protocol": "sqs",
                                                "Endpoint": f"arn:aws:sqs:{REGION}:{OTHER}:their-queue"})
    assert theirs.list_subscriptions(context(OTHER), {})["Subscriptions"][0]["SubscriptionArn"] == \
        sub["SubscriptionArn"]
    # The topic owner sees it on the topic, not among its own subscriptions.
    assert sns.list_subscriptions()["Subscriptions"] == []
    [listed] = sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]
    assert listed["Owner"] == OTHER
    assert sns.get_subscription_attributes(SubscriptionArn=sub["SubscriptionArn"])["Attributes"][
        "PendingConfirmation"] == "false"


def test_concurrent_publishers_keep_fifo_order_per_group():
    with mock_aws():
        sns = boto3.client("sns", region_name=REGION)
        sqs = boto3.client("sqs", region_name=REGION)
        topic = sns.create_topic(Name="t.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
        url = sqs.create_queue(QueueName="q.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(sqs, url),
                      Attributes={"RawMessageDelivery": "true"})
        answers: dict = {}

        def publish(group: str):
            client = boto3.client("sns", region_name=REGION)
            answers[group] = [client.publish(TopicArn=topic, Message=f"{group}-{i}", MessageGroupId=group,
                                             MessageDeduplicationId=f"{group}-{i}")["SequenceNumber"]
                              for i in range(20)]

        threads = [threading.Thread(target=publish, args=(g,)) for g in ("a", "b", "c")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        received = drain(sqs, url, AttributeNames=["SequenceNumber"])
        assert len(received) == 60
        for group in ("a", "b", "c"):
            mine = [m for m in received if m["Body"].startswith(group + "-")]
            assert [m["Body"] for m in mine] == [f"{group}-{i}" for i in range(20)]
            assert [m["Attributes"]["SequenceNumber"] for m in mine] == sorted(m["Attributes"]["SequenceNumber"]
                                                                                for m in mine)
        everything = [s for seqs in answers.values() for s in seqs]
        assert len(set(everything)) == 60
