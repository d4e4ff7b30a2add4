"""Policy documents AWS refuses, with AWS's error code and wording, and ones it accepts."""
import json

import pytest

from iamulator.authz import CompiledPolicy, PolicyError, compile_policy

from authz_helpers import allow, doc, rallow

SYNTAX = "Syntax errors in policy."
LEGACY = "The policy failed legacy parsing"
NO_PRINCIPAL = "Policy document should not specify a principal."
NEEDS_PRINCIPAL = "Missing required field Principal"
NO_EFFECT = "Missing required field Effect"
NO_RESOURCES = "Policy statement must contain resources."
NO_ACTIONS = "Policy statement must contain actions."
VENDOR = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
ONE_COLON = "Actions/Condition can contain only one colon."
SID_ALNUM = ("Statement IDs (SID) must be alpha-numeric. "
             "Check that your input satisfies the regular expression [0-9A-Za-z]*")
SID_UNIQUE = "Statement IDs (SID) in a single policy must be unique."
ORG = "The provided policy document does not meet the requirements of the specified policy type."
MPD = "MalformedPolicyDocument"
MPDE = "MalformedPolicyDocumentException"

V = "2012-10-17"


def st(**kw):
    base = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
    base.update(kw)
    return {k: v for k, v in base.items() if v is not DROP}


DROP = object()

