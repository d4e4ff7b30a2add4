"""Authentication and authorization through real boto3 clients: every protocol family's codes,
allow and deny for each way a policy can reach a principal, tampering, clocks, presigned URLs."""
import json
import threading

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

from iamulator import mock_aws, set_initial_no_auth_action_count
from iamulator.accounts import root_access_key
from iamulator.authz import clock
from iamulator.services.state import STORE

ACCOUNT = "123456789012"
OTHER = "210987654321"
SIG_MESSAGE = ("The request signature we calculated does not match the signature you provided. Check "
               "your AWS Secret Access Key and signing method. Consult the service documentation for details.")
NO_RETRY = Config(retries={"max_attempts": 1})


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action, resource="*", **extra):
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def client(service, key, region="us-east-1", config=NO_RETRY, **kw):
    return boto3.client(service, region_name=region, aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"],
                        aws_session_token=key.get("SessionToken"), config=config, **kw)


def error(call, *args, **kwargs):
    with pytest.raises(ClientError) as info:
        call(*args, **kwargs)
    err = info.value.response
    return err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"], err["Error"].get("Message", ""), err




@pytest.fixture
def checked():
    """A mock where every request is authenticated and authorized from the first one."""
    with set_initial_no_auth_action_count(0), mock_aws():
        yield


@pytest.fixture
def admin(checked):
    return boto3.client("iam", region_name="us-east-1", config=NO_RETRY)


def user_with(iam, name="alice", inline=None, managed=None, group_policy=None, aws_managed=None,
              boundary=None, tags=None):
    iam.create_user(UserName=name, **({"Tags": tags} if tags else {}))
    if inline:
        iam.put_user_policy(UserName=name, PolicyName="inline", PolicyDocument=inline)
    if managed:
        arn = iam.create_policy(PolicyName=f"{name}-managed", PolicyDocument=managed)["Policy"]["Arn"]
        iam.attach_user_policy(UserName=name, PolicyArn=arn)
    if group_policy:
        iam.create_group(GroupName=f"{name}-group")
        iam.put_group_policy(GroupName=f"{name}-group", PolicyName="g", PolicyDocument=group_policy)
        iam.add_user_to_group(GroupName=f"{name}-group", UserName=name)
    if aws_managed:
        iam.attach_user_policy(UserName=name, PolicyArn=aws_managed)
    if boundary:
        arn = iam.create_policy(PolicyName=f"{name}-boundary", PolicyDocument=boundary)["Policy"]["Arn"]
        iam.put_user_permissions_boundary(UserName=name, PermissionsBoundary=arn)
    return iam.create_access_key(UserName=name)["AccessKey"]


# --- the Moto README example -------------------------------------------------------------------

def _readme_user(policy_action):
    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_user(UserName="test-user")
    arn = iam.create_policy(PolicyName="p", PolicyDocument=doc(allow(policy_action)))["Policy"]["Arn"]
    iam.attach_user_policy(UserName="test-user", PolicyArn=arn)
    return iam.create_access_key(UserName="test-user")["AccessKey"]      # the 4th action


@set_initial_no_auth_action_count(4)
@mock_aws
def test_readme_describe_instances_allowed():
    key = _readme_user("ec2:Describe*")
    ec2 = boto3.client("ec2", region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                       aws_secret_access_key=key["SecretAccessKey"])
    assert ec2.describe_instances()["Reservations"] == []


@set_initial_no_auth_action_count(4)
@mock_aws
def test_readme_describe_instances_denied():
    key = _readme_user("s3:ListAllMyBuckets")
    ec2 = boto3.client("ec2", region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                       aws_secret_access_key=key["SecretAccessKey"])
    code, status, message, _ = error(ec2.describe_instances)
    assert (code, status) == ("UnauthorizedOperation", 403)
    assert message.startswith(
        "You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/test-user "
        "is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the "
        "ec2:DescribeInstances action. Encoded authorization failure message: ")


# --- policies reaching a user every way ---------------------------------------------------------

@pytest.mark.parametrize("how", ["inline", "managed", "group_policy"])
def test_each_kind_of_identity_policy_allows_and_its_absence_denies(admin, how):
    key = user_with(admin, **{how: doc(allow("sqs:ListQueues"))})
    sqs = client("sqs", key)
    assert sqs.list_queues().get("QueueUrls", []) == []
    code, status, message, _ = error(client("dynamodb", key).list_tables)
    assert (code, status) == ("AccessDeniedException", 400)
    assert message == ("User: arn:aws:iam::123456789012:user/alice is not authorized to perform: "
                       "dynamodb:ListTables because no identity-based policy allows the dynamodb:ListTables action")


