"""Policy variables: ${key}, defaults, ${*} ${?} ${$}, and the Version rule."""
import pytest

from iamulator.authz import evaluate

from authz_helpers import ACCT, SESSION, USER, check, doc

HOME = "arn:aws:s3:::bucket/home/${aws:username}/*"


def res_policy(resource, version="2012-10-17", action="s3:GetObject"):
    return doc({"Effect": "Allow", "Action": action, "Resource": resource}, version=version)


RESOURCE_ROWS = [
    # resource pattern, principal, context, requested resource, allowed
    (HOME, USER, {}, "arn:aws:s3:::bucket/home/alice/f", True),
    (HOME, USER, {}, "arn:aws:s3:::bucket/home/bob/f", False),
    (HOME, USER, {"aws:username": "bob"}, "arn:aws:s3:::bucket/home/bob/f", True),
    (HOME, SESSION, {}, "arn:aws:s3:::bucket/home/alice/f", False),
    ("arn:aws:s3:::bucket/home/${AWS:UserName}/*", USER, {}, "arn:aws:s3:::bucket/home/alice/f", True),
    ("arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'shared'}/*", USER, {}, "arn:aws:s3:::bucket/shared/x", True),
    ("arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'shared'}/*", USER, {"aws:PrincipalTag/team": "blue"},
     "arn:aws:s3:::bucket/blue/x", True),
    ("arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'shared'}/*", USER, {"aws:PrincipalTag/team": "blue"},
     "arn:aws:s3:::bucket/shared/x", False),
    ("arn:aws:s3:::bucket/${aws:PrincipalTag/team,'shared'}/*", USER, {}, "arn:aws:s3:::bucket/shared/x", True),
    ("arn:aws:s3:::bucket/${aws:PrincipalTag/team, ''}x", USER, {}, "arn:aws:s3:::bucket/x", True),
    ("arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*", USER, {}, "arn:aws:s3:::bucket/${aws:PrincipalTag/team}/x", False),
    ("arn:aws:s3:::bucket/${*}", USER, {}, "arn:aws:s3:::bucket/*", True),
    ("arn:aws:s3:::bucket/${*}", USER, {}, "arn:aws:s3:::bucket/anything", False),
    ("arn:aws:s3:::bucket/${?}", USER, {}, "arn:aws:s3:::bucket/?", True),
    ("arn:aws:s3:::bucket/${?}", USER, {}, "arn:aws:s3:::bucket/x", False),
    ("arn:aws:s3:::bucket/${$}x", USER, {}, "arn:aws:s3:::bucket/$x", True),
    ("arn:aws:s3:::bucket/a${*}b*", USER, {}, "arn:aws:s3:::bucket/a*bcd", True),
    ("arn:aws:s3:::bucket/a${*}b*", USER, {}, "arn:aws:s3:::bucket/axbcd", False),
    # substituted values are literal text, never wildcards
    ("arn:aws:s3:::bucket/${aws:PrincipalTag/p}", USER, {"aws:PrincipalTag/p": "a*"}, "arn:aws:s3:::bucket/abc", False),
    ("arn:aws:s3:::bucket/${aws:PrincipalTag/p}", USER, {"aws:PrincipalTag/p": "a*"}, "arn:aws:s3:::bucket/a*", True),
    # a multivalued key cannot be a policy variable
    ("arn:aws:s3:::bucket/${ex:list}/*", USER, {"ex:list": ["a", "b"]}, "arn:aws:s3:::bucket/a/x", False),
    ("arn:aws:s3:::bucket/${ex:list}/*", USER, {"ex:list": ["a"]}, "arn:aws:s3:::bucket/a/x", True),
    # variables in the account segment
    ("arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:*", USER, {}, f"arn:aws:sqs:us-east-1:{ACCT}:q", True),
    ("arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:*", USER, {}, "arn:aws:sqs:us-east-1:444455556666:q", False),
    ("arn:aws:s3:::bucket/${aws:userid}/*", USER, {"aws:userid": "AIDAEXAMPLE"}, "arn:aws:s3:::bucket/AIDAEXAMPLE/x", True),
    ("arn:aws:s3:::bucket/${aws:userid}/*", SESSION, {"aws:userid": "AROAEXAMPLE:sess"},
     "arn:aws:s3:::bucket/AROAEXAMPLE:sess/x", True),
    ("arn:aws:s3:::${ex:bucket}/*", USER, {"ex:bucket": "b1"}, "arn:aws:s3:::b1/k", True),
]


@pytest.mark.parametrize("pattern,principal,context,resource,allowed", RESOURCE_ROWS)
def test_variables_in_resource(pattern, principal, context, resource, allowed):
    d = evaluate("s3:GetObject", resource, principal, context, [res_policy(pattern)])
    check(d, "Allowed" if allowed else "ImplicitlyDenied", None if allowed else "identity")


@pytest.mark.parametrize("version", ["2008-10-17", None])
def test_variables_are_literal_text_before_2012(version):
    p = res_policy(HOME, version=version)
    check(evaluate("s3:GetObject", "arn:aws:s3:::bucket/home/alice/f", USER, {}, [p]),
          "ImplicitlyDenied", "identity")
    check(evaluate("s3:GetObject", "arn:aws:s3:::bucket/home/${aws:username}/f", USER, {}, [p]), "Allowed")


def test_variables_are_not_expanded_in_action():
    p = doc({"Effect": "Allow", "Action": "s3:Get${ex}", "Resource": "*"})
    check(evaluate("s3:Getfoo", "*", USER, {"ex": "foo"}, [p]), "ImplicitlyDenied", "identity")
    check(evaluate("s3:Get${ex}", "*", USER, {}, [p]), "Allowed")


