"""Properties: the parser never crashes; evaluation is deterministic and order-independent."""
import json
import random

from hypothesis import HealthCheck, given, settings, strategies as st

from iamulator.authz import CompiledPolicy, PolicyError, compile_policy, evaluate

KINDS = ["identity", "resource", "trust", "boundary", "session", "scp", "rcp", "key", "inline-user"]
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- arbitrary JSON ------------------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                    st.text(max_size=20))
json_values = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)), max_leaves=20)

FIELD_NAMES = ["Version", "Id", "Statement", "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
               "Resource", "NotResource", "Condition", "AWS", "Service", "Federated", "CanonicalUser",
               "StringEquals", "ForAnyValue:StringLike", "NumericLessThanIfExists", "Null", "IpAddress",
               "ArnLike", "DateGreaterThan", "Bool", "BinaryEquals", "aws:SourceIp", "s3:prefix"]
FIELD_VALUES = ["2012-10-17", "2008-10-17", "Allow", "Deny", "*", "s3:GetObject", "s3:*", "iam:Get*",
                "arn:aws:s3:::b/*", "arn:aws:iam::111122223333:root", "111122223333", "true", "10.0.0.0/8",
                "${aws:username}", "${x, 'd'}", "lambda.amazonaws.com", "arn:aws:iam::111122223333:user/*"]

policyish = st.recursive(
    st.one_of(st.sampled_from(FIELD_VALUES), scalars),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=6)), children, max_size=5)),
    max_leaves=25)


def _compiles_or_policy_error(document, kind):
    try:
        result = compile_policy(document, kind)
    except PolicyError as err:
        assert isinstance(err.message, str) and err.message
        assert isinstance(err.code, str) and err.code
        return None
    assert isinstance(result, CompiledPolicy)
    return result


@FAST
@given(json_values, st.sampled_from(KINDS))
def test_parser_accepts_or_raises_policy_error_on_any_json(value, kind):
    _compiles_or_policy_error(value if isinstance(value, (dict, str)) else json.dumps(value), kind)


@FAST
@given(st.text(max_size=200), st.sampled_from(KINDS))
def test_parser_accepts_or_raises_policy_error_on_any_text(text, kind):
    _compiles_or_policy_error(text, kind)


@FAST
@given(policyish, st.sampled_from(KINDS))
def test_parser_on_policy_shaped_documents(value, kind):
    documents = [value, {"Version": "2012-10-17", "Statement": value},
                 {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*",
                                                          "Principal": "*", "Condition": value}]}]
    for d in documents:
        compiled = _compiles_or_policy_error(d if isinstance(d, (dict, str)) else json.dumps(d), kind)
        if compiled is not None:
            # whatever compiles must also evaluate without error
            evaluate("s3:GetObject", "arn:aws:s3:::b/k", "arn:aws:iam::111122223333:user/alice",
                     {"aws:SourceIp": "10.1.2.3", "s3:prefix": ["a", "b"]},
                     [compiled] if compiled.kind in ("identity", "boundary", "session", "inline-user") else [],
                     compiled if compiled.kind in ("resource", "trust", "key") else None)


# --- generated valid policies ----------------------------------------------------------------

ACTIONS = ["s3:GetObject", "s3:Get*", "s3:*", "*", "s3:PutObject", "ec2:*", "s3:G?tObject"]
RESOURCES = ["*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/k", "arn:aws:s3:::other/*", "arn:aws:s3:::b/${aws:username}*"]
PRINCIPALS = ["*", {"AWS": "111122223333"}, {"AWS": "arn:aws:iam::111122223333:user/alice"},
              {"AWS": "arn:aws:iam::111122223333:role/app"}, {"AWS": "444455556666"},
              {"AWS": "arn:aws:sts::111122223333:assumed-role/app/s"}]
CONDITIONS = [None,
              {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
              {"StringNotEquals": {"aws:PrincipalTag/team": "red"}},
              {"StringEqualsIfExists": {"ex:k": "v"}},
              {"ForAnyValue:StringLike": {"ex:tags": ["a*"]}},
              {"ForAllValues:StringEquals": {"ex:tags": ["a1", "b"]}},
              {"Null": {"ex:missing": "true"}},
              {"Bool": {"aws:SecureTransport": "false"}}]


@st.composite
def statements(draw, with_principal=False):
    s = {"Effect": draw(st.sampled_from(["Allow", "Deny"]))}
    key = "NotAction" if draw(st.integers(0, 5)) == 0 else "Action"
    s[key] = draw(st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=2))
    key = "NotResource" if draw(st.integers(0, 5)) == 0 else "Resource"
    s[key] = draw(st.lists(st.sampled_from(RESOURCES), min_size=1, max_size=2))
    if with_principal:
        s["Principal"] = draw(st.sampled_from(PRINCIPALS))
    cond = draw(st.sampled_from(CONDITIONS))
    if cond:
        s["Condition"] = cond
    return s


