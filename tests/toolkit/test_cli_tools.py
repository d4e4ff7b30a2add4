"""``iamulator simulate`` and ``iamulator policy generate|diff``: output, files and exit status."""
import json
import os
import subprocess
import sys

import pytest

from iamulator.authz.evaluator import evaluate
from iamulator.cli import main

ACCOUNT = "123456789012"
OTHER = "210987654321"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
SIMULATED = f"arn:aws:iam::{ACCOUNT}:user/simulated"
TABLE = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/uploads"

READ_BUCKET = {"Version": "2012-10-17", "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*",
     "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return str(path)


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def record(action, resource, result="Allowed", principal=ALICE):
    return {"time": "2026-11-24T20:01:02.123Z", "request_id": "r", "service": action.split(":")[0],
            "operation": action.split(":")[1], "region": "us-east-1", "principal": principal,
            "account": ACCOUNT, "action": action, "resource": resource, "result": result,
            "enforced": True, "decided_by": "identity", "statements": [], "context_keys_used": {},
            "message": None}


RUN = [record("s3:PutObject", "arn:aws:s3:::bucket/uploads/a.txt"),
       record("s3:PutObject", "arn:aws:s3:::bucket/uploads/b.txt", result="ImplicitlyDenied"),
       record("dynamodb:PutItem", TABLE)]


# --- simulate --------------------------------------------------------------------------------

def test_simulate_allowed_prints_the_decision_and_the_trace(tmp_path, capsys):
    policy = write(tmp_path, "read.json", READ_BUCKET)
    status, out, err = run(capsys, "simulate", "--policy", policy, "--action", "s3:GetObject",
                           "--resource", "arn:aws:s3:::bucket/key", "--context", "aws:SourceIp=10.1.2.3")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Decision: Allowed"
    assert f"Request: s3:GetObject on arn:aws:s3:::bucket/key by {SIMULATED} (user)" in lines
    assert "      condition IpAddress aws:SourceIp ['10.0.0.0/8'] vs context ['10.1.2.3'] -> true" in lines
    assert "Decision: Allowed (decided by identity-based policy) - identity-based policy allows" in lines


def test_simulate_denied_prints_awss_message_and_exits_1(tmp_path, capsys):
    policy = write(tmp_path, "read.json", READ_BUCKET)
    status, out, _ = run(capsys, "simulate", "--policy", policy, "--action", "s3:GetObject",
                         "--resource", "arn:aws:s3:::bucket/key", "--context", "aws:SourceIp=192.0.2.1",
                         "--principal", ALICE)
    assert status == 1
    message = (f"User: {ALICE} is not authorized to perform: s3:GetObject on resource: "
               "arn:aws:s3:::bucket/key because no identity-based policy allows the s3:GetObject action")
    assert out.splitlines()[:2] == ["Decision: ImplicitlyDenied", f"AccessDenied: {message}"]
    assert "      condition IpAddress aws:SourceIp ['10.0.0.0/8'] vs context ['192.0.2.1'] -> false" in out
    assert f"Message: {message}" in out


def test_simulate_explicit_deny_across_several_policies(tmp_path, capsys):
    allow_all = write(tmp_path, "all.json", {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})
    deny = write(tmp_path, "deny.json", {"Version": "2012-10-17", "Statement": [
        {"Sid": "NoDeletes", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}]})
    status, out, _ = run(capsys, "simulate", "--policy", allow_all, "--policy", deny, "-q",
                         "--action", "s3:DeleteObject", "--resource", "arn:aws:s3:::bucket/key")
    assert status == 1
    assert out == ("Decision: ExplicitlyDenied\n"
                   f"AccessDenied: User: {SIMULATED} is not authorized to perform: s3:DeleteObject on resource: "
                   "arn:aws:s3:::bucket/key with an explicit deny in an identity-based policy\n")


def test_simulate_multivalued_context_key(tmp_path, capsys):
    policy = write(tmp_path, "tags.json", {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*",
         "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}}}]})
    args = ["simulate", "--policy", policy, "--action", "s3:PutObject", "--resource", "arn:aws:s3:::b/k", "-q"]
    assert run(capsys, *args, "--context", "aws:TagKeys=env", "--context", "aws:TagKeys=team")[0] == 0
    assert run(capsys, *args, "--context", "aws:TagKeys=env", "--context", "aws:TagKeys=owner")[0] == 1


def test_simulate_resource_policy_same_account_and_cross_account(tmp_path, capsys):
    bucket_policy = write(tmp_path, "bucket.json", {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}]})
    args = ["simulate", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::bucket/key",
            "--resource-policy", bucket_policy, "--principal", ALICE]
    status, out, _ = run(capsys, *args)
    assert status == 0
    assert "Decision: Allowed (decided by resource-based policy) - the resource-based policy names the principal" in out
    # the bucket in another account: the caller's own policies must allow too
    status, out, _ = run(capsys, *args, "--resource-account", OTHER, "-q")
    assert status == 1
    assert "because no identity-based policy allows the s3:GetObject action" in out


def test_simulate_permissions_boundary(tmp_path, capsys):
    allow_all = write(tmp_path, "all.json", {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]})
    boundary = write(tmp_path, "boundary.json", {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})
    args = ["simulate", "--policy", allow_all, "--boundary", boundary, "-q"]
    assert run(capsys, *args, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k")[0] == 0
    status, out, _ = run(capsys, *args, "--action", "dynamodb:PutItem", "--resource", TABLE)
    assert status == 1
    assert out.endswith("because no permissions boundary allows the dynamodb:PutItem action\n")


def test_simulate_without_policies_is_an_implicit_deny(capsys):
    status, out, _ = run(capsys, "simulate", "--action", "sqs:ListQueues", "-q")
    assert status == 1
    assert out == ("Decision: ImplicitlyDenied\nAccessDenied: User: "
                   f"{SIMULATED} is not authorized to perform: sqs:ListQueues because no identity-based "
                   "policy allows the sqs:ListQueues action\n")


@pytest.mark.parametrize("content, expected", [
    ("{", "invalid policy: Syntax errors in policy. (not valid JSON:"),
    ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "GetObject", "Resource": "*"}]}',
     "invalid policy: Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
    ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "bucket"}]}',
     'invalid policy: Resource bucket must be in ARN format or "*".'),
    ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}',
     "invalid policy: Policy document should not specify a principal."),
], ids=["json", "vendor", "resource", "principal"])
def test_simulate_bad_policy_exits_2_with_the_parsers_error(tmp_path, capsys, content, expected):
    policy = write(tmp_path, "bad.json", content)
    status, out, err = run(capsys, "simulate", "--policy", policy, "--action", "s3:GetObject")
    assert status == 2 and out == ""
    assert err.startswith(f"iamulator simulate: error: {policy}: {expected}")


