"""generate_policy, policy_diff and load_decisions on hand-written decision records: exact
documents, the evaluator's verdict on every recorded call, and the errors for bad input."""
import json
import random

import pytest

import iamulator
from iamulator.authz.errors import PolicyError
from iamulator.authz.evaluator import evaluate
from iamulator.authz.policy.compiled import compile_policy
from iamulator.policy_generation import generate_policy, load_decisions, policy_diff

ACCOUNT = "123456789012"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
BOB = f"arn:aws:iam::{ACCOUNT}:user/bob"
TABLE = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/uploads"
QUEUE = f"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs"


def record(action, resource, result="Allowed", principal=ALICE, context=None, **extra):
    """A record as the decision log writes it (the fields policy generation reads)."""
    service, _, operation = action.partition(":")
    return {"time": "2026-11-24T20:01:02.123Z", "request_id": "req-1", "service": service,
            "operation": operation, "region": "us-east-1", "principal": principal, "account": ACCOUNT,
            "action": action, "resource": resource, "result": result, "enforced": result == "Allowed",
            "decided_by": "identity", "statements": [], "context_keys_used": context or {},
            "message": None if result == "Allowed" else "denied", **extra}


def auth_failure():
    return {"time": "2026-11-24T20:01:02.123Z", "request_id": "req-9", "service": "s3",
            "operation": "GetObject", "region": "us-east-1", "principal": None, "account": None,
            "action": None, "resource": None, "result": "AuthenticationFailed", "enforced": True,
            "decided_by": None, "statements": [], "context_keys_used": {},
            "message": "The AWS Access Key Id you provided does not exist in our records."}


UPLOAD_RUN = [
    record("sqs:ReceiveMessage", QUEUE),
    record("s3:PutObject", "arn:aws:s3:::bucket/uploads/a.txt"),
    record("dynamodb:PutItem", TABLE),
    record("s3:PutObject", "arn:aws:s3:::bucket/uploads/b.txt", result="ImplicitlyDenied"),
    record("dynamodb:PutItem", TABLE),
    record("s3:GetObject", "arn:aws:s3:::bucket/uploads/a.txt"),
    record("sqs:DeleteMessage", QUEUE),
    record("sts:GetCallerIdentity", "*"),
    record("s3:ListAllMyBuckets", "*"),
    auth_failure(),
]


def assert_allows_every_call(policy, records):
    compiled = compile_policy(policy, "identity")        # what IAM's CreatePolicy validates
    for r in records:
        if r["result"] == "AuthenticationFailed" or r["action"] == "sts:GetCallerIdentity":
            continue
        d = evaluate(r["action"], r["resource"], r["principal"], r["context_keys_used"],
                     identity_policies=[compiled])
        assert d.allowed, d.explain()


# --- load_decisions -------------------------------------------------------------------------

class FakeRecord:
    def __init__(self, data):
        self.data = data

    def as_dict(self):
        return dict(self.data)


@pytest.mark.parametrize("write", [
    lambda recs: json.dumps({"decisions": recs}),
    lambda recs: json.dumps(recs),
    lambda recs: "\n".join(json.dumps(r) for r in recs) + "\n",
], ids=["log-object", "bare-array", "json-lines"])
def test_load_decisions_reads_every_log_file_format(tmp_path, write):
    path = tmp_path / "decisions.json"
    path.write_text(write(UPLOAD_RUN))
    assert load_decisions(path) == UPLOAD_RUN
    assert load_decisions(str(path)) == UPLOAD_RUN


def test_load_decisions_accepts_records_dicts_a_document_and_json_text():
    objects = [FakeRecord(r) for r in UPLOAD_RUN[:3]]
    assert load_decisions(objects) == UPLOAD_RUN[:3]
    assert load_decisions(objects[0]) == UPLOAD_RUN[:1]
    assert load_decisions(UPLOAD_RUN) == UPLOAD_RUN
    assert load_decisions({"decisions": UPLOAD_RUN[:2]}) == UPLOAD_RUN[:2]
    assert load_decisions(UPLOAD_RUN[0]) == UPLOAD_RUN[:1]
    assert load_decisions(json.dumps({"decisions": UPLOAD_RUN})) == UPLOAD_RUN
    assert load_decisions(iter(UPLOAD_RUN[:1])) == UPLOAD_RUN[:1]