def documents(with_principal=False):
    return st.lists(statements(with_principal), min_size=1, max_size=4).map(
        lambda ss: {"Version": "2012-10-17", "Statement": ss})


requests = st.fixed_dictionaries({
    "action": st.sampled_from(["s3:GetObject", "s3:PutObject", "ec2:RunInstances"]),
    "resource": st.sampled_from(["arn:aws:s3:::b/k", "arn:aws:s3:::b/alice", "arn:aws:s3:::other/x", "*"]),
    "principal": st.sampled_from(["arn:aws:iam::111122223333:user/alice", "arn:aws:sts::111122223333:assumed-role/app/s",
                                  "arn:aws:iam::444455556666:user/bob", None, "arn:aws:iam::111122223333:root"]),
    "context": st.fixed_dictionaries({}, optional={
        "aws:SourceIp": st.sampled_from(["10.0.0.1", "192.0.2.1"]),
        "aws:PrincipalTag/team": st.sampled_from(["red", "blue"]),
        "ex:k": st.sampled_from(["v", "w"]),
        "ex:tags": st.lists(st.sampled_from(["a1", "b", "c"]), max_size=3),
        "aws:SecureTransport": st.booleans()}),
})


def _summary(d):
    return d.result, d.decided_by, d.message


def _shuffled(rng, doc):
    d = dict(doc)
    ss = list(d["Statement"])
    rng.shuffle(ss)
    d["Statement"] = ss
    return d


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(req=requests,
       identity=st.lists(documents(), max_size=3),
       resource_policy=st.one_of(st.none(), documents(with_principal=True)),
       boundary=st.one_of(st.none(), documents()),
       sessions=st.one_of(st.none(), st.lists(documents(), max_size=2)),
       scps=st.one_of(st.none(), st.lists(st.lists(documents(), min_size=1, max_size=2), min_size=1, max_size=2)),
       cross=st.booleans(), required=st.booleans(), seed=st.integers(0, 2**16))
def test_evaluation_is_deterministic_and_order_independent(req, identity, resource_policy, boundary, sessions,
                                                           scps, cross, required, seed):
    names = [f"arn:aws:iam::111122223333:policy/P{i}" for i in range(len(identity))]
    kwargs = dict(resource_policy=resource_policy, permissions_boundary=boundary, session_policies=sessions,
                  scps=scps, resource_account="999999999999" if cross else None,
                  resource_policy_required=required and resource_policy is not None)
    first = evaluate(req["action"], req["resource"], req["principal"], req["context"],
                     list(zip(names, identity)), **kwargs)
    again = evaluate(req["action"], req["resource"], req["principal"], req["context"],
                     list(zip(names, identity)), **kwargs)
    assert _summary(first) == _summary(again)

    rng = random.Random(seed)
    pairs = [(n, _shuffled(rng, d)) for n, d in zip(names, identity)]
    rng.shuffle(pairs)
    kwargs2 = dict(kwargs)
    if resource_policy is not None:
        kwargs2["resource_policy"] = _shuffled(rng, resource_policy)
    if boundary is not None:
        kwargs2["permissions_boundary"] = _shuffled(rng, boundary)
    if sessions is not None:
        kwargs2["session_policies"] = [_shuffled(rng, s) for s in reversed(sessions)]
    if scps is not None:
        kwargs2["scps"] = [[_shuffled(rng, s) for s in reversed(level)] for level in scps]
    shuffled = evaluate(req["action"], req["resource"], req["principal"], req["context"], pairs, **kwargs2)
    assert _summary(shuffled) == _summary(first), (first.explain(), shuffled.explain())
    first.explain()  # the trace never fails


@settings(max_examples=100, deadline=None)
@given(req=requests, identity=st.lists(documents(), min_size=1, max_size=3))
def test_an_applicable_deny_always_wins(req, identity):
    deny_all = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}
    d = evaluate(req["action"], req["resource"], req["principal"] or "arn:aws:iam::111122223333:user/alice",
                 req["context"], identity + [deny_all])
    assert d.result == "ExplicitlyDenied"


@settings(max_examples=100, deadline=None)
@given(req=requests, identity=st.lists(documents(), max_size=3), boundary=documents())
def test_a_boundary_never_widens_permissions(req, identity, boundary):
    principal = req["principal"] or "arn:aws:iam::111122223333:user/alice"
    without = evaluate(req["action"], req["resource"], principal, req["context"], identity)
    with_boundary = evaluate(req["action"], req["resource"], principal, req["context"], identity,
                             permissions_boundary=boundary)
    if with_boundary.allowed:
        assert without.allowed