def test_simulate_bad_resource_policy_missing_file_and_bad_context(tmp_path, capsys):
    identity = write(tmp_path, "ok.json", READ_BUCKET)
    no_principal = write(tmp_path, "rp.json", READ_BUCKET)
    status, _, err = run(capsys, "simulate", "--policy", identity, "--action", "s3:GetObject",
                         "--resource-policy", no_principal)
    assert status == 2 and "invalid policy: Missing required field Principal" in err
    status, _, err = run(capsys, "simulate", "--policy", str(tmp_path / "none.json"), "--action", "s3:GetObject")
    assert status == 2
    assert err == f"iamulator simulate: error: {tmp_path / 'none.json'}: cannot read the policy: No such file or directory\n"
    status, _, err = run(capsys, "simulate", "--action", "s3:GetObject", "--context", "aws:SourceIp")
    assert (status, err) == (2, "iamulator simulate: error: --context 'aws:SourceIp': expected KEY=VALUE\n")


def test_simulate_requires_an_action(capsys):
    with pytest.raises(SystemExit) as info:
        main(["simulate", "--resource", "*"])
    assert info.value.code == 2
    assert "the following arguments are required: --action" in capsys.readouterr().err


# --- policy generate ----------------------------------------------------------------------------

def test_policy_generate_prints_the_policy(tmp_path, capsys):
    log = write(tmp_path, "decisions.json", {"decisions": RUN})
    status, out, err = run(capsys, "policy", "generate", "--log", log)
    assert status == 0 and err == ""
    assert json.loads(out) == {"Version": "2012-10-17", "Statement": [
        {"Sid": "DynamodbPutItem", "Effect": "Allow", "Action": ["dynamodb:PutItem"], "Resource": [TABLE]},
        {"Sid": "S3PutObject", "Effect": "Allow", "Action": ["s3:PutObject"],
         "Resource": ["arn:aws:s3:::bucket/uploads/a.txt", "arn:aws:s3:::bucket/uploads/b.txt"]}]}


