"""AccessDenied wording for every variant, the explain() trace and missing context keys."""
import pytest

from iamulator.authz import evaluate

from authz_helpers import ACCT, OBJ, OTHER_USER, SESSION, USER, allow, deny, doc, rallow, rdeny

GET = "s3:GetObject"
ARN = f"arn:aws:iam::{ACCT}:policy/P"


def msg(principal, action, resource, tail):
    on = f" on resource: {resource}" if resource != "*" else ""
    return f"User: {principal} is not authorized to perform: {action}{on} {tail}"


MESSAGES = [
    # (id, evaluate kwargs, expected message)
    ("implicit-identity", dict(),
     msg(USER, GET, OBJ, f"because no identity-based policy allows the {GET} action")),
    ("explicit-identity", dict(identity_policies=[doc(deny())]),
     msg(USER, GET, OBJ, "with an explicit deny in an identity-based policy")),
    ("explicit-identity-arn", dict(identity_policies=[(ARN, doc(deny()))]),
     msg(USER, GET, OBJ, f"with an explicit deny in an identity-based policy: {ARN}")),
    ("explicit-identity-name-not-arn", dict(identity_policies=[("inline-deny", doc(deny()))]),
     msg(USER, GET, OBJ, "with an explicit deny in an identity-based policy")),
    ("explicit-resource", dict(resource_policy=doc(rdeny("*"))),
     msg(USER, GET, OBJ, "with an explicit deny in a resource-based policy")),
    ("explicit-resource-arn", dict(resource_policy=("arn:aws:s3:::bucket", doc(rdeny("*")))),
     msg(USER, GET, OBJ, "with an explicit deny in a resource-based policy: arn:aws:s3:::bucket")),
    ("implicit-boundary", dict(identity_policies=[doc(allow())], permissions_boundary=doc(allow("ec2:*"))),
     msg(USER, GET, OBJ, f"because no permissions boundary allows the {GET} action")),
    ("explicit-boundary", dict(identity_policies=[doc(allow())], permissions_boundary=doc(allow(), deny(GET))),
     msg(USER, GET, OBJ, "with an explicit deny in a permissions boundary")),
    ("explicit-boundary-arn", dict(identity_policies=[doc(allow())],
                                   permissions_boundary=(f"arn:aws:iam::{ACCT}:policy/B", doc(allow(), deny(GET)))),
     msg(USER, GET, OBJ, f"with an explicit deny in a permissions boundary: arn:aws:iam::{ACCT}:policy/B")),
    ("implicit-session", dict(principal=SESSION, identity_policies=[doc(allow())], session_policies=[doc(allow("ec2:*"))]),
     msg(SESSION, GET, OBJ, f"because no session policy allows the {GET} action")),
    ("explicit-session", dict(principal=SESSION, identity_policies=[doc(allow())], session_policies=[doc(deny())]),
     msg(SESSION, GET, OBJ, "with an explicit deny in a session policy")),
    ("implicit-scp", dict(identity_policies=[doc(allow())], scps=[[doc(allow("ec2:*"))]]),
     msg(USER, GET, OBJ, f"because no service control policy allows the {GET} action")),
    ("explicit-scp", dict(identity_policies=[doc(allow())], scps=[[doc(allow()), doc(deny())]]),
     msg(USER, GET, OBJ, "with an explicit deny in a service control policy")),
    ("explicit-scp-arn", dict(identity_policies=[doc(allow())],
                              scps=[[doc(allow()), ("arn:aws:organizations::1:policy/o-x/service_control_policy/p-1", doc(deny()))]]),
     msg(USER, GET, OBJ, "with an explicit deny in a service control policy: "
                         "arn:aws:organizations::1:policy/o-x/service_control_policy/p-1")),
    ("implicit-rcp", dict(identity_policies=[doc(allow())], rcps=[[doc(rallow("*", "ec2:*"))]]),
     msg(USER, GET, OBJ, f"because no resource control policy allows the {GET} action")),
    ("explicit-rcp", dict(identity_policies=[doc(allow())], rcps=[[doc(rallow("*")), doc(rdeny("*"))]]),
     msg(USER, GET, OBJ, "with an explicit deny in a resource control policy")),
    ("implicit-resource-cross-account", dict(principal=OTHER_USER, identity_policies=[doc(allow())], resource_account=ACCT),
     msg(OTHER_USER, GET, OBJ, f"because no resource-based policy allows the {GET} action")),
    ("anonymous", dict(principal=None),
     msg("anonymous", GET, OBJ, f"because no resource-based policy allows the {GET} action")),
    ("anonymous-explicit", dict(principal=None, resource_policy=doc(rdeny("*"))),
     msg("anonymous", GET, OBJ, "with an explicit deny in a resource-based policy")),
    ("service-principal", dict(principal="lambda.amazonaws.com"),
     msg("lambda.amazonaws.com", GET, OBJ, f"because no resource-based policy allows the {GET} action")),
    ("no-resource-part-for-star", dict(resource="*", action="s3:ListAllMyBuckets"),
     msg(USER, "s3:ListAllMyBuckets", "*", "because no identity-based policy allows the s3:ListAllMyBuckets action")),
    ("action-spelling-kept", dict(action="S3:getobject"),
     msg(USER, "S3:getobject", OBJ, "because no identity-based policy allows the S3:getobject action")),
    ("scp-reported-before-identity", dict(identity_policies=[(ARN, doc(deny()))], scps=[[doc(allow()), doc(deny())]]),
     msg(USER, GET, OBJ, "with an explicit deny in a service control policy")),
    ("resource-reported-before-identity", dict(identity_policies=[(ARN, doc(deny()))], resource_policy=doc(rdeny("*"))),
     msg(USER, GET, OBJ, "with an explicit deny in a resource-based policy")),
    ("identity-reported-before-boundary", dict(identity_policies=[(ARN, doc(deny()))], permissions_boundary=doc(deny())),
     msg(USER, GET, OBJ, f"with an explicit deny in an identity-based policy: {ARN}")),
]


