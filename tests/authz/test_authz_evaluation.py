"""AWS's policy evaluation logic, scenario by scenario.

Sources: "Policy evaluation logic" (same account, the resource-based policy table by
principal type, session principals), "Cross-account policy evaluation logic",
"Permissions boundaries", "Session policies", SCP and RCP evaluation, "NotPrincipal".
"""
import pytest

from iamulator.authz import evaluate

from authz_helpers import (
    ACCT, BUCKET, OBJ, OTHER, OTHER_ROLE, OTHER_SESSION, OTHER_USER, ROLE, ROOT, SESSION, USER,
    allow, check, deny, doc, rallow, rdeny,
)

GET = "s3:GetObject"
ALLOW_GET = doc(allow(GET, OBJ))
ALLOW_ALL = doc(allow("*", "*"))
FULL = doc(allow("*", "*"))
P_ARN = f"arn:aws:iam::{ACCT}:policy/ReadOnly"
B_ARN = f"arn:aws:iam::{ACCT}:policy/Boundary"
SCP_ARN = "arn:aws:organizations::999988887777:policy/o-abc/service_control_policy/p-deny"
RCP_ARN = "arn:aws:organizations::999988887777:policy/o-abc/resource_control_policy/p-rdeny"
SLR = f"arn:aws:iam::{ACCT}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing"
SLR_SESSION = f"arn:aws:sts::{ACCT}:assumed-role/AWSServiceRoleForElasticLoadBalancing/ElasticLoadBalancing"
FED = f"arn:aws:sts::{ACCT}:federated-user/carol"


def ev(principal=USER, identity=(), resource_policy=None, action=GET, resource=OBJ, context=None, **kw):
    return evaluate(action, resource, principal, context or {}, list(identity), resource_policy, **kw)


# --- identity-based policies, same account -------------------------------------------------

SAME_ACCOUNT_IDENTITY = [
    ("no-policies", dict(), "ImplicitlyDenied", "identity", None),
    ("allow", dict(identity=[ALLOW_GET]), "Allowed", "identity", None),
    ("allow-other-action", dict(identity=[doc(allow("s3:PutObject", OBJ))]), "ImplicitlyDenied", "identity", None),
    ("allow-other-resource", dict(identity=[doc(allow(GET, "arn:aws:s3:::other/*"))]), "ImplicitlyDenied", "identity", None),
    ("allow-and-deny-same-policy", dict(identity=[doc(allow(GET, OBJ), deny(GET, OBJ))]), "ExplicitlyDenied", "identity", None),
    ("deny-in-other-policy", dict(identity=[ALLOW_GET, doc(deny("s3:*"))]), "ExplicitlyDenied", "identity", None),
    ("deny-named-by-arn", dict(identity=[ALLOW_GET, (P_ARN, doc(deny("s3:*")))]), "ExplicitlyDenied", "identity", P_ARN),
    ("deny-named-not-arn", dict(identity=[ALLOW_GET, ("InlineDeny", doc(deny("s3:*")))]), "ExplicitlyDenied", "identity", None),
    ("deny-other-action", dict(identity=[ALLOW_GET, doc(deny("s3:PutObject"))]), "Allowed", "identity", None),
    ("deny-with-false-condition", dict(identity=[ALLOW_GET, doc(deny("s3:*", Condition={"Bool": {"aws:SecureTransport": "false"}}))],
                                       context={"aws:SecureTransport": "true"}), "Allowed", "identity", None),
    ("deny-with-true-condition", dict(identity=[ALLOW_GET, doc(deny("s3:*", Condition={"Bool": {"aws:SecureTransport": "false"}}))],
                                      context={"aws:SecureTransport": "false"}), "ExplicitlyDenied", "identity", None),
    ("allow-in-second-policy", dict(identity=[doc(allow("ec2:*")), ALLOW_GET]), "Allowed", "identity", None),
    ("root-user-no-policies", dict(principal=ROOT), "Allowed", "identity", None),
    ("root-user-explicit-deny", dict(principal=ROOT, identity=[doc(deny("*"))]), "ExplicitlyDenied", "identity", None),
    ("account-id-principal-is-root", dict(principal=ACCT), "Allowed", "identity", None),
    ("role-session-allow", dict(principal=SESSION, identity=[ALLOW_GET]), "Allowed", "identity", None),
    ("role-session-none", dict(principal=SESSION), "ImplicitlyDenied", "identity", None),
]


@pytest.mark.parametrize("kw,result,by,arn", [c[1:] for c in SAME_ACCOUNT_IDENTITY],
                         ids=[c[0] for c in SAME_ACCOUNT_IDENTITY])
def test_same_account_identity_policies(kw, result, by, arn):
    check(ev(**kw), result, by, arn)


