"""What each SNS request is authorized for: the topic, named however the request names it."""
import pytest

from iamulator.authz.describe import describe
from iamulator.services.base import Context
from iamulator.services.http import Request
from iamulator.services.state import Store

ACCOUNT, OTHER, REGION = "123456789012", "444455556666", "us-east-1"


@pytest.fixture
def ctx():
    return Context(request=Request("POST", f"https://sns.{REGION}.amazonaws.com/", {}), service="sns",
                   operation="", protocol="query", account_id=ACCOUNT, region=REGION, store=Store())


@pytest.fixture
def topic(ctx):
    backend = ctx.store.backend("sns", ACCOUNT, REGION)
    return backend.create_topic(ctx, {"Name": "orders", "Tags": [{"Key": "env", "Value": "prod"}]})["TopicArn"]


def checks(ctx, operation, params):
    return [(c.action, c.resource, dict(c.context), c.resource_account)
            for c in describe("sns", operation, params, ctx)]


def test_publish_is_authorized_on_the_topic_with_its_tags(ctx, topic):
    assert checks(ctx, "Publish", {"TopicArn": topic, "Message": "m"}) == [
        ("sns:Publish", topic, {"aws:ResourceTag/env": "prod"}, ACCOUNT)]
    assert checks(ctx, "PublishBatch", {"TopicArn": topic, "PublishBatchRequestEntries": []})[0][:2] == \
        ("sns:Publish", topic)


def test_sms_publish_is_authorized_on_star(ctx):
    assert checks(ctx, "Publish", {"PhoneNumber": "+15555550100", "Message": "m"}) == \
        [("sns:Publish", "*", {}, ACCOUNT)]


def test_create_topic_with_tags_needs_tag_resource_too(ctx):
    arn = f"arn:aws:sns:{REGION}:{ACCOUNT}:new"
    tags = {"aws:RequestTag/team": "core", "aws:TagKeys": ["team"]}
    assert checks(ctx, "CreateTopic", {"Name": "new", "Tags": [{"Key": "team", "Value": "core"}]}) == [
        ("sns:CreateTopic", arn, tags, ACCOUNT), ("sns:TagResource", arn, tags, ACCOUNT)]
    assert [c[0] for c in checks(ctx, "CreateTopic", {"Name": "new"})] == ["sns:CreateTopic"]


def test_subscribe_supplies_protocol_and_endpoint(ctx, topic):
    queue = f"arn:aws:sqs:{REGION}:{ACCOUNT}:inbox"
    [(action, resource, context, _)] = checks(ctx, "Subscribe", {"TopicArn": topic, "Protocol": "sqs",
                                                                 "Endpoint": queue})
    assert (action, resource) == ("sns:Subscribe", topic)
    assert context["sns:Protocol"] == "sqs" and context["sns:Endpoint"] == queue


@pytest.mark.parametrize("operation", ["GetSubscriptionAttributes", "SetSubscriptionAttributes", "Unsubscribe"])
def test_subscription_operations_are_authorized_on_the_topic(ctx, topic, operation):
    sub = f"{topic}:0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"
    assert checks(ctx, operation, {"SubscriptionArn": sub})[0][:2] == (f"sns:{operation}", topic)


def test_another_accounts_topic_is_evaluated_as_theirs(ctx):
    theirs = f"arn:aws:sns:{REGION}:{OTHER}:shared"
    assert checks(ctx, "Publish", {"TopicArn": theirs, "Message": "m"}) == [("sns:Publish", theirs, {}, OTHER)]


def test_listing_names_no_topic(ctx):
    assert checks(ctx, "ListTopics", {}) == [("sns:ListTopics", "*", {}, ACCOUNT)]