@pytest.mark.parametrize("kw,expected", [m[1:] for m in MESSAGES], ids=[m[0] for m in MESSAGES])
def test_access_denied_messages(kw, expected):
    args = dict(action=GET, resource=OBJ, principal=USER, context={})
    args.update(kw)
    d = evaluate(**args)
    assert not d.allowed
    assert d.message == expected


def test_allowed_decision_has_no_message():
    d = evaluate(GET, OBJ, USER, {}, [doc(allow())])
    assert d.allowed and bool(d) and d.message is None


def test_several_denying_policies_name_one_deterministically():
    a = (f"arn:aws:iam::{ACCT}:policy/A", doc(deny()))
    b = (f"arn:aws:iam::{ACCT}:policy/B", doc(deny()))
    m1 = evaluate(GET, OBJ, USER, {}, [a, b]).message
    m2 = evaluate(GET, OBJ, USER, {}, [b, a]).message
    assert m1 == m2 and m1.endswith("policy/A")


def test_statements_list_every_deny():
    d = evaluate(GET, OBJ, USER, {}, [("P1", doc(deny(Sid="One"), deny(Sid="Two"))), ("P2", doc(deny()))],
                 permissions_boundary=doc(deny()))
    assert [(s.policy_type, s.policy_name, s.sid, s.index) for s in d.statements] == [
        ("identity", "P1", "One", 0), ("identity", "P1", "Two", 1), ("identity", "P2", None, 0),
        ("boundary", None, None, 0)]


def test_allowed_statements_name_the_granting_statement():
    d = evaluate(GET, OBJ, USER, {}, [("P1", doc(allow("ec2:*"), allow(GET, Sid="Read")))])
    assert [(s.policy_name, s.sid, s.index, s.effect) for s in d.statements] == [("P1", "Read", 1, "Allow")]


def test_resource_grant_kind_is_recorded():
    d = evaluate(GET, OBJ, SESSION, {}, [], doc(rallow({"AWS": f"arn:aws:iam::{ACCT}:role/app"})))
    assert d.allowed and d.statements[0].grant == "role"


# --- explain -------------------------------------------------------------------------------

def test_explain_walks_every_policy_statement_and_condition():
    identity = (ARN, doc(
        allow(GET, OBJ, Sid="Read", Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"},
                                               "StringEqualsIfExists": {"aws:PrincipalTag/team": "blue"}}),
        deny("ec2:*", Sid="NoEc2"),
        allow("s3:GetObject", "arn:aws:s3:::other/*", Sid="Other")))
    d = evaluate(GET, OBJ, USER, {"aws:SourceIp": "10.1.1.1"}, [identity])
    text = d.explain()
    assert d.allowed
    assert f"identity-based policy '{ARN}':" in text
    assert "[0] Sid=Read Allow: Action covers s3:GetObject" in text
    assert "condition IpAddress aws:SourceIp ['10.0.0.0/8'] vs context ['10.1.1.1'] -> true" in text
    assert "key absent: IfExists is true" in text
    assert "[1] Sid=NoEc2 Deny: skipped - Action does not cover s3:GetObject" in text
    assert "[2] Sid=Other Allow: skipped - Resource [arn:aws:s3:::other/*] does not match" in text
    assert "Decision: Allowed" in text


