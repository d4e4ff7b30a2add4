"""The HTTP front door serves every shipped service on one port, through the same pipeline."""
import threading

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError
from werkzeug.serving import make_server

from iamulator.server.app import create_app
from iamulator.services.state import STORE


@pytest.fixture(scope="module")
def endpoint():
    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture()
def client(endpoint):
    STORE.reset()

    def make(service, region="us-east-1"):
        return boto3.client(service, region_name=region, endpoint_url=endpoint,
                            aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="secret",
                            config=Config(retries={"max_attempts": 1}))
    return make


def test_s3_round_trip_with_awkward_keys(client):
    s3 = client("s3")
    s3.create_bucket(Bucket="srv")
    for key in ("plain", "a/b//c", "with space+plus", "unicodé/ключ", "trailing/"):
        s3.put_object(Bucket="srv", Key=key, Body=key.encode())
        assert s3.get_object(Bucket="srv", Key=key)["Body"].read() == key.encode()
    head = s3.head_object(Bucket="srv", Key="plain")
    assert head["ContentLength"] == 5
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket="srv", Key="missing")
    assert exc.value.response["Error"]["Code"] == "NoSuchKey"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_sqs_dynamodb_sts_ec2_over_http(client):
    sqs = client("sqs")
    url = sqs.create_queue(QueueName="srv-q")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="over http")
    assert sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"] == "over http"

    ddb = client("dynamodb")
    ddb.create_table(TableName="tbl", BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    ddb.put_item(TableName="tbl", Item={"pk": {"S": "1"}, "v": {"N": "2"}})
    assert ddb.get_item(TableName="tbl", Key={"pk": {"S": "1"}})["Item"]["v"] == {"N": "2"}

    assert client("sts").get_caller_identity()["Account"] == "123456789012"

    ec2 = client("ec2", "us-west-1")
    ec2.run_instances(ImageId="ami-1234abcd", MinCount=1, MaxCount=1)
    assert len(ec2.describe_instances()["Reservations"]) == 1


def test_browser_style_action_query(client, endpoint):
    client("ec2").run_instances(ImageId="ami-1234abcd", MinCount=1, MaxCount=1)
    r = requests.get(f"{endpoint}/?Action=DescribeInstances")
    assert r.status_code == 200
    assert b"ami-1234abcd" in r.content


def test_unimplemented_operation_over_http(client):
    with pytest.raises(ClientError) as exc:
        client("route53").list_hosted_zones()
    assert exc.value.response["Error"]["Code"] == "NotImplemented"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501


@pytest.mark.parametrize("method,path,headers,body", [
    ("POST", "/", {"X-Amz-Target": "DynamoDB_20120810.PutItem",
                   "Content-Type": "application/x-amz-json-1.0"}, b"{not json"),
    ("POST", "/", {"X-Amz-Target": "NoSuchPrefix.Op", "Content-Type": "application/x-amz-json-1.1"}, b"{}"),
    ("GET", "/%ff%fe/\x7f", {}, b""),
    ("PUT", "/bucket", {}, b"<CreateBucketConfiguration><LocationConstraint>"),
])
def test_garbage_gets_a_4xx_never_a_500(endpoint, method, path, headers, body):
    r = requests.request(method, endpoint + path, headers=headers, data=body)
    assert 400 <= r.status_code < 500, (r.status_code, r.content)
    assert b"Traceback" not in r.content


def test_cli_prints_address_auth_mode_and_state_then_serves():
    import os
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT="0")
    proc = subprocess.Popen([sys.executable, "-m", "iamulator.server.cli", "server", "-p", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        lines = [proc.stdout.readline().strip() for _ in range(3)]
        assert lines[0] == f"iamulator listening on http://127.0.0.1:{port}"
        assert lines[1].startswith("auth: the first 0 requests unchecked")
        assert lines[2].startswith("state: in memory")
        for _ in range(50):
            try:
                r = requests.get(f"http://127.0.0.1:{port}/?Action=DescribeInstances", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        # checks are on from the first request: an unsigned call is refused
        assert r.status_code in (400, 401, 403), r.status_code
    finally:
        proc.terminate()
        proc.wait(timeout=10)