def test_a_variable_with_a_colon_in_action_breaks_the_one_colon_rule():
    from iamulator.authz import PolicyError
    with pytest.raises(PolicyError) as info:
        evaluate("s3:alice", "*", USER, {}, [doc({"Effect": "Allow", "Action": "s3:${aws:username}",
                                                  "Resource": "*"})])
    assert info.value.message == "Actions/Condition can contain only one colon."


CONDITION_ROWS = [
    # operator, policy value, context, holds
    ("StringEquals", "${aws:username}", {"ex:owner": "alice"}, True),
    ("StringEquals", "${aws:username}", {"ex:owner": "bob"}, False),
    ("StringEquals", "${ex:missing}", {"ex:owner": "alice"}, False),
    ("StringEquals", "${ex:missing, 'alice'}", {"ex:owner": "alice"}, True),
    ("StringEquals", ["${ex:missing}", "alice"], {"ex:owner": "alice"}, True),
    ("StringNotEquals", "${ex:missing}", {"ex:owner": "alice"}, True),
    ("StringNotEquals", "${aws:username}", {"ex:owner": "alice"}, False),
    ("StringEqualsIgnoreCase", "${aws:username}", {"ex:owner": "ALICE"}, True),
    ("StringLike", "home/${aws:username}/*", {"ex:owner": "home/alice/docs"}, True),
    ("StringLike", "home/${aws:username}/*", {"ex:owner": "home/bob/docs"}, False),
    ("StringLike", "${aws:PrincipalTag/p}", {"ex:owner": "abc", "aws:PrincipalTag/p": "a*"}, False),
    ("StringLike", "${aws:PrincipalTag/p}", {"ex:owner": "a*", "aws:PrincipalTag/p": "a*"}, True),
    ("StringEquals", "${*}", {"ex:owner": "*"}, True),
    ("ArnLike", "arn:aws:sns:*:${aws:PrincipalAccount}:*", {"ex:owner": f"arn:aws:sns:us-east-1:{ACCT}:t"}, True),
    ("ArnLike", "arn:aws:sns:*:${aws:PrincipalAccount}:*", {"ex:owner": "arn:aws:sns:us-east-1:444455556666:t"}, False),
    ("ArnEquals", "${aws:PrincipalArn}", {"ex:owner": USER}, True),
    ("Bool", "${ex:flag}", {"ex:owner": "true", "ex:flag": "true"}, True),
    ("Bool", "${ex:flag}", {"ex:owner": "true", "ex:flag": "false"}, False),
]


@pytest.mark.parametrize("operator,value,context,holds", CONDITION_ROWS)
def test_variables_in_condition_values(operator, value, context, holds):
    p = doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
             "Condition": {operator: {"ex:owner": value}}})
    check(evaluate("s3:GetObject", "*", USER, context, [p]), "Allowed" if holds else "ImplicitlyDenied",
          None if holds else "identity")


@pytest.mark.parametrize("operator", ["NumericEquals", "DateEquals", "IpAddress", "BinaryEquals"])
def test_no_variables_in_typed_operators(operator):
    """Numeric, Date, IP and Binary values cannot hold policy variables: the text stays
    literal and is not a valid value of the type, so the document is refused."""
    from iamulator.authz import PolicyError
    p = doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
             "Condition": {operator: {"ex:owner": "${ex:v}"}}})
    with pytest.raises(PolicyError) as info:
        evaluate("s3:GetObject", "*", USER, {"ex:owner": "5", "ex:v": "5"}, [p])
    assert info.value.message == "Syntax errors in policy."


def test_variables_in_condition_values_are_literal_before_2012():
    p = doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
             "Condition": {"StringEquals": {"ex:owner": "${aws:username}"}}}, version=None)
    check(evaluate("s3:GetObject", "*", USER, {"ex:owner": "alice"}, [p]), "ImplicitlyDenied", "identity")
    check(evaluate("s3:GetObject", "*", USER, {"ex:owner": "${aws:username}"}, [p]), "Allowed")


def test_s3_home_directory_example():
    """AWS's StringLike + policy variable example for a per-user S3 home directory."""
    p = doc({"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "s3:GetBucketLocation"], "Resource": "arn:aws:s3:::*"},
            {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::BUCKET-NAME",
             "Condition": {"StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/"]}}},
            {"Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::BUCKET-NAME/home/${aws:username}",
                                                             "arn:aws:s3:::BUCKET-NAME/home/${aws:username}/*"]})
    check(evaluate("s3:ListBucket", "arn:aws:s3:::BUCKET-NAME", USER, {"s3:prefix": "home/alice/"}, [p]), "Allowed")
    check(evaluate("s3:ListBucket", "arn:aws:s3:::BUCKET-NAME", USER, {"s3:prefix": "home/bob/"}, [p]),
          "ImplicitlyDenied", "identity")
    check(evaluate("s3:PutObject", "arn:aws:s3:::BUCKET-NAME/home/alice/x", USER, {}, [p]), "Allowed")
    check(evaluate("s3:PutObject", "arn:aws:s3:::BUCKET-NAME/home/bob/x", USER, {}, [p]),
          "ImplicitlyDenied", "identity")


def test_unresolvable_variable_is_reported_as_missing_context():
    d = evaluate("s3:GetObject", "arn:aws:s3:::bucket/home/alice/f", SESSION, {}, [res_policy(HOME)])
    assert "aws:username" in d.missing_context_keys
