"""DynamoDB Streams under authorization: DescribeStream, GetShardIterator and GetRecords are the
``dynamodb:`` actions on the stream's ARN (``arn:aws:dynamodb:<region>:<account>:table/<t>/stream/<label>``;
GetRecords reads it from its shard iterator), ListStreams is checked on ``*``. Streams answer a
denial as DynamoDB does: ``AccessDeniedException``, 400."""
import json

import boto3
import pytest
from botocore.config import Config

from iamulator import mock_aws, set_initial_no_auth_action_count
from iamulator.accounts import root_access_key
from iamulator.testing import assert_allowed, assert_denied, make_principal
from aws_errors import refusal

REGION = "us-east-1"
ACCOUNT = "123456789012"
OTHER = "210987654321"
TABLE = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/"
NO_RETRY = Config(retries={"max_attempts": 1})
READ = ["dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords"]


def doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


@pytest.fixture
def admin():
    """(DynamoDB client, Streams client) of the account's root, with two streamed tables."""
    with set_initial_no_auth_action_count(0), mock_aws():
        ddb = boto3.client("dynamodb", region_name=REGION)
        for name in ("orders", "payments"):
            ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                             KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                             StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
            ddb.put_item(TableName=name, Item={"pk": {"S": f"{name}-1"}})
        yield ddb, boto3.client("dynamodbstreams", region_name=REGION)


def stream_of(ddb, table):
    return ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]


def acting_as(*statements):
    """(user ARN, Streams client) of a new user whose only policy is ``statements``."""
    session = make_principal(doc(*statements))
    arn = session.client("sts", region_name=REGION).get_caller_identity()["Arn"]
    return arn, session.client("dynamodbstreams", region_name=REGION, config=NO_RETRY)




def no_identity_allow(arn, action, resource):
    return (f"User: {arn} is not authorized to perform: {action} on resource: {resource} because no "
            f"identity-based policy allows the {action} action")


def iterator(streams, stream):
    shard = streams.describe_stream(StreamArn=stream)["StreamDescription"]["Shards"][0]["ShardId"]
    return streams.get_shard_iterator(StreamArn=stream, ShardId=shard,
                                      ShardIteratorType="TRIM_HORIZON")["ShardIterator"]


def test_stream_arn_has_the_documented_shape(admin):
    ddb, _ = admin
    table = ddb.describe_table(TableName="orders")["Table"]
    assert stream_of(ddb, "orders") == f"{TABLE}orders/stream/{table['LatestStreamLabel']}"


def test_reading_one_stream_arn(admin):
    ddb, _ = admin
    orders = stream_of(ddb, "orders")
    arn, streams = acting_as({"Effect": "Allow", "Action": READ, "Resource": orders})
    description = assert_allowed(lambda: streams.describe_stream(StreamArn=orders))["StreamDescription"]
    assert description["TableName"] == "orders"
    it = iterator(streams, orders)
    records = streams.get_records(ShardIterator=it)["Records"]
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in records] == ["orders-1"]


def test_another_tables_stream_is_refused_for_each_action(admin):
    ddb, root_streams = admin
    orders, payments = stream_of(ddb, "orders"), stream_of(ddb, "payments")
    arn, streams = acting_as({"Effect": "Allow", "Action": READ, "Resource": orders})
    assert refusal(streams.describe_stream, StreamArn=payments) == (
        "AccessDeniedException", 400, no_identity_allow(arn, "dynamodb:DescribeStream", payments))
    shard = root_streams.describe_stream(StreamArn=payments)["StreamDescription"]["Shards"][0]["ShardId"]
    assert refusal(streams.get_shard_iterator, StreamArn=payments, ShardId=shard,
                   ShardIteratorType="TRIM_HORIZON") == (
        "AccessDeniedException", 400, no_identity_allow(arn, "dynamodb:GetShardIterator", payments))
    # An iterator obtained by someone allowed still names its stream: GetRecords is checked on it.
    foreign_iterator = iterator(root_streams, payments)
    assert refusal(streams.get_records, ShardIterator=foreign_iterator) == (
        "AccessDeniedException", 400, no_identity_allow(arn, "dynamodb:GetRecords", payments))


def test_each_read_action_is_its_own_permission(admin):
    ddb, root_streams = admin
    orders = stream_of(ddb, "orders")
    arn, streams = acting_as({"Effect": "Allow", "Action": "dynamodb:DescribeStream", "Resource": orders})
    shard = streams.describe_stream(StreamArn=orders)["StreamDescription"]["Shards"][0]["ShardId"]
    assert refusal(streams.get_shard_iterator, StreamArn=orders, ShardId=shard, ShardIteratorType="LATEST") == (
        "AccessDeniedException", 400, no_identity_allow(arn, "dynamodb:GetShardIterator", orders))
    assert_denied(lambda: streams.get_records(ShardIterator=iterator(root_streams, orders)),
                  action="dynamodb:GetRecords")


def test_table_permissions_do_not_cover_its_stream(admin):
    ddb, _ = admin
    orders = stream_of(ddb, "orders")
    arn, streams = acting_as({"Effect": "Allow", "Action": READ, "Resource": TABLE + "orders"})
    assert refusal(streams.describe_stream, StreamArn=orders) == (
        "AccessDeniedException", 400, no_identity_allow(arn, "dynamodb:DescribeStream", orders))