MALFORMED = [
    # (id, kind, document, code, message)
    ("not-json", "identity", "{not json", MPD, SYNTAX),
    ("json-list", "identity", "[]", MPD, SYNTAX),
    ("json-number", "identity", "42", MPD, SYNTAX),
    ("json-nan", "identity", '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NumericEquals":{"a:b":NaN}}}}', MPD, SYNTAX),
    ("deep-nesting", "resource", "[" * 100000 + "]" * 100000, MPD, SYNTAX),
    ("no-statement", "identity", {"Version": V}, MPD, SYNTAX),
    ("empty-statement-list", "identity", {"Version": V, "Statement": []}, MPD, SYNTAX),
    ("statement-string", "identity", {"Version": V, "Statement": "x"}, MPD, SYNTAX),
    ("statement-item-not-object", "identity", {"Version": V, "Statement": [st(), 3]}, MPD, SYNTAX),
    ("unknown-top-field", "identity", {"Version": V, "Statement": st(), "Extra": 1}, MPD, SYNTAX),
    ("top-level-condition", "identity", {"Version": V, "Statement": st(), "Condition": {}}, MPD, SYNTAX),
    ("unknown-statement-field", "identity", doc(st(Actions="s3:*")), MPD, SYNTAX),
    ("lowercase-field", "identity", doc({"effect": "Allow", "Action": "s3:*", "Resource": "*"}), MPD, SYNTAX),
    ("id-not-string", "identity", {"Version": V, "Id": 5, "Statement": st()}, MPD, SYNTAX),
    ("missing-effect", "identity", doc(st(Effect=DROP)), MPD, NO_EFFECT),
    ("missing-effect-second", "identity", doc(st(), st(Effect=DROP)), MPD, NO_EFFECT),
    ("effect-lowercase", "identity", doc(st(Effect="allow")), MPD, LEGACY),
    ("effect-permit", "identity", doc(st(Effect="Permit")), MPD, LEGACY),
    ("effect-not-string", "identity", doc(st(Effect=True)), MPD, LEGACY),
    ("version-invalid", "identity", doc(st(), version="2012-10-18"), MPD, LEGACY),
    ("version-number", "identity", {"Version": 2012, "Statement": st()}, MPD, LEGACY),
    ("identity-principal", "identity", doc(st(Principal="*")), MPD, NO_PRINCIPAL),
    ("identity-notprincipal", "identity", doc(st(NotPrincipal={"AWS": "111122223333"})), MPD, NO_PRINCIPAL),
    ("boundary-principal", "boundary", doc(st(Principal="*")), MPD, NO_PRINCIPAL),
    ("session-principal", "session", doc(st(Principal="*")), MPD, NO_PRINCIPAL),
    ("inline-user-principal", "inline-user", doc(st(Principal="*")), MPD, NO_PRINCIPAL),
    ("no-action", "identity", doc(st(Action=DROP)), MPD, NO_ACTIONS),
    ("empty-action-list", "identity", doc(st(Action=[])), MPD, NO_ACTIONS),
    ("empty-notaction-list", "identity", doc(st(Action=DROP, NotAction=[])), MPD, NO_ACTIONS),
    ("no-resource", "identity", doc(st(Resource=DROP)), MPD, NO_RESOURCES),
    ("empty-resource-list", "identity", doc(st(Resource=[])), MPD, NO_RESOURCES),
    ("boundary-no-resource", "boundary", doc(st(Resource=DROP)), MPD, NO_RESOURCES),
    ("action-no-vendor", "identity", doc(st(Action="GetObject")), MPD, VENDOR),
    ("action-empty-vendor", "identity", doc(st(Action=":GetObject")), MPD, VENDOR),
    ("action-empty", "identity", doc(st(Action="")), MPD, VENDOR),
    ("action-in-list-no-vendor", "identity", doc(st(Action=["s3:GetObject", "PutObject"])), MPD, VENDOR),
    ("notaction-no-vendor", "identity", doc(st(Action=DROP, NotAction="iam")), MPD, VENDOR),
    ("action-two-colons", "identity", doc(st(Action="s3:Get:Object")), MPD, ONE_COLON),
    ("action-number", "identity", doc(st(Action=5)), MPD, SYNTAX),
    ("action-list-number", "identity", doc(st(Action=["s3:GetObject", 5])), MPD, SYNTAX),
    ("action-object", "identity", doc(st(Action={"Ref": "x"})), MPD, SYNTAX),
    ("action-and-notaction", "identity", doc(st(NotAction="s3:*")), MPD, SYNTAX),
    ("resource-and-notresource", "identity", doc(st(NotResource="*")), MPD, SYNTAX),
    ("resource-not-arn", "identity", doc(st(Resource="bucket")), MPD, 'Resource bucket must be in ARN format or "*".'),
    ("resource-empty-string", "identity", doc(st(Resource="")), MPD, 'Resource  must be in ARN format or "*".'),
    ("resource-in-list-not-arn", "identity", doc(st(Resource=["arn:aws:s3:::b", "sns-topic-name"])), MPD,
     'Resource sns-topic-name must be in ARN format or "*".'),
    ("notresource-not-arn", "identity", doc(st(Resource=DROP, NotResource="x")), MPD,
     'Resource x must be in ARN format or "*".'),
    ("resource-number", "identity", doc(st(Resource=7)), MPD, SYNTAX),
    ("unknown-operator", "identity", doc(st(Condition={"StringEqualz": {"aws:username": "a"}})), MPD, SYNTAX),
    ("unknown-set-operator", "identity", doc(st(Condition={"ForSomeValues:StringEquals": {"aws:TagKeys": "a"}})), MPD, SYNTAX),
    ("null-ifexists", "identity", doc(st(Condition={"NullIfExists": {"aws:TokenIssueTime": "true"}})), MPD, SYNTAX),
    ("ifexists-on-unknown", "identity", doc(st(Condition={"FooIfExists": {"aws:username": "a"}})), MPD, SYNTAX),
    ("condition-key-no-vendor", "identity", doc(st(Condition={"IpAddress": {"SourceIp": "10.0.0.0/8"}})), MPD, VENDOR),
    ("condition-list", "identity", doc(st(Condition=[{"StringEquals": {"aws:username": "a"}}])), MPD, SYNTAX),
    ("condition-string", "identity", doc(st(Condition="x")), MPD, SYNTAX),
    ("operator-value-not-object", "identity", doc(st(Condition={"StringEquals": "a"})), MPD, SYNTAX),
    ("missing-operator", "identity", doc(st(Condition={"servicecatalog:accountLevel": "self"})), MPD, SYNTAX),
    ("condition-value-object", "identity", doc(st(Condition={"StringEquals": {"aws:username": {"a": 1}}})), MPD, SYNTAX),
    ("condition-value-null", "identity", doc(st(Condition={"StringEquals": {"aws:username": None}})), MPD, SYNTAX),
    ("condition-value-nested-list", "identity", doc(st(Condition={"StringEquals": {"aws:username": [["a"]]}})), MPD, SYNTAX),
    ("numeric-bad-value", "identity", doc(st(Condition={"NumericLessThan": {"s3:max-keys": "ten"}})), MPD, SYNTAX),
    ("date-bad-value", "identity", doc(st(Condition={"DateLessThan": {"aws:CurrentTime": "tomorrow"}})), MPD, SYNTAX),
    ("ip-bad-value", "identity", doc(st(Condition={"NotIpAddress": {"aws:SourceIp": "10.0.0.0/33"}})), MPD, SYNTAX),
    ("binary-bad-value", "identity", doc(st(Condition={"BinaryEquals": {"ex:blob": "not base64!"}})), MPD, SYNTAX),
    ("null-bad-value", "identity", doc(st(Condition={"Null": {"aws:TokenIssueTime": "maybe"}})), MPD, SYNTAX),
    ("sid-with-space", "identity", doc(st(Sid="my sid")), MPD, SID_ALNUM),
    ("sid-with-dash", "identity", doc(st(Sid="my-sid")), MPD, SID_ALNUM),
    ("sid-unicode", "identity", doc(st(Sid="caf\u00e9")), MPD, SID_ALNUM),
    ("sid-duplicate", "identity", doc(st(Sid="A"), st(Sid="A")), MPD, SID_UNIQUE),
    ("sid-not-string", "identity", doc(st(Sid=1)), MPD, SYNTAX),
    ("resource-missing-principal", "resource", doc(st()), MPD, NEEDS_PRINCIPAL),
    ("resource-principal-bare-arn", "resource", doc(st(Principal="arn:aws:iam::111122223333:root")), MPD, SYNTAX),
    ("resource-principal-partial-wildcard", "resource",
     doc(st(Principal={"AWS": "arn:aws:iam::111122223333:user/*"})), MPD,
     'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/*"'),
    ("resource-principal-not-arn", "resource", doc(st(Principal={"AWS": "bob"})), MPD,
     'Invalid principal in policy: "AWS":"bob"'),
    ("resource-principal-group", "resource", doc(st(Principal={"AWS": "arn:aws:iam::111122223333:group/g"})), MPD,
     'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:group/g"'),
    ("resource-principal-session-wildcard", "resource",
     doc(st(Principal={"AWS": "arn:aws:sts::111122223333:assumed-role/r/*"})), MPD,
     'Invalid principal in policy: "AWS":"arn:aws:sts::111122223333:assumed-role/r/*"'),
    ("resource-principal-unknown-type", "resource", doc(st(Principal={"User": "x"})), MPD, SYNTAX),
    ("resource-principal-empty-list", "resource", doc(st(Principal={"AWS": []})), MPD, SYNTAX),
    ("resource-principal-number", "resource", doc(st(Principal={"AWS": 111122223333})), MPD, SYNTAX),
    ("resource-principal-empty-object", "resource", doc(st(Principal={})), MPD, SYNTAX),
    ("resource-principal-and-notprincipal", "resource", doc(st(Principal="*", NotPrincipal="*")), MPD, SYNTAX),
    ("trust-resource", "trust", doc(st(Principal={"Service": "ec2.amazonaws.com"}, Action="sts:AssumeRole")), MPD,
     "Has prohibited field Resource"),
    ("trust-notresource", "trust", doc(st(Principal={"Service": "ec2.amazonaws.com"}, Action="sts:AssumeRole",
                                          Resource=DROP, NotResource="*")), MPD, "Has prohibited field NotResource"),
    ("trust-no-principal", "trust", doc(st(Action="sts:AssumeRole", Resource=DROP)), MPD, NEEDS_PRINCIPAL),
    ("key-no-principal", "key", doc(st()), MPDE, NEEDS_PRINCIPAL),
    ("key-bad-effect", "key", doc(st(Principal="*", Effect="allow")), MPDE, LEGACY),
    ("scp-principal", "scp", doc(st(Principal="*")), MPDE, ORG),
    ("scp-missing-effect", "scp", doc(st(Effect=DROP)), MPDE, ORG),
    ("scp-not-json", "scp", "nope", MPDE, ORG),
    ("scp-unknown-operator", "scp", doc(st(Condition={"Foo": {"aws:x": "y"}})), MPDE, ORG),
    ("rcp-account-principal", "rcp", doc(st(Principal={"AWS": "111122223333"})), MPDE, ORG),
    ("rcp-no-principal", "rcp", doc(st()), MPDE, ORG),
    ("rcp-notprincipal", "rcp", doc(st(NotPrincipal={"AWS": "111122223333"})), MPDE, ORG),
    ("rcp-notaction", "rcp", doc(st(Principal="*", Action=DROP, NotAction="s3:*")), MPDE, ORG),
    ("rcp-no-version", "rcp", doc(st(Principal="*"), version=None), MPDE, ORG),
    ("rcp-old-version", "rcp", doc(st(Principal="*"), version="2008-10-17"), MPDE, ORG),
]