# --- resource-based policies, same account ---------------------------------------------------

SESSION_ROLE_PATH = f"arn:aws:iam::{ACCT}:role/team/app"

SAME_ACCOUNT_RESOURCE = [
    # (id, principal, resource policy, identity, kwargs, result, decided_by)
    ("user-arn-grants-alone", USER, doc(rallow({"AWS": USER}, GET, OBJ)), [], {}, "Allowed", "resource"),
    ("user-arn-other-user", USER, doc(rallow({"AWS": f"arn:aws:iam::{ACCT}:user/zed"}, GET, OBJ)), [], {}, "ImplicitlyDenied", "identity"),
    ("user-arn-is-case-sensitive", USER, doc(rallow({"AWS": f"arn:aws:iam::{ACCT}:user/Alice"}, GET, OBJ)), [], {}, "ImplicitlyDenied", "identity"),
    ("star-grants-alone", USER, doc(rallow("*", GET, OBJ)), [], {}, "Allowed", "resource"),
    ("aws-star-grants-alone", USER, doc(rallow({"AWS": "*"}, GET, OBJ)), [], {}, "Allowed", "resource"),
    ("account-delegates-no-identity", USER, doc(rallow({"AWS": ACCT}, GET, OBJ)), [], {}, "ImplicitlyDenied", "identity"),
    ("account-root-arn-delegates", USER, doc(rallow({"AWS": ROOT}, GET, OBJ)), [], {}, "ImplicitlyDenied", "identity"),
    ("account-delegates-with-identity", USER, doc(rallow({"AWS": ACCT}, GET, OBJ)), [ALLOW_GET], {}, "Allowed", "identity"),
    ("no-grant-identity-allows", USER, doc(rallow({"AWS": OTHER}, GET, OBJ)), [ALLOW_GET], {}, "Allowed", "identity"),
    ("resource-deny-beats-identity", USER, doc(rdeny("*", GET, OBJ)), [ALLOW_GET], {}, "ExplicitlyDenied", "resource"),
    ("identity-deny-beats-resource", USER, doc(rallow({"AWS": USER}, GET, OBJ)), [doc(deny(GET))], {}, "ExplicitlyDenied", "identity"),
    ("resource-allow-other-action", USER, doc(rallow({"AWS": USER}, "s3:PutObject", OBJ)), [], {}, "ImplicitlyDenied", "identity"),
    ("resource-allow-condition-false", USER, doc(rallow({"AWS": USER}, GET, OBJ, Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})),
     [], {"context": {"aws:SourceIp": "192.0.2.1"}}, "ImplicitlyDenied", "identity"),
    ("resource-allow-condition-true", USER, doc(rallow({"AWS": USER}, GET, OBJ, Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})),
     [], {"context": {"aws:SourceIp": "10.1.2.3"}}, "Allowed", "resource"),
    ("resource-without-resource-element", USER, doc({"Effect": "Allow", "Principal": {"AWS": USER}, "Action": GET}), [], {}, "Allowed", "resource"),
    ("session-arn-grants-alone", SESSION, doc(rallow({"AWS": SESSION}, GET, OBJ)), [], {}, "Allowed", "resource"),
    ("role-arn-grants-to-session", SESSION, doc(rallow({"AWS": ROLE}, GET, OBJ)), [], {}, "Allowed", "resource"),
    ("other-session-of-role", f"arn:aws:sts::{ACCT}:assumed-role/app/other", doc(rallow({"AWS": SESSION}, GET, OBJ)), [], {}, "ImplicitlyDenied", "identity"),
    ("role-arn-with-path-needs-role-arn", SESSION, doc(rallow({"AWS": SESSION_ROLE_PATH}, GET, OBJ)), [], {}, "ImplicitlyDenied", "identity"),
    ("role-arn-with-path-given", SESSION, doc(rallow({"AWS": SESSION_ROLE_PATH}, GET, OBJ)), [],
     {"principal_role_arn": SESSION_ROLE_PATH}, "Allowed", "resource"),
    ("role-arn-with-path-from-context", SESSION, doc(rallow({"AWS": SESSION_ROLE_PATH}, GET, OBJ)), [],
     {"context": {"aws:PrincipalArn": SESSION_ROLE_PATH}}, "Allowed", "resource"),
    ("role-arn-of-other-role", SESSION, doc(rallow({"AWS": f"arn:aws:iam::{ACCT}:role/other"}, GET, OBJ)), [], {}, "ImplicitlyDenied", "identity"),
    ("unique-id-user", USER, doc(rallow({"AWS": "AIDAJQABLZS4A3QDU576Q"}, GET, OBJ)), [],
     {"context": {"aws:userid": "AIDAJQABLZS4A3QDU576Q"}}, "Allowed", "resource"),
    ("unique-id-role", SESSION, doc(rallow({"AWS": "AROADBQP57FF2AEXAMPLE"}, GET, OBJ)), [],
     {"context": {"aws:userid": "AROADBQP57FF2AEXAMPLE:sess"}}, "Allowed", "resource"),
    ("principal-arn-condition-with-star", SESSION,
     doc(rallow("*", GET, OBJ, Condition={"ArnEquals": {"aws:PrincipalArn": ROLE}})), [], {}, "Allowed", "resource"),
    ("root-named-by-account", ROOT, doc(rallow({"AWS": ACCT}, GET, OBJ)), [], {}, "Allowed", "resource"),
    ("federated-user-session-arn", FED, doc(rallow({"AWS": FED}, GET, OBJ)), [], {}, "Allowed", "resource"),
    ("principal-list-ors", USER, doc(rallow({"AWS": [OTHER_USER, USER]}, GET, OBJ)), [], {}, "Allowed", "resource"),
]