def test_aws_managed_policy_grants(admin):
    key = user_with(admin, aws_managed="arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess")
    assert client("ec2", key).describe_instances()["Reservations"] == []
    code, status, _, _ = error(client("ec2", key).run_instances, ImageId="ami-12345678", MinCount=1, MaxCount=1)
    assert (code, status) == ("UnauthorizedOperation", 403)


def test_explicit_deny_wins_and_names_the_managed_policy(admin):
    key = user_with(admin, inline=doc(allow("s3:*")), managed=doc(deny("s3:ListAllMyBuckets")))
    code, status, message, _ = error(client("s3", key).list_buckets)
    assert (code, status) == ("AccessDenied", 403)
    assert message == ("User: arn:aws:iam::123456789012:user/alice is not authorized to perform: "
                       "s3:ListAllMyBuckets with an explicit deny in an identity-based policy: "
                       "arn:aws:iam::123456789012:policy/alice-managed")


def test_permissions_boundary_limits_an_allowed_action(admin):
    key = user_with(admin, inline=doc(allow(["sqs:*", "dynamodb:*"])), boundary=doc(allow("sqs:*")))
    assert client("sqs", key).list_queues().get("QueueUrls", []) == []
    code, _, message, _ = error(client("dynamodb", key).list_tables)
    assert code == "AccessDeniedException"
    assert message.endswith("because no permissions boundary allows the dynamodb:ListTables action")


def test_policy_changes_take_effect_on_the_next_request(admin):
    key = user_with(admin, inline=doc(allow("sqs:ListQueues")))
    sqs = client("sqs", key)
    sqs.list_queues()
    admin.put_user_policy(UserName="alice", PolicyName="inline", PolicyDocument=doc(allow("sns:*")))
    assert error(sqs.list_queues)[0] == "AccessDenied"
    admin.delete_user_policy(UserName="alice", PolicyName="inline")
    admin.put_user_policy(UserName="alice", PolicyName="again", PolicyDocument=doc(allow("sqs:ListQueues")))
    sqs.list_queues()


def test_resource_arns_and_conditions_are_evaluated(admin):
    admin_s3 = boto3.client("s3", region_name="us-east-1")
    admin_s3.create_bucket(Bucket="mine")
    admin_s3.create_bucket(Bucket="theirs")
    key = user_with(admin, inline=doc(
        allow("s3:PutObject", "arn:aws:s3:::mine/*"),
        allow("s3:GetObject", "arn:aws:s3:::mine/*", Condition={"Bool": {"aws:SecureTransport": "true"}})))
    s3 = client("s3", key)
    s3.put_object(Bucket="mine", Key="k", Body=b"x")
    code, status, message, _ = error(s3.put_object, Bucket="theirs", Key="k", Body=b"x")
    assert (code, status) == ("AccessDenied", 403)
    assert message == ("User: arn:aws:iam::123456789012:user/alice is not authorized to perform: s3:PutObject "
                       "on resource: \"arn:aws:s3:::theirs/k\" because no identity-based policy allows the "
                       "s3:PutObject action")
    assert s3.get_object(Bucket="mine", Key="k")["Body"].read() == b"x"      # https endpoint
    plain = client("s3", key, endpoint_url="http://s3.amazonaws.com")
    assert error(plain.get_object, Bucket="mine", Key="k")[0] == "AccessDenied"


def test_source_ip_requested_region_and_principal_tags(admin):
    key = user_with(admin, tags=[{"Key": "team", "Value": "blue"}], inline=doc(
        allow("sqs:ListQueues", Condition={"IpAddress": {"aws:SourceIp": "127.0.0.0/8"},
                                           "StringEquals": {"aws:RequestedRegion": "eu-west-1",
                                                            "aws:PrincipalTag/team": "blue"}})))
    client("sqs", key, region="eu-west-1").list_queues()
    assert error(client("sqs", key, region="us-east-1").list_queues)[0] == "AccessDenied"
    admin.tag_user(UserName="alice", Tags=[{"Key": "team", "Value": "red"}])
    assert error(client("sqs", key, region="eu-west-1").list_queues)[0] == "AccessDenied"


