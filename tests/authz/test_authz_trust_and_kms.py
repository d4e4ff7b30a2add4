"""Role trust policies and KMS key policies: the resource policy must allow explicitly."""
import pytest

from iamulator.authz import compile_policy, evaluate, evaluate_key_policy, evaluate_trust

from authz_helpers import ACCT, OTHER, OTHER_SESSION, OTHER_USER, ROLE, ROOT, SESSION, USER, allow, check, deny, doc

TARGET = f"arn:aws:iam::{ACCT}:role/target"
ASSUME = "sts:AssumeRole"
ALLOW_ASSUME = doc(allow(ASSUME, TARGET))
TRUST_MSG_IMPLICIT = ("User: {p} is not authorized to perform: sts:AssumeRole on resource: "
                      f"{TARGET} because no role trust policy allows the sts:AssumeRole action")
TRUST_MSG_EXPLICIT = ("User: {p} is not authorized to perform: sts:AssumeRole on resource: "
                      f"{TARGET} with an explicit deny in the role trust policy")


def trust(*principals_or_statements):
    stmts = []
    for p in principals_or_statements:
        if isinstance(p, dict) and "Effect" in p:
            stmts.append(p)
        else:
            stmts.append({"Effect": "Allow", "Principal": p, "Action": ASSUME})
    return doc(*stmts)


TRUST = [
    # (id, principal, trust policy, identity, kwargs, result, decided_by)
    ("names-user-no-identity-needed", USER, trust({"AWS": USER}), [], {}, "Allowed", "resource"),
    ("names-account-needs-identity", USER, trust({"AWS": ACCT}), [], {}, "ImplicitlyDenied", "identity"),
    ("names-root-arn-needs-identity", USER, trust({"AWS": ROOT}), [], {}, "ImplicitlyDenied", "identity"),
    ("names-account-identity-allows", USER, trust({"AWS": ACCT}), [ALLOW_ASSUME], {}, "Allowed", "identity"),
    ("names-account-identity-allows-other-role", USER, trust({"AWS": ACCT}),
     [doc(allow(ASSUME, f"arn:aws:iam::{ACCT}:role/other"))], {}, "ImplicitlyDenied", "identity"),
    ("not-named-identity-allows", USER, trust({"Service": "ec2.amazonaws.com"}), [doc(allow("*"))], {}, "ImplicitlyDenied", "resource"),
    ("admin-cannot-assume-service-only-role", USER, trust({"Service": "lambda.amazonaws.com"}),
     [doc(allow("*", "*"))], {}, "ImplicitlyDenied", "resource"),
    ("root-named-by-account", ROOT, trust({"AWS": ACCT}), [], {}, "Allowed", "resource"),
    ("root-not-named", ROOT, trust({"AWS": OTHER}), [], {}, "ImplicitlyDenied", "resource"),
    ("names-session", SESSION, trust({"AWS": SESSION}), [], {}, "Allowed", "resource"),
    ("names-role-of-session", SESSION, trust({"AWS": ROLE}), [], {}, "Allowed", "resource"),
    ("names-role-boundary-limits", SESSION, trust({"AWS": ROLE}), [],
     {"permissions_boundary": doc(allow("s3:*"))}, "ImplicitlyDenied", "boundary"),
    ("names-session-boundary-does-not-limit", SESSION, trust({"AWS": SESSION}), [],
     {"permissions_boundary": doc(allow("s3:*"))}, "Allowed", "resource"),
    ("names-account-boundary-limits", USER, trust({"AWS": ACCT}), [ALLOW_ASSUME],
     {"permissions_boundary": doc(allow("s3:*"))}, "ImplicitlyDenied", "boundary"),
    ("cross-account-names-account-identity-allows", OTHER_USER, trust({"AWS": OTHER}), [ALLOW_ASSUME], {}, "Allowed", "resource"),
    ("cross-account-names-account-no-identity", OTHER_USER, trust({"AWS": OTHER}), [], {}, "ImplicitlyDenied", "identity"),
    ("cross-account-names-user-still-needs-identity", OTHER_USER, trust({"AWS": OTHER_USER}), [], {}, "ImplicitlyDenied", "identity"),
    ("cross-account-names-user-with-identity", OTHER_USER, trust({"AWS": OTHER_USER}), [ALLOW_ASSUME], {}, "Allowed", "resource"),
    ("cross-account-session", OTHER_SESSION, trust({"AWS": OTHER}), [ALLOW_ASSUME], {}, "Allowed", "resource"),
    ("cross-account-not-named", OTHER_USER, trust({"AWS": ACCT}), [ALLOW_ASSUME], {}, "ImplicitlyDenied", "resource"),
    ("star-principal", OTHER_USER, trust("*"), [ALLOW_ASSUME], {}, "Allowed", "resource"),
    ("service-principal", "ec2.amazonaws.com", trust({"Service": "ec2.amazonaws.com"}), [], {}, "Allowed", "resource"),
    ("service-principal-other", "lambda.amazonaws.com", trust({"Service": "ec2.amazonaws.com"}), [], {}, "ImplicitlyDenied", "resource"),
    ("explicit-deny", USER, trust({"AWS": USER}, {"Effect": "Deny", "Principal": {"AWS": USER}, "Action": ASSUME}),
     [], {}, "ExplicitlyDenied", "resource"),
    ("identity-deny", USER, trust({"AWS": USER}), [doc(deny(ASSUME))], {}, "ExplicitlyDenied", "identity"),
    ("scp-deny", USER, trust({"AWS": USER}), [], {"scps": [[doc(allow("*")), doc(deny(ASSUME))]]}, "ExplicitlyDenied", "scp"),
]


