"""Size quotas per policy kind, and compiling once."""
import json

import pytest

from iamulator.authz import CompiledPolicy, PolicyError, compile_policy, evaluate, policy_size

from authz_helpers import OBJ, USER, allow, check, doc, rallow


def sized(target: int, kind_principal=False) -> dict:
    """A valid policy whose compact JSON is exactly ``target`` characters."""
    base = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/"}]}
    if kind_principal:
        base["Statement"][0]["Principal"] = "*"
    pad = target - policy_size(base)
    assert pad >= 0
    base["Statement"][0]["Resource"] += "x" * pad
    assert policy_size(base) == target
    return base


def sized_trust(target: int) -> dict:
    base = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "a.amazonaws.com"}, "Action": "sts:AssumeRole",
         "Condition": {"StringEquals": {"sts:ExternalId": ""}}}]}
    pad = target - policy_size(base)
    base["Statement"][0]["Condition"]["StringEquals"]["sts:ExternalId"] = "x" * pad
    assert policy_size(base) == target
    return base


QUOTAS = [
    # kind, limit, code, message, entity
    ("identity", 6144, "LimitExceeded", "Cannot exceed quota for PolicySize: 6144", None),
    ("boundary", 6144, "LimitExceeded", "Cannot exceed quota for PolicySize: 6144", None),
    ("inline-user", 2048, "LimitExceeded", "Maximum policy size of 2048 bytes exceeded for user alice", "alice"),
    ("inline-role", 10240, "LimitExceeded", "Maximum policy size of 10240 bytes exceeded for role app", "app"),
    ("inline-group", 5120, "LimitExceeded", "Maximum policy size of 5120 bytes exceeded for group admins", "admins"),
    ("scp", 5120, "ConstraintViolationException",
     "You attempted to create a policy that is larger than the maximum size of 5120 characters.", None),
    ("session", 2048, "ValidationError",
     "1 validation error detected: Value at 'policy' failed to satisfy constraint: "
     "Member must have length less than or equal to 2048", None),
]


@pytest.mark.parametrize("kind,limit,code,message,entity", QUOTAS, ids=[q[0] for q in QUOTAS])
def test_size_quota_boundary(kind, limit, code, message, entity):
    compile_policy(sized(limit), kind, entity_name=entity)
    with pytest.raises(PolicyError) as info:
        compile_policy(sized(limit + 1), kind, entity_name=entity)
    assert info.value.code == code
    assert info.value.message == message


def test_trust_policy_quota():
    compile_policy(sized_trust(2048), "trust")
    with pytest.raises(PolicyError) as info:
        compile_policy(sized_trust(2049), "trust")
    assert (info.value.code, info.value.message) == (
        "LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048")


def test_rcp_quota():
    d = sized(5120, kind_principal=True)
    compile_policy(d, "rcp")
    with pytest.raises(PolicyError) as info:
        compile_policy(sized(5121, kind_principal=True), "rcp")
    assert info.value.code == "ConstraintViolationException"


def test_key_policy_quota():
    compile_policy(sized(32768, kind_principal=True), "key")
    with pytest.raises(PolicyError) as info:
        compile_policy(sized(32769, kind_principal=True), "key")
    assert info.value.code == "ValidationException"


def test_resource_policies_have_no_default_quota():
    compile_policy(sized(50000, kind_principal=True), "resource")


def test_iam_does_not_count_white_space():
    text = json.dumps(sized(6144), indent=8)
    assert len(text) > 6144
    assert policy_size(text) == 6144
    compile_policy(text, "identity")


def test_organizations_count_white_space():
    text = json.dumps(sized(5000), indent=8)
    assert len(text) > 5120
    compile_policy(json.dumps(sized(5000)), "scp")
    with pytest.raises(PolicyError) as info:
        compile_policy(text, "scp")
    assert info.value.code == "ConstraintViolationException"