@pytest.mark.parametrize("principal,policy,identity,kw,result,by", [c[1:] for c in SAME_ACCOUNT_RESOURCE],
                         ids=[c[0] for c in SAME_ACCOUNT_RESOURCE])
def test_same_account_resource_policies(principal, policy, identity, kw, result, by):
    check(ev(principal, identity, policy, **kw), result, by)


# --- permissions boundaries and resource-based grants --------------------------------------

BOUNDARY_S3 = doc(allow("s3:*", "*"))
BOUNDARY_EC2 = doc(allow("ec2:*", "*"))

BOUNDARIES = [
    # (id, principal, identity, boundary, resource policy, session policies, result, decided_by, arn)
    ("identity-and-boundary-allow", USER, [ALLOW_GET], BOUNDARY_S3, None, None, "Allowed", "identity", None),
    ("boundary-does-not-allow", USER, [ALLOW_GET], BOUNDARY_EC2, None, None, "ImplicitlyDenied", "boundary", None),
    ("boundary-allows-identity-does-not", USER, [], BOUNDARY_S3, None, None, "ImplicitlyDenied", "identity", None),
    ("boundary-explicit-deny", USER, [ALLOW_ALL], doc(allow("*"), deny(GET)), None, None, "ExplicitlyDenied", "boundary", None),
    ("boundary-explicit-deny-arn", USER, [ALLOW_ALL], (B_ARN, doc(allow("*"), deny(GET))), None, None, "ExplicitlyDenied", "boundary", B_ARN),
    ("boundary-notaction", USER, [ALLOW_ALL], doc({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}), None, None, "Allowed", "identity", None),
    ("boundary-resource-scope", USER, [ALLOW_ALL], doc(allow("s3:*", "arn:aws:s3:::other/*")), None, None, "ImplicitlyDenied", "boundary", None),
    ("boundary-with-session-principal", SESSION, [ALLOW_GET], BOUNDARY_EC2, None, None, "ImplicitlyDenied", "boundary", None),
    # A resource-based grant to the user or the session itself is not limited by the boundary ...
    ("user-grant-ignores-boundary", USER, [], BOUNDARY_EC2, doc(rallow({"AWS": USER}, GET, OBJ)), None, "Allowed", "resource", None),
    ("session-grant-ignores-boundary", SESSION, [], BOUNDARY_EC2, doc(rallow({"AWS": SESSION}, GET, OBJ)), None, "Allowed", "resource", None),
    ("star-grant-ignores-boundary", SESSION, [], BOUNDARY_EC2, doc(rallow("*", GET, OBJ)), None, "Allowed", "resource", None),
    # ... but a grant to the role ARN is.
    ("role-grant-limited-by-boundary", SESSION, [], BOUNDARY_EC2, doc(rallow({"AWS": ROLE}, GET, OBJ)), None, "ImplicitlyDenied", "boundary", None),
    ("role-grant-within-boundary", SESSION, [], BOUNDARY_S3, doc(rallow({"AWS": ROLE}, GET, OBJ)), None, "Allowed", "resource", None),
    ("account-grant-needs-identity", USER, [], BOUNDARY_S3, doc(rallow({"AWS": ACCT}, GET, OBJ)), None, "ImplicitlyDenied", "identity", None),
    ("account-grant-limited-by-boundary", USER, [ALLOW_GET], BOUNDARY_EC2, doc(rallow({"AWS": ACCT}, GET, OBJ)), None, "ImplicitlyDenied", "boundary", None),
    ("explicit-boundary-deny-beats-user-grant", USER, [], doc(allow("*"), deny(GET)), doc(rallow({"AWS": USER}, GET, OBJ)), None,
     "ExplicitlyDenied", "boundary", None),
    # session policies
    ("session-policy-allows", SESSION, [ALLOW_GET], None, None, [doc(allow("s3:*"))], "Allowed", "identity", None),
    ("session-policy-does-not-allow", SESSION, [ALLOW_GET], None, None, [doc(allow("ec2:*"))], "ImplicitlyDenied", "session", None),
    ("session-policy-allows-identity-does-not", SESSION, [], None, None, [doc(allow("s3:*"))], "ImplicitlyDenied", "identity", None),
    ("session-policy-explicit-deny", SESSION, [ALLOW_GET], None, None, [doc(allow("*"), deny(GET))], "ExplicitlyDenied", "session", None),
    ("session-policy-empty-list", SESSION, [ALLOW_GET], None, None, [], "ImplicitlyDenied", "session", None),
    ("session-policies-any-allows", SESSION, [ALLOW_GET], None, None, [doc(allow("ec2:*")), doc(allow(GET))], "Allowed", "identity", None),
    ("session-policy-single-document", SESSION, [ALLOW_GET], None, None, doc(allow("s3:*")), "Allowed", "identity", None),
    ("boundary-checked-before-session", SESSION, [ALLOW_GET], BOUNDARY_EC2, None, [doc(allow("ec2:*"))], "ImplicitlyDenied", "boundary", None),
    ("session-grant-ignores-session-policy", SESSION, [], None, doc(rallow({"AWS": SESSION}, GET, OBJ)), [doc(allow("ec2:*"))], "Allowed", "resource", None),
    ("role-grant-limited-by-session-policy", SESSION, [], None, doc(rallow({"AWS": ROLE}, GET, OBJ)), [doc(allow("ec2:*"))], "ImplicitlyDenied", "session", None),
    ("role-grant-within-session-policy", SESSION, [], None, doc(rallow({"AWS": ROLE}, GET, OBJ)), [doc(allow("s3:*"))], "Allowed", "resource", None),
    # STS federated user sessions (GetFederationToken)
    ("federated-user-without-session-policy", FED, [ALLOW_GET], None, None, None, "ImplicitlyDenied", "session", None),
    ("federated-user-with-session-policy", FED, [ALLOW_GET], None, None, [doc(allow("s3:*"))], "Allowed", "identity", None),
    ("federated-user-direct-grant", FED, [], None, doc(rallow({"AWS": FED}, GET, OBJ)), None, "Allowed", "resource", None),
]


