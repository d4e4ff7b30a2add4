"""SQS's declarations: queues named by URL (whatever the host), batches as their single actions,
tags in the request and on the queue."""
import pytest

from iamulator.authz.describe import describe
from iamulator.services.errors import AWSError
from iamulator.services.state import Store

from describe_helpers import ACCOUNT, OTHER, make_ctx

QUEUE = f"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs"


@pytest.fixture
def store():
    return Store()


def only(store, operation, params, account=ACCOUNT):
    [check] = describe("sqs", operation, params, make_ctx("sqs", store=store, account=account))
    return check


def url(account=ACCOUNT, name="jobs", host="https://sqs.us-east-1.amazonaws.com"):
    return f"{host}/{account}/{name}"


@pytest.mark.parametrize("operation,extra", [
    ("SendMessage", {"MessageBody": "x"}), ("ReceiveMessage", {}), ("DeleteQueue", {}), ("PurgeQueue", {}),
    ("GetQueueAttributes", {}), ("SetQueueAttributes", {"Attributes": {}}), ("ListQueueTags", {}),
    ("ListDeadLetterSourceQueues", {}), ("DeleteMessage", {"ReceiptHandle": "h"}),
    ("ChangeMessageVisibility", {"ReceiptHandle": "h", "VisibilityTimeout": 1}),
])
def test_queue_operations_are_authorized_on_the_queue_the_url_names(store, operation, extra):
    check = only(store, operation, {"QueueUrl": url(), **extra})
    assert (check.action, check.resource, check.resource_account) == (f"sqs:{operation}", QUEUE, ACCOUNT)


@pytest.mark.parametrize("operation,action", [
    ("SendMessageBatch", "sqs:SendMessage"), ("DeleteMessageBatch", "sqs:DeleteMessage"),
    ("ChangeMessageVisibilityBatch", "sqs:ChangeMessageVisibility"),
])
def test_batches_are_their_single_message_actions(store, operation, action):
    check = only(store, operation, {"QueueUrl": url(), "Entries": []})
    assert (check.action, check.resource) == (action, QUEUE)


def test_any_host_works_and_another_accounts_queue_is_cross_account(store):
    check = only(store, "SendMessage", {"QueueUrl": url(OTHER, host="http://127.0.0.1:5000"), "MessageBody": "x"})
    assert (check.resource, check.resource_account) == (f"arn:aws:sqs:us-east-1:{OTHER}:jobs", OTHER)


def test_a_url_naming_no_queue_is_sqss_own_error(store):
    with pytest.raises(AWSError) as err:
        describe("sqs", "SendMessage", {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/jobs", "MessageBody": "x"},
                 make_ctx("sqs", store=store))
    assert err.value.code == "InvalidAddress"


def test_create_queue_and_get_queue_url_name_the_queue(store):
    check = only(store, "CreateQueue", {"QueueName": "jobs"})
    assert (check.action, check.resource) == ("sqs:CreateQueue", QUEUE)
    create, tag = describe("sqs", "CreateQueue", {"QueueName": "jobs", "tags": {"team": "red"}},
                           make_ctx("sqs", store=store))
    assert (create.action, tag.action, tag.resource) == ("sqs:CreateQueue", "sqs:TagQueue", QUEUE)
    assert dict(create.context) == dict(tag.context) == {"aws:RequestTag/team": "red", "aws:TagKeys": ["team"]}
    assert only(store, "GetQueueUrl", {"QueueName": "jobs"}).resource == QUEUE
    check = only(store, "GetQueueUrl", {"QueueName": "jobs", "QueueOwnerAWSAccountId": OTHER})
    assert (check.resource, check.resource_account) == (f"arn:aws:sqs:us-east-1:{OTHER}:jobs", OTHER)


def test_list_queues_is_on_star(store):
    assert only(store, "ListQueues", {}).resource == "*"


def test_tag_operations_supply_request_tags_and_keys(store):
    check = only(store, "TagQueue", {"QueueUrl": url(), "Tags": {"env": "prod"}})
    assert dict(check.context) == {"aws:RequestTag/env": "prod", "aws:TagKeys": ["env"]}
    check = only(store, "UntagQueue", {"QueueUrl": url(), "TagKeys": ["env", "team"]})
    assert dict(check.context) == {"aws:TagKeys": ["env", "team"]}


def test_the_queues_own_tags_are_resource_tags(store):
    c = make_ctx("sqs", store=store)
    backend = store.backend("sqs", ACCOUNT, "us-east-1")
    backend.handler("CreateQueue")(backend, c, {"QueueName": "jobs", "tags": {"team": "red"}})
    check = only(store, "SendMessage", {"QueueUrl": url(), "MessageBody": "x"})
    assert dict(check.context) == {"aws:ResourceTag/team": "red"}
    # Tags of a queue elsewhere are not this queue's.
    assert dict(only(store, "SendMessage", {"QueueUrl": url(name="other"), "MessageBody": "x"}).context) == {}