def test_white_space_inside_strings_counts():
    d = sized(6144)
    d["Statement"][0]["Resource"] = d["Statement"][0]["Resource"][:-1] + " "
    assert policy_size(json.dumps(d, indent=2)) == 6144


def test_max_size_overrides_the_quota():
    compile_policy(sized(7000), "identity", max_size=8000)
    with pytest.raises(PolicyError):
        compile_policy(sized(7000), "resource", max_size=6000)


def test_policy_size_of_compiled_policy():
    p = compile_policy(sized(300))
    assert policy_size(p) == 300


# --- compiling once -------------------------------------------------------------------

POLICY = doc(allow("s3:GetObject", OBJ))


def test_identical_documents_compile_once():
    a = compile_policy(POLICY)
    b = compile_policy(json.loads(json.dumps(POLICY)))
    assert a._core is b._core


def test_names_do_not_split_the_cache():
    a = compile_policy(POLICY, name="one")
    b = compile_policy(POLICY, name="two")
    assert a._core is b._core
    assert (a.name, b.name) == ("one", "two")


def test_compiled_policy_is_immutable():
    p = compile_policy(POLICY)
    with pytest.raises(AttributeError):
        p.name = "x"
    with pytest.raises(AttributeError):
        p._core = None
    assert isinstance(p.statements, tuple)


def test_document_is_a_copy():
    p = compile_policy(POLICY)
    d = p.document
    d["Statement"] = []
    assert p.document["Statement"]


def test_compiled_policy_is_reused_as_is():
    p = compile_policy(POLICY, name="n")
    assert compile_policy(p) is p
    assert compile_policy(p, "boundary") is p
    renamed = compile_policy(p, name="m")
    assert renamed.name == "m" and renamed._core is p._core


def test_compiled_policy_recompiled_for_another_family():
    p = compile_policy(doc(rallow("*", "s3:GetObject", OBJ)), "resource")
    with pytest.raises(PolicyError) as info:
        compile_policy(p, "identity")
    assert info.value.message == "Policy document should not specify a principal."


def test_named_pair():
    p = compile_policy(("arn:aws:iam::111122223333:policy/P", POLICY))
    assert p.name == "arn:aws:iam::111122223333:policy/P"


POLICY_FORMS = [
    ("dict", POLICY),
    ("json", json.dumps(POLICY)),
    ("compiled", compile_policy(POLICY)),
    ("pair", ("P", POLICY)),
    ("pair-json", ("P", json.dumps(POLICY))),
    ("pair-compiled", ("P", compile_policy(POLICY))),
]


@pytest.mark.parametrize("form", [f[1] for f in POLICY_FORMS], ids=[f[0] for f in POLICY_FORMS])
def test_every_policy_form_evaluates(form):
    check(evaluate("s3:GetObject", OBJ, USER, {}, [form]), "Allowed", "identity")
    check(evaluate("s3:GetObject", OBJ, USER, {}, form), "Allowed", "identity")


def test_decision_names_the_policy():
    d = evaluate("s3:GetObject", OBJ, USER, {}, [("arn:aws:iam::111122223333:policy/Read", POLICY)])
    assert [s.policy_name for s in d.statements] == ["arn:aws:iam::111122223333:policy/Read"]
    assert d.statements[0].as_dict() == {
        "policy_type": "identity", "policy_name": "arn:aws:iam::111122223333:policy/Read",
        "sid": None, "index": 0, "effect": "Allow", "level": None, "grant": None}


def test_candidates_index_finds_statements_by_action():
    p = compile_policy(doc(allow("s3:GetObject"), allow("s3:Get*"), allow("ec2:*"),
                           {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
                           allow("*"), allow("S3:GETOBJECT")))
    assert [s.index for s in p.candidates("s3:GetObject")] == [0, 1, 3, 4, 5]
    assert [s.index for s in p.candidates("iam:ListUsers")] == [4]
    assert [s.index for s in p.candidates("ec2:RunInstances")] == [2, 3, 4]
