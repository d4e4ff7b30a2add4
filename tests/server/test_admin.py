"""The admin endpoints under /_iamulator/: JSON in and out, root credentials needed once the
server checks anything (health excepted)."""
import json
import shutil
import subprocess

import pytest
from live_server import ROOT, shared_servers  # noqa: F401  (fixture)

from iamulator import __version__

ACCOUNT = "123456789012"


@pytest.fixture(scope="module")
def strict(shared_servers):
    return shared_servers("--auth", "strict")


@pytest.fixture
def clean(strict):
    assert strict.admin("POST", "reset").status_code == 200
    assert strict.admin("POST", "reset-auth", {"mode": "strict"}).status_code == 200
    return strict


def test_health_is_open_and_says_version_mode_and_requests(clean):
    before = clean.admin("GET", "health", key=None)
    assert before.status_code == 200
    assert before.headers["Content-Type"] == "application/json"
    health = before.json()
    assert health["status"] == "running"
    assert health["version"] == __version__
    assert health["auth"] == {"mode": "strict"}
    assert health["state_dir"] is None
    clean.client("sqs").create_queue(QueueName="counted")
    assert clean.admin("GET", "health", key=None).json()["requests"] == health["requests"] + 1


@pytest.mark.parametrize("method,name", [("POST", "reset"), ("POST", "reset-auth"), ("GET", "decisions"),
                                         ("DELETE", "decisions"), ("GET", "snapshot"), ("POST", "snapshot")])
def test_everything_but_health_needs_a_signature(clean, method, name):
    r = clean.admin(method, name, key=None)
    assert r.status_code == 403
    assert r.json()["error"] == "AccessDenied"
    assert "root credentials of account 123456789012" in r.json()["message"]