@pytest.mark.parametrize("principal,identity,boundary,res,sessions,result,by,arn", [b[1:] for b in BOUNDARIES],
                         ids=[b[0] for b in BOUNDARIES])
def test_boundaries_sessions_and_resource_grants(principal, identity, boundary, res, sessions, result, by, arn):
    d = evaluate(GET, OBJ, principal, {}, identity, res, permissions_boundary=boundary, session_policies=sessions)
    check(d, result, by, arn)


# --- SCPs and RCPs -----------------------------------------------------------------------------

SCP_DENY_S3 = doc(deny("s3:*"))
SCP_EC2 = doc(allow("ec2:*"))

ORGS = [
    # (id, principal, identity, scps, rcps, result, decided_by, arn)
    ("no-organizations", USER, [ALLOW_GET], None, None, "Allowed", "identity", None),
    ("scp-full-access", USER, [ALLOW_GET], [[FULL]], None, "Allowed", "identity", None),
    ("scp-flat-list-is-one-level", USER, [ALLOW_GET], [FULL], None, "Allowed", "identity", None),
    ("scp-single-document", USER, [ALLOW_GET], FULL, None, "Allowed", "identity", None),
    ("scp-does-not-allow", USER, [ALLOW_GET], [[SCP_EC2]], None, "ImplicitlyDenied", "scp", None),
    ("scp-empty-level", USER, [ALLOW_GET], [[FULL], []], None, "ImplicitlyDenied", "scp", None),
    ("scp-ou-level-missing-allow", USER, [ALLOW_GET], [[FULL], [SCP_EC2], [FULL]], None, "ImplicitlyDenied", "scp", None),
    ("scp-account-level-missing-allow", USER, [ALLOW_GET], [[FULL], [FULL], [SCP_EC2]], None, "ImplicitlyDenied", "scp", None),
    ("scp-every-level-allows", USER, [ALLOW_GET], [[FULL], [doc(allow("s3:*"))], [doc(allow(GET))]], None, "Allowed", "identity", None),
    ("scp-allow-in-any-policy-of-level", USER, [ALLOW_GET], [[SCP_EC2, FULL]], None, "Allowed", "identity", None),
    ("scp-explicit-deny", USER, [ALLOW_GET], [[FULL, SCP_DENY_S3]], None, "ExplicitlyDenied", "scp", None),
    ("scp-explicit-deny-arn", USER, [ALLOW_GET], [[FULL], [FULL, (SCP_ARN, SCP_DENY_S3)]], None, "ExplicitlyDenied", "scp", SCP_ARN),
    ("scp-allows-identity-does-not", USER, [], [[FULL]], None, "ImplicitlyDenied", "identity", None),
    ("scp-deny-beats-resource-grant", USER, [], [[FULL, SCP_DENY_S3]], None, "ExplicitlyDenied", "scp", None),
    ("scp-applies-to-root", ROOT, [], [[FULL, SCP_DENY_S3]], None, "ExplicitlyDenied", "scp", None),
    ("scp-implicit-applies-to-root", ROOT, [], [[SCP_EC2]], None, "ImplicitlyDenied", "scp", None),
    ("scp-does-not-limit-service-linked-role", SLR, [ALLOW_GET], [[SCP_EC2, SCP_DENY_S3]], None, "Allowed", "identity", None),
    ("scp-does-not-limit-slr-session", SLR_SESSION, [ALLOW_GET], [[SCP_DENY_S3]], None, "Allowed", "identity", None),
    ("scp-deny-over-identity-deny-in-message", USER, [doc(deny("*"))], [[FULL, SCP_DENY_S3]], None, "ExplicitlyDenied", "scp", None),
    ("rcp-full-access", USER, [ALLOW_GET], None, [[doc(rallow("*", "*", "*"))]], "Allowed", "identity", None),
    ("rcp-explicit-deny", USER, [ALLOW_GET], None, [[doc(rallow("*", "*", "*")), doc(rdeny("*", "s3:*"))]], "ExplicitlyDenied", "rcp", None),
    ("rcp-explicit-deny-arn", USER, [ALLOW_GET], None, [[doc(rallow("*", "*", "*")), (RCP_ARN, doc(rdeny("*", "s3:*")))]],
     "ExplicitlyDenied", "rcp", RCP_ARN),
    ("rcp-level-missing-allow", USER, [ALLOW_GET], None, [[doc(rallow("*", "*", "*"))], [doc(rallow("*", "ec2:*", "*"))]],
     "ImplicitlyDenied", "rcp", None),
    ("rcp-deny-with-org-condition", OTHER_USER, [ALLOW_GET], None,
     [[doc(rallow("*", "*", "*"), rdeny("*", "s3:*", "*", Condition={"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc"}}))]],
     "ExplicitlyDenied", "rcp", None),
    ("rcp-org-condition-satisfied", USER, [ALLOW_GET], None,
     [[doc(rallow("*", "*", "*"), rdeny("*", "s3:*", "*", Condition={"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc"}}))]],
     "Allowed", "identity", None),
    ("rcp-does-not-limit-service-linked-role", SLR, [ALLOW_GET], None, [[doc(rdeny("*", "s3:*"))]], "Allowed", "identity", None),
    ("scp-checked-before-rcp", USER, [ALLOW_GET], [[SCP_EC2]], [[doc(rallow("*", "ec2:*", "*"))]], "ImplicitlyDenied", "scp", None),
    ("scp-deny-before-rcp-deny", USER, [ALLOW_GET], [[FULL, SCP_DENY_S3]], [[doc(rdeny("*", "s3:*"))]], "ExplicitlyDenied", "scp", None),
]