@pytest.mark.parametrize("principal,policy,identity,kw,result,by", [t[1:] for t in TRUST], ids=[t[0] for t in TRUST])
def test_role_trust_policies(principal, policy, identity, kw, result, by):
    d = evaluate_trust(TARGET, policy, principal, identity_policies=identity, **kw)
    assert d.result == result, d.explain()
    assert d.decided_by == by
    if result == "ImplicitlyDenied" and by == "resource":
        assert d.message == TRUST_MSG_IMPLICIT.format(p=d.principal)
    elif result == "ExplicitlyDenied" and by == "resource":
        assert d.message == TRUST_MSG_EXPLICIT.format(p=d.principal)
    elif result != "Allowed":
        check(d, result, by)


def test_trust_external_id_condition():
    policy = trust({"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": ASSUME,
                    "Condition": {"StringEquals": {"sts:ExternalId": "Unique1"}}})
    assert evaluate_trust(TARGET, policy, OTHER_USER, context={"sts:ExternalId": "Unique1"},
                          identity_policies=[ALLOW_ASSUME]).allowed
    assert not evaluate_trust(TARGET, policy, OTHER_USER, context={"sts:ExternalId": "Wrong"},
                              identity_policies=[ALLOW_ASSUME]).allowed
    assert not evaluate_trust(TARGET, policy, OTHER_USER, identity_policies=[ALLOW_ASSUME]).allowed


@pytest.mark.parametrize("provider,action,context,allowed", [
    ("accounts.google.com", "sts:AssumeRoleWithWebIdentity", {"accounts.google.com:aud": "app-1"}, True),
    ("accounts.google.com", "sts:AssumeRoleWithWebIdentity", {"accounts.google.com:aud": "app-2"}, False),
    ("graph.facebook.com", "sts:AssumeRoleWithWebIdentity", {"accounts.google.com:aud": "app-1"}, False),
    (f"arn:aws:iam::{ACCT}:saml-provider/Corp", "sts:AssumeRoleWithSAML",
     {"SAML:aud": "https://signin.aws.amazon.com/saml"}, True),
    (f"arn:aws:iam::{ACCT}:oidc-provider/token.actions.githubusercontent.com", "sts:AssumeRoleWithWebIdentity",
     {"token.actions.githubusercontent.com:sub": "repo:org/repo:ref:refs/heads/main"}, True),
    (f"arn:aws:iam::{ACCT}:oidc-provider/token.actions.githubusercontent.com", "sts:AssumeRoleWithWebIdentity",
     {"token.actions.githubusercontent.com:sub": "repo:evil/repo:ref:refs/heads/main"}, False),
])
def test_federated_trust(provider, action, context, allowed):
    policy = doc(
        {"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
         "Condition": {"StringEquals": {"accounts.google.com:aud": "app-1"}}},
        {"Effect": "Allow", "Principal": {"Federated": f"arn:aws:iam::{ACCT}:saml-provider/Corp"},
         "Action": "sts:AssumeRoleWithSAML",
         "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}},
        {"Effect": "Allow",
         "Principal": {"Federated": f"arn:aws:iam::{ACCT}:oidc-provider/token.actions.githubusercontent.com"},
         "Action": "sts:AssumeRoleWithWebIdentity",
         "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/repo:*"}}})
    d = evaluate_trust(TARGET, policy, provider, action=action, context=context)
    assert d.allowed == allowed, d.explain()
    if not allowed:
        assert d.decided_by == "resource"


def test_trust_policy_argument_compiled_as_trust():
    with pytest.raises(Exception) as info:
        evaluate_trust(TARGET, doc({"Effect": "Allow", "Principal": {"AWS": USER}, "Action": ASSUME, "Resource": "*"}), USER)
    assert info.value.message == "Has prohibited field Resource"


