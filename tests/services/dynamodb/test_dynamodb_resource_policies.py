"""DynamoDB resource-based policies through real boto3 clients: Put/Get/DeleteResourcePolicy with
revision ids and their errors, and the policies deciding requests with identity policies
(another account needs both sides; an explicit Deny in the table's policy beats the owner's
users; a stream's policy grants another account its records)."""
import json

import boto3
import pytest
from botocore.config import Config

from aws_errors import refusal
from iamulator import mock_aws, set_initial_no_auth_action_count
from iamulator.accounts import root_access_key

REGION = "us-east-1"
ACCOUNT = "123456789012"
OTHER = "210987654321"
NO_RETRY = Config(retries={"max_attempts": 1})
ORDERS = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def client(service, key):
    return boto3.client(service, region_name=REGION, aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"], config=NO_RETRY)


def user(account, name, *statements, service="dynamodb"):
    """(ARN, client) of a new user of ``account`` whose inline policy is ``statements``."""
    iam = client("iam", root_access_key(account))
    arn = iam.create_user(UserName=name)["User"]["Arn"]
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=doc(*statements))
    return arn, client(service, iam.create_access_key(UserName=name)["AccessKey"])


@pytest.fixture
def ddb():
    with set_initial_no_auth_action_count(0), mock_aws():
        ddb = client("dynamodb", root_access_key(ACCOUNT))
        ddb.create_table(TableName="orders", BillingMode="PAY_PER_REQUEST",
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        ddb.put_item(TableName="orders", Item={"pk": {"S": "o-1"}, "total": {"N": "5"}})
        yield ddb


def reader_policy(principal, actions=("dynamodb:GetItem",), resource=ORDERS, effect="Allow"):
    return doc({"Effect": effect, "Principal": {"AWS": principal}, "Action": list(actions), "Resource": resource})


# -- the operations ------------------------------------------------------------------------------

def test_put_get_delete_with_revision_ids(ddb):
    policy = reader_policy(f"arn:aws:iam::{OTHER}:root")
    revision = ddb.put_resource_policy(ResourceArn=ORDERS, Policy=policy)["RevisionId"]
    assert revision.isdigit()
    got = ddb.get_resource_policy(ResourceArn=ORDERS)
    assert (got["Policy"], got["RevisionId"]) == (policy, revision)
    # The same document again keeps its revision (PutResourcePolicy is idempotent).
    assert ddb.put_resource_policy(ResourceArn=ORDERS, Policy=policy)["RevisionId"] == revision
    changed = reader_policy(f"arn:aws:iam::{OTHER}:root", ("dynamodb:GetItem", "dynamodb:Query"))
    second = ddb.put_resource_policy(ResourceArn=ORDERS, Policy=changed, ExpectedRevisionId=revision)["RevisionId"]
    assert second != revision
    assert ddb.get_resource_policy(ResourceArn=ORDERS)["Policy"] == changed
    assert ddb.delete_resource_policy(ResourceArn=ORDERS, ExpectedRevisionId=second)["RevisionId"] == second
    assert refusal(ddb.get_resource_policy, ResourceArn=ORDERS) == (
        "PolicyNotFoundException", 400, f"Resource-based policy not found for the provided ResourceArn: {ORDERS}")


def test_revision_mismatches_and_no_policy(ddb):
    policy = reader_policy(f"arn:aws:iam::{OTHER}:root")
    assert refusal(ddb.put_resource_policy, ResourceArn=ORDERS, Policy=policy, ExpectedRevisionId="123")[:2] == (
        "PolicyNotFoundException", 400)
    revision = ddb.put_resource_policy(ResourceArn=ORDERS, Policy=policy, ExpectedRevisionId="NO_POLICY")["RevisionId"]
    assert refusal(ddb.put_resource_policy, ResourceArn=ORDERS, Policy=policy,
                   ExpectedRevisionId="NO_POLICY")[:2] == ("PolicyNotFoundException", 400)
    assert refusal(ddb.delete_resource_policy, ResourceArn=ORDERS, ExpectedRevisionId="1")[:2] == (
        "PolicyNotFoundException", 400)
    assert ddb.get_resource_policy(ResourceArn=ORDERS)["RevisionId"] == revision
    ddb.delete_resource_policy(ResourceArn=ORDERS)
    assert refusal(ddb.delete_resource_policy, ResourceArn=ORDERS) == (
        "PolicyNotFoundException", 400, f"Resource-based policy not found for the provided ResourceArn: {ORDERS}")


def test_missing_table_and_stream(ddb):
    missing = ORDERS.replace("orders", "missing")
    assert refusal(ddb.get_resource_policy, ResourceArn=missing) == (
        "ResourceNotFoundException", 400, "Requested resource not found: Table: missing not found")
    assert refusal(ddb.put_resource_policy, ResourceArn=missing, Policy=reader_policy("*"))[:2] == (
        "ResourceNotFoundException", 400)
    stream = f"{ORDERS}/stream/2000-01-01T00:00:00.000"
    assert refusal(ddb.put_resource_policy, ResourceArn=stream, Policy=reader_policy("*", resource=stream)) == (
        "ResourceNotFoundException", 400, f"Requested resource not found: Stream: {stream} not found")


def test_invalid_documents(ddb):
    no_principal = doc({"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": ORDERS})
    assert refusal(ddb.put_resource_policy, ResourceArn=ORDERS, Policy=no_principal) == (
        "ValidationException", 400, "Invalid policy document: Missing required field Principal")
    assert refusal(ddb.put_resource_policy, ResourceArn=ORDERS, Policy="{not json") == (
        "ValidationException", 400, "Invalid policy document: Syntax errors in policy.")
    huge = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "s", "Effect": "Allow", "Principal": "*", "Action": "dynamodb:GetItem", "Resource": ORDERS}]},
        indent=30000)
    code, status, message = refusal(ddb.put_resource_policy, ResourceArn=ORDERS, Policy=huge)
    assert (code, status) == ("ValidationException", 400)
    assert "exceeds the maximum allowed size of 20480 bytes" in message
    assert refusal(ddb.get_resource_policy, ResourceArn=ORDERS)[0] == "PolicyNotFoundException"


