"""Topics: names, FIFO, attributes, the topic policy, permissions, listing, deletion, tags."""
import json

import pytest

from iamulator.services.state import STORE
from iamulator.services.sns import resource_policy

from sns_support import ACCOUNT, REGION, error_of

DEFAULT_ACTIONS = ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
                   "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"]


def default_policy(arn):
    return {
        "Version": "2008-10-17",
        "Id": "__default_policy_ID",
        "Statement": [{
            "Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"},
            "Action": DEFAULT_ACTIONS, "Resource": arn,
            "Condition": {"StringEquals": {"AWS:SourceOwner": ACCOUNT}},
        }],
    }


def test_create_topic_returns_its_arn_and_is_idempotent(sns):
    arn = sns.create_topic(Name="orders")["TopicArn"]
    assert arn == f"arn:aws:sns:{REGION}:{ACCOUNT}:orders"
    assert sns.create_topic(Name="orders")["TopicArn"] == arn
    assert sns.list_topics()["Topics"] == [{"TopicArn": arn}]


def test_topic_arn_follows_the_region_and_partition(aws):
    import boto3

    assert boto3.client("sns", region_name="eu-west-1").create_topic(Name="t")["TopicArn"] == \
        f"arn:aws:sns:eu-west-1:{ACCOUNT}:t"
    assert boto3.client("sns", region_name="cn-north-1").create_topic(Name="t")["TopicArn"] == \
        f"arn:aws-cn:sns:cn-north-1:{ACCOUNT}:t"


def test_topics_are_per_region(aws):
    import boto3

    boto3.client("sns", region_name="eu-west-1").create_topic(Name="t")
    assert boto3.client("sns", region_name="us-east-1").list_topics()["Topics"] == []


def test_default_attributes_of_a_standard_topic(sns, topic_arn):
    attributes = sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]
    policy = json.loads(attributes.pop("Policy"))
    assert policy == default_policy(topic_arn)
    delivery = json.loads(attributes.pop("EffectiveDeliveryPolicy"))
    assert delivery["http"]["defaultHealthyRetryPolicy"]["numRetries"] == 3
    assert delivery["http"]["defaultRequestPolicy"] == {"headerContentType": "text/plain; charset=UTF-8"}
    assert attributes == {
        "Owner": ACCOUNT, "TopicArn": topic_arn, "DisplayName": "", "SubscriptionsPending": "0",
        "SubscriptionsConfirmed": "0", "SubscriptionsDeleted": "0",
    }


@pytest.mark.parametrize("name", ["has space", "dot.ted", "", "x" * 257, "é", "name.fifo"])
def test_invalid_standard_names(sns, name):
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.create_topic(Name=name)
    assert error_of(excinfo) == ("InvalidParameter", 400, "Invalid parameter: Topic Name")


def test_longest_names_are_accepted(sns):
    assert sns.create_topic(Name="x" * 256)["TopicArn"].endswith(":" + "x" * 256)
    fifo = "y" * 251 + ".fifo"
    assert sns.create_topic(Name=fifo, Attributes={"FifoTopic": "true"})["TopicArn"].endswith(fifo)


def test_fifo_topic(sns):
    arn = sns.create_topic(Name="orders.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    attributes = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    assert attributes["FifoTopic"] == "true"
    assert attributes["ContentBasedDeduplication"] == "false"
    sns.set_topic_attributes(TopicArn=arn, AttributeName="ContentBasedDeduplication", AttributeValue="true")
    assert sns.get_topic_attributes(TopicArn=arn)["Attributes"]["ContentBasedDeduplication"] == "true"


@pytest.mark.parametrize("name, attributes", [
    ("orders", {"FifoTopic": "true"}),
    ("orders.fifo", {"FifoTopic": "false"}),
    ("orders.fifo", {}),
    ("or ders.fifo", {"FifoTopic": "true"}),
])
def test_fifo_names_and_the_fifo_attribute_must_agree(sns, name, attributes):
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.create_topic(Name=name, Attributes=attributes)
    assert error_of(excinfo)[2] == "Invalid parameter: Topic Name"


def test_fifo_attributes_are_refused_on_standard_topics(sns, topic_arn):
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.create_topic(Name="plain", Attributes={"ContentBasedDeduplication": "true"})
    assert error_of(excinfo)[2] == ("Invalid parameter: ContentBasedDeduplication Reason: Content-based "
                                    "deduplication can only be set for FIFO topics")
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="FifoThroughputScope",
                                 AttributeValue="MessageGroup")


def test_fifo_flag_value_must_be_boolean(sns):
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.create_topic(Name="t.fifo", Attributes={"FifoTopic": "yes"})
    assert error_of(excinfo)[2] == "Invalid parameter: FifoTopic"


