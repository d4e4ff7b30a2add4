"""DynamoDB requests checked against IAM policies through real boto3 clients: table ARNs, the
batch and transaction operations' per-table checks, fine-grained access with
dynamodb:LeadingKeys, PartiQL actions and the stream actions."""
import json

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from ddb_support import REGION, make_table
from iamulator import mock_aws, set_initial_no_auth_action_count

ACCOUNT = "123456789012"
NO_RETRY = Config(retries={"max_attempts": 1})


def arn(table):
    return f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{table}"


@pytest.fixture
def admin():
    with set_initial_no_auth_action_count(0), mock_aws():
        ddb = boto3.client("dynamodb", region_name=REGION, config=NO_RETRY)
        make_table(ddb, name="mine", StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
        make_table(ddb, name="theirs")
        yield ddb


def user(name, *statements):
    iam = boto3.client("iam", region_name=REGION, config=NO_RETRY)
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": list(statements)}))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    session = boto3.Session(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"],
                            region_name=REGION)
    return session.client("dynamodb", config=NO_RETRY), session


def allow(action, resource, **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def denied(call, **kwargs):
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    error = info.value.response["Error"]
    assert error["Code"] == "AccessDeniedException", error
    return error["Message"]


def item(pk):
    return {"pk": {"S": pk}}


def test_item_actions_on_a_named_table_only(admin):
    ddb, _ = user("alice", allow(["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem"], arn("mine")))
    ddb.put_item(TableName="mine", Item=item("a"))
    ddb.update_item(TableName="mine", Key=item("a"), UpdateExpression="SET v = :v",
                    ExpressionAttributeValues={":v": {"N": "1"}})
    assert ddb.get_item(TableName="mine", Key=item("a"))["Item"]["v"] == {"N": "1"}
    message = denied(ddb.put_item, TableName="theirs", Item=item("a"))
    assert message == (f"User: arn:aws:iam::{ACCOUNT}:user/alice is not authorized to perform: dynamodb:PutItem on "
                       f"resource: {arn('theirs')} because no identity-based policy allows the dynamodb:PutItem action")
    denied(ddb.delete_item, TableName="mine", Key=item("a"))


def test_an_explicit_deny_on_one_table_wins(admin):
    ddb, _ = user("bob", allow("dynamodb:*", "*"),
                  {"Effect": "Deny", "Action": "dynamodb:*", "Resource": arn("theirs")})
    ddb.put_item(TableName="mine", Item=item("a"))
    message = denied(ddb.get_item, TableName="theirs", Key=item("a"))
    assert message.endswith("with an explicit deny in an identity-based policy")


def test_batch_operations_check_every_table(admin):
    ddb, _ = user("carol", allow(["dynamodb:BatchWriteItem", "dynamodb:BatchGetItem"], arn("mine")))
    ddb.batch_write_item(RequestItems={"mine": [{"PutRequest": {"Item": item("a")}}]})
    assert ddb.batch_get_item(RequestItems={"mine": {"Keys": [item("a")]}})["Responses"]["mine"] == [item("a")]
    message = denied(ddb.batch_write_item, RequestItems={"mine": [{"PutRequest": {"Item": item("b")}}],
                                                         "theirs": [{"PutRequest": {"Item": item("b")}}]})
    assert f"dynamodb:BatchWriteItem on resource: {arn('theirs')}" in message
    assert "Item" not in admin.get_item(TableName="mine", Key=item("b"))


def test_leading_keys_limit_a_batch_write_to_the_callers_own_items(admin):
    own_items_only = allow("dynamodb:BatchWriteItem", arn("mine"), Condition={
        "ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:username}"]}})
    ddb, _ = user("dave", own_items_only)
    ddb.batch_write_item(RequestItems={"mine": [{"PutRequest": {"Item": {**item("dave"), "n": {"N": "1"}}}}]})
    assert admin.get_item(TableName="mine", Key=item("dave"))["Item"]["n"] == {"N": "1"}
    message = denied(ddb.batch_write_item, RequestItems={"mine": [
        {"PutRequest": {"Item": {**item("dave"), "n": {"N": "2"}}}}, {"PutRequest": {"Item": item("erin")}}]})
    assert f"dynamodb:BatchWriteItem on resource: {arn('mine')}" in message
    assert admin.get_item(TableName="mine", Key=item("dave"))["Item"]["n"] == {"N": "1"}
    assert "Item" not in admin.get_item(TableName="mine", Key=item("erin"))


def test_transactions_need_each_actions_permission_on_each_table(admin):
    ddb, _ = user("frank", allow(["dynamodb:PutItem", "dynamodb:ConditionCheckItem"], arn("mine")),
                  allow("dynamodb:GetItem", arn("theirs")))
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": "mine", "Item": item("a")}},
        {"ConditionCheck": {"TableName": "mine", "Key": item("b"), "ConditionExpression": "attribute_not_exists(pk)"}}])
    message = denied(ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": "mine", "Item": item("c")}},
        {"Delete": {"TableName": "mine", "Key": item("a")}}])
    assert f"dynamodb:DeleteItem on resource: {arn('mine')}" in message
    assert ddb.transact_get_items(TransactItems=[{"Get": {"TableName": "theirs", "Key": item("x")}}])["Responses"] == [{}]
    message = denied(ddb.transact_get_items, TransactItems=[{"Get": {"TableName": "mine", "Key": item("a")}}])
    assert f"dynamodb:GetItem on resource: {arn('mine')}" in message


def test_partiql_actions(admin):
    ddb, _ = user("gina", allow(["dynamodb:PartiQLSelect", "dynamodb:PartiQLInsert"], arn("mine")))
    ddb.execute_statement(Statement="INSERT INTO mine VALUE {'pk': 'a'}")
    assert ddb.execute_statement(Statement="SELECT * FROM mine WHERE pk = 'a'")["Items"] == [item("a")]
    message = denied(ddb.execute_statement, Statement="DELETE FROM mine WHERE pk = 'a'")
    assert f"dynamodb:PartiQLDelete on resource: {arn('mine')}" in message
    message = denied(ddb.execute_statement, Statement="SELECT * FROM theirs")
    assert f"dynamodb:PartiQLSelect on resource: {arn('theirs')}" in message
    message = denied(ddb.batch_execute_statement, Statements=[
        {"Statement": "SELECT * FROM mine WHERE pk = 'a'"}, {"Statement": "UPDATE mine SET v = 1 WHERE pk = 'a'"}])
    assert "dynamodb:PartiQLUpdate" in message


def test_stream_actions_on_the_stream_arn(admin):
    stream = admin.describe_table(TableName="mine")["Table"]["LatestStreamArn"]
    _, session = user("hank", allow(["dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords"],
                                    stream))
    streams = session.client("dynamodbstreams", config=NO_RETRY)
    shard = streams.describe_stream(StreamArn=stream)["StreamDescription"]["Shards"][0]["ShardId"]
    it = streams.get_shard_iterator(StreamArn=stream, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    assert streams.get_records(ShardIterator=it["ShardIterator"])["Records"] == []
    message = denied(streams.list_streams)
    assert "not authorized to perform: dynamodb:ListStreams because" in message