@pytest.mark.parametrize("kind,document,code,message", [m[1:] for m in MALFORMED],
                         ids=[m[0] for m in MALFORMED])
def test_malformed_documents_are_refused(kind, document, code, message):
    with pytest.raises(PolicyError) as info:
        compile_policy(document, kind)
    assert info.value.code == code
    assert info.value.message == message
    assert str(info.value).startswith(message)
    assert info.value.detail  # a human-readable reason is always given


def test_non_serialisable_dict_is_a_policy_error():
    with pytest.raises(PolicyError) as info:
        compile_policy({"Version": V, "Statement": {"Effect": "Allow", "Action": {"a", "b"}, "Resource": "*"}})
    assert info.value.message == SYNTAX


def test_document_of_wrong_type_is_a_policy_error():
    with pytest.raises(PolicyError):
        compile_policy(12345)


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        compile_policy(doc(st()), "bucket")


ACCEPTED = [
    ("version-2012", "identity", doc(st())),
    ("version-2008", "identity", doc(st(), version="2008-10-17")),
    ("no-version", "identity", doc(st(), version=None)),
    ("statement-object", "identity", {"Version": V, "Statement": st()}),
    ("with-id", "identity", {"Version": V, "Id": "my policy id", "Statement": st()}),
    ("notaction", "identity", doc(st(Action=DROP, NotAction=["iam:*", "s3:*"]))),
    ("notresource", "identity", doc(st(Resource=DROP, NotResource="arn:aws:s3:::secret/*"))),
    ("action-star", "identity", doc(st(Action="*"))),
    ("action-wildcards", "identity", doc(st(Action=["s3:Get*", "iam:*AccessKey*", "ec2:Describe?"]))),
    ("resource-partial-arn", "identity", doc(st(Resource="arn:aws:s3:::*"))),
    ("resource-short-wildcard", "identity", doc(st(Resource="arn:aws:*"))),
    ("sid-alnum", "identity", doc(st(Sid="AllowRead1"), st(Sid="AllowRead2"))),
    ("sid-empty", "identity", doc(st(Sid=""))),
    ("condition-number-value", "identity", doc(st(Condition={"NumericLessThan": {"s3:max-keys": 10}}))),
    ("condition-bool-value", "identity", doc(st(Condition={"Bool": {"aws:SecureTransport": True}}))),
    ("condition-empty-block", "identity", doc(st(Condition={}))),
    ("condition-ifexists", "identity", doc(st(Condition={"StringLikeIfExists": {"ec2:InstanceType": ["t2.*"]}}))),
    ("condition-set-ops", "identity", doc(st(Condition={"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]},
                                                        "ForAnyValue:StringLike": {"aws:TagKeys": "b*"}}))),
    ("condition-key-with-colons", "identity",
     doc(st(Condition={"StringEquals": {"aws:ResourceTag/aws:cloudformation:stack-name": "s"}}))),
    ("resource-principal-star", "resource", doc(rallow("*"))),
    ("resource-principal-aws-star", "resource", doc(rallow({"AWS": "*"}))),
    ("resource-principal-mixed", "resource", doc(rallow({
        "AWS": ["111122223333", "arn:aws:iam::444455556666:root", "arn:aws:iam::111122223333:user/a",
                "arn:aws:iam::111122223333:role/path/r", "arn:aws:sts::111122223333:assumed-role/r/s",
                "arn:aws:sts::111122223333:federated-user/f", "AIDAJQABLZS4A3QDU576Q"],
        "Service": ["lambda.amazonaws.com"], "Federated": "accounts.google.com",
        "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}))),
    ("resource-no-resource-element", "resource", doc({"Effect": "Allow", "Principal": "*", "Action": "ecr:*"})),
    ("resource-sid-with-spaces", "resource", doc(rallow("*", Sid="Allow public read"))),
    ("resource-notprincipal", "resource", doc({"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"},
                                               "Action": "s3:*", "Resource": "*"})),
    ("trust-service", "trust", doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                    "Action": "sts:AssumeRole"})),
    ("trust-federated", "trust", doc({"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/idp"},
                                      "Action": "sts:AssumeRoleWithSAML",
                                      "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}})),
    ("key-policy", "key", doc(rallow({"AWS": "arn:aws:iam::111122223333:root"}, "kms:*", "*"))),
    ("scp-deny", "scp", doc({"Effect": "Deny", "Action": "*", "Resource": "*",
                             "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}})),
    ("scp-full-access", "scp", doc(allow("*", "*"))),
    ("rcp-deny", "rcp", doc({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                             "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-123"}}})),
    ("json-string", "identity", json.dumps(doc(st()), indent=4)),
    ("operator-lowercase", "identity", doc(st(Condition={"stringequals": {"aws:username": "a"}}))),
]


@pytest.mark.parametrize("kind,document", [a[1:] for a in ACCEPTED], ids=[a[0] for a in ACCEPTED])
def test_valid_documents_are_accepted(kind, document):
    compiled = compile_policy(document, kind)
    assert isinstance(compiled, CompiledPolicy)
    assert compiled.statements
    assert compiled.kind == compile_policy(document, kind).kind