def test_any_stream_of_one_table(admin):
    ddb, _ = admin
    orders, payments = stream_of(ddb, "orders"), stream_of(ddb, "payments")
    _, streams = acting_as({"Effect": "Allow", "Action": READ, "Resource": TABLE + "orders/stream/*"})
    assert streams.describe_stream(StreamArn=orders)["StreamDescription"]["StreamArn"] == orders
    assert refusal(streams.describe_stream, StreamArn=payments)[:2] == ("AccessDeniedException", 400)


def test_explicit_deny_on_one_stream(admin):
    ddb, _ = admin
    orders, payments = stream_of(ddb, "orders"), stream_of(ddb, "payments")
    arn, streams = acting_as({"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"},
                             {"Effect": "Deny", "Action": "dynamodb:GetRecords", "Resource": payments})
    assert len(streams.get_records(ShardIterator=iterator(streams, orders))["Records"]) == 1
    assert refusal(streams.get_records, ShardIterator=iterator(streams, payments)) == (
        "AccessDeniedException", 400,
        f"User: {arn} is not authorized to perform: dynamodb:GetRecords on resource: {payments} with an explicit "
        "deny in an identity-based policy")


def test_list_streams_is_checked_on_star(admin):
    ddb, _ = admin
    _, streams = acting_as({"Effect": "Allow", "Action": "dynamodb:ListStreams", "Resource": "*"})
    listed = streams.list_streams()["Streams"]
    assert sorted(s["TableName"] for s in listed) == ["orders", "payments"]
    assert [s["StreamArn"] for s in streams.list_streams(TableName="orders")["Streams"]] == [stream_of(ddb, "orders")]
    # A policy naming stream ARNs does not match the action's "*"; the message then names no resource.
    arn, scoped = acting_as({"Effect": "Allow", "Action": "dynamodb:ListStreams",
                             "Resource": TABLE + "*/stream/*"})
    assert refusal(scoped.list_streams) == (
        "AccessDeniedException", 400,
        f"User: {arn} is not authorized to perform: dynamodb:ListStreams because no identity-based policy "
        "allows the dynamodb:ListStreams action")


def test_a_global_condition_key_on_stream_reads(admin):
    ddb, _ = admin
    orders = stream_of(ddb, "orders")
    _, streams = acting_as({"Effect": "Allow", "Action": READ, "Resource": "*",
                            "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}})
    assert refusal(streams.describe_stream, StreamArn=orders)[:2] == ("AccessDeniedException", 400)


def test_another_accounts_stream_is_refused_without_a_resource_policy(admin):
    ddb, _ = admin
    orders = stream_of(ddb, "orders")
    root = root_access_key(OTHER)
    iam = boto3.client("iam", region_name=REGION, aws_access_key_id=root["AccessKeyId"],
                       aws_secret_access_key=root["SecretAccessKey"])
    user_arn = iam.create_user(UserName="reader")["User"]["Arn"]
    iam.put_user_policy(UserName="reader", PolicyName="p",
                        PolicyDocument=json.dumps(doc({"Effect": "Allow", "Action": READ, "Resource": orders})))
    key = iam.create_access_key(UserName="reader")["AccessKey"]
    streams = boto3.client("dynamodbstreams", region_name=REGION, aws_access_key_id=key["AccessKeyId"],
                           aws_secret_access_key=key["SecretAccessKey"], config=NO_RETRY)
    assert refusal(streams.describe_stream, StreamArn=orders) == (
        "AccessDeniedException", 400,
        f"User: {user_arn} is not authorized to perform: dynamodb:DescribeStream on resource: {orders} because "
        "no resource-based policy allows the dynamodb:DescribeStream action")


def _foreign_reader(resource):
    root = root_access_key(OTHER)
    iam = boto3.client("iam", region_name=REGION, aws_access_key_id=root["AccessKeyId"],
                       aws_secret_access_key=root["SecretAccessKey"])
    user_arn = iam.create_user(UserName="granted")["User"]["Arn"]
    iam.put_user_policy(UserName="granted", PolicyName="p",
                        PolicyDocument=json.dumps(doc({"Effect": "Allow", "Action": READ, "Resource": resource})))
    key = iam.create_access_key(UserName="granted")["AccessKey"]
    return user_arn, boto3.client("dynamodbstreams", region_name=REGION, aws_access_key_id=key["AccessKeyId"],
                                  aws_secret_access_key=key["SecretAccessKey"], config=NO_RETRY)


def test_stream_resource_policy_grants_another_account_and_denies(admin):
    ddb, _ = admin
    orders, payments = stream_of(ddb, "orders"), stream_of(ddb, "payments")
    user_arn, streams = _foreign_reader(orders)
    ddb.put_resource_policy(ResourceArn=orders, Policy=json.dumps(doc(
        {"Effect": "Allow", "Principal": {"AWS": user_arn}, "Action": READ, "Resource": orders})))
    assert streams.describe_stream(StreamArn=orders)["StreamDescription"]["StreamArn"] == orders
    local_arn, local = acting_as({"Effect": "Allow", "Action": READ, "Resource": "*"})
    ddb.put_resource_policy(ResourceArn=payments, Policy=json.dumps(doc(
        {"Effect": "Deny", "Principal": {"AWS": local_arn}, "Action": "dynamodb:DescribeStream",
         "Resource": payments})))
    assert refusal(local.describe_stream, StreamArn=payments) == (
        "AccessDeniedException", 400,
        f"User: {local_arn} is not authorized to perform: dynamodb:DescribeStream on resource: {payments} with "
        "an explicit deny in a resource-based policy")