def test_load_decisions_is_the_public_lazy_name():
    assert iamulator.load_decisions is load_decisions
    assert iamulator.generate_policy is generate_policy
    assert iamulator.policy_diff is policy_diff


def test_load_decisions_errors_name_the_file_and_the_problem(tmp_path):
    with pytest.raises(ValueError, match=r"missing\.json: cannot read the decision log: No such file"):
        load_decisions(tmp_path / "missing.json")
    garbage = tmp_path / "garbage.json"
    garbage.write_text('{"decisions": [\nnot json\n')
    with pytest.raises(ValueError, match=r"garbage\.json: not a decision log .* line 1"):
        load_decisions(garbage)
    not_records = tmp_path / "numbers.json"
    not_records.write_text("[1, 2]")
    with pytest.raises(ValueError, match=r"numbers\.json: record 0 is not a decision record"):
        load_decisions(not_records)
    with pytest.raises(ValueError, match="record 1 is not a decision record"):
        load_decisions([UPLOAD_RUN[0], {"action": "s3:GetObject"}])
    with pytest.raises(ValueError, match="not a decision log: a int"):
        load_decisions(42)


# --- generate_policy ----------------------------------------------------------------------------

EXPECTED_UPLOAD_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "DynamodbPutItem", "Effect": "Allow", "Action": ["dynamodb:PutItem"], "Resource": [TABLE]},
        {"Sid": "S3Object", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
         "Resource": ["arn:aws:s3:::bucket/uploads/a.txt"]},
        {"Sid": "S3ListAllMyBuckets", "Effect": "Allow", "Action": ["s3:ListAllMyBuckets"], "Resource": ["*"]},
        {"Sid": "S3PutObject", "Effect": "Allow", "Action": ["s3:PutObject"],
         "Resource": ["arn:aws:s3:::bucket/uploads/b.txt"]},
        {"Sid": "SqsQueue", "Effect": "Allow", "Action": ["sqs:DeleteMessage", "sqs:ReceiveMessage"],
         "Resource": [QUEUE]},
    ],
}


def test_generated_policy_groups_actions_per_resource_and_merges_equal_action_sets():
    policy = generate_policy(UPLOAD_RUN)
    assert policy == EXPECTED_UPLOAD_POLICY
    assert_allows_every_call(policy, UPLOAD_RUN)


def test_generation_is_stable_whatever_the_order_of_the_records():
    shuffled = UPLOAD_RUN[:]
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert json.dumps(generate_policy(shuffled)) == json.dumps(EXPECTED_UPLOAD_POLICY)


def test_resources_sharing_an_action_set_share_a_statement():
    other = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/audit"
    policy = generate_policy([record("dynamodb:PutItem", TABLE), record("dynamodb:PutItem", other),
                              record("dynamodb:GetItem", other)])
    assert policy["Statement"] == [
        {"Sid": "DynamodbTable", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
         "Resource": [other]},
        {"Sid": "DynamodbPutItem", "Effect": "Allow", "Action": ["dynamodb:PutItem"], "Resource": [TABLE]},
    ]


def test_authentication_failures_and_always_allowed_actions_are_left_out():
    policy = generate_policy([auth_failure(), record("sts:GetCallerIdentity", "*"),
                              record("s3:GetObject", "arn:aws:s3:::b/k")])
    assert [st["Action"] for st in policy["Statement"]] == [["s3:GetObject"]]


def test_nothing_to_allow_is_an_error_not_an_empty_policy():
    with pytest.raises(ValueError, match="no authorization check to allow"):
        generate_policy([auth_failure(), record("sts:GetCallerIdentity", "*")])
    with pytest.raises(ValueError, match="no authorization check to allow"):
        generate_policy([])


def test_include_denied_false_keeps_only_allowed_calls():
    policy = generate_policy(UPLOAD_RUN, include_denied=False)
    resources = [r for st in policy["Statement"] for r in st["Resource"]]
    assert "arn:aws:s3:::bucket/uploads/b.txt" not in resources
    assert "arn:aws:s3:::bucket/uploads/a.txt" in resources