def test_decisions_are_recorded_on_the_caller(admin):
    from iamulator.authz.caller import Caller
    from iamulator.server import dispatch as pipeline

    seen = []
    original = pipeline._authorize

    def spy(ctx, *args):
        original(ctx, *args)
        seen.append(ctx.principal)

    key = user_with(admin, inline=doc(allow("sqs:ListQueues")))
    pipeline._authorize = spy
    try:
        client("sqs", key).list_queues()
    finally:
        pipeline._authorize = original
    caller = seen[-1]
    assert isinstance(caller, Caller) and caller.arn == "arn:aws:iam::123456789012:user/alice"
    (decision,) = caller.decisions
    assert decision.allowed and decision.action == "sqs:ListQueues" and decision.decided_by == "identity"


def test_root_may_do_anything_in_its_account_and_get_caller_identity_is_always_allowed(admin):
    admin.create_user(UserName="nobody")
    key = admin.create_access_key(UserName="nobody")["AccessKey"]
    assert client("sts", key).get_caller_identity()["Arn"] == "arn:aws:iam::123456789012:user/nobody"
    assert error(client("iam", key).list_users)[:2] == ("AccessDenied", 403)
    assert boto3.client("s3", region_name="us-east-1").list_buckets()["Buckets"] == []


# --- authentication failures per protocol family ------------------------------------------------

UNKNOWN = {"AccessKeyId": "AKIAI44QH8DHBEXAMPLE", "SecretAccessKey": "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"}


@pytest.mark.parametrize("service, call, code, status, message", [
    ("sts", "get_caller_identity", "InvalidClientTokenId", 403, "The security token included in the request is invalid."),
    ("iam", "list_users", "InvalidClientTokenId", 403, "The security token included in the request is invalid."),
    ("sns", "list_topics", "InvalidClientTokenId", 403, "The security token included in the request is invalid."),
    ("sqs", "list_queues", "InvalidClientTokenId", 403, "The security token included in the request is invalid."),
    ("dynamodb", "list_tables", "UnrecognizedClientException", 400, "The security token included in the request is invalid."),
    ("kms", "list_keys", "UnrecognizedClientException", 400, "The security token included in the request is invalid."),
    ("lambda", "list_functions", "UnrecognizedClientException", 403, "The security token included in the request is invalid."),
    ("ec2", "describe_instances", "AuthFailure", 401, "AWS was not able to validate the provided access credentials"),
    ("s3", "list_buckets", "InvalidAccessKeyId", 403, "The AWS Access Key Id you provided does not exist in our records."),
])
def test_unknown_access_key(checked, service, call, code, status, message):
    got = error(getattr(client(service, UNKNOWN), call))
    assert got[:3] == (code, status, message)
    if service == "s3":
        assert got[3]["Error"]["AWSAccessKeyId"] == UNKNOWN["AccessKeyId"]


@pytest.mark.parametrize("service, call, code, status", [
    ("sts", "get_caller_identity", "SignatureDoesNotMatch", 403),
    ("dynamodb", "list_tables", "InvalidSignatureException", 400),
    ("lambda", "list_functions", "InvalidSignatureException", 403),
    ("ec2", "describe_instances", "AuthFailure", 401),
    ("s3", "list_buckets", "SignatureDoesNotMatch", 403),
])
def test_wrong_secret(admin, service, call, code, status):
    key = user_with(admin, inline=doc(allow("*")))
    got = error(getattr(client(service, {**key, "SecretAccessKey": "x" * 40}), call))
    assert got[:2] == (code, status)
    if service == "s3":
        body = got[3]["Error"]
        assert body["Message"] == ("The request signature we calculated does not match the signature you "
                                   "provided. Check your key and signing method.")
        assert body["StringToSign"].startswith("AWS4-HMAC-SHA256\n")
        assert body["CanonicalRequest"].startswith("GET\n/\n")
        assert body["AWSAccessKeyId"] == key["AccessKeyId"]
    elif service in ("sts", "dynamodb", "lambda"):
        assert got[2] == SIG_MESSAGE


def _tamper(client_, change):
    def hook(request, **_):
        change(request)
    client_.meta.events.register_first("before-send.*.*", hook)
    return client_


def _replace_header(name, value):
    def change(request):
        del request.headers[name]
        request.headers[name] = value
    return change


@pytest.mark.parametrize("change", [
    _replace_header("X-Amz-Date", "20200101T000000Z"),
    lambda r: setattr(r, "body", (r.body.encode() if isinstance(r.body, str) else r.body) + b"&Extra=1"),
    lambda r: setattr(r, "url", r.url + "?Injected=1"),
])
def test_request_altered_after_signing_is_refused(admin, change):
    key = user_with(admin, inline=doc(allow("*")))
    sts = _tamper(client("sts", key), change)
    code, status, message, _ = error(sts.get_caller_identity)
    assert (code, status) == ("SignatureDoesNotMatch", 403)


