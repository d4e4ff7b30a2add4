"""Action and resource matching: wildcards, case rules, ARN segments, Not* elements."""
import pytest

from iamulator.authz import evaluate

from authz_helpers import USER, allow, check, deny, doc

ACTIONS = [
    # pattern, requested action, matches
    ("s3:GetObject", "s3:GetObject", True),
    ("s3:getobject", "s3:GetObject", True),
    ("S3:GETOBJECT", "s3:GetObject", True),
    ("s3:GetObject", "S3:getObject", True),
    ("s3:GetObject", "s3:GetObjectAcl", False),
    ("s3:GetObjectAcl", "s3:GetObject", False),
    ("s3:Get*", "s3:GetObject", True),
    ("s3:Get*", "s3:Get", True),
    ("s3:Get*", "s3:PutObject", False),
    ("s3:get*", "s3:GetBucketPolicy", True),
    ("s3:*Object", "s3:GetObject", True),
    ("s3:*Object", "s3:GetObjectAcl", False),
    ("s3:*Obj*", "s3:GetObjectAcl", True),
    ("s3:*", "s3:ListBucket", True),
    ("s3:*", "s3express:CreateSession", False),
    ("*", "ec2:RunInstances", True),
    ("ec2:*", "s3:GetObject", False),
    ("s3:Get?bject", "s3:GetObject", True),
    ("s3:Get?bject", "s3:GetOObject", False),
    ("s3:Get?bject", "s3:Getbject", False),
    ("s3:????Object", "s3:ListObject", True),
    ("iam:*AccessKey*", "iam:CreateAccessKey", True),
    ("iam:*AccessKey*", "iam:ListAccessKeys", True),
    ("iam:*AccessKey*", "iam:ListUsers", False),
    ("iam:*Report", "iam:GetOrganizationsAccessReport", True),
    ("iam:*Report", "iam:GenerateCredentialReport", True),
    ("iam:*Report", "iam:GetCredentialReports", False),
    ("s3*:GetObject", "s3:GetObject", True),
    ("s3*:GetObject", "s3express:GetObject", True),
    ("sqs:SendMessage", "SQS:SendMessage", True),
    ("s3:List*", "s3:ListAllMyBuckets", True),
    ("dynamodb:*Item", "dynamodb:BatchGetItem", True),
]


@pytest.mark.parametrize("pattern,action,matches", ACTIONS)
def test_action_wildcards(pattern, action, matches):
    d = evaluate(action, "*", USER, {}, [doc(allow(pattern, "*"))])
    check(d, "Allowed" if matches else "ImplicitlyDenied", None if matches else "identity")


@pytest.mark.parametrize("pattern,action,matches", ACTIONS[:16])
def test_notaction_is_the_complement(pattern, action, matches):
    d = evaluate(action, "*", USER, {}, [doc({"Effect": "Allow", "NotAction": pattern, "Resource": "*"})])
    check(d, "ImplicitlyDenied" if matches else "Allowed", "identity" if matches else None)