def test_recreating_with_other_attributes_or_tags_is_refused(sns):
    sns.create_topic(Name="t", Attributes={"DisplayName": "one"}, Tags=[{"Key": "env", "Value": "prod"}])
    assert sns.create_topic(Name="t", Attributes={"DisplayName": "one"})["TopicArn"].endswith(":t")
    assert sns.create_topic(Name="t", Tags=[{"Key": "env", "Value": "prod"}])["TopicArn"].endswith(":t")
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.create_topic(Name="t", Attributes={"DisplayName": "two"})
    assert error_of(excinfo)[2] == "Invalid parameter: Attributes Reason: Topic already exists with different attributes"
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.create_topic(Name="t", Tags=[{"Key": "env", "Value": "dev"}])
    assert error_of(excinfo)[2] == "Invalid parameter: Tags Reason: Topic already exists with different tags"


def test_set_topic_attributes(sns, topic_arn):
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="DisplayName", AttributeValue="Orders")
    delivery = json.dumps({"http": {"defaultHealthyRetryPolicy": {"numRetries": 5}}})
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="DeliveryPolicy", AttributeValue=delivery)
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="SignatureVersion", AttributeValue="2")
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="KmsMasterKeyId", AttributeValue="alias/aws/sns")
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="TracingConfig", AttributeValue="Active")
    attributes = sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]
    assert attributes["DisplayName"] == "Orders"
    assert attributes["DeliveryPolicy"] == delivery
    assert attributes["EffectiveDeliveryPolicy"] == delivery
    assert attributes["SignatureVersion"] == "2"
    assert attributes["KmsMasterKeyId"] == "alias/aws/sns"
    assert attributes["TracingConfig"] == "Active"
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="KmsMasterKeyId", AttributeValue="")
    assert "KmsMasterKeyId" not in sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]


@pytest.mark.parametrize("name, value, message", [
    ("Unknown", "x", "Invalid parameter: AttributeName"),
    ("FifoTopic", "true", "Invalid parameter: AttributeName"),
    ("SignatureVersion", "3", "Invalid parameter: SignatureVersion"),
    ("TracingConfig", "On", "Invalid parameter: TracingConfig"),
    ("DeliveryPolicy", "{not json", "Invalid parameter: DeliveryPolicy"),
    ("Policy", "{not json", "Invalid parameter: Policy Error: null"),
    ("Policy", "[]", "Invalid parameter: Policy Error: null"),
    ("Policy", json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}]}),
     "Invalid parameter: Policy statement action out of service scope!"),
    ("Policy", json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"}]}),
     "Invalid parameter: Policy Error: Missing required field Principal"),
])
def test_invalid_topic_attributes(sns, topic_arn, name, value, message):
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.set_topic_attributes(TopicArn=topic_arn, AttributeName=name, AttributeValue=value)
    assert error_of(excinfo) == ("InvalidParameter", 400, message)


def test_topic_policy_round_trip_and_resource_policy_lookup(sns, topic_arn):
    ctx = type("Ctx", (), {"store": STORE})()
    text, owner = resource_policy(ctx, topic_arn)
    assert json.loads(text) == default_policy(topic_arn) and owner == ACCOUNT
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "Events", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
        "Action": "sns:Publish", "Resource": topic_arn}]})
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="Policy", AttributeValue=policy)
    assert sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]["Policy"] == policy
    assert resource_policy(ctx, topic_arn) == (policy, ACCOUNT)
    assert resource_policy(ctx, f"arn:aws:sns:{REGION}:444455556666:absent") == (None, "444455556666")


def test_add_and_remove_permission(sns, topic_arn):
    sns.add_permission(TopicArn=topic_arn, Label="share", AWSAccountId=["111122223333"], ActionName=["Publish"])
    sns.add_permission(TopicArn=topic_arn, Label="both", AWSAccountId=["111122223333", "444455556666"],
                       ActionName=["Publish", "Subscribe"])
    statements = json.loads(sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]["Policy"])["Statement"]
    assert statements[1] == {"Sid": "share", "Effect": "Allow",
                             "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                             "Action": "SNS:Publish", "Resource": topic_arn}
    assert statements[2]["Principal"] == {"AWS": ["arn:aws:iam::111122223333:root",
                                                  "arn:aws:iam::444455556666:root"]}
    assert statements[2]["Action"] == ["SNS:Publish", "SNS:Subscribe"]
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.add_permission(TopicArn=topic_arn, Label="share", AWSAccountId=["111122223333"], ActionName=["Publish"])
    assert error_of(excinfo)[2] == "Invalid parameter: Statement already exists"
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.add_permission(TopicArn=topic_arn, Label="x", AWSAccountId=["111122223333"], ActionName=["SendMessage"])
    assert error_of(excinfo)[2] == "Invalid parameter: Policy statement action out of service scope!"
    sns.remove_permission(TopicArn=topic_arn, Label="share")
    sns.remove_permission(TopicArn=topic_arn, Label="never-there")
    sids = [s["Sid"] for s in
            json.loads(sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]["Policy"])["Statement"]]
    assert sids == ["__default_statement_ID", "both"]