def test_signed_header_altered_after_signing_is_refused(admin):
    key = user_with(admin, inline=doc(allow("*")))
    ddb = _tamper(client("dynamodb", key), _replace_header("X-Amz-Target", "DynamoDB_20120810.DescribeLimits"))
    assert error(ddb.list_tables)[:3] == ("InvalidSignatureException", 400, SIG_MESSAGE)


def test_altered_s3_body_with_signed_hash_is_a_content_mismatch(admin):
    key = user_with(admin, inline=doc(allow("s3:*")))
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="bkt")
    plain = Config(retries={"max_attempts": 1}, request_checksum_calculation="when_required")
    s3 = _tamper(client("s3", key, endpoint_url="http://s3.amazonaws.com", config=plain),
                 lambda r: setattr(r, "body", b"changed!"))
    code, status, _, err = error(s3.put_object, Bucket="bkt", Key="k", Body=b"original")
    assert (code, status) == ("XAmzContentSHA256Mismatch", 400)
    assert err["Error"]["ClientComputedContentSHA256"] != err["Error"]["S3ComputedContentSHA256"]


def test_inactive_key_is_unknown(admin):
    key = user_with(admin, inline=doc(allow("*")))
    admin.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Inactive")
    assert error(client("sts", key).get_caller_identity)[:2] == ("InvalidClientTokenId", 403)
    admin.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Active")
    client("sts", key).get_caller_identity()


@pytest.mark.parametrize("service, call, code, status", [
    ("sts", "get_caller_identity", "SignatureDoesNotMatch", 403),
    ("dynamodb", "list_tables", "InvalidSignatureException", 400),
    ("ec2", "describe_instances", "RequestExpired", 400),
    ("s3", "list_buckets", "RequestTimeTooSkewed", 403),
])
def test_clock_skew_over_fifteen_minutes(admin, monkeypatch, service, call, code, status):
    key = user_with(admin, inline=doc(allow("*")))
    real = clock.now()
    monkeypatch.setattr(clock, "now", lambda: real + 16 * 60)
    got = error(getattr(client(service, key), call))
    assert got[:2] == (code, status)
    if service in ("sts", "dynamodb"):
        assert got[2].startswith("Signature expired: ") and got[2].endswith(" - 15 min.)")
    if service == "s3":
        assert got[3]["Error"]["MaxAllowedSkewMilliseconds"] == "900000"
    monkeypatch.setattr(clock, "now", lambda: real + 14 * 60)
    getattr(client(service, key), call)()


def test_missing_credentials(checked):
    from botocore import UNSIGNED

    sts = boto3.client("sts", region_name="us-east-1", config=Config(signature_version=UNSIGNED))
    assert error(sts.get_caller_identity)[:3] == (
        "MissingAuthenticationToken", 403, "Request is missing Authentication Token")
    ddb = boto3.client("dynamodb", region_name="us-east-1", config=Config(signature_version=UNSIGNED))
    assert error(ddb.list_tables)[:2] == ("MissingAuthenticationTokenException", 400)
    s3 = boto3.client("s3", region_name="us-east-1", config=Config(signature_version=UNSIGNED))
    code, status, message, _ = error(s3.list_buckets)
    assert (code, status) == ("AccessDenied", 403)
    assert message == ("User: anonymous is not authorized to perform: s3:ListAllMyBuckets because no "
                       "resource-based policy allows the s3:ListAllMyBuckets action")


# --- presigned URLs -------------------------------------------------------------------------------

@pytest.mark.parametrize("version", ["s3v4", "s3"])
def test_presigned_urls_work_until_they_expire(admin, monkeypatch, version):
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="pre")
    boto3.client("s3", region_name="us-east-1").put_object(Bucket="pre", Key="a b/c.txt", Body=b"hello")
    key = user_with(admin, inline=doc(allow("s3:GetObject", "arn:aws:s3:::pre/*")))
    s3 = client("s3", key, config=Config(signature_version=version, retries={"max_attempts": 1}))
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "pre", "Key": "a b/c.txt"}, ExpiresIn=60)
    assert ("X-Amz-Signature=" in url) == (version == "s3v4")
    resp = requests.get(url)
    assert (resp.status_code, resp.content) == (200, b"hello")
    tampered = requests.get(url.replace("c.txt", "d.txt"))
    assert tampered.status_code == 403 and b"<Code>SignatureDoesNotMatch</Code>" in tampered.content
    real = clock.now()
    monkeypatch.setattr(clock, "now", lambda: real + 120)
    expired = requests.get(url)
    assert expired.status_code == 403
    assert b"<Code>AccessDenied</Code>" in expired.content and b"<Message>Request has expired</Message>" in expired.content