def test_resource_policy_required_flag_on_evaluate():
    policy = compile_policy(trust({"AWS": ACCT}), "trust")
    d = evaluate(ASSUME, TARGET, USER, {}, [doc(allow("*"))], policy, resource_policy_required=True)
    check(d, "Allowed", "identity")
    d = evaluate(ASSUME, TARGET, USER, {}, [], compile_policy(trust({"AWS": OTHER}), "trust"),
                 resource_policy_required=True)
    assert d.result == "ImplicitlyDenied" and d.decided_by == "resource"


# --- KMS key policies -----------------------------------------------------------------------

KEY = f"arn:aws:kms:us-east-1:{ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
DECRYPT = "kms:Decrypt"
ENABLE_IAM = {"Sid": "EnableIAMUserPermissions", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCT}:root"},
              "Action": "kms:*", "Resource": "*"}
KEY_USER = {"Sid": "AllowUseOfTheKey", "Effect": "Allow", "Principal": {"AWS": USER},
            "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*"}
ALLOW_DECRYPT = doc(allow(DECRYPT, KEY))

KMS = [
    # (id, principal, key policy statements, identity, kwargs, result, decided_by)
    ("root-delegation-identity-allows", USER, [ENABLE_IAM], [ALLOW_DECRYPT], {}, "Allowed", "identity"),
    ("root-delegation-no-identity", USER, [ENABLE_IAM], [], {}, "ImplicitlyDenied", "identity"),
    ("root-delegation-identity-other-key", USER, [ENABLE_IAM], [doc(allow(DECRYPT, KEY + "x"))], {}, "ImplicitlyDenied", "identity"),
    ("direct-grant-no-identity", USER, [KEY_USER], [], {}, "Allowed", "resource"),
    ("direct-grant-other-action", USER, [KEY_USER], [], {"action": "kms:ScheduleKeyDeletion"}, "ImplicitlyDenied", "resource"),
    ("no-root-statement-identity-allows", USER, [KEY_USER], [doc(allow("kms:*"))], {"action": "kms:DescribeKey"},
     "ImplicitlyDenied", "resource"),
    ("key-policy-for-someone-else", USER, [{**KEY_USER, "Principal": {"AWS": f"arn:aws:iam::{ACCT}:user/zed"}}],
     [doc(allow("kms:*"))], {}, "ImplicitlyDenied", "resource"),
    ("root-user-locked-out-without-statement", ROOT, [KEY_USER], [], {}, "ImplicitlyDenied", "resource"),
    ("root-user-with-root-statement", ROOT, [ENABLE_IAM], [], {}, "Allowed", "resource"),
    ("explicit-deny-in-key-policy", USER, [ENABLE_IAM, {"Effect": "Deny", "Principal": "*", "Action": DECRYPT, "Resource": "*"}],
     [ALLOW_DECRYPT], {}, "ExplicitlyDenied", "resource"),
    ("cross-account-root-delegation", OTHER_USER, [ENABLE_IAM, {**ENABLE_IAM, "Sid": "Other", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
                                                                "Action": DECRYPT}],
     [ALLOW_DECRYPT], {}, "Allowed", "resource"),
    ("cross-account-no-identity", OTHER_USER, [{**ENABLE_IAM, "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"}}], [], {},
     "ImplicitlyDenied", "identity"),
    ("cross-account-not-named", OTHER_USER, [ENABLE_IAM], [ALLOW_DECRYPT], {}, "ImplicitlyDenied", "resource"),
    ("via-service-condition", USER, [{**KEY_USER, "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}],
     [], {"context": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}, "Allowed", "resource"),
    ("via-service-condition-fails", USER, [{**KEY_USER, "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}],
     [], {}, "ImplicitlyDenied", "resource"),
    ("session-with-role-delegation", SESSION, [ENABLE_IAM], [doc(allow("kms:*"))], {}, "Allowed", "identity"),
    ("session-policy-limits-delegation", SESSION, [ENABLE_IAM], [doc(allow("kms:*"))],
     {"session_policies": [doc(allow("s3:*"))]}, "ImplicitlyDenied", "session"),
]


@pytest.mark.parametrize("principal,statements,identity,kw,result,by", [k[1:] for k in KMS], ids=[k[0] for k in KMS])
def test_kms_key_policies(principal, statements, identity, kw, result, by):
    action = kw.pop("action", DECRYPT)
    d = evaluate_key_policy(KEY, doc(*statements), principal, action, identity_policies=identity, **kw)
    check(d, result, by)


def test_key_policy_kind_validation():
    with pytest.raises(Exception) as info:
        evaluate_key_policy(KEY, doc(allow("kms:*")), USER, DECRYPT)
    assert info.value.code == "MalformedPolicyDocumentException"
    assert info.value.message == "Missing required field Principal"
