"""Every condition operator, IfExists, set qualifiers, missing keys and multivalued keys.

Each row: operator, policy value(s), context value(s) (MISSING for an absent key),
whether the condition holds. The condition guards an Allow, so "holds" means Allowed and
"does not hold" means an implicit deny by the identity-based policy.
"""
import pytest

from iamulator.authz import evaluate

from authz_helpers import USER, check, doc

MISSING = object()
KEY = "ex:key"

ROWS = [
    # --- String ---------------------------------------------------------------------
    ("StringEquals", "abc", "abc", True),
    ("StringEquals", "abc", "ABC", False),
    ("StringEquals", "abc", "abcd", False),
    ("StringEquals", "abc", MISSING, False),
    ("StringEquals", ["a", "b"], "b", True),
    ("StringEquals", ["a", "b"], "c", False),
    ("StringEquals", "a*", "abc", False),
    ("StringEquals", "a*", "a*", True),
    ("StringEquals", "", "", True),
    ("StringEquals", 10, "10", True),
    ("StringEquals", True, "true", True),
    ("StringNotEquals", "abc", "abc", False),
    ("StringNotEquals", "abc", "xyz", True),
    ("StringNotEquals", "abc", "ABC", True),
    ("StringNotEquals", "abc", MISSING, True),
    ("StringNotEquals", ["a", "b"], "a", False),
    ("StringNotEquals", ["a", "b"], "b", False),
    ("StringNotEquals", ["a", "b"], "c", True),
    ("StringEqualsIgnoreCase", "abc", "ABC", True),
    ("StringEqualsIgnoreCase", "AbC", "aBc", True),
    ("StringEqualsIgnoreCase", "abc", "abd", False),
    ("StringEqualsIgnoreCase", "abc", MISSING, False),
    ("StringNotEqualsIgnoreCase", "abc", "ABC", False),
    ("StringNotEqualsIgnoreCase", "abc", "xyz", True),
    ("StringNotEqualsIgnoreCase", "abc", MISSING, True),
    ("StringNotEqualsIgnoreCase", ["a", "B"], "b", False),
    ("StringLike", "a*c", "abbbc", True),
    ("StringLike", "a*c", "ac", True),
    ("StringLike", "a?c", "abc", True),
    ("StringLike", "a?c", "abbc", False),
    ("StringLike", "home/*", "home/x/y", True),
    ("StringLike", "home/*", "Home/x", False),
    ("StringLike", "A*", "abc", False),
    ("StringLike", "*", "", True),
    ("StringLike", "", "", True),
    ("StringLike", "", "x", False),
    ("StringLike", ["x*", "y*"], "yz", True),
    ("StringLike", ["x*", "y*"], "zz", False),
    ("StringLike", "t2.*", "t2.micro", True),
    ("StringLike", "a*b*c", "a:b/c", True),
    ("StringLike", "abc", MISSING, False),
    ("StringNotLike", "a*", "abc", False),
    ("StringNotLike", "a*", "bcd", True),
    ("StringNotLike", "a*", MISSING, True),
    ("StringNotLike", ["a*", "b*"], "bz", False),
    ("StringNotLike", ["a*", "b*"], "cz", True),
    # --- Numeric --------------------------------------------------------------------
    ("NumericEquals", "10", "10", True),
    ("NumericEquals", "10", "10.0", True),
    ("NumericEquals", "10", "11", False),
    ("NumericEquals", "10", "ten", False),
    ("NumericEquals", "10", MISSING, False),
    ("NumericEquals", 10, "10", True),
    ("NumericEquals", "1e3", "1000", True),
    ("NumericEquals", ["1", "2"], "2", True),
    ("NumericNotEquals", "10", "11", True),
    ("NumericNotEquals", "10", "10", False),
    ("NumericNotEquals", "10", MISSING, True),
    ("NumericNotEquals", ["1", "2"], "2", False),
    ("NumericLessThan", "10", "9", True),
    ("NumericLessThan", "10", "10", False),
    ("NumericLessThan", "10", "9.99", True),
    ("NumericLessThan", "-5", "-6", True),
    ("NumericLessThan", "10", MISSING, False),
    ("NumericLessThanEquals", "10", "10", True),
    ("NumericLessThanEquals", "10", "11", False),
    ("NumericGreaterThan", "10", "11", True),
    ("NumericGreaterThan", "10", "10", False),
    ("NumericGreaterThanEquals", "10", "10", True),
    ("NumericGreaterThanEquals", "10", "9", False),
    ("NumericGreaterThanEquals", "10", MISSING, False),
    # --- Date -----------------------------------------------------------------------
    ("DateEquals", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", True),
    ("DateEquals", "2020-01-01T00:00:00Z", "2020-01-01T00:00:01Z", False),
    ("DateEquals", "1577836800", "2020-01-01T00:00:00Z", True),
    ("DateEquals", "2020-01-01T00:00:00Z", "1577836800", True),
    ("DateEquals", "2020-01-01", "2020-01-01T00:00:00Z", True),
    ("DateEquals", "2020-01-01T01:00:00+01:00", "2020-01-01T00:00:00Z", True),
    ("DateEquals", "2020-01-01T00:00:00Z", "not-a-date", False),
    ("DateEquals", "2020-01-01T00:00:00Z", MISSING, False),
    ("DateNotEquals", "2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z", True),
    ("DateNotEquals", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", False),
    ("DateNotEquals", "2020-01-01T00:00:00Z", MISSING, True),
    ("DateLessThan", "2020-01-01T00:00:00Z", "2019-12-31T23:59:59Z", True),
    ("DateLessThan", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", False),
    ("DateLessThan", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00.5Z", False),
    ("DateLessThan", "2020-01-01T00:00:01Z", "2020-01-01T00:00:00.5Z", True),
    ("DateLessThan", "1577836800", "1577836799", True),
    ("DateLessThan", "2020-01-01T00:00:00Z", MISSING, False),
    ("DateLessThanEquals", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", True),
    ("DateLessThanEquals", "2020-01-01T00:00:00Z", "2020-01-01T00:00:01Z", False),
    ("DateGreaterThan", "2020-01-01T00:00:00Z", "2020-06-01T00:00:00Z", True),
    ("DateGreaterThan", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", False),
    ("DateGreaterThan", "2020-01-01T00:00:01Z", "2020-01-01T00:00:00-05:00", True),
    ("DateGreaterThanEquals", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", True),
    ("DateGreaterThanEquals", "2020-01-01T00:00:00Z", "2019-01-01", False),
    # --- Bool -----------------------------------------------------------------------
    ("Bool", "true", "true", True),
    ("Bool", "true", "false", False),
    ("Bool", "true", "True", True),
    ("Bool", "false", "false", True),
    ("Bool", "true", MISSING, False),
    ("Bool", True, "true", True),
    ("Bool", "true", True, True),
    ("Bool", "false", False, True),
    ("Bool", "true", "yes", False),
    # --- Binary ---------------------------------------------------------------------
    ("BinaryEquals", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", True),
    ("BinaryEquals", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", b"BinaryValueInBase64", True),
    ("BinaryEquals", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", "AAAA", False),
    ("BinaryEquals", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", MISSING, False),
    # --- IP address -----------------------------------------------------------------
    ("IpAddress", "203.0.113.0/24", "203.0.113.7", True),
    ("IpAddress", "203.0.113.0/24", "203.0.114.1", False),
    ("IpAddress", "203.0.113.5", "203.0.113.5", True),
    ("IpAddress", "203.0.113.5", "203.0.113.6", False),
    ("IpAddress", "203.0.113.5/24", "203.0.113.200", True),
    ("IpAddress", "2001:DB8:1234:5678::/64", "2001:db8:1234:5678::1", True),
    ("IpAddress", "2001:DB8:1234:5678::/64", "2001:db8:1234:5679::1", False),
    ("IpAddress", "0.0.0.0/0", "2001:db8::1", False),
    ("IpAddress", "::/0", "10.0.0.1", False),
    ("IpAddress", "10.0.0.0/8", "not-an-ip", False),
    ("IpAddress", "10.0.0.0/8", MISSING, False),
    ("IpAddress", ["10.0.0.0/8", "192.168.0.0/16"], "192.168.1.1", True),
    ("IpAddress", ["203.0.113.0/24", "2001:DB8:1234:5678::/64"], "2001:db8:1234:5678:abcd::1", True),
    ("NotIpAddress", "203.0.113.0/24", "203.0.113.7", False),
    ("NotIpAddress", "203.0.113.0/24", "198.51.100.1", True),
    ("NotIpAddress", "203.0.113.0/24", MISSING, True),
    ("NotIpAddress", ["10.0.0.0/8", "192.168.0.0/16"], "192.168.1.1", False),
    # --- ARN ------------------------------------------------------------------------
    ("ArnEquals", "arn:aws:sns:us-east-1:111122223333:topic", "arn:aws:sns:us-east-1:111122223333:topic", True),
    ("ArnEquals", "arn:aws:sns:us-east-1:111122223333:topic", "arn:aws:sns:us-east-1:111122223333:other", False),
    ("ArnEquals", "arn:aws:sns:*:111122223333:*", "arn:aws:sns:eu-west-1:111122223333:t", True),
    ("ArnLike", "arn:aws:sns:*:111122223333:*", "arn:aws:sns:us-east-1:111122223333:t", True),
    ("ArnLike", "arn:aws:sns:*:111122223333:*", "arn:aws:sns:us-east-1:444455556666:t", False),
    ("ArnLike", "arn:aws:someservice:*:111122223333:finance/*",
     "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt", False),
    ("StringLike", "arn:aws:someservice:*:111122223333:finance/*",
     "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt", True),
    ("ArnLike", "arn:aws:iam::*:role/Admin*", "arn:aws:iam::111122223333:role/AdminTeam", True),
    ("ArnLike", "arn:aws:iam::*:role/Admin*", "arn:aws:iam::111122223333:role/adminteam", False),
    ("ArnLike", "arn:aws:iam::111122223333:*", "not-an-arn", False),
    ("ArnLike", "arn:aws:iam::111122223333:*", MISSING, False),
    ("ArnNotEquals", "arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/b", True),
    ("ArnNotEquals", "arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/a", False),
    ("ArnNotEquals", "arn:aws:iam::111122223333:role/a", MISSING, True),
    ("ArnNotLike", "arn:aws:iam::*:role/a*", "arn:aws:iam::111122223333:role/abc", False),
    ("ArnNotLike", "arn:aws:iam::*:role/a*", "arn:aws:iam::111122223333:role/xyz", True),
    ("ArnNotLike", "arn:aws:iam::*:role/a*", MISSING, True),
    # --- Null -----------------------------------------------------------------------
    ("Null", "true", MISSING, True),
    ("Null", "true", "x", False),
    ("Null", "false", "x", True),
    ("Null", "false", MISSING, False),
    ("Null", True, MISSING, True),
    ("Null", "TRUE", MISSING, True),
    ("Null", "true", [], True),
    # --- IfExists -------------------------------------------------------------------
    ("StringEqualsIfExists", "abc", MISSING, True),
    ("StringEqualsIfExists", "abc", "abc", True),
    ("StringEqualsIfExists", "abc", "xyz", False),
    ("StringNotEqualsIfExists", "abc", MISSING, True),
    ("StringNotEqualsIfExists", "abc", "abc", False),
    ("StringLikeIfExists", "t2.*", MISSING, True),
    ("StringLikeIfExists", "t2.*", "m5.large", False),
    ("StringEqualsIgnoreCaseIfExists", "abc", MISSING, True),
    ("NumericLessThanIfExists", "10", MISSING, True),
    ("NumericLessThanIfExists", "10", "20", False),
    ("DateGreaterThanIfExists", "2020-01-01T00:00:00Z", MISSING, True),
    ("BoolIfExists", "true", MISSING, True),
    ("BoolIfExists", "false", "true", False),
    ("BinaryEqualsIfExists", "AAAA", MISSING, True),
    ("IpAddressIfExists", "10.0.0.0/8", MISSING, True),
    ("IpAddressIfExists", "10.0.0.0/8", "11.0.0.1", False),
    ("NotIpAddressIfExists", "10.0.0.0/8", MISSING, True),
    ("ArnLikeIfExists", "arn:aws:iam::*:role/*", MISSING, True),
    ("ArnNotLikeIfExists", "arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/x", False),
    # --- set qualifiers and multivalued keys ------------------------------------------
    ("ForAllValues:StringEquals", ["a", "b"], ["a"], True),
    ("ForAllValues:StringEquals", ["a", "b"], ["a", "b"], True),
    ("ForAllValues:StringEquals", ["a", "b"], ["a", "c"], False),
    ("ForAllValues:StringEquals", ["a", "b"], MISSING, True),
    ("ForAllValues:StringEquals", ["a", "b"], [], True),
    ("ForAllValues:StringEquals", ["a", "b"], "", True),
    ("ForAllValues:StringLike", ["PostDateTime", "Message", "Tags"], ["PostDateTime", "Message"], True),
    ("ForAllValues:StringLike", ["PostDateTime", "Message", "Tags"], ["PostDateTime", "UserName"], False),
    ("ForAllValues:StringLike", "team*", ["team-a", "team-b"], True),
    ("ForAllValues:StringNotEquals", ["a", "b"], ["c", "d"], True),
    ("ForAllValues:StringNotEquals", ["a", "b"], ["a", "c"], False),
    ("ForAllValues:StringNotEquals", ["a", "b"], MISSING, True),
    ("ForAllValues:NumericLessThan", "10", ["1", "2"], True),
    ("ForAllValues:NumericLessThan", "10", ["1", "20"], False),
    ("ForAllValues:StringEqualsIfExists", "a", MISSING, True),
    ("ForAnyValue:StringEquals", ["a", "b"], ["c", "a"], True),
    ("ForAnyValue:StringEquals", ["a", "b"], ["c"], False),
    ("ForAnyValue:StringEquals", ["a", "b"], MISSING, False),
    ("ForAnyValue:StringEquals", ["a", "b"], [], False),
    ("ForAnyValue:StringEquals", ["a", "b"], "", False),
    ("ForAnyValue:StringLike", ["ID", "PostDateTime"], ["UserName", "Message", "PostDateTime"], True),
    ("ForAnyValue:StringLike", ["ID", "PostDateTime"], ["UserName"], False),
    ("ForAnyValue:StringNotEquals", "a", ["a", "b"], True),
    ("ForAnyValue:StringNotEquals", "a", ["a"], False),
    ("ForAnyValue:StringNotEquals", "a", MISSING, False),
    ("ForAnyValue:StringEqualsIfExists", "a", MISSING, True),
    ("ForAnyValue:IpAddress", "10.0.0.0/8", ["192.168.0.1", "10.1.1.1"], True),
    ("ForAnyValue:ArnLike", "arn:aws:iam::*:role/x", ["arn:aws:iam::111122223333:role/x"], True),
    ("forallvalues:stringequals", "a", ["a"], True),
    ("StringEquals", "a", ["a", "b"], True),
    ("StringEquals", "c", ["a", "b"], False),
    ("StringNotEquals", "a", ["a", "b"], False),
    ("StringNotEquals", "c", ["a", "b"], True),
    ("StringLike", "b*", ["a", "bz"], True),
]


def _ctx(value):
    return {} if value is MISSING else {KEY: value}


def _policy(operator, value):
    return doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                "Condition": {operator: {KEY: value}}})


@pytest.mark.parametrize("operator,policy_value,context_value,holds", ROWS)
def test_condition_operator(operator, policy_value, context_value, holds):
    d = evaluate("s3:GetObject", "*", USER, _ctx(context_value), [_policy(operator, policy_value)])
    check(d, "Allowed" if holds else "ImplicitlyDenied", None if holds else "identity")


NEGATED = ["StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "NumericNotEquals",
           "DateNotEquals", "NotIpAddress", "ArnNotEquals", "ArnNotLike"]


@pytest.mark.parametrize("operator", NEGATED)
def test_negated_operator_in_deny_applies_to_a_missing_key(operator):
    """A Deny with a negated operator denies when the key is absent (no IfExists needed)."""
    value = {"NotIpAddress": "10.0.0.0/8", "NumericNotEquals": "1", "DateNotEquals": "2020-01-01",
             "ArnNotEquals": "arn:aws:iam::1:role/x", "ArnNotLike": "arn:aws:iam::1:role/x"}.get(operator, "x")
    p = doc({"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {operator: {KEY: value}}})
    check(evaluate("s3:GetObject", "*", USER, {}, [p]), "ExplicitlyDenied", "identity")
    check(evaluate("s3:GetObject", "*", USER, {}, [doc({"Effect": "Allow", "Action": "*", "Resource": "*"},
                                                     {"Effect": "Deny", "Action": "*", "Resource": "*",
                                                      "Condition": {operator + "IfExists": {KEY: value}}})]),
          "ExplicitlyDenied", "identity")


def test_keys_under_one_operator_are_anded():
    p = doc({"Effect": "Allow", "Action": "*", "Resource": "*",
             "Condition": {"StringEquals": {"ex:a": "1", "ex:b": "2"}}})
    check(evaluate("s3:GetObject", "*", USER, {"ex:a": "1", "ex:b": "2"}, [p]), "Allowed")
    check(evaluate("s3:GetObject", "*", USER, {"ex:a": "1", "ex:b": "3"}, [p]), "ImplicitlyDenied", "identity")
    check(evaluate("s3:GetObject", "*", USER, {"ex:a": "1"}, [p]), "ImplicitlyDenied", "identity")


def test_operators_in_a_block_are_anded():
    p = doc({"Effect": "Allow", "Action": "*", "Resource": "*",
             "Condition": {"StringEquals": {"aws:PrincipalTag/department": ["finance", "hr"]},
                           "ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::111122223333:user/*"]}}})
    check(evaluate("s3:GetObject", "*", USER, {"aws:PrincipalTag/department": "hr"}, [p]), "Allowed")
    check(evaluate("s3:GetObject", "*", USER, {"aws:PrincipalTag/department": "it"}, [p]),
          "ImplicitlyDenied", "identity")
    check(evaluate("s3:GetObject", "*", "arn:aws:iam::111122223333:role/r",
                   {"aws:PrincipalTag/department": "hr"}, [p]), "ImplicitlyDenied", "identity")


def test_condition_keys_are_case_insensitive_values_are_not():
    p = doc({"Effect": "Allow", "Action": "*", "Resource": "*",
             "Condition": {"StringEquals": {"AWS:PrincipalTag/Team": "Blue"}}})
    check(evaluate("s3:GetObject", "*", USER, {"aws:principaltag/team": "Blue"}, [p]), "Allowed")
    check(evaluate("s3:GetObject", "*", USER, {"aws:principaltag/team": "blue"}, [p]),
          "ImplicitlyDenied", "identity")


def test_deny_with_foranyvalue_on_requested_attributes():
    """AWS's DynamoDB example: deny PutItem touching ID or PostDateTime."""
    p = doc({"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": "*"},
            {"Effect": "Deny", "Action": "dynamodb:PutItem", "Resource": "*",
             "Condition": {"ForAnyValue:StringLike": {"dynamodb:requestedAttributes": ["ID", "PostDateTime"]}}})
    check(evaluate("dynamodb:PutItem", "*", USER,
                   {"dynamodb:requestedAttributes": ["UserName", "Message", "PostDateTime"]}, [p]),
          "ExplicitlyDenied", "identity")
    check(evaluate("dynamodb:PutItem", "*", USER, {"dynamodb:requestedAttributes": ["UserName"]}, [p]),
          "Allowed")


def test_ec2_instance_type_ifexists_example():
    p = doc({"Sid": "RunInstance", "Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*",
             "Condition": {"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}})
    check(evaluate("ec2:RunInstances", "arn:aws:ec2:us-east-1::image/ami-1", USER, {}, [p]), "Allowed")
    check(evaluate("ec2:RunInstances", "*", USER, {"ec2:InstanceType": "t2.micro"}, [p]), "Allowed")
    check(evaluate("ec2:RunInstances", "*", USER, {"ec2:InstanceType": "m5.large"}, [p]),
          "ImplicitlyDenied", "identity")


def test_context_values_of_other_types_take_aws_string_form():
    p = doc({"Effect": "Allow", "Action": "*", "Resource": "*",
             "Condition": {"NumericLessThanEquals": {"s3:max-keys": "10"},
                           "Bool": {"aws:SecureTransport": "true"}}})
    check(evaluate("s3:ListBucket", "*", USER, {"s3:max-keys": 10, "aws:SecureTransport": True}, [p]), "Allowed")
    check(evaluate("s3:ListBucket", "*", USER, {"s3:max-keys": 11, "aws:SecureTransport": True}, [p]),
          "ImplicitlyDenied", "identity")