def test_a_wrong_secret_or_a_user_is_refused(clean):
    r = clean.admin("POST", "reset", key={**ROOT, "SecretAccessKey": "wrong"})
    assert r.status_code == 403 and r.json()["error"] == "AccessDenied"
    iam = clean.client("iam")
    iam.create_user(UserName="admin-user")
    iam.attach_user_policy(UserName="admin-user", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    key = iam.create_access_key(UserName="admin-user")["AccessKey"]
    r = clean.admin("POST", "reset", key=key)
    assert r.status_code == 403
    assert r.json() == {"error": "AccessDenied", "message": f"arn:aws:iam::{ACCOUNT}:user/admin-user is not "
                                                            f"the root user of account {ACCOUNT}"}
    assert iam.get_user(UserName="admin-user")["User"]["UserName"] == "admin-user"


def test_reset_forgets_all_state(clean):
    clean.client("s3").create_bucket(Bucket="gone-after-reset")
    r = clean.admin("POST", "reset")
    assert (r.status_code, r.json()) == (200, {"reset": True})
    assert clean.client("s3").list_buckets()["Buckets"] == []


def test_snapshot_counts_what_each_backend_holds(clean):
    sqs = clean.client("sqs")
    sqs.create_queue(QueueName="one")
    sqs.create_queue(QueueName="two")
    clean.client("sqs", region="eu-west-1").create_queue(QueueName="three")
    clean.client("s3").create_bucket(Bucket="snap-bucket")
    state = clean.admin("GET", "snapshot").json()["state"]
    assert state["sqs"] == {ACCOUNT: {"us-east-1": {"queues": 2}, "eu-west-1": {"queues": 1}}}
    assert state["s3"][ACCOUNT]["us-east-1"]["buckets"] == 1


def test_saving_a_snapshot_without_a_state_dir_is_a_conflict(clean):
    r = clean.admin("POST", "snapshot")
    assert r.status_code == 409
    assert r.json()["error"] == "NoStateDir"


def test_reset_auth_switches_modes_and_restarts_the_counter(clean):
    bogus = {"AccessKeyId": "AKIAAAAAAAAAAAAAAAAA", "SecretAccessKey": "x"}
    r = clean.admin("POST", "reset-auth", {"mode": "count", "count": 1})
    assert (r.status_code, r.json()) == (200, {"auth": {"mode": "count", "count": 1}})
    sts = clean.client("sts", bogus)
    sts.get_caller_identity()
    with pytest.raises(Exception):
        sts.get_caller_identity()
    # without a mode only the counter restarts
    assert clean.admin("POST", "reset-auth").json() == {"auth": {"mode": "count", "count": 1}}
    sts.get_caller_identity()
    clean.admin("POST", "reset-auth", {"mode": "off"})
    assert clean.admin("GET", "health", key=None).json()["auth"] == {"mode": "off"}
    # off: the admin endpoints are open too
    assert clean.admin("GET", "snapshot", key=None).status_code == 200


@pytest.mark.parametrize("body,message", [
    ({"mode": "sometimes"}, "unknown auth mode 'sometimes' (one of: strict, count, off, soft)"),
    ({"mode": "count"}, "auth mode 'count' takes a number of requests, the others none"),
    ({"mode": "strict", "count": 3}, "auth mode 'count' takes a number of requests, the others none"),
    ({"mode": "count", "count": "3"}, "'count' must be a whole number"),
    ({"mode": "count", "count": -1}, "the number of unchecked requests cannot be negative (-1)"),
    ({"count": 3}, "'count' goes with \"mode\": \"count\""),
    ({"mode": 7}, "'mode' must be a string"),
])
def test_reset_auth_refuses_bad_modes(clean, body, message):
    r = clean.admin("POST", "reset-auth", body)
    assert (r.status_code, r.json()) == (400, {"error": "InvalidRequest", "message": message})
    assert clean.admin("GET", "health", key=None).json()["auth"] == {"mode": "strict"}


def test_bad_json_unknown_endpoints_and_methods(clean):
    import requests
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    url = f"{clean.url}/_iamulator/reset-auth"
    aws = AWSRequest(method="POST", url=url, data=b"{not json")
    SigV4Auth(Credentials(ROOT["AccessKeyId"], ROOT["SecretAccessKey"]), "iamulator", "us-east-1").add_auth(aws)
    r = requests.post(url, data=b"{not json", headers=dict(aws.headers.items()))
    assert r.status_code == 400 and r.json()["error"] == "InvalidRequest"
    assert r.json()["message"].startswith("the body is not JSON")
    r = clean.admin("POST", "reset-auth", ["strict"])
    assert (r.status_code, r.json()["message"]) == (400, "the body must be a JSON object")
    r = clean.admin("GET", "nothing-here")
    assert (r.status_code, r.json()["error"]) == (404, "NotFound")
    r = clean.admin("PUT", "health")
    assert (r.status_code, r.json()["error"]) == (405, "MethodNotAllowed")


def test_decisions_list_filter_and_clear(clean):
    assert clean.admin("DELETE", "decisions").json() == {"cleared": True}
    clean.client("sqs").list_queues()
    iam = clean.client("iam")
    iam.create_user(UserName="no-rights")
    key = iam.create_access_key(UserName="no-rights")["AccessKey"]
    with pytest.raises(Exception):
        clean.client("sqs", key=key).list_queues()
    decisions = clean.admin("GET", "decisions").json()["decisions"]
    assert [(d["action"], d["result"]) for d in decisions if d["action"] == "sqs:ListQueues"] == [
        ("sqs:ListQueues", "Allowed"), ("sqs:ListQueues", "ImplicitlyDenied")]
    denied = clean.admin("GET", "decisions?denied=true").json()["decisions"]
    assert [(d["action"], d["principal"]) for d in denied] == [
        ("sqs:ListQueues", f"arn:aws:iam::{ACCOUNT}:user/no-rights")]
    clean.admin("DELETE", "decisions")
    assert clean.admin("GET", "decisions").json()["decisions"] == []


@pytest.mark.skipif(shutil.which("curl") is None, reason="no curl")
def test_curl_aws_sigv4_signs_admin_requests(clean):
    out = subprocess.run(
        ["curl", "-s", "-o", "-", "-w", "\n%{http_code}", "-X", "POST",
         "--aws-sigv4", "aws:amz:us-east-1:iamulator", "--user", f"{ROOT['AccessKeyId']}:{ROOT['SecretAccessKey']}",
         f"{clean.url}/_iamulator/reset"], capture_output=True, text=True, timeout=30)
    body, _, status = out.stdout.rpartition("\n")
    assert (status, json.loads(body)) == ("200", {"reset": True})