def test_presigned_url_of_a_user_without_permission_is_denied(admin):
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="pre")
    key = user_with(admin, inline=doc(allow("sqs:*")))
    url = client("s3", key).generate_presigned_url("get_object", Params={"Bucket": "pre", "Key": "k"})
    resp = requests.get(url)
    assert resp.status_code == 403 and b"is not authorized to perform: s3:GetObject" in resp.content


# --- temporary credentials ------------------------------------------------------------------------

def _role(iam, trust, name="worker", policy=None, **kw):
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust, **kw)["Role"]["Arn"]
    if policy:
        iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=policy)
    return arn


def test_role_session_credentials_expire_and_reject_a_wrong_token(admin, monkeypatch):
    key = user_with(admin, inline=doc(allow("sts:AssumeRole")))
    trust = doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"})
    role = _role(admin, trust, policy=doc(allow("sqs:ListQueues")))
    creds = client("sts", key).assume_role(RoleArn=role, RoleSessionName="s1", DurationSeconds=900)["Credentials"]
    sqs = client("sqs", creds)
    sqs.list_queues()
    assert error(client("sqs", {**creds, "SessionToken": "not-the-token"}).list_queues)[:2] == (
        "InvalidClientTokenId", 403)
    assert error(client("sqs", {**creds, "SessionToken": None}).list_queues)[:2] == ("InvalidClientTokenId", 403)
    real = clock.now()
    monkeypatch.setattr(clock, "now", lambda: real + 901)
    assert error(client("sqs", creds).list_queues)[:3] == (
        "ExpiredToken", 403, "The security token included in the request is expired")
    assert error(client("dynamodb", creds).list_tables)[:2] == ("ExpiredTokenException", 400)
    assert error(client("ec2", creds).describe_instances)[:2] == ("RequestExpired", 400)
    assert error(client("s3", creds).list_buckets)[:2] == ("ExpiredToken", 400)


def test_long_term_key_with_a_session_token_is_refused(admin):
    key = user_with(admin, inline=doc(allow("*")))
    assert error(client("sts", {**key, "SessionToken": "made-up"}).get_caller_identity)[:2] == (
        "InvalidClientTokenId", 403)


def test_unchecked_requests_are_attributed_to_their_principal():
    with mock_aws():
        iam = boto3.client("iam", region_name="us-east-1")
        iam.create_user(UserName="bob")
        key = iam.create_access_key(UserName="bob")["AccessKey"]
        sts = client("sts", key)
        assert sts.get_caller_identity()["Arn"] == "arn:aws:iam::123456789012:user/bob"
        assert client("iam", key).get_user()["User"]["UserName"] == "bob"
        made_up = client("sts", {"AccessKeyId": "testing", "SecretAccessKey": "testing", "SessionToken": "testing"})
        assert made_up.get_caller_identity()["Arn"] == "arn:aws:iam::123456789012:root"


def test_requests_act_in_the_callers_account(checked):
    other = root_access_key(OTHER)
    sqs = client("sqs", other)
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    assert f"/{OTHER}/q" in url
    assert client("sts", other).get_caller_identity()["Account"] == OTHER


# --- server mode ----------------------------------------------------------------------------------

@pytest.fixture
def endpoint():
    from werkzeug.serving import make_server

    from iamulator.server.app import create_app

    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_signatures_verify_over_http_with_awkward_keys(endpoint):
    STORE.reset()
    with set_initial_no_auth_action_count(0):
        from iamulator import settings

        root = {"AccessKeyId": settings.DEFAULT_ACCESS_KEY_ID, "SecretAccessKey": settings.DEFAULT_SECRET_ACCESS_KEY}
        s3 = client("s3", root, endpoint_url=endpoint)
        s3.create_bucket(Bucket="srv")
        for key in ("plain", "a/b//c", "with space+plus", "unicodé/ключ", "trailing/", "x?y=z&w"):
            s3.put_object(Bucket="srv", Key=key, Body=key.encode())
            assert s3.get_object(Bucket="srv", Key=key)["Body"].read() == key.encode()
        listed = s3.list_objects_v2(Bucket="srv", Prefix="a/", Delimiter="/")
        assert listed["KeyCount"] >= 0
        client("sqs", root, endpoint_url=endpoint).create_queue(QueueName="q")
        bad = client("sts", {**root, "SecretAccessKey": "wrong"}, endpoint_url=endpoint)
        assert error(bad.get_caller_identity)[:2] == ("SignatureDoesNotMatch", 403)