def test_policy_generate_wildcards_allowed_only_and_output_file(tmp_path, capsys):
    log = write(tmp_path, "decisions.json", RUN)
    target = tmp_path / "policy.json"
    status, out, _ = run(capsys, "policy", "generate", "--log", log, "--wildcards", "-o", str(target))
    assert (status, out) == (0, "")
    policy = json.loads(target.read_text())
    assert policy["Statement"][1]["Resource"] == ["arn:aws:s3:::bucket/uploads/*"]
    for r in RUN:
        assert evaluate(r["action"], r["resource"], ALICE, identity_policies=[policy]).allowed
    status, out, _ = run(capsys, "policy", "generate", "--log", log, "--allowed-only")
    assert json.loads(out)["Statement"][1]["Resource"] == ["arn:aws:s3:::bucket/uploads/a.txt"]


def test_policy_generate_principal_filter_and_wildcard_actions(tmp_path, capsys):
    runs = RUN + [record("s3:GetObject", "arn:aws:s3:::bucket/uploads/a.txt", principal=f"arn:aws:iam::{ACCOUNT}:user/bob"),
                  record("s3:GetObjectTagging", "arn:aws:s3:::bucket/uploads/a.txt",
                         principal=f"arn:aws:iam::{ACCOUNT}:user/bob")]
    log = write(tmp_path, "decisions.jsonl", "\n".join(json.dumps(r) for r in runs))
    status, out, _ = run(capsys, "policy", "generate", "--log", log, "--principal", "*:user/bob",
                         "--wildcard-actions")
    assert status == 0
    assert json.loads(out)["Statement"] == [
        {"Sid": "S3Object", "Effect": "Allow", "Action": ["s3:Get*"], "Resource": ["arn:aws:s3:::bucket/uploads/a.txt"]}]


def test_policy_generate_bad_logs_exit_2(tmp_path, capsys):
    status, out, err = run(capsys, "policy", "generate", "--log", str(tmp_path / "none.json"))
    assert (status, out) == (2, "")
    assert err.startswith(f"iamulator policy generate: error: {tmp_path / 'none.json'}: cannot read the decision log")
    empty = write(tmp_path, "empty.json", {"decisions": []})
    status, _, err = run(capsys, "policy", "generate", "--log", empty)
    assert status == 2 and "no authorization check to allow" in err
    garbage = write(tmp_path, "garbage.json", "hello\n")
    status, _, err = run(capsys, "policy", "generate", "--log", garbage)
    assert status == 2 and "not a decision log" in err