def test_principal_filter_keeps_one_callers_calls():
    records = [record("s3:CreateBucket", "arn:aws:s3:::b", principal=f"arn:aws:iam::{ACCOUNT}:root"),
               record("s3:PutObject", "arn:aws:s3:::b/k", principal=BOB),
               record("s3:GetObject", "arn:aws:s3:::b/k")]
    assert generate_policy(records, principal=BOB)["Statement"] == [
        {"Sid": "S3PutObject", "Effect": "Allow", "Action": ["s3:PutObject"], "Resource": ["arn:aws:s3:::b/k"]}]
    assert len(generate_policy(records, principal="arn:aws:iam::*:user/*")["Statement"]) == 1
    assert [st["Action"] for st in generate_policy(records, principal="arn:aws:iam::*:user/*")["Statement"]] \
        == [["s3:GetObject", "s3:PutObject"]]


def test_star_only_where_the_check_was_on_star():
    policy = generate_policy([record("s3:ListAllMyBuckets", "*"), record("sqs:ListQueues", None),
                              record("s3:ListBucket", "arn:aws:s3:::b")])
    assert policy["Statement"] == [
        {"Sid": "S3SqsAllResources", "Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "sqs:ListQueues"],
         "Resource": ["*"]},
        {"Sid": "S3ListBucket", "Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": ["arn:aws:s3:::b"]},
    ]


def test_the_same_call_spelt_in_another_case_is_one_grant():
    policy = generate_policy([record("s3:GetObject", "arn:aws:s3:::b/k"),
                              record("S3:getobject", "arn:aws:s3:::b/k")])
    assert policy["Statement"][0]["Action"] == ["s3:GetObject"]
    # the reference's spelling, so that equal action sets share a statement
    policy = generate_policy([record("s3:getobject", "arn:aws:s3:::b/k"),
                              record("s3:GETOBJECT", "arn:aws:s3:::b/other")])
    assert policy["Statement"] == [{"Sid": "S3GetObject", "Effect": "Allow", "Action": ["s3:GetObject"],
                                    "Resource": ["arn:aws:s3:::b/k", "arn:aws:s3:::b/other"]}]


def test_recorded_names_with_policy_syntax_stay_literal():
    weird = "arn:aws:s3:::b/report-*-${aws:username}?.txt"
    policy = generate_policy([record("s3:GetObject", weird)])
    assert policy["Statement"][0]["Resource"] == ["arn:aws:s3:::b/report-${*}-${$}{aws:username}${?}.txt"]
    assert_allows_every_call(policy, [record("s3:GetObject", weird)])
    assert not evaluate("s3:GetObject", "arn:aws:s3:::b/report-1-alice2.txt", ALICE,
                        identity_policies=[policy]).allowed


def test_sids_are_alphanumeric_and_unique():
    records = [record(f"s3:{a}", f"arn:aws:s3:::b{i}/k") for i, a in
               enumerate(["GetObject", "GetObject", "PutObject"])]
    records += [record("s3:GetObject", "arn:aws:s3:::b0/x"), record("s3:DeleteObject", "arn:aws:s3:::b0/x")]
    sids = [st["Sid"] for st in generate_policy(records)["Statement"]]
    assert all(s.isalnum() for s in sids) and len(set(sids)) == len(sids)


def test_policy_compiles_as_an_inline_role_policy_too():
    compile_policy(generate_policy(UPLOAD_RUN), "inline-role")


# --- wildcards ----------------------------------------------------------------------------

def test_wildcards_collapse_objects_of_one_bucket_to_their_common_folder():
    records = [record("s3:PutObject", f"arn:aws:s3:::bucket/uploads/{n}.txt") for n in ("a", "b", "c")]
    records.append(record("s3:PutObject", "arn:aws:s3:::other/only.txt"))
    policy = generate_policy(records, wildcards=True)
    assert policy["Statement"] == [
        {"Sid": "S3PutObject", "Effect": "Allow", "Action": ["s3:PutObject"],
         "Resource": ["arn:aws:s3:::bucket/uploads/*", "arn:aws:s3:::other/only.txt"]}]
    assert_allows_every_call(policy, records)
    # without the flag, every object is listed
    assert len(generate_policy(records)["Statement"][0]["Resource"]) == 4