@pytest.mark.parametrize("principal,identity,scps,rcps,result,by,arn", [o[1:] for o in ORGS], ids=[o[0] for o in ORGS])
def test_organizations_policies(principal, identity, scps, rcps, result, by, arn):
    ctx = {"aws:PrincipalOrgID": "o-abc"} if principal == USER else {}
    d = evaluate(GET, OBJ, principal, ctx, identity, scps=scps, rcps=rcps)
    check(d, result, by, arn)


def test_scp_with_region_condition():
    scp = doc(allow("*"), deny("*", Condition={"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}))
    check(evaluate("ec2:RunInstances", "*", USER, {"aws:RequestedRegion": "us-east-1"}, [ALLOW_ALL], scps=[[scp]]),
          "ExplicitlyDenied", "scp")
    check(evaluate("ec2:RunInstances", "*", USER, {"aws:RequestedRegion": "eu-west-1"}, [ALLOW_ALL], scps=[[scp]]),
          "Allowed", "identity")


def test_scps_limit_resource_based_grants_too():
    check(evaluate(GET, OBJ, USER, {}, [], doc(rallow({"AWS": USER}, GET, OBJ)), scps=[[SCP_EC2]]),
          "ImplicitlyDenied", "scp")


def test_rcps_limit_resource_based_grants_too():
    check(evaluate(GET, OBJ, USER, {}, [], doc(rallow({"AWS": USER}, GET, OBJ)),
                   rcps=[[doc(rallow("*", "*", "*"), rdeny("*", GET))]]),
          "ExplicitlyDenied", "rcp")


def test_scp_levels_may_be_tuples():
    check(evaluate(GET, OBJ, USER, {}, [ALLOW_GET], scps=((FULL,), (SCP_EC2,))), "ImplicitlyDenied", "scp")
    check(evaluate(GET, OBJ, USER, {}, [ALLOW_GET], scps=[("FullAWSAccess", FULL)]), "Allowed", "identity")


def test_a_parsed_principal_can_be_passed():
    from iamulator.authz import parse_principal
    p = parse_principal(SESSION, f"arn:aws:iam::{ACCT}:role/team/app")
    check(evaluate(GET, OBJ, p, {}, [], doc(rallow({"AWS": f"arn:aws:iam::{ACCT}:role/team/app"}, GET, OBJ))),
          "Allowed", "resource")


def test_scps_must_be_levels_or_flat():
    with pytest.raises(TypeError):
        evaluate(GET, OBJ, USER, {}, [ALLOW_GET], scps=[[FULL], FULL])


# --- cross-account -----------------------------------------------------------------------------

CROSS = [
    # (id, principal, identity, resource policy, kwargs, result, decided_by)
    ("both-allow", OTHER_USER, [ALLOW_GET], doc(rallow({"AWS": OTHER_USER}, GET, OBJ)), {}, "Allowed", "resource"),
    ("identity-only", OTHER_USER, [ALLOW_GET], None, {}, "ImplicitlyDenied", "resource"),
    ("identity-only-resource-names-someone-else", OTHER_USER, [ALLOW_GET], doc(rallow({"AWS": USER}, GET, OBJ)), {}, "ImplicitlyDenied", "resource"),
    ("resource-only", OTHER_USER, [], doc(rallow({"AWS": OTHER_USER}, GET, OBJ)), {}, "ImplicitlyDenied", "identity"),
    ("resource-names-account", OTHER_USER, [ALLOW_GET], doc(rallow({"AWS": OTHER}, GET, OBJ)), {}, "Allowed", "resource"),
    ("resource-names-account-root-arn", OTHER_USER, [ALLOW_GET], doc(rallow({"AWS": f"arn:aws:iam::{OTHER}:root"}, GET, OBJ)), {}, "Allowed", "resource"),
    ("resource-names-star", OTHER_USER, [ALLOW_GET], doc(rallow("*", GET, OBJ)), {}, "Allowed", "resource"),
    ("resource-star-without-identity", OTHER_USER, [], doc(rallow("*", GET, OBJ)), {}, "ImplicitlyDenied", "identity"),
    ("resource-names-role-for-session", OTHER_SESSION, [ALLOW_GET], doc(rallow({"AWS": OTHER_ROLE}, GET, OBJ)), {}, "Allowed", "resource"),
    ("role-grant-still-needs-identity", OTHER_SESSION, [], doc(rallow({"AWS": OTHER_ROLE}, GET, OBJ)), {}, "ImplicitlyDenied", "identity"),
    ("session-grant-still-needs-identity", OTHER_SESSION, [], doc(rallow({"AWS": OTHER_SESSION}, GET, OBJ)), {}, "ImplicitlyDenied", "identity"),
    ("boundary-limits-cross-account", OTHER_USER, [ALLOW_GET], doc(rallow({"AWS": OTHER_USER}, GET, OBJ)),
     {"permissions_boundary": BOUNDARY_EC2}, "ImplicitlyDenied", "boundary"),
    ("session-policy-limits-cross-account", OTHER_SESSION, [ALLOW_GET], doc(rallow({"AWS": OTHER_SESSION}, GET, OBJ)),
     {"session_policies": [doc(allow("ec2:*"))]}, "ImplicitlyDenied", "session"),
    ("resource-deny", OTHER_USER, [ALLOW_GET], doc(rallow({"AWS": OTHER}, GET, OBJ), rdeny({"AWS": OTHER_USER}, GET, OBJ)), {},
     "ExplicitlyDenied", "resource"),
    ("identity-deny", OTHER_USER, [ALLOW_GET, doc(deny(GET))], doc(rallow({"AWS": OTHER}, GET, OBJ)), {}, "ExplicitlyDenied", "identity"),
    ("cross-account-root", f"arn:aws:iam::{OTHER}:root", [], doc(rallow({"AWS": OTHER}, GET, OBJ)), {}, "Allowed", "resource"),
    ("cross-account-root-not-named", f"arn:aws:iam::{OTHER}:root", [], None, {}, "ImplicitlyDenied", "resource"),
    ("scp-of-caller-applies", OTHER_USER, [ALLOW_GET], doc(rallow({"AWS": OTHER}, GET, OBJ)), {"scps": [[SCP_EC2]]}, "ImplicitlyDenied", "scp"),
]


@pytest.mark.parametrize("principal,identity,res,kw,result,by", [c[1:] for c in CROSS], ids=[c[0] for c in CROSS])
def test_cross_account(principal, identity, res, kw, result, by):
    d = evaluate(GET, OBJ, principal, {}, identity, res, resource_account=ACCT, **kw)
    assert d.cross_account
    check(d, result, by)


def test_same_account_when_resource_account_matches():
    d = evaluate(GET, OBJ, USER, {}, [], doc(rallow({"AWS": USER}, GET, OBJ)), resource_account=ACCT)
    assert not d.cross_account
    check(d, "Allowed", "resource")


def test_without_resource_account_requests_are_same_account():
    d = evaluate(GET, OBJ, OTHER_USER, {}, [], doc(rallow({"AWS": OTHER_USER}, GET, OBJ)))
    assert not d.cross_account
    check(d, "Allowed", "resource")


# --- principals outside IAM ----------------------------------------------------------------

EXTERNAL = [
    # (id, principal, resource policy, identity, kwargs, result)
    ("anonymous-star", None, doc(rallow("*", GET, OBJ)), [], {}, "Allowed"),
    ("anonymous-aws-star", None, doc(rallow({"AWS": "*"}, GET, OBJ)), [], {}, "Allowed"),
    ("anonymous-string", "anonymous", doc(rallow("*", GET, OBJ)), [], {}, "Allowed"),
    ("anonymous-account-principal", None, doc(rallow({"AWS": ACCT}, GET, OBJ)), [], {}, "ImplicitlyDenied"),
    ("anonymous-no-resource-policy", None, None, [], {}, "ImplicitlyDenied"),
    ("anonymous-ignores-identity-policies", None, None, [ALLOW_ALL], {}, "ImplicitlyDenied"),
    ("anonymous-explicit-deny", None, doc(rallow("*", GET, OBJ), rdeny("*", GET, OBJ)), [], {}, "ExplicitlyDenied"),
    ("anonymous-condition", None, doc(rallow("*", GET, OBJ, Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})), [],
     {"context": {"aws:SourceIp": "10.0.0.1"}}, "Allowed"),
    ("anonymous-scps-do-not-apply", None, doc(rallow("*", GET, OBJ)), [], {"scps": [[SCP_DENY_S3]]}, "Allowed"),
    ("anonymous-rcps-apply", None, doc(rallow("*", GET, OBJ)), [], {"rcps": [[doc(rdeny("*", "s3:*"))]]}, "ExplicitlyDenied"),
    ("service-principal", "lambda.amazonaws.com", doc(rallow({"Service": "lambda.amazonaws.com"}, GET, OBJ)), [], {}, "Allowed"),
    ("service-principal-list", "logs.amazonaws.com", doc(rallow({"Service": ["lambda.amazonaws.com", "logs.amazonaws.com"]}, GET, OBJ)), [], {}, "Allowed"),
    ("other-service-principal", "ec2.amazonaws.com", doc(rallow({"Service": "lambda.amazonaws.com"}, GET, OBJ)), [], {}, "ImplicitlyDenied"),
    ("service-not-matched-by-account", "lambda.amazonaws.com", doc(rallow({"AWS": ACCT}, GET, OBJ)), [], {}, "ImplicitlyDenied"),
    ("service-matched-by-star", "lambda.amazonaws.com", doc(rallow("*", GET, OBJ)), [], {}, "Allowed"),
    ("service-ignores-scps", "lambda.amazonaws.com", doc(rallow({"Service": "lambda.amazonaws.com"}, GET, OBJ)), [],
     {"scps": [[SCP_EC2]]}, "Allowed"),
    ("service-with-source-account", "sns.amazonaws.com",
     doc(rallow({"Service": "sns.amazonaws.com"}, GET, OBJ, Condition={"StringEquals": {"aws:SourceAccount": ACCT}})), [],
     {"context": {"aws:SourceAccount": ACCT}}, "Allowed"),
    ("service-with-wrong-source-account", "sns.amazonaws.com",
     doc(rallow({"Service": "sns.amazonaws.com"}, GET, OBJ, Condition={"StringEquals": {"aws:SourceAccount": ACCT}})), [],
     {"context": {"aws:SourceAccount": OTHER}}, "ImplicitlyDenied"),
    ("canonical-user", "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
     doc(rallow({"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}, GET, OBJ)), [], {}, "Allowed"),
    ("federated-provider", "accounts.google.com", doc(rallow({"Federated": "accounts.google.com"}, GET, OBJ)), [], {}, "Allowed"),
    ("forced-service-type", "custom-service", doc(rallow({"Service": "custom-service"}, GET, OBJ)), [],
     {"principal_type": "service"}, "Allowed"),
]


@pytest.mark.parametrize("principal,res,identity,kw,result", [e[1:] for e in EXTERNAL], ids=[e[0] for e in EXTERNAL])
def test_principals_outside_iam(principal, res, identity, kw, result):
    d = evaluate(GET, OBJ, principal, kw.pop("context", {}), identity, res, **kw)
    by = None if result == "Allowed" else ("rcp" if kw.get("rcps") else "resource")
    check(d, result, by)


# --- NotPrincipal ----------------------------------------------------------------------------

ROOT_OF_ACCT = f"arn:aws:iam::{ACCT}:root"

NOT_PRINCIPAL = [
    # (id, principal, effect, not-principal list, identity, kwargs, result, decided_by)
    ("deny-exempts-user-and-account", USER, "Deny", [USER, ROOT_OF_ACCT], [ALLOW_GET], {}, "Allowed", "identity"),
    ("deny-user-only-still-denies", USER, "Deny", [USER], [ALLOW_GET], {}, "ExplicitlyDenied", "resource"),
    ("deny-other-user", f"arn:aws:iam::{ACCT}:user/zed", "Deny", [USER, ROOT_OF_ACCT], [ALLOW_GET], {}, "ExplicitlyDenied", "resource"),
    ("deny-exempts-session-role-account", SESSION, "Deny", [SESSION, ROLE, ROOT_OF_ACCT], [ALLOW_GET], {}, "Allowed", "identity"),
    ("deny-missing-session-arn", SESSION, "Deny", [ROLE, ROOT_OF_ACCT], [ALLOW_GET], {}, "ExplicitlyDenied", "resource"),
    ("deny-missing-role-arn", SESSION, "Deny", [SESSION, ROOT_OF_ACCT], [ALLOW_GET], {}, "ExplicitlyDenied", "resource"),
    ("deny-account-id-form", USER, "Deny", [USER, ACCT], [ALLOW_GET], {}, "Allowed", "identity"),
    ("deny-with-boundary-always-applies", USER, "Deny", [USER, ROOT_OF_ACCT], [ALLOW_GET],
     {"permissions_boundary": BOUNDARY_S3}, "ExplicitlyDenied", "resource"),
    ("deny-anonymous", None, "Deny", [USER, ROOT_OF_ACCT], [], {}, "ExplicitlyDenied", "resource"),
    ("deny-root-exempt-by-account", ROOT, "Deny", [ACCT], [], {}, "Allowed", "identity"),
    ("deny-service-exempt", "cloudtrail.amazonaws.com", "Deny", {"Service": "cloudtrail.amazonaws.com"}, [], {}, "ImplicitlyDenied", "resource"),
    ("allow-everyone-but-other", USER, "Allow", [OTHER_USER], [], {}, "Allowed", "resource"),
    ("allow-not-caller-account", USER, "Allow", [ACCT], [], {}, "ImplicitlyDenied", "identity"),
    ("allow-not-caller", USER, "Allow", [USER], [], {}, "ImplicitlyDenied", "identity"),
    ("allow-anonymous-too", None, "Allow", [USER], [], {}, "Allowed", "resource"),
]


@pytest.mark.parametrize("principal,effect,listed,identity,kw,result,by", [n[1:] for n in NOT_PRINCIPAL],
                         ids=[n[0] for n in NOT_PRINCIPAL])
def test_not_principal(principal, effect, listed, identity, kw, result, by):
    not_principal = listed if isinstance(listed, dict) else {"AWS": listed}
    policy = doc({"Effect": effect, "NotPrincipal": not_principal, "Action": "s3:*", "Resource": "*"})
    d = evaluate(GET, OBJ, principal, {}, identity, policy, **kw)
    check(d, result, by)


def test_not_principal_deny_with_allow_statement():
    """NotPrincipal Deny only exempts; another statement must grant (AWS's Bob example)."""
    bob = f"arn:aws:iam::{OTHER}:user/Bob"
    policy = doc({"Effect": "Deny", "NotPrincipal": {"AWS": [bob, f"arn:aws:iam::{OTHER}:root"]},
                  "Action": "s3:*", "Resource": [BUCKET, BUCKET + "/*"]},
                 rallow({"AWS": bob}, "s3:*", [BUCKET, BUCKET + "/*"]))
    check(evaluate(GET, OBJ, bob, {}, [ALLOW_GET], policy, resource_account=ACCT), "Allowed", "resource")
    check(evaluate(GET, OBJ, bob, {}, [], policy, resource_account=ACCT), "ImplicitlyDenied", "identity")
    check(evaluate(GET, OBJ, OTHER_USER, {}, [ALLOW_GET], policy, resource_account=ACCT),
          "ExplicitlyDenied", "resource")
