"""``--state-dir``: everything acknowledged survives a SIGKILL and a restart; damaged state
files stop the server with their path and the reason, and are left as they are."""
import json
import os

import pytest
from botocore.exceptions import ClientError
from live_server import servers  # noqa: F401  (fixture)

from iamulator.server.persistence import read_only

ACCOUNT = "123456789012"


def restart(servers, server, *args):
    server.kill()
    return servers("--state-dir", server.args[server.args.index("--state-dir") + 1], *args)


def test_everything_written_comes_back_after_sigkill(servers, tmp_path):
    state = tmp_path / "state"
    server = servers("--state-dir", state)
    assert server.banner()[2] == (f"state: {state} (0 backends restored; every change saved before it is "
                                  "answered)")
    s3 = server.client("s3")
    s3.create_bucket(Bucket="kept-bucket")
    s3.put_object(Bucket="kept-bucket", Key="dir/obj.txt", Body=b"object body", Metadata={"colour": "blue"})
    sqs = server.client("sqs")
    queue = sqs.create_queue(QueueName="kept-queue")["QueueUrl"]
    sqs.send_message(QueueUrl=queue, MessageBody="queued before the crash")
    ddb = server.client("dynamodb")
    ddb.create_table(TableName="kept", BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    ddb.put_item(TableName="kept", Item={"pk": {"S": "a"}, "n": {"N": "42"}})
    iam = server.client("iam")
    iam.create_user(UserName="kept-user")
    iam.put_user_policy(UserName="kept-user", PolicyName="read", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["sts:GetCallerIdentity", "s3:GetObject"], "Resource": "*"}]}))
    user_key = iam.create_access_key(UserName="kept-user")["AccessKey"]
    kms = server.client("kms")
    key_id = kms.create_key(Description="kept")["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"kept secret")["CiphertextBlob"]
    signing = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    signature = kms.sign(KeyId=signing, Message=b"m", SigningAlgorithm="ECDSA_SHA_256")["Signature"]
    public = kms.get_public_key(KeyId=signing)["PublicKey"]

    server = restart(servers, server)
    assert server.banner()[2].startswith(f"state: {state} (5 backends restored")
    s3 = server.client("s3")
    got = s3.get_object(Bucket="kept-bucket", Key="dir/obj.txt")
    assert (got["Body"].read(), got["Metadata"]) == (b"object body", {"colour": "blue"})
    sqs = server.client("sqs")
    messages = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=0)["Messages"]
    assert [m["Body"] for m in messages] == ["queued before the crash"]
    ddb = server.client("dynamodb")
    assert ddb.get_item(TableName="kept", Key={"pk": {"S": "a"}})["Item"] == {"pk": {"S": "a"}, "n": {"N": "42"}}
    kms = server.client("kms")
    plain = kms.decrypt(CiphertextBlob=blob)
    assert (plain["Plaintext"], plain["KeyId"].endswith(key_id)) == (b"kept secret", True)
    assert kms.get_public_key(KeyId=signing)["PublicKey"] == public
    assert kms.verify(KeyId=signing, Message=b"m", Signature=signature,
                      SigningAlgorithm="ECDSA_SHA_256")["SignatureValid"] is True
    # the user's key signs requests again, and its policy still decides
    as_user = server.client("sts", user_key).get_caller_identity()
    assert as_user["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/kept-user"
    assert server.client("s3", user_key).get_object(Bucket="kept-bucket", Key="dir/obj.txt")["Body"].read() == \
        b"object body"
    with pytest.raises(ClientError) as denied:
        server.client("sqs", user_key).list_queues()
    assert denied.value.response["Error"]["Code"] == "AccessDenied"
    # a receipt handle from before the crash still deletes its message
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=messages[0]["ReceiptHandle"])
    server = restart(servers, server)
    assert "Messages" not in server.client("sqs").receive_message(QueueUrl=queue, WaitTimeSeconds=0)