def test_explain_reports_the_deciding_reason_and_message():
    d = evaluate(GET, OBJ, USER, {}, [doc(allow())], permissions_boundary=doc(allow("ec2:*")))
    text = d.explain()
    assert "permissions boundary:" in text
    assert "Decision: ImplicitlyDenied (decided by permissions boundary)" in text
    assert f"Message: {d.message}" in text


def test_explain_names_principal_mismatch_and_not_principal():
    policy = doc(rallow({"AWS": OTHER_USER}, Sid="Partner"),
                 {"Effect": "Deny", "NotPrincipal": {"AWS": [USER, f"arn:aws:iam::{ACCT}:root"]},
                  "Action": "*", "Resource": "*"})
    text = evaluate(GET, OBJ, USER, {}, [], policy).explain()
    assert "skipped - Principal" in text
    assert "skipped - NotPrincipal" in text


def test_explain_for_cross_account_and_external_principals():
    assert "cross-account" in evaluate(GET, OBJ, OTHER_USER, {}, resource_account=ACCT).explain()
    assert "only a resource-based policy can grant" in evaluate(GET, OBJ, None, {}).explain()


# --- missing context keys ------------------------------------------------------------------

def test_missing_context_keys_from_relevant_statements():
    policy = doc(
        allow(GET, OBJ, Condition={"StringEquals": {"aws:PrincipalTag/Team": "x"}, "Bool": {"aws:SecureTransport": "true"}}),
        allow("ec2:*", "*", Condition={"StringEquals": {"ec2:Region": "x"}}),
        allow(GET, "arn:aws:s3:::other/*", Condition={"StringEquals": {"s3:prefix": "x"}}),
        deny(GET, OBJ, Condition={"Null": {"aws:TokenIssueTime": "true"}}))
    d = evaluate(GET, OBJ, USER, {"aws:SecureTransport": "true"}, [policy])
    assert d.missing_context_keys == ("aws:PrincipalTag/Team", "aws:TokenIssueTime")


def test_missing_context_keys_include_resource_policy_and_variables():
    res = doc(rallow({"AWS": USER}, GET, "arn:aws:s3:::bucket/${aws:PrincipalTag/dept}/*",
                     Condition={"StringLike": {"s3:prefix": "${aws:username}/*"}}))
    d = evaluate(GET, "arn:aws:s3:::bucket/d/k", USER, {}, [], res)
    assert set(d.missing_context_keys) == {"aws:PrincipalTag/dept", "s3:prefix"}


def test_missing_context_keys_empty_when_all_present():
    d = evaluate(GET, OBJ, USER, {"aws:SourceIp": "1.2.3.4"},
                 [doc(allow(GET, OBJ, Condition={"IpAddress": {"aws:SourceIp": "1.2.3.4"}}))])
    assert d.missing_context_keys == ()


def test_principal_derived_keys_are_filled_in():
    policy = doc(allow(GET, OBJ, Condition={"StringEquals": {"aws:PrincipalAccount": ACCT,
                                                             "aws:PrincipalType": "User",
                                                             "aws:username": "alice"}}))
    assert evaluate(GET, OBJ, USER, {}, [policy]).allowed
    assert not evaluate(GET, OBJ, USER, {}, [policy], auto_context=False).allowed
    assert not evaluate(GET, OBJ, USER, {"aws:username": "mallory"}, [policy]).allowed


def test_role_session_principal_arn_is_the_role():
    policy = doc(allow(GET, OBJ, Condition={"ArnEquals": {"aws:PrincipalArn": f"arn:aws:iam::{ACCT}:role/app"},
                                            "StringEquals": {"aws:PrincipalType": "AssumedRole"}}))
    assert evaluate(GET, OBJ, SESSION, {}, [policy]).allowed


def test_invalid_action_is_rejected():
    with pytest.raises(ValueError):
        evaluate("", OBJ, USER)