def test_add_permission_to_a_policy_with_a_single_statement_object(sns, topic_arn):
    policy = {"Version": "2012-10-17", "Statement": {"Sid": "Own", "Effect": "Allow", "Principal": {"AWS": ACCOUNT},
                                                     "Action": "sns:Publish", "Resource": topic_arn}}
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="Policy", AttributeValue=json.dumps(policy))
    sns.add_permission(TopicArn=topic_arn, Label="share", AWSAccountId=["111122223333"], ActionName=["Publish"])
    statements = json.loads(sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]["Policy"])["Statement"]
    assert [s["Sid"] for s in statements] == ["Own", "share"]


def test_data_protection_policy(sns, topic_arn):
    assert sns.get_data_protection_policy(ResourceArn=topic_arn)["DataProtectionPolicy"] == ""
    policy = json.dumps({"Name": "p", "Version": "2021-06-01", "Statement": []})
    sns.put_data_protection_policy(ResourceArn=topic_arn, DataProtectionPolicy=policy)
    assert sns.get_data_protection_policy(ResourceArn=topic_arn)["DataProtectionPolicy"] == policy
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.put_data_protection_policy(ResourceArn=topic_arn, DataProtectionPolicy="nope")
    assert error_of(excinfo)[2] == "Invalid parameter: DataProtectionPolicy"


def test_topic_errors(sns, topic_arn):
    with pytest.raises(sns.exceptions.NotFoundException) as excinfo:
        sns.get_topic_attributes(TopicArn=topic_arn + "-absent")
    assert error_of(excinfo) == ("NotFound", 404, "Topic does not exist")
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.get_topic_attributes(TopicArn="orders")
    assert error_of(excinfo)[2] == "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1"
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.get_topic_attributes(TopicArn=topic_arn.replace(REGION, "eu-west-1"))
    assert error_of(excinfo)[2] == "Invalid parameter: TopicArn"
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.set_topic_attributes(TopicArn=topic_arn + "-absent", AttributeName="DisplayName", AttributeValue="x")


def test_delete_topic_removes_it_and_its_subscriptions(sns, sqs, topic_arn, queue):
    sub = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue[1])["SubscriptionArn"]
    sns.delete_topic(TopicArn=topic_arn)
    assert sns.list_topics()["Topics"] == []
    assert sns.list_subscriptions()["Subscriptions"] == []
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.get_subscription_attributes(SubscriptionArn=sub)
    # Deleting a topic that does not exist is not an error.
    sns.delete_topic(TopicArn=topic_arn)
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.delete_topic(TopicArn="not-an-arn")


def test_list_topics_pages_by_100(sns):
    arns = [sns.create_topic(Name=f"t{i:03d}")["TopicArn"] for i in range(205)]
    first = sns.list_topics()
    assert [t["TopicArn"] for t in first["Topics"]] == arns[:100]
    second = sns.list_topics(NextToken=first["NextToken"])
    assert [t["TopicArn"] for t in second["Topics"]] == arns[100:200]
    third = sns.list_topics(NextToken=second["NextToken"])
    assert [t["TopicArn"] for t in third["Topics"]] == arns[200:]
    assert "NextToken" not in third
    listed = [t["TopicArn"] for page in sns.get_paginator("list_topics").paginate() for t in page["Topics"]]
    assert listed == arns
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.list_topics(NextToken="garbage")
    assert error_of(excinfo)[2] == "Invalid parameter: NextToken"


def test_tags(sns):
    arn = sns.create_topic(Name="t", Tags=[{"Key": "env", "Value": "prod"}])["TopicArn"]
    sns.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "dev"}])
    assert sns.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "core"}]
    sns.untag_resource(ResourceArn=arn, TagKeys=["env", "absent"])
    assert sns.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "core"}]


def test_tag_errors(sns, topic_arn):
    missing = topic_arn + "-absent"
    for call in (lambda: sns.tag_resource(ResourceArn=missing, Tags=[{"Key": "k", "Value": "v"}]),
                 lambda: sns.untag_resource(ResourceArn=missing, TagKeys=["k"]),
                 lambda: sns.list_tags_for_resource(ResourceArn=missing)):
        with pytest.raises(sns.exceptions.ResourceNotFoundException) as excinfo:
            call()
        assert error_of(excinfo) == ("ResourceNotFound", 404, "Resource does not exist")
    with pytest.raises(sns.exceptions.InvalidParameterException) as excinfo:
        sns.tag_resource(ResourceArn=topic_arn, Tags=[{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "2"}])
    assert error_of(excinfo)[2] == "Invalid parameter: Duplicated keys are not allowed."
    sns.tag_resource(ResourceArn=topic_arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    with pytest.raises(sns.exceptions.TagLimitExceededException) as excinfo:
        sns.tag_resource(ResourceArn=topic_arn, Tags=[{"Key": "one-more", "Value": "v"}])
    assert error_of(excinfo) == ("TagLimitExceeded", 400,
                                 "Could not complete request: tag quota of per resource exceeded")
    with pytest.raises(sns.exceptions.ClientError) as excinfo:
        sns.tag_resource(ResourceArn=topic_arn, Tags=[{"Key": "k" * 129, "Value": "v"}])
    assert error_of(excinfo)[0] == "ValidationError"
    with pytest.raises(sns.exceptions.TagLimitExceededException):
        sns.create_topic(Name="many", Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)])