def test_wildcards_collapse_to_the_bucket_when_the_names_share_no_folder():
    records = [record("s3:GetObject", "arn:aws:s3:::bucket/a/1"), record("s3:GetObject", "arn:aws:s3:::bucket/b")]
    assert generate_policy(records, wildcards=True)["Statement"][0]["Resource"] == ["arn:aws:s3:::bucket/*"]


def test_wildcards_collapse_per_action():
    records = [record("s3:PutObject", "arn:aws:s3:::bucket/in/1"), record("s3:PutObject", "arn:aws:s3:::bucket/in/2"),
               record("s3:GetObject", "arn:aws:s3:::bucket/config.json")]
    assert generate_policy(records, wildcards=True)["Statement"] == [
        {"Sid": "S3GetObject", "Effect": "Allow", "Action": ["s3:GetObject"],
         "Resource": ["arn:aws:s3:::bucket/config.json"]},
        {"Sid": "S3PutObject", "Effect": "Allow", "Action": ["s3:PutObject"], "Resource": ["arn:aws:s3:::bucket/in/*"]},
    ]


def test_wildcards_never_collapse_top_level_names():
    tables = [record("dynamodb:PutItem", f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/{t}") for t in ("a", "b")]
    buckets = [record("s3:ListBucket", f"arn:aws:s3:::{b}") for b in ("one", "two")]
    policy = generate_policy(tables + buckets, wildcards=True)
    assert [st["Resource"] for st in policy["Statement"]] == [
        [f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/a", f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/b"],
        ["arn:aws:s3:::one", "arn:aws:s3:::two"]]


def test_wildcards_collapse_indexes_of_one_table():
    records = [record("dynamodb:Query", f"{TABLE}/index/{i}") for i in ("by-date", "by-owner")]
    records.append(record("dynamodb:Query", TABLE))
    policy = generate_policy(records, wildcards=True)
    assert policy["Statement"] == [
        {"Sid": "DynamodbQuery", "Effect": "Allow", "Action": ["dynamodb:Query"],
         "Resource": [TABLE, f"{TABLE}/index/*"]}]
    assert_allows_every_call(policy, records)


def test_wildcards_keep_a_single_object_exact_and_literal_names_escaped():
    records = [record("s3:GetObject", "arn:aws:s3:::bucket/a*b"), record("s3:GetObject", "arn:aws:s3:::bucket/a*c")]
    policy = generate_policy(records, wildcards=True)
    assert policy["Statement"][0]["Resource"] == ["arn:aws:s3:::bucket/*"]
    one = generate_policy(records[:1], wildcards=True)
    assert one["Statement"][0]["Resource"] == ["arn:aws:s3:::bucket/a${*}b"]


def test_wildcard_actions_only_when_asked():
    records = [record("s3:GetObject", "arn:aws:s3:::b/k"), record("s3:GetObjectTagging", "arn:aws:s3:::b/k"),
               record("s3:PutObject", "arn:aws:s3:::b/k")]
    assert generate_policy(records, wildcards=True)["Statement"][0]["Action"] == [
        "s3:GetObject", "s3:GetObjectTagging", "s3:PutObject"]
    policy = generate_policy(records, wildcard_actions=True)
    assert policy["Statement"] == [
        {"Sid": "S3Object", "Effect": "Allow", "Action": ["s3:Get*", "s3:PutObject"], "Resource": ["arn:aws:s3:::b/k"]}]
    assert_allows_every_call(policy, records)


# --- policy_diff ------------------------------------------------------------------------------

def test_a_generated_policy_has_nothing_missing_and_nothing_unused():
    report = policy_diff(generate_policy(UPLOAD_RUN), UPLOAD_RUN)
    # eight checks: the rejected credentials and GetCallerIdentity are not the policy's business
    assert report == {"missing": [], "unused": [], "allowed": 8, "denied": 0}


def test_diff_reports_missing_calls_and_unused_grants():
    policy = {"Version": "2012-10-17", "Statement": [
        {"Sid": "Objects", "Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"],
         "Resource": ["arn:aws:s3:::bucket/uploads/*", "arn:aws:s3:::archive/*"]},
        {"Effect": "Allow", "Action": "dynamodb:*", "Resource": TABLE},
        {"Sid": "Queue", "Effect": "Allow", "Action": "sqs:ReceiveMessage", "Resource": QUEUE},
        {"Sid": "NoDeletes", "Effect": "Deny", "Action": "sqs:DeleteMessage", "Resource": "*"},
    ]}
    report = policy_diff(policy, UPLOAD_RUN)
    assert report["missing"] == [
        {"action": "s3:GetObject", "resource": "arn:aws:s3:::bucket/uploads/a.txt"},
        {"action": "s3:ListAllMyBuckets", "resource": "*"},
        {"action": "sqs:DeleteMessage", "resource": QUEUE},
    ]
    assert report["unused"] == [
        {"sid": "Objects", "index": 0, "action": "s3:PutObject", "resource": "arn:aws:s3:::archive/*"},
        {"sid": "Objects", "index": 0, "action": "s3:DeleteObject", "resource": "arn:aws:s3:::bucket/uploads/*"},
        {"sid": "Objects", "index": 0, "action": "s3:DeleteObject", "resource": "arn:aws:s3:::archive/*"},
    ]
    assert (report["allowed"], report["denied"]) == (5, 3)


def test_diff_judges_conditions_with_the_recorded_context():
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
         "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}
    inside = record("s3:GetObject", "arn:aws:s3:::b/k", context={"aws:SourceIp": ["10.1.2.3"]})
    outside = record("s3:GetObject", "arn:aws:s3:::b/k2", context={"aws:SourceIp": ["192.0.2.1"]})
    unknown = record("s3:GetObject", "arn:aws:s3:::b/k3")
    report = policy_diff(policy, [inside, outside, unknown])
    assert report["missing"] == [{"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k2"},
                                 {"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k3"}]
    assert report["unused"] == []
    assert (report["allowed"], report["denied"]) == (1, 2)


def test_diff_uses_the_recorded_principal_for_policy_variables():
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}]}
    mine = record("s3:PutObject", "arn:aws:s3:::home/alice/notes")
    theirs = record("s3:PutObject", "arn:aws:s3:::home/bob/notes")
    assert policy_diff(policy, [mine, theirs])["missing"] == [
        {"action": "s3:PutObject", "resource": "arn:aws:s3:::home/bob/notes"}]


