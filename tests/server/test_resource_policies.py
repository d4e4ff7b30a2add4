"""Resource-based policies enforced with the evaluator: bucket, queue, key, function, secret
and topic policies, across accounts, for anonymous S3 callers, and Block Public Access."""
from __future__ import annotations

import io
import json
import threading
import zipfile

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

from iamulator import mock_aws, set_initial_no_auth_action_count
from iamulator.accounts import root_access_key
from iamulator import settings
from iamulator.services.state import STORE

ACCOUNT = "123456789012"
OTHER = "210987654321"
NO_RETRY = Config(retries={"max_attempts": 1})
ROOT = {"AccessKeyId": settings.DEFAULT_ACCESS_KEY_ID, "SecretAccessKey": settings.DEFAULT_SECRET_ACCESS_KEY}
RESOURCE_DENY = "with an explicit deny in a resource-based policy"


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def client(service, key, region="us-east-1", **kw):
    return boto3.client(service, region_name=region, aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"],
                        aws_session_token=key.get("SessionToken"), config=NO_RETRY, **kw)


def error(call, *args, **kwargs):
    with pytest.raises(ClientError) as info:
        call(*args, **kwargs)
    err = info.value.response
    return err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"], err["Error"].get("Message", "")




@pytest.fixture
def checked():
    with set_initial_no_auth_action_count(0), mock_aws():
        yield


@pytest.fixture
def iam(checked):
    return client("iam", ROOT)


def user(iam, name, policy=None, account_iam=None):
    """A user (with an optional inline policy) and its access key."""
    iam = account_iam or iam
    iam.create_user(UserName=name)
    if policy:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=policy)
    arn = iam.get_user(UserName=name)["User"]["Arn"]
    return arn, iam.create_access_key(UserName=name)["AccessKey"]


def admin(iam, name="admin"):
    return user(iam, name, doc({"Effect": "Allow", "Action": "*", "Resource": "*"}))


def grant(principal, action, resource, effect="Allow", **extra):
    return {"Effect": effect, "Principal": principal, "Action": action, "Resource": resource, **extra}


# --- S3 ----------------------------------------------------------------------------------------

def test_bucket_policy_grants_a_user_without_identity_permissions(iam):
    s3 = client("s3", ROOT)
    s3.create_bucket(Bucket="shared")
    s3.put_object(Bucket="shared", Key="k", Body=b"data")
    arn, key = user(iam, "reader")
    mine = client("s3", key)
    assert error(mine.get_object, Bucket="shared", Key="k")[:2] == ("AccessDenied", 403)
    s3.put_bucket_policy(Bucket="shared", Policy=doc(grant({"AWS": arn}, "s3:GetObject", "arn:aws:s3:::shared/*")))
    assert mine.get_object(Bucket="shared", Key="k")["Body"].read() == b"data"
    # The grant covers objects, not listing the bucket.
    assert error(mine.list_objects_v2, Bucket="shared")[:2] == ("AccessDenied", 403)


def test_bucket_policy_deny_refuses_an_admin(iam):
    s3 = client("s3", ROOT)
    s3.create_bucket(Bucket="locked")
    s3.put_object(Bucket="locked", Key="k", Body=b"x")
    arn, key = admin(iam)
    s3.put_bucket_policy(Bucket="locked", Policy=doc(
        grant({"AWS": arn}, "s3:GetObject", "arn:aws:s3:::locked/*", effect="Deny")))
    code, status, message = error(client("s3", key).get_object, Bucket="locked", Key="k")
    assert (code, status) == ("AccessDenied", 403)
    assert message == (f"User: {arn} is not authorized to perform: s3:GetObject on resource: "
                       f"\"arn:aws:s3:::locked/k\" {RESOURCE_DENY}")
    client("s3", key).put_object(Bucket="locked", Key="other", Body=b"y")