def test_temporary_credentials_other_accounts_and_deliveries_come_back(servers, tmp_path):
    server = servers("--state-dir", tmp_path, "--auth", "strict")
    iam = server.client("iam")
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName="kept-role", AssumeRolePolicyDocument=json.dumps(trust))
    iam.put_role_policy(RoleName="kept-role", PolicyName="all", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    session = server.client("sts").assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/kept-role",
                                               RoleSessionName="kept")["Credentials"]
    sqs = server.client("sqs")
    queue = sqs.create_queue(QueueName="fanout")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns = server.client("sns")
    topic = sns.create_topic(Name="kept-topic")["TopicArn"]
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"Policy": json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
            "Resource": queue_arn, "Condition": {"ArnEquals": {"aws:SourceArn": topic}}}]})})
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn,
                  Attributes={"RawMessageDelivery": "true"})
    # SNS's operation writes into SQS's backend: that must be saved too
    sns.publish(TopicArn=topic, Message="delivered before the crash")
    orgs = server.client("organizations")
    orgs.create_organization(FeatureSet="ALL")
    created = orgs.create_account(Email="member@example.com", AccountName="member")["CreateAccountStatus"]
    member = created["AccountId"]
    admin_role = server.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole", RoleSessionName="ops")["Credentials"]
    server.client("sqs", admin_role).create_queue(QueueName="in-member")

    server = restart(servers, server)
    as_role = server.client("sts", session).get_caller_identity()
    assert as_role["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/kept-role/kept"
    received = server.client("sqs").receive_message(QueueUrl=queue, WaitTimeSeconds=0)["Messages"]
    assert [m["Body"] for m in received] == ["delivered before the crash"]
    accounts = server.client("organizations").list_accounts()["Accounts"]
    assert sorted(a["Id"] for a in accounts) == sorted([ACCOUNT, member])
    member_queues = server.client("sqs", admin_role).list_queues()["QueueUrls"]
    assert [u.rsplit("/", 2)[-2:] for u in member_queues] == [[member, "in-member"]]


def test_read_only_operations_write_nothing(servers, tmp_path):
    server = servers("--state-dir", tmp_path, "--auth", "off")
    s3 = server.client("s3")
    s3.create_bucket(Bucket="quiet-bucket")
    s3.put_object(Bucket="quiet-bucket", Key="k", Body=b"v")
    path = tmp_path / "backends" / "s3" / ACCOUNT / "us-east-1.state"
    before = path.stat().st_mtime_ns, path.read_bytes()
    for _ in range(3):
        s3.get_object(Bucket="quiet-bucket", Key="k")
        s3.list_buckets()
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before
    s3.put_object(Bucket="quiet-bucket", Key="k2", Body=b"v")
    assert path.read_bytes() != before[1]


@pytest.mark.parametrize("service,operation,expected", [
    ("s3", "GetObject", True), ("s3", "ListBuckets", True), ("s3", "HeadObject", True),
    ("dynamodb", "GetItem", True), ("dynamodb", "DescribeTable", True), ("iam", "ListUsers", True),
    ("s3", "PutObject", False), ("sqs", "ReceiveMessage", False), ("sqs", "SendMessage", False),
    ("sts", "GetSessionToken", False), ("sts", "GetCallerIdentity", False), ("kms", "Decrypt", False),
    ("dynamodb", "Query", False), ("iam", "CreateUser", False),
])
def test_which_operations_count_as_read_only(service, operation, expected):
    assert read_only(service, operation) is expected


def test_reset_empties_the_state_directory(servers, tmp_path):
    server = servers("--state-dir", tmp_path)
    server.client("s3").create_bucket(Bucket="reset-me")
    assert server.admin("POST", "reset").status_code == 200
    server = restart(servers, server)
    assert server.banner()[2].startswith(f"state: {tmp_path} (0 backends restored")
    assert server.client("s3").list_buckets()["Buckets"] == []


def test_post_snapshot_saves_now(servers, tmp_path):
    server = servers("--state-dir", tmp_path)
    server.client("sqs").create_queue(QueueName="q")
    r = server.admin("POST", "snapshot")
    # the queue was saved when it was created: nothing has changed since
    assert (r.status_code, r.json()) == (200, {"state_dir": str(tmp_path), "files_written": 0})


def _damaged(servers, tmp_path, damage):
    server = servers("--state-dir", tmp_path, "--auth", "off")
    server.client("sqs").create_queue(QueueName="q")
    server.kill()
    path = tmp_path / "backends" / "sqs" / ACCOUNT / "us-east-1.state"
    damage(path)
    kept = path.read_bytes()
    again = servers("--state-dir", tmp_path, wait=False)
    assert again.exit_code() == 2
    assert path.read_bytes() == kept
    return again.stderr(), path


@pytest.mark.parametrize("damage,reason", [
    (lambda p: p.write_bytes(p.read_bytes()[:-10]), "checksum mismatch (the file is truncated or corrupt)"),
    (lambda p: p.write_bytes(p.read_bytes()[:30]), "truncated (no checksum line)"),
    (lambda p: p.write_bytes(b"garbage"), "not an iamulator state file (bad header)"),
])
def test_a_damaged_state_file_stops_the_server_and_stays(servers, tmp_path, damage, reason):
    stderr, path = _damaged(servers, tmp_path, damage)
    assert f"iamulator: cannot use the state directory: {path}: {reason}" in stderr


def test_a_well_framed_but_unloadable_file_is_reported(servers, tmp_path):
    import hashlib

    from iamulator.server import persistence

    def damage(path):
        payload = b"not a pickle"
        path.write_bytes(persistence._MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)

    stderr, path = _damaged(servers, tmp_path, damage)
    assert f"{path}: cannot be loaded (UnpicklingError" in stderr


def test_a_write_interrupted_by_a_crash_is_ignored_and_cleaned(servers, tmp_path):
    server = servers("--state-dir", tmp_path, "--auth", "off")
    server.client("sqs").create_queue(QueueName="whole")
    server.kill()
    leftover = tmp_path / "backends" / "sqs" / ACCOUNT / ".tmp-interrupted"
    leftover.write_bytes(b"IAMULATOR-STATE 1\nhalf a fi")
    server = servers("--state-dir", tmp_path, "--auth", "off")
    assert server.client("sqs").list_queues()["QueueUrls"][0].endswith("/whole")
    assert not leftover.exists()


def test_a_foreign_directory_is_not_taken_over(servers, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    server = servers("--state-dir", tmp_path, wait=False)
    assert server.exit_code() == 2
    assert (f"{tmp_path}: not empty and not an iamulator state directory (no FORMAT file)"
            in server.stderr())
    assert os.listdir(tmp_path) == ["notes.txt"]


def test_an_unknown_format_is_refused(servers, tmp_path):
    (tmp_path / "FORMAT").write_text("iamulator-state 99\n")
    server = servers("--state-dir", tmp_path, wait=False)
    assert server.exit_code() == 2
    assert "unknown state format 'iamulator-state 99'" in server.stderr()


def test_other_regions_are_kept(servers, tmp_path):
    server = servers("--state-dir", tmp_path, "--auth", "off")
    server.client("sqs", region="eu-west-1").create_queue(QueueName="far")
    server.client("s3", region="eu-west-1").create_bucket(
        Bucket="far-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    server = restart(servers, server, "--auth", "off")
    # S3's partition-wide bucket names come back: found from any region
    assert server.client("s3").head_bucket(Bucket="far-bucket")["BucketRegion"] == "eu-west-1"
    assert server.client("sqs", region="eu-west-1").list_queues()["QueueUrls"][0].endswith("/far")