def test_diff_judges_root_calls_as_a_user_of_the_account():
    # The root user is never limited by identity-based policies; the policy is what is judged.
    root = record("s3:PutObject", "arn:aws:s3:::b/k", principal=f"arn:aws:iam::{ACCOUNT}:root")
    report = policy_diff({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}, [root])
    assert report["missing"] == [{"action": "s3:PutObject", "resource": "arn:aws:s3:::b/k"}]


def test_diff_names_not_action_and_not_resource_statements_whole():
    policy = {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllButIam", "Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"},
        {"Sid": "Elsewhere", "Effect": "Allow", "Action": "kms:Decrypt", "NotResource": "arn:aws:kms:*:*:key/secret"},
    ]}
    report = policy_diff(policy, [record("s3:GetObject", "arn:aws:s3:::b/k")])
    assert report["unused"] == [{"sid": "Elsewhere", "index": 1, "action": "kms:Decrypt",
                                 "resource": "NotResource[arn:aws:kms:*:*:key/secret]"}]
    report = policy_diff(policy, [record("sqs:SendMessage", QUEUE), record("kms:Decrypt", "arn:aws:kms:us-east-1:1:key/k")])
    assert report["unused"] == []
    report = policy_diff(policy, [record("iam:GetUser", ALICE)])
    assert report["missing"] == [{"action": "iam:GetUser", "resource": ALICE}]
    assert report["unused"] == [
        {"sid": "AllButIam", "index": 0, "action": "NotAction[iam:*, organizations:*]", "resource": "*"},
        {"sid": "Elsewhere", "index": 1, "action": "kms:Decrypt", "resource": "NotResource[arn:aws:kms:*:*:key/secret]"}]