def test_delete_table_deletes_its_policy(ddb):
    ddb.put_resource_policy(ResourceArn=ORDERS, Policy=reader_policy(f"arn:aws:iam::{OTHER}:root"))
    ddb.delete_table(TableName="orders")
    ddb.create_table(TableName="orders", BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
    assert refusal(ddb.get_resource_policy, ResourceArn=ORDERS)[0] == "PolicyNotFoundException"


def test_create_table_attaches_a_resource_policy(ddb):
    arn = ORDERS.replace("orders", "audits")
    policy = reader_policy(f"arn:aws:iam::{OTHER}:root", resource=arn)
    ddb.create_table(TableName="audits", BillingMode="PAY_PER_REQUEST", ResourcePolicy=policy,
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
    assert ddb.get_resource_policy(ResourceArn=arn)["Policy"] == policy
    bad = doc({"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": arn})
    assert refusal(ddb.create_table, TableName="audits2", BillingMode="PAY_PER_REQUEST", ResourcePolicy=bad,
                   AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                   KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])[0] == "ValidationException"
    assert "audits2" not in ddb.list_tables()["TableNames"]


# -- the policies deciding -----------------------------------------------------------------------

def test_cross_account_needs_both_sides(ddb):
    both = ("dynamodb:GetItem", "dynamodb:PutItem")
    granted_arn, granted = user(OTHER, "granted", {"Effect": "Allow", "Action": list(both), "Resource": ORDERS})
    lonely_arn, lonely = user(OTHER, "lonely")
    key = {"pk": {"S": "o-1"}}
    # Identity policy alone: the table's account has not agreed.
    assert refusal(granted.get_item, TableName=ORDERS, Key=key) == (
        "AccessDeniedException", 400,
        f"User: {granted_arn} is not authorized to perform: dynamodb:GetItem on resource: {ORDERS} because no "
        "resource-based policy allows the dynamodb:GetItem action")
    ddb.put_resource_policy(ResourceArn=ORDERS, Policy=reader_policy([granted_arn, lonely_arn], both))
    assert granted.get_item(TableName=ORDERS, Key=key)["Item"] == {"pk": {"S": "o-1"}, "total": {"N": "5"}}
    granted.put_item(TableName=ORDERS, Item={"pk": {"S": "o-2"}, "total": {"N": "7"}})
    # The write landed in the owner's table, not in a table of the caller's account.
    assert ddb.get_item(TableName="orders", Key={"pk": {"S": "o-2"}})["Item"]["total"] == {"N": "7"}
    # Resource policy alone: the caller's own account has not agreed.
    assert refusal(lonely.get_item, TableName=ORDERS, Key=key) == (
        "AccessDeniedException", 400,
        f"User: {lonely_arn} is not authorized to perform: dynamodb:GetItem on resource: {ORDERS} because no "
        "identity-based policy allows the dynamodb:GetItem action")
    # Actions the resource policy leaves out stay refused.
    assert refusal(granted.delete_item, TableName=ORDERS, Key=key)[:2] == ("AccessDeniedException", 400)


def test_resource_policy_deny_beats_the_owners_user(ddb):
    arn, alice = user(ACCOUNT, "alice", {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"})
    key = {"pk": {"S": "o-1"}}
    assert alice.get_item(TableName="orders", Key=key)["Item"]["pk"] == {"S": "o-1"}
    ddb.put_resource_policy(ResourceArn=ORDERS, Policy=reader_policy(arn, effect="Deny"))
    assert refusal(alice.get_item, TableName="orders", Key=key) == (
        "AccessDeniedException", 400,
        f"User: {arn} is not authorized to perform: dynamodb:GetItem on resource: {ORDERS} with an explicit "
        "deny in a resource-based policy")
    alice.put_item(TableName="orders", Item={"pk": {"S": "o-3"}})
    ddb.delete_resource_policy(ResourceArn=ORDERS)
    assert alice.get_item(TableName="orders", Key=key)["Item"]["pk"] == {"S": "o-1"}


def test_an_index_is_governed_by_its_tables_policy(ddb):
    ddb.update_table(TableName="orders", AttributeDefinitions=[{"AttributeName": "total", "AttributeType": "N"}],
                     GlobalSecondaryIndexUpdates=[{"Create": {
                         "IndexName": "by_total", "KeySchema": [{"AttributeName": "total", "KeyType": "HASH"}],
                         "Projection": {"ProjectionType": "ALL"}}}])
    index = f"{ORDERS}/index/by_total"
    arn, bob = user(ACCOUNT, "bob", {"Effect": "Allow", "Action": "dynamodb:Query", "Resource": index})
    query = dict(TableName="orders", IndexName="by_total", KeyConditionExpression="#t = :t",
                 ExpressionAttributeNames={"#t": "total"}, ExpressionAttributeValues={":t": {"N": "5"}})
    assert [i["pk"]["S"] for i in bob.query(**query)["Items"]] == ["o-1"]
    ddb.put_resource_policy(ResourceArn=ORDERS, Policy=reader_policy(arn, ("dynamodb:Query",), index, "Deny"))
    assert refusal(bob.query, **query) == (
        "AccessDeniedException", 400,
        f"User: {arn} is not authorized to perform: dynamodb:Query on resource: {index} with an explicit "
        "deny in a resource-based policy")
    # An index ARN names no resource a policy is attached to.
    assert refusal(ddb.get_resource_policy, ResourceArn=index)[0] == "ValidationException"


def test_stream_policy_grants_another_accounts_get_records(ddb):
    stream = ddb.describe_table(TableName="orders")["Table"]["LatestStreamArn"]
    reads = ["dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords"]
    arn, streams = user(OTHER, "reader", {"Effect": "Allow", "Action": reads, "Resource": stream},
                        service="dynamodbstreams")
    assert refusal(streams.describe_stream, StreamArn=stream)[:2] == ("AccessDeniedException", 400)
    ddb.put_resource_policy(ResourceArn=stream, Policy=reader_policy(arn, reads, stream))
    assert ddb.get_resource_policy(ResourceArn=stream)["Policy"] == reader_policy(arn, reads, stream)
    # The table itself has no policy: the stream's is its own.
    assert refusal(ddb.get_resource_policy, ResourceArn=ORDERS)[0] == "PolicyNotFoundException"
    shard = streams.describe_stream(StreamArn=stream)["StreamDescription"]["Shards"][0]["ShardId"]
    it = streams.get_shard_iterator(StreamArn=stream, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = streams.get_records(ShardIterator=it)["Records"]
    assert [r["dynamodb"]["NewImage"]["pk"]["S"] for r in records] == ["o-1"]