def test_policy_generate_warns_when_the_policy_is_too_large_for_iam(tmp_path, capsys):
    many = [record("s3:PutObject", f"arn:aws:s3:::bucket/uploads/object-number-{i:04}.txt") for i in range(200)]
    log = write(tmp_path, "big.json", many)
    status, out, err = run(capsys, "policy", "generate", "--log", log)
    assert status == 0 and len(json.loads(out)["Statement"][0]["Resource"]) == 200
    assert "more than the 6144 IAM accepts for a managed policy; try --wildcards" in err
    status, out, err = run(capsys, "policy", "generate", "--log", log, "--wildcards")
    assert err == "" and json.loads(out)["Statement"][0]["Resource"] == ["arn:aws:s3:::bucket/uploads/*"]


# --- policy diff ----------------------------------------------------------------------------------

def test_policy_diff_reports_missing_and_unused_and_exits_1(tmp_path, capsys):
    log = write(tmp_path, "decisions.json", {"decisions": RUN})
    policy = write(tmp_path, "policy.json", {"Version": "2012-10-17", "Statement": [
        {"Sid": "Uploads", "Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"],
         "Resource": "arn:aws:s3:::bucket/uploads/*"}]})
    status, out, _ = run(capsys, "policy", "diff", "--policy", policy, "--log", log)
    assert status == 1
    assert out == ("2 checks allowed, 1 denied by this policy\n"
                   "Missing (calls the policy does not allow):\n"
                   f"  dynamodb:PutItem on {TABLE}\n"
                   "Unused (grants no recorded call needed):\n"
                   "  statement 0 (Sid Uploads): s3:DeleteObject on arn:aws:s3:::bucket/uploads/*\n")
    status, out, _ = run(capsys, "policy", "diff", "--policy", policy, "--log", log, "--json")
    assert status == 1
    assert json.loads(out) == {
        "missing": [{"action": "dynamodb:PutItem", "resource": TABLE}],
        "unused": [{"sid": "Uploads", "index": 0, "action": "s3:DeleteObject",
                    "resource": "arn:aws:s3:::bucket/uploads/*"}],
        "allowed": 2, "denied": 1}


def test_policy_diff_of_the_generated_policy_exits_0(tmp_path, capsys):
    log = write(tmp_path, "decisions.json", {"decisions": RUN})
    generated = tmp_path / "policy.json"
    assert run(capsys, "policy", "generate", "--log", log, "-o", str(generated))[0] == 0
    status, out, _ = run(capsys, "policy", "diff", "--policy", str(generated), "--log", log)
    assert status == 0
    assert out == ("3 checks allowed, 0 denied by this policy\n"
                   "The policy allows every recorded call and grants nothing else they did not use.\n")


def test_policy_diff_bad_policy_exits_2(tmp_path, capsys):
    log = write(tmp_path, "decisions.json", RUN)
    policy = write(tmp_path, "policy.json", {"Version": "2012-10-17", "Statement": []})
    status, out, err = run(capsys, "policy", "diff", "--policy", policy, "--log", log)
    assert (status, out) == (2, "")
    assert err.startswith(f"iamulator policy diff: error: {policy}: invalid policy: Syntax errors in policy.")


def test_policy_requires_a_subcommand(capsys):
    with pytest.raises(SystemExit) as info:
        main(["policy"])
    assert info.value.code == 2


def test_the_command_runs_as_a_module(tmp_path):
    policy = write(tmp_path, "read.json", READ_BUCKET)
    base = [sys.executable, "-m", "iamulator.cli", "simulate", "--policy", policy, "--action", "s3:GetObject",
            "--resource", "arn:aws:s3:::bucket/key", "-q"]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    allowed = subprocess.run(base + ["--context", "aws:SourceIp=10.0.0.1"], capture_output=True, text=True, env=env)
    assert (allowed.returncode, allowed.stdout) == (0, "Decision: Allowed\n")
    denied = subprocess.run(base, capture_output=True, text=True, env=env)
    assert denied.returncode == 1 and denied.stdout.startswith("Decision: ImplicitlyDenied\n")
    bad = subprocess.run(base[:5] + [str(tmp_path / "none.json"), "--action", "s3:GetObject"],
                         capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and "cannot read the policy" in bad.stderr
