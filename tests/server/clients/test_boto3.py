"""boto3 against the server in its own process, as any user's test suite would run it."""
import re

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from clients_support import ACCOUNT, REGION, ROOT_KEY, denied, narrow_policy

USER = "boto3-user"
BUCKET, QUEUE, TABLE = "boto3-bucket", "boto3-queue", "boto3-table"
NO_RETRY = Config(retries={"max_attempts": 1})


def make_clients(endpoint, key, verify=None):
    def make(service):
        return boto3.client(service, region_name=REGION, endpoint_url=endpoint, verify=verify, config=NO_RETRY,
                            aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    return make


def refusal(call, **params):
    with pytest.raises(ClientError) as info:
        call(**params)
    err = info.value.response
    return err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"], err["Error"]["Message"]


def setup_account(endpoint, verify=None):
    """(root's clients, the narrow user's clients, queue URL) after root created the bucket,
    queue, table and user."""
    root = make_clients(endpoint, ROOT_KEY, verify)
    root("s3").create_bucket(Bucket=BUCKET)
    url = root("sqs").create_queue(QueueName=QUEUE)["QueueUrl"]
    root("dynamodb").create_table(TableName=TABLE, BillingMode="PAY_PER_REQUEST",
                                  KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                                  AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    iam = root("iam")
    iam.create_user(UserName=USER)
    iam.put_user_policy(UserName=USER, PolicyName="narrow", PolicyDocument=narrow_policy(BUCKET, QUEUE, TABLE))
    key = iam.create_access_key(UserName=USER)["AccessKey"]
    return root, make_clients(endpoint, key, verify), url


@pytest.fixture(scope="module")
def account(server):
    return setup_account(server)


def test_sts_names_the_user(account):
    _, user, _ = account
    me = user("sts").get_caller_identity()
    assert (me["Arn"], me["Account"]) == (f"arn:aws:iam::{ACCOUNT}:user/{USER}", ACCOUNT)


def test_s3_as_the_user(account):
    _, user, _ = account
    s3 = user("s3")
    put = s3.put_object(Bucket=BUCKET, Key="a/b.txt", Body=b"boto3 body", ChecksumAlgorithm="CRC32")
    assert put["ChecksumCRC32"] == "WWXfgQ=="
    assert s3.get_object(Bucket=BUCKET, Key="a/b.txt")["Body"].read() == b"boto3 body"
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]] == ["a/b.txt"]
    assert refusal(s3.delete_object, Bucket=BUCKET, Key="a/b.txt") == (
        "AccessDenied", 403, denied(USER, "s3:DeleteObject", f"arn:aws:s3:::{BUCKET}/a/b.txt"))
    assert refusal(s3.put_object, Bucket="boto3-other", Key="k", Body=b"x") == (
        "AccessDenied", 403, denied(USER, "s3:PutObject", "arn:aws:s3:::boto3-other/k"))


def test_sqs_as_the_user(account):
    _, user, url = account
    sqs = user("sqs")
    assert re.fullmatch(r"[0-9a-f-]{36}", sqs.send_message(QueueUrl=url, MessageBody="m1")["MessageId"])
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]] == ["m1"]
    assert refusal(sqs.delete_queue, QueueUrl=url) == (
        "AccessDenied", 403, denied(USER, "sqs:DeleteQueue", f"arn:aws:sqs:{REGION}:{ACCOUNT}:{QUEUE}"))


def test_dynamodb_as_the_user(account):
    _, user, _ = account
    ddb = user("dynamodb")
    ddb.put_item(TableName=TABLE, Item={"pk": {"S": "k"}, "v": {"SS": ["a", "b"]}})
    assert ddb.get_item(TableName=TABLE, Key={"pk": {"S": "k"}})["Item"] == {"pk": {"S": "k"}, "v": {"SS": ["a", "b"]}}
    assert refusal(ddb.delete_table, TableName=TABLE) == (
        "AccessDeniedException", 400,
        denied(USER, "dynamodb:DeleteTable", f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{TABLE}"))


def test_iam_refuses_the_user(account):
    _, user, _ = account
    assert refusal(user("iam").create_user, UserName="boto3-intruder") == (
        "AccessDenied", 403, denied(USER, "iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/boto3-intruder"))


def test_over_https_put_object_sends_an_aws_chunked_body_with_a_trailing_checksum(tls_server):
    endpoint, ca_bundle = tls_server
    _, user, _ = setup_account(endpoint, ca_bundle)
    s3 = user("s3")
    sent = {}
    s3.meta.events.register("before-send.s3.PutObject", lambda request, **_: sent.update(request.headers))
    body = bytes(range(256)) * 1000
    put = s3.put_object(Bucket=BUCKET, Key="chunked", Body=body)
    assert (sent["Content-Encoding"], sent["X-Amz-Trailer"], sent["X-Amz-Content-SHA256"]) == (
        b"aws-chunked", b"x-amz-checksum-crc32", b"STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    got = s3.get_object(Bucket=BUCKET, Key="chunked", ChecksumMode="ENABLED")
    assert got["Body"].read() == body
    assert got["ChecksumCRC32"] == put["ChecksumCRC32"]
    assert refusal(s3.put_object, Bucket="boto3-other", Key="k", Body=body)[:2] == ("AccessDenied", 403)