def test_bucket_policy_operations_and_their_errors(iam):
    s3 = client("s3", ROOT)
    s3.create_bucket(Bucket="pol")
    code, status, message = error(s3.get_bucket_policy, Bucket="pol")
    assert (code, status, message) == ("NoSuchBucketPolicy", 404, "The bucket policy does not exist")
    for bad in ("not json", "[1]", "{nope"):
        assert error(s3.put_bucket_policy, Bucket="pol", Policy=bad) == (
            "MalformedPolicy", 400, "Policies must be valid JSON and the first byte must be '{'")
    no_principal = doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::pol/*"})
    assert error(s3.put_bucket_policy, Bucket="pol", Policy=no_principal) == (
        "MalformedPolicy", 400, "Missing required field Principal")
    no_resource = doc({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"})
    assert error(s3.put_bucket_policy, Bucket="pol", Policy=no_resource) == (
        "MalformedPolicy", 400, "Missing required field Resource")
    no_vendor = doc(grant("*", "GetObject", "arn:aws:s3:::pol/*"))
    assert error(s3.put_bucket_policy, Bucket="pol", Policy=no_vendor) == (
        "MalformedPolicy", 400, "Policy has invalid action")
    bad_principal = doc(grant({"AWS": "not-an-arn"}, "s3:GetObject", "arn:aws:s3:::pol/*"))
    assert error(s3.put_bucket_policy, Bucket="pol", Policy=bad_principal) == (
        "MalformedPolicy", 400, "Invalid principal in policy")
    elsewhere = doc(grant("*", "s3:GetObject", "arn:aws:s3:::another-bucket/*"))
    assert error(s3.put_bucket_policy, Bucket="pol", Policy=elsewhere) == (
        "MalformedPolicy", 400, "Policy has invalid resource")
    policy = doc(grant({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "s3:*", "arn:aws:s3:::pol/*"))
    s3.put_bucket_policy(Bucket="pol", Policy=policy)
    assert json.loads(s3.get_bucket_policy(Bucket="pol")["Policy"]) == json.loads(policy)
    assert s3.delete_bucket_policy(Bucket="pol")["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert error(s3.get_bucket_policy, Bucket="pol")[0] == "NoSuchBucketPolicy"
    assert error(s3.put_bucket_policy, Bucket="missing-bucket", Policy=policy)[:2] == ("NoSuchBucket", 404)


def test_public_access_block_operations(iam):
    s3 = client("s3", ROOT)
    s3.create_bucket(Bucket="pab")
    code, status, _ = error(s3.get_public_access_block, Bucket="pab")
    assert (code, status) == ("NoSuchPublicAccessBlockConfiguration", 404)
    s3.put_public_access_block(Bucket="pab", PublicAccessBlockConfiguration={
        "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    assert s3.get_public_access_block(Bucket="pab")["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True}
    public = doc(grant("*", "s3:GetObject", "arn:aws:s3:::pab/*"))
    code, status, message = error(s3.put_bucket_policy, Bucket="pab", Policy=public)
    assert (code, status) == ("AccessDenied", 403)
    assert message.endswith("because public policies are blocked by the BlockPublicPolicy block public "
                            "access setting.")
    # Not public: pinned to one account.
    s3.put_bucket_policy(Bucket="pab", Policy=doc(grant({"AWS": OTHER}, "s3:GetObject", "arn:aws:s3:::pab/*")))
    s3.delete_public_access_block(Bucket="pab")
    assert error(s3.get_public_access_block, Bucket="pab")[0] == "NoSuchPublicAccessBlockConfiguration"
    s3.put_bucket_policy(Bucket="pab", Policy=public)


def test_cross_account_bucket_access_needs_both_sides(iam):
    s3 = client("s3", ROOT)
    s3.create_bucket(Bucket="xacct")
    s3.put_object(Bucket="xacct", Key="k", Body=b"v")
    other_iam = client("iam", root_access_key(OTHER))
    _, with_grant = user(None, "granted", doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}),
                         account_iam=other_iam)
    _, without = user(None, "plain", account_iam=other_iam)
    # Identity side only: the bucket policy does not name the other account yet.
    assert error(client("s3", with_grant).get_object, Bucket="xacct", Key="k")[:2] == ("AccessDenied", 403)
    s3.put_bucket_policy(Bucket="xacct", Policy=doc(
        grant({"AWS": f"arn:aws:iam::{OTHER}:root"}, "s3:GetObject", "arn:aws:s3:::xacct/*")))
    assert client("s3", with_grant).get_object(Bucket="xacct", Key="k")["Body"].read() == b"v"
    # Resource side only: the caller's own account does not allow it.
    assert error(client("s3", without).get_object, Bucket="xacct", Key="k")[:2] == ("AccessDenied", 403)


@pytest.fixture
def endpoint():
    from werkzeug.serving import make_server

    from iamulator.server.app import create_app

    STORE.reset()
    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with set_initial_no_auth_action_count(0):
        yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_anonymous_reads_follow_the_bucket_policy_and_block_public_access(endpoint):
    s3 = client("s3", ROOT, endpoint_url=endpoint)
    s3.create_bucket(Bucket="site")
    s3.put_object(Bucket="site", Key="index.html", Body=b"<h1>hi</h1>")
    url = f"{endpoint}/site/index.html"
    refused = requests.get(url)
    assert refused.status_code == 403 and b"<Code>AccessDenied</Code>" in refused.content
    s3.put_bucket_policy(Bucket="site", Policy=doc(grant("*", "s3:GetObject", "arn:aws:s3:::site/*")))
    served = requests.get(url)
    assert served.status_code == 200 and served.content == b"<h1>hi</h1>"
    # Public read of objects does not let anonymous callers write or list.
    assert requests.put(f"{endpoint}/site/new.html", data=b"x").status_code == 403
    assert requests.get(f"{endpoint}/site").status_code == 403
    s3.put_public_access_block(Bucket="site", PublicAccessBlockConfiguration={"RestrictPublicBuckets": True})
    assert requests.get(url).status_code == 403
    # The owner's account keeps its access.
    assert s3.get_object(Bucket="site", Key="index.html")["Body"].read() == b"<h1>hi</h1>"


def test_restrict_public_buckets_blocks_other_accounts_under_a_public_policy(iam):
    s3 = client("s3", ROOT)
    s3.create_bucket(Bucket="mixed")
    s3.put_object(Bucket="mixed", Key="k", Body=b"v")
    other_iam = client("iam", root_access_key(OTHER))
    _, reader = user(None, "reader", doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}),
                     account_iam=other_iam)
    s3.put_bucket_policy(Bucket="mixed", Policy=doc(
        grant("*", "s3:GetObject", "arn:aws:s3:::mixed/public/*"),
        grant({"AWS": OTHER}, "s3:GetObject", "arn:aws:s3:::mixed/*")))
    assert client("s3", reader).get_object(Bucket="mixed", Key="k")["Body"].read() == b"v"
    s3.put_public_access_block(Bucket="mixed", PublicAccessBlockConfiguration={"RestrictPublicBuckets": True})
    # Even the statement naming the account stops counting while the policy is public.
    assert error(client("s3", reader).get_object, Bucket="mixed", Key="k")[:2] == ("AccessDenied", 403)
    _, local = user(iam, "local")
    s3.put_bucket_policy(Bucket="mixed", Policy=doc(grant("*", "s3:GetObject", "arn:aws:s3:::mixed/*")))
    assert client("s3", local).get_object(Bucket="mixed", Key="k")["Body"].read() == b"v"


# --- SQS ---------------------------------------------------------------------------------------

def test_queue_policy_grants_denies_and_crosses_accounts(iam):
    sqs = client("sqs", ROOT)
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    queue_arn = f"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs"
    arn, key = user(iam, "sender")
    admin_arn, admin_key = admin(iam)
    assert error(client("sqs", key).send_message, QueueUrl=url, MessageBody="m")[:2] == ("AccessDenied", 403)
    other_iam = client("iam", root_access_key(OTHER))
    _, foreign = user(None, "foreign", doc({"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}),
                      account_iam=other_iam)
    assert error(client("sqs", foreign).send_message, QueueUrl=url, MessageBody="m")[:2] == ("AccessDenied", 403)
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": doc(
        grant({"AWS": [arn, OTHER]}, "sqs:SendMessage", queue_arn),
        grant({"AWS": admin_arn}, "sqs:SendMessage", queue_arn, effect="Deny"))})
    assert client("sqs", key).send_message(QueueUrl=url, MessageBody="m")["MessageId"]
    assert client("sqs", foreign).send_message(QueueUrl=url, MessageBody="m")["MessageId"]
    code, status, message = error(client("sqs", admin_key).send_message, QueueUrl=url, MessageBody="m")
    assert (code, status) == ("AccessDenied", 403) and RESOURCE_DENY in message
    # The other account's user with no identity permission is still refused.
    _, bare = user(None, "bare", account_iam=other_iam)
    assert error(client("sqs", bare).send_message, QueueUrl=url, MessageBody="m")[:2] == ("AccessDenied", 403)


# --- KMS ---------------------------------------------------------------------------------------

def test_key_policy_must_allow(iam):
    kms = client("kms", ROOT)
    arn, key = user(iam, "crypto", doc({"Effect": "Allow", "Action": "kms:*", "Resource": "*"}))
    admin_arn, admin_key = admin(iam)
    default = kms.create_key()["KeyMetadata"]["KeyId"]
    # The default key policy delegates to the account: identity policies decide.
    assert client("kms", key).encrypt(KeyId=default, Plaintext=b"x")["CiphertextBlob"]
    _, nobody = user(iam, "nobody")
    assert error(client("kms", nobody).encrypt, KeyId=default, Plaintext=b"x")[:2] == (
        "AccessDeniedException", 400)
    strict = kms.create_key(Policy=doc(
        grant({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "kms:*", "*"),
        grant({"AWS": admin_arn}, "kms:Encrypt", "*", effect="Deny")),
        BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]["KeyId"]
    code, status, message = error(client("kms", admin_key).encrypt, KeyId=strict, Plaintext=b"x")
    assert (code, status) == ("AccessDeniedException", 400) and RESOURCE_DENY in message
    # A key policy that names only one user: IAM permissions of others grant nothing.
    only = kms.create_key(Policy=doc(grant({"AWS": arn}, "kms:*", "*")),
                          BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]["KeyId"]
    assert client("kms", key).encrypt(KeyId=only, Plaintext=b"x")["CiphertextBlob"]
    assert error(client("kms", admin_key).encrypt, KeyId=only, Plaintext=b"x")[:2] == (
        "AccessDeniedException", 400)


def test_key_of_another_account_needs_both_sides(iam):
    kms = client("kms", ROOT)
    shared = kms.create_key(Policy=doc(
        grant({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "kms:*", "*"),
        grant({"AWS": f"arn:aws:iam::{OTHER}:root"}, "kms:Encrypt", "*")))["KeyMetadata"]["Arn"]
    private = kms.create_key()["KeyMetadata"]["Arn"]
    other_iam = client("iam", root_access_key(OTHER))
    _, allowed = user(None, "enc", doc({"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}),
                      account_iam=other_iam)
    _, bare = user(None, "bare", account_iam=other_iam)
    assert client("kms", allowed).encrypt(KeyId=shared, Plaintext=b"x")["KeyId"] == shared
    assert error(client("kms", bare).encrypt, KeyId=shared, Plaintext=b"x")[:2] == ("AccessDeniedException", 400)
    assert error(client("kms", allowed).encrypt, KeyId=private, Plaintext=b"x")[:2] == (
        "AccessDeniedException", 400)


# --- Secrets Manager ---------------------------------------------------------------------------

def test_secret_policy_grants_and_denies(iam):
    sm = client("secretsmanager", ROOT)
    secret = sm.create_secret(Name="db", SecretString="pw")["ARN"]
    arn, key = user(iam, "app")
    admin_arn, admin_key = admin(iam)
    assert error(client("secretsmanager", key).get_secret_value, SecretId=secret)[:2] == (
        "AccessDeniedException", 400)
    sm.put_resource_policy(SecretId=secret, ResourcePolicy=doc(
        grant({"AWS": arn}, "secretsmanager:GetSecretValue", "*"),
        grant({"AWS": admin_arn}, "secretsmanager:GetSecretValue", "*", effect="Deny")))
    assert client("secretsmanager", key).get_secret_value(SecretId=secret)["SecretString"] == "pw"
    code, status, message = error(client("secretsmanager", admin_key).get_secret_value, SecretId=secret)
    assert (code, status) == ("AccessDeniedException", 400) and RESOURCE_DENY in message


def test_secret_of_another_account(iam):
    sm = client("secretsmanager", ROOT)
    secret = sm.create_secret(Name="shared", SecretString="s")["ARN"]
    other_iam = client("iam", root_access_key(OTHER))
    _, reader = user(None, "reader", doc({"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                                          "Resource": "*"}), account_iam=other_iam)
    assert error(client("secretsmanager", reader).get_secret_value, SecretId=secret)[:2] == (
        "AccessDeniedException", 400)
    sm.put_resource_policy(SecretId=secret, ResourcePolicy=doc(
        grant({"AWS": f"arn:aws:iam::{OTHER}:root"}, "secretsmanager:GetSecretValue", "*")))
    assert client("secretsmanager", reader).get_secret_value(SecretId=secret)["SecretString"] == "s"


# --- Lambda ------------------------------------------------------------------------------------

def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", "def handler(event, context):\n    return 1\n")
    return buf.getvalue()


def test_function_policy_grants_and_denies(iam):
    iam.create_role(RoleName="fn", AssumeRolePolicyDocument=doc(
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}))
    role = iam.get_role(RoleName="fn")["Role"]["Arn"]
    lam = client("lambda", ROOT)
    lam.create_function(FunctionName="f", Runtime="python3.12", Role=role, Handler="app.handler",
                        Code={"ZipFile": _zip()})
    arn, key = user(iam, "caller")
    assert error(client("lambda", key).get_function_configuration, FunctionName="f")[:2] == (
        "AccessDeniedException", 403)
    lam.add_permission(FunctionName="f", StatementId="caller", Action="lambda:GetFunctionConfiguration",
                       Principal=arn)
    assert client("lambda", key).get_function_configuration(FunctionName="f")["FunctionName"] == "f"
    other_iam = client("iam", root_access_key(OTHER))
    _, foreign = user(None, "foreign", doc({"Effect": "Allow", "Action": "lambda:*", "Resource": "*"}),
                      account_iam=other_iam)
    fn_arn = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:f"
    assert error(client("lambda", foreign).get_function_configuration, FunctionName=fn_arn)[:2] == (
        "AccessDeniedException", 403)
    lam.add_permission(FunctionName="f", StatementId="other", Action="lambda:GetFunctionConfiguration",
                       Principal=OTHER)
    assert client("lambda", foreign).get_function_configuration(FunctionName=fn_arn)["FunctionName"] == "f"
    # The grant is for one action only.
    assert error(client("lambda", foreign).get_function, FunctionName=fn_arn)[:2] == (
        "AccessDeniedException", 403)


# --- SNS ---------------------------------------------------------------------------------------

def test_topic_policy_grants_denies_and_crosses_accounts(iam):
    sns = client("sns", ROOT)
    topic = sns.create_topic(Name="alerts")["TopicArn"]
    arn, key = user(iam, "pub")
    admin_arn, admin_key = admin(iam)
    assert error(client("sns", key).publish, TopicArn=topic, Message="m")[:2] == ("AuthorizationError", 403)
    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=doc(
        grant({"AWS": [arn, OTHER]}, "sns:Publish", topic),
        grant({"AWS": admin_arn}, "sns:Publish", topic, effect="Deny")))
    assert client("sns", key).publish(TopicArn=topic, Message="m")["MessageId"]
    code, status, message = error(client("sns", admin_key).publish, TopicArn=topic, Message="m")
    assert (code, status) == ("AuthorizationError", 403) and RESOURCE_DENY in message
    other_iam = client("iam", root_access_key(OTHER))
    _, foreign = user(None, "foreign", doc({"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"}),
                      account_iam=other_iam)
    _, bare = user(None, "bare", account_iam=other_iam)
    assert client("sns", foreign).publish(TopicArn=topic, Message="m")["MessageId"]
    assert error(client("sns", bare).publish, TopicArn=topic, Message="m")[:2] == ("AuthorizationError", 403)


def test_sns_delivers_to_a_queue_only_when_its_policy_allows(iam):
    sns = client("sns", ROOT)
    sqs = client("sqs", ROOT)
    topic = sns.create_topic(Name="feed")["TopicArn"]
    urls = {}
    for name in ("open", "closed", "wrong-topic"):
        urls[name] = sqs.create_queue(QueueName=name)["QueueUrl"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=f"arn:aws:sqs:us-east-1:{ACCOUNT}:{name}")

    def queue_policy(name, source):
        return doc(grant({"Service": "sns.amazonaws.com"}, "sqs:SendMessage",
                         f"arn:aws:sqs:us-east-1:{ACCOUNT}:{name}",
                         Condition={"ArnEquals": {"aws:SourceArn": source}}))

    sqs.set_queue_attributes(QueueUrl=urls["open"], Attributes={"Policy": queue_policy("open", topic)})
    sqs.set_queue_attributes(QueueUrl=urls["wrong-topic"], Attributes={
        "Policy": queue_policy("wrong-topic", topic + "-other")})
    sns.publish(TopicArn=topic, Message="hello")
    got = sqs.receive_message(QueueUrl=urls["open"], WaitTimeSeconds=0).get("Messages", [])
    assert [json.loads(m["Body"])["Message"] for m in got] == ["hello"]
    for name in ("closed", "wrong-topic"):
        assert sqs.receive_message(QueueUrl=urls[name], WaitTimeSeconds=0).get("Messages", []) == []


def test_sns_delivers_to_a_queue_of_another_account_its_policy_admits(iam):
    other = root_access_key(OTHER)
    sqs = client("sqs", other)
    url = sqs.create_queue(QueueName="inbox")["QueueUrl"]
    queue_arn = f"arn:aws:sqs:us-east-1:{OTHER}:inbox"
    sns = client("sns", ROOT)
    topic = sns.create_topic(Name="cross")["TopicArn"]
    # The queue's owner subscribes it (no confirmation needed), as the topic policy lets it.
    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=doc(
        grant({"AWS": OTHER}, "sns:Subscribe", topic)))
    client("sns", other).subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    sns.publish(TopicArn=topic, Message="dropped")
    assert sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0).get("Messages", []) == []
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": doc(
        grant({"Service": "sns.amazonaws.com"}, "sqs:SendMessage", queue_arn,
              Condition={"StringEquals": {"aws:SourceAccount": ACCOUNT}}))})
    sns.publish(TopicArn=topic, Message="kept")
    got = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0).get("Messages", [])
    assert [json.loads(m["Body"])["Message"] for m in got] == ["kept"]


def test_deliveries_are_not_checked_while_checks_are_off():
    with mock_aws():
        sns = boto3.client("sns", region_name="us-east-1")
        sqs = boto3.client("sqs", region_name="us-east-1")
        topic = sns.create_topic(Name="t")["TopicArn"]
        url = sqs.create_queue(QueueName="no-policy")["QueueUrl"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=f"arn:aws:sqs:us-east-1:{ACCOUNT}:no-policy")
        sns.publish(TopicArn=topic, Message="m")
        got = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0).get("Messages", [])
        assert [json.loads(m["Body"])["Message"] for m in got] == ["m"]