RESOURCES = [
    # pattern, requested resource, matches
    ("*", "arn:aws:s3:::bucket/key", True),
    ("*", "*", True),
    ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c", True),
    ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", False),
    ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/", True),
    ("arn:aws:s3:::bucket*", "arn:aws:s3:::bucket", True),
    ("arn:aws:s3:::bucket*", "arn:aws:s3:::bucket-logs/x", True),
    ("arn:aws:s3:::bucket", "arn:aws:s3:::bucket/", False),
    ("arn:aws:s3:::BUCKET/*", "arn:aws:s3:::bucket/x", False),
    ("arn:aws:s3:::bucket/Key", "arn:aws:s3:::bucket/key", False),
    ("arn:aws:s3:::bucket/?.txt", "arn:aws:s3:::bucket/a.txt", True),
    ("arn:aws:s3:::bucket/?.txt", "arn:aws:s3:::bucket/ab.txt", False),
    ("arn:aws:s3:::bucket/*.txt", "arn:aws:s3:::bucket/dir/a.txt", True),
    ("arn:aws:s3:::*log*", "arn:aws:s3:::carlossalazar-logs", True),
    ("arn:aws:s3:::*log*", "arn:aws:s3:::carlossalazar", False),
    ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a:b:c", True),
    ("arn:aws:ec2:*:111122223333:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", True),
    ("arn:aws:ec2:*:111122223333:instance/*", "arn:aws:ec2:us-east-1:444455556666:instance/i-1", False),
    ("arn:aws:ec2:us-east-*:*:instance/*", "arn:aws:ec2:us-east-2:111122223333:instance/i-1", True),
    ("arn:aws:ec2:us-east-*:*:instance/*", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", False),
    ("arn:aws:ec2:*:*:*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", True),
    ("arn:*:ec2:*:*:*", "arn:aws-cn:ec2:cn-north-1:111122223333:volume/v-1", True),
    ("arn:aws:*:*:*:*", "arn:aws:sqs:us-east-1:111122223333:q", True),
    # a wildcard in the first five segments never crosses a colon
    ("arn:aws:ec2:*:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", False),
    ("arn:aws:sqs:*:q*", "arn:aws:sqs:us-east-1:111122223333:q", False),
    ("arn:aws:ec2:*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", True),
    ("arn:aws:sqs:us-east-1:111122223333:*", "arn:aws:sqs:us-east-1:111122223333:queue", True),
    ("arn:aws:sqs:us-east-1:111122223333:*", "arn:aws:sqs:us-east-2:111122223333:queue", False),
    ("arn:aws:sqs:us-east-1:1111222233??:q", "arn:aws:sqs:us-east-1:111122223333:q", True),
    ("arn:aws:sqs:us-east-1:1111222233?:q", "arn:aws:sqs:us-east-1:111122223333:q", False),
    ("arn:aws:iam::111122223333:user/*", "arn:aws:iam::111122223333:user/division/alice", True),
    ("arn:aws:iam::111122223333:user/*", "arn:aws:iam::111122223333:role/x", False),
    ("arn:aws:iam::*:root", "arn:aws:iam::111122223333:root", True),
    ("arn:aws:dynamodb:us-east-1:111122223333:table/Books", "arn:aws:dynamodb:us-east-1:111122223333:table/Books/index/i", False),
    ("arn:aws:dynamodb:us-east-1:111122223333:table/Books*", "arn:aws:dynamodb:us-east-1:111122223333:table/Books/index/i", True),
    ("arn:aws:s3:::bucket/*", "*", False),
    ("arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/*", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/fn:log-stream:x", True),
]


@pytest.mark.parametrize("pattern,resource,matches", RESOURCES)
def test_resource_wildcards(pattern, resource, matches):
    d = evaluate("s3:GetObject", resource, USER, {}, [doc(allow("s3:GetObject", pattern))])
    check(d, "Allowed" if matches else "ImplicitlyDenied", None if matches else "identity")


@pytest.mark.parametrize("pattern,resource,matches", RESOURCES[:20])
def test_notresource_is_the_complement(pattern, resource, matches):
    d = evaluate("s3:GetObject", resource, USER, {},
                 [doc({"Effect": "Allow", "Action": "s3:GetObject", "NotResource": pattern})])
    check(d, "ImplicitlyDenied" if matches else "Allowed", "identity" if matches else None)


def test_resource_list_is_ored():
    p = doc(allow("s3:*", ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"]))
    check(evaluate("s3:GetObject", "arn:aws:s3:::b/k", USER, {}, [p]), "Allowed")
    check(evaluate("s3:GetObject", "arn:aws:s3:::c/k", USER, {}, [p]), "ImplicitlyDenied", "identity")


def test_notresource_list_excludes_every_entry():
    p = doc({"Effect": "Allow", "Action": "s3:*", "NotResource": ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"]})
    check(evaluate("s3:GetObject", "arn:aws:s3:::a/k", USER, {}, [p]), "ImplicitlyDenied", "identity")
    check(evaluate("s3:GetObject", "arn:aws:s3:::b/k", USER, {}, [p]), "ImplicitlyDenied", "identity")
    check(evaluate("s3:GetObject", "arn:aws:s3:::c/k", USER, {}, [p]), "Allowed")


def test_action_list_is_ored():
    p = doc(allow(["s3:GetObject", "s3:PutObject"]))
    check(evaluate("s3:PutObject", "*", USER, {}, [p]), "Allowed")
    check(evaluate("s3:DeleteObject", "*", USER, {}, [p]), "ImplicitlyDenied", "identity")


def test_notaction_deny_blocks_everything_else():
    """AWS's example: deny everything except IAM self-management without MFA."""
    p = doc(allow("*"), {"Effect": "Deny", "NotAction": ["iam:ChangePassword", "iam:GetUser"],
                         "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}})
    check(evaluate("iam:ChangePassword", "*", USER, {}, [p]), "Allowed")
    check(evaluate("ec2:RunInstances", "*", USER, {}, [p]), "ExplicitlyDenied", "identity")
    check(evaluate("ec2:RunInstances", "*", USER, {"aws:MultiFactorAuthPresent": True}, [p]), "Allowed")


def test_deny_with_notresource():
    p = doc(allow("s3:*"), {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::ok/*"})
    check(evaluate("s3:GetObject", "arn:aws:s3:::ok/x", USER, {}, [p]), "Allowed")
    check(evaluate("s3:GetObject", "arn:aws:s3:::other/x", USER, {}, [p]), "ExplicitlyDenied", "identity")


def test_carlos_example_from_the_evaluation_logic_page():
    identity = doc(
        {"Sid": "AllowS3ListRead", "Effect": "Allow", "Action": ["s3:GetBucketLocation", "s3:ListAllMyBuckets"],
         "Resource": "arn:aws:s3:::*"},
        {"Sid": "AllowS3Self", "Effect": "Allow", "Action": "s3:*",
         "Resource": ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"]},
        {"Sid": "DenyS3Logs", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::*log*"})
    user = "arn:aws:iam::123456789012:user/carlossalazar"
    check(evaluate("s3:PutObject", "arn:aws:s3:::carlossalazar-logs/f", user, {}, [identity]),
          "ExplicitlyDenied", "identity")
    check(evaluate("s3:PutObject", "arn:aws:s3:::carlossalazar/f", user, {}, [identity]), "Allowed", "identity")
    check(evaluate("s3:ListAllMyBuckets", "arn:aws:s3:::x", user, {}, [identity]), "Allowed")


def test_explicit_and_implicit_deny_example():
    """AWS's AllowGetList / DenyReports example."""
    p = doc({"Sid": "AllowGetList", "Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"},
            {"Sid": "DenyReports", "Effect": "Deny", "Action": "iam:*Report", "Resource": "*"})
    check(evaluate("iam:GetUser", "*", USER, {}, [p]), "Allowed")
    check(evaluate("iam:CreatePolicy", "*", USER, {}, [p]), "ImplicitlyDenied", "identity")
    check(evaluate("iam:GetOrganizationsAccessReport", "*", USER, {}, [p]), "ExplicitlyDenied", "identity")
    check(evaluate("iam:GenerateCredentialReport", "*", USER, {},
                   [p, doc(allow("iam:GenerateCredentialReport"))]), "ExplicitlyDenied", "identity")


def test_deny_only_policy_denies_explicitly():
    check(evaluate("s3:GetObject", "*", USER, {}, [doc(deny("s3:*"))]), "ExplicitlyDenied", "identity")