def test_source_ip_is_the_client_address_never_a_header(endpoint):
    STORE.reset()
    with set_initial_no_auth_action_count(0):
        from iamulator import settings

        root = {"AccessKeyId": settings.DEFAULT_ACCESS_KEY_ID, "SecretAccessKey": settings.DEFAULT_SECRET_ACCESS_KEY}
        iam = client("iam", root, endpoint_url=endpoint)
        iam.create_user(UserName="net")
        iam.put_user_policy(UserName="net", PolicyName="p", PolicyDocument=doc(
            allow("sqs:ListQueues", Condition={"IpAddress": {"aws:SourceIp": "127.0.0.1/32"}}),
            allow("sns:ListTopics", Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})))
        key = iam.create_access_key(UserName="net")["AccessKey"]
        client("sqs", key, endpoint_url=endpoint).list_queues()
        sns = client("sns", key, endpoint_url=endpoint)
        sns.meta.events.register_first("before-sign.*.*", lambda request, **_: request.headers.__setitem__(
            "X-Forwarded-For", "10.1.2.3"))
        assert error(sns.list_topics)[:2] == ("AuthorizationError", 403)


def test_key_use_is_recorded_for_get_access_key_last_used(admin):
    key = user_with(admin, inline=doc(allow("sqs:ListQueues")))
    assert "LastUsedDate" not in admin.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
    client("sqs", key, region="eu-west-2").list_queues()
    used = admin.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
    assert (used["ServiceName"], used["Region"]) == ("sqs", "eu-west-2") and "LastUsedDate" in used


def test_presigned_sts_get_caller_identity_as_kubernetes_uses_it(admin, monkeypatch):
    key = user_with(admin)
    url = client("sts", key).generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
    resp = requests.get(url)
    assert resp.status_code == 200
    assert b"<Arn>arn:aws:iam::123456789012:user/alice</Arn>" in resp.content
    real = clock.now()
    monkeypatch.setattr(clock, "now", lambda: real + 61)
    expired = requests.get(url)
    assert expired.status_code == 403 and b"<Code>SignatureDoesNotMatch</Code>" in expired.content
    assert b"Signature expired: " in expired.content


def test_streaming_unsigned_payload_with_trailer_is_verified(admin):
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="streamed")
    key = user_with(admin, inline=doc(allow("s3:*")))
    s3 = client("s3", key)
    seen = {}
    s3.meta.events.register("before-send.s3.PutObject",
                            lambda request, **_: seen.update(sha=request.headers.get("X-Amz-Content-SHA256")))
    s3.put_object(Bucket="streamed", Key="k", Body=b"chunked body")
    sha = seen["sha"].decode() if isinstance(seen["sha"], bytes) else seen["sha"]
    assert sha == "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
    assert s3.get_object(Bucket="streamed", Key="k")["Body"].read() == b"chunked body"
    wrong = client("s3", {**key, "SecretAccessKey": "y" * 40})
    assert error(wrong.put_object, Bucket="streamed", Key="k", Body=b"x")[:2] == ("SignatureDoesNotMatch", 403)


def test_credentials_are_checked_before_the_parameters():
    """As in AWS: bad credentials are reported whatever else is wrong with the request; good
    ones get the service's validation error."""
    loose = Config(retries={"max_attempts": 1}, parameter_validation=False)
    with set_initial_no_auth_action_count(0), mock_aws():
        key = root_access_key(ACCOUNT)
        good = client("sqs", key, config=loose)
        bad = client("sqs", {**key, "SecretAccessKey": "wrong"}, config=loose)
        with pytest.raises(ClientError) as err:
            good.send_message(QueueUrl="https://sqs.us-east-1.amazonaws.com/123456789012/q",
                              MessageBody="x", DelaySeconds="soon")
        assert (err.value.response["Error"]["Code"], err.value.response["ResponseMetadata"]["HTTPStatusCode"]) == (
            "SerializationException", 400)
        with pytest.raises(ClientError) as err:
            bad.send_message(QueueUrl="https://sqs.us-east-1.amazonaws.com/123456789012/q",
                             MessageBody="x", DelaySeconds="soon")
        assert err.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
        assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