def test_diff_counts_a_wildcard_used_as_soon_as_one_call_matches_it():
    policy = {"Version": "2012-10-17", "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::bucket/*"}]}
    report = policy_diff(policy, [record("s3:GetObject", "arn:aws:s3:::bucket/uploads/a.txt")])
    assert report == {"missing": [], "unused": [], "allowed": 1, "denied": 0}


def test_diff_counts_a_statement_used_even_when_an_earlier_one_also_allows():
    policy = {"Version": "2012-10-17", "Statement": [
        {"Sid": "Broad", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Sid": "Narrow", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/k"}]}
    assert policy_diff(policy, [record("s3:GetObject", "arn:aws:s3:::b/k")])["unused"] == []


def test_diff_reads_policy_and_log_files(tmp_path):
    policy_file = tmp_path / "policy.json"
    policy_file.write_text(json.dumps(EXPECTED_UPLOAD_POLICY))
    log = tmp_path / "decisions.json"
    log.write_text(json.dumps({"decisions": UPLOAD_RUN}))
    assert policy_diff(str(policy_file), str(log))["allowed"] == 8
    assert policy_diff(json.dumps(EXPECTED_UPLOAD_POLICY), log)["missing"] == []


def test_diff_rejects_invalid_policies_with_the_parsers_error(tmp_path):
    with pytest.raises(PolicyError, match="must be prefaced by a vendor"):
        policy_diff({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "GetObject",
                                                             "Resource": "*"}]}, UPLOAD_RUN)
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    with pytest.raises(PolicyError, match="Syntax errors in policy"):
        policy_diff(bad, UPLOAD_RUN)
    with pytest.raises(ValueError, match="cannot read the policy"):
        policy_diff(tmp_path / "absent.json", UPLOAD_RUN)


# --- from a real run ------------------------------------------------------------------------------

def test_a_policy_generated_from_a_soft_run_lets_the_same_calls_through_when_enforced():
    import boto3
    from botocore.exceptions import ClientError

    from iamulator import mock_aws

    def run(session):
        s3, sqs = session.client("s3"), session.client("sqs")
        for key in ("in/1.txt", "in/2.txt"):
            s3.put_object(Bucket="work", Key=key, Body=b"x")
        sqs.send_message(QueueUrl=queue_url, MessageBody="done")
        session.client("sts").get_caller_identity()
        s3.list_buckets()

    with mock_aws(auth="soft"):
        iam = boto3.client("iam", region_name="us-east-1")
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="work")
        queue_url = boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="jobs")["QueueUrl"]
        iam.create_user(UserName="worker")
        key = iam.create_access_key(UserName="worker")["AccessKey"]
        worker = boto3.Session(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"],
                               region_name="us-east-1")
        run(worker)

        records = iamulator.decisions()                     # DecisionRecord objects
        policy = generate_policy(records, principal="arn:aws:iam::*:user/worker", wildcards=True)
        assert policy["Statement"] == [
            {"Sid": "S3ListAllMyBuckets", "Effect": "Allow", "Action": ["s3:ListAllMyBuckets"], "Resource": ["*"]},
            {"Sid": "S3PutObject", "Effect": "Allow", "Action": ["s3:PutObject"], "Resource": ["arn:aws:s3:::work/in/*"]},
            {"Sid": "SqsSendMessage", "Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": [QUEUE]},
        ]
        assert policy_diff(policy, records, principal="arn:aws:iam::*:user/worker") == {
            "missing": [], "unused": [], "allowed": 4, "denied": 0}

        iam.put_user_policy(UserName="worker", PolicyName="generated", PolicyDocument=json.dumps(policy))
        with mock_aws(auth="strict"):
            run(worker)
            with pytest.raises(ClientError) as denied:
                worker.client("s3").delete_object(Bucket="work", Key="in/1.txt")
    assert denied.value.response["Error"]["Code"] == "AccessDenied"
