import json

import pytest

from iam_support import ACCOUNT, TRUST_EC2, allow, arn, deny, fails, policy

FIRST = '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}'
SECOND = '{"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}'
LAID_OUT = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    ' + FIRST + ',\n    ' + SECOND + '\n  ]\n}'


def first(results):
    return results["EvaluationResults"][0]


@pytest.fixture
def alice(iam):
    iam.create_user(UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="objects", PolicyDocument=LAID_OUT)
    return iam


def test_allowed_with_the_matching_statement_and_its_position(alice):
    out = alice.simulate_principal_policy(PolicySourceArn=arn("user", "alice"), ActionNames=["s3:GetObject"])
    result = first(out)
    assert (result["EvalActionName"], result["EvalResourceName"], result["EvalDecision"]) == (
        "s3:GetObject", "*", "allowed")
    assert result["MatchedStatements"] == [{
        "SourcePolicyId": "objects", "SourcePolicyType": "user",
        "StartPosition": {"Line": 4, "Column": 5}, "EndPosition": {"Line": 4, "Column": 5 + len(FIRST)}}]
    assert result["MissingContextValues"] == []
    assert out["IsTruncated"] is False


def test_explicit_and_implicit_deny(alice):
    out = alice.simulate_principal_policy(PolicySourceArn=arn("user", "alice"),
                                          ActionNames=["s3:DeleteObject", "ec2:RunInstances"])
    deleted, run = out["EvaluationResults"]
    assert deleted["EvalDecision"] == "explicitDeny"
    assert deleted["MatchedStatements"] == [{
        "SourcePolicyId": "objects", "SourcePolicyType": "user",
        "StartPosition": {"Line": 5, "Column": 5}, "EndPosition": {"Line": 5, "Column": 5 + len(SECOND)}}]
    assert (run["EvalDecision"], run["MatchedStatements"]) == ("implicitDeny", [])


def test_group_and_managed_policies_take_part(iam):
    iam.create_user(UserName="bob")
    iam.create_group(GroupName="readers")
    iam.add_user_to_group(GroupName="readers", UserName="bob")
    iam.attach_group_policy(GroupName="readers", PolicyArn="arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess")
    iam.put_group_policy(GroupName="readers", PolicyName="sns", PolicyDocument=policy(allow("sns:Publish")))
    mine = iam.create_policy(PolicyName="Dynamo", PolicyDocument=policy(allow("dynamodb:GetItem")))["Policy"]["Arn"]
    iam.attach_user_policy(UserName="bob", PolicyArn=mine)
    results = iam.simulate_principal_policy(
        PolicySourceArn=arn("user", "bob"),
        ActionNames=["sqs:GetQueueUrl", "sns:Publish", "dynamodb:GetItem", "s3:GetObject"])["EvaluationResults"]
    assert [r["EvalDecision"] for r in results] == ["allowed", "allowed", "allowed", "implicitDeny"]
    sources = [(r["MatchedStatements"][0]["SourcePolicyId"], r["MatchedStatements"][0]["SourcePolicyType"])
               for r in results[:3]]
    assert sources == [("AmazonSQSReadOnlyAccess", "aws-managed"), ("sns", "group"), ("Dynamo", "user-managed")]
    # A group can be simulated on its own.
    group = iam.simulate_principal_policy(PolicySourceArn=arn("group", "readers"), ActionNames=["sns:Publish",
                                                                                                  "dynamodb:GetItem"])
    assert [r["EvalDecision"] for r in group["EvaluationResults"]] == ["allowed", "implicitDeny"]


def test_role_source(iam):
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2)
    iam.put_role_policy(RoleName="app", PolicyName="logs", PolicyDocument=policy(allow("logs:*")))
    result = first(iam.simulate_principal_policy(PolicySourceArn=arn("role", "app"), ActionNames=["logs:PutLogEvents"]))
    assert result["EvalDecision"] == "allowed"
    assert result["MatchedStatements"][0]["SourcePolicyType"] == "role"


def test_permissions_boundary(iam):
    iam.create_user(UserName="carol", PermissionsBoundary="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
    iam.attach_user_policy(UserName="carol", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    results = iam.simulate_principal_policy(PolicySourceArn=arn("user", "carol"),
                                            ActionNames=["s3:GetObject", "ec2:RunInstances"])["EvaluationResults"]
    s3, ec2 = results
    assert s3["EvalDecision"] == "allowed"
    assert s3["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": True}
    assert ec2["EvalDecision"] == "implicitDeny"
    assert ec2["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": False}
    # A boundary passed in replaces the user's own.
    passed = first(iam.simulate_principal_policy(PolicySourceArn=arn("user", "carol"), ActionNames=["ec2:RunInstances"],
                                                 PermissionsBoundaryPolicyInputList=[policy(allow("ec2:*"))]))
    assert passed["EvalDecision"] == "allowed"
    assert passed["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": True}


def test_missing_context_values_and_context_entries(iam):
    conditional = policy(allow("s3:GetObject", Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))
    out = first(iam.simulate_custom_policy(PolicyInputList=[conditional], ActionNames=["s3:GetObject"]))
    assert (out["EvalDecision"], out["MissingContextValues"]) == ("implicitDeny", ["aws:SourceIp"])
    given = first(iam.simulate_custom_policy(
        PolicyInputList=[conditional], ActionNames=["s3:GetObject"],
        ContextEntries=[{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["10.1.2.3"], "ContextKeyType": "ip"}]))
    assert (given["EvalDecision"], given["MissingContextValues"]) == ("allowed", [])
    listed = policy(allow("s3:GetObject", Condition={"ForAnyValue:StringEquals": {"aws:TagKeys": ["b"]}}))
    many = first(iam.simulate_custom_policy(
        PolicyInputList=[listed], ActionNames=["s3:GetObject"],
        ContextEntries=[{"ContextKeyName": "aws:TagKeys", "ContextKeyValues": ["a", "b"],
                         "ContextKeyType": "stringList"}]))
    assert many["EvalDecision"] == "allowed"


def test_custom_policy_inputs_and_resources(iam):
    docs = [policy(allow("s3:GetObject", "arn:aws:s3:::public/*")), policy(deny("s3:GetObject", "arn:aws:s3:::secret/*"))]
    out = iam.simulate_custom_policy(PolicyInputList=docs, ActionNames=["s3:GetObject"],
                                     ResourceArns=["arn:aws:s3:::public/a", "arn:aws:s3:::secret/b",
                                                   "arn:aws:s3:::other/c"])
    result = first(out)
    assert result["EvalDecision"] == "explicitDeny"
    assert result["MissingContextValues"] == []
    per = {r["EvalResourceName"]: r for r in result["ResourceSpecificResults"]}
    assert [per[r]["EvalResourceDecision"] for r in ("arn:aws:s3:::public/a", "arn:aws:s3:::secret/b",
                                                      "arn:aws:s3:::other/c")] == [
        "allowed", "explicitDeny", "implicitDeny"]
    assert per["arn:aws:s3:::public/a"]["MatchedStatements"][0]["SourcePolicyId"] == "PolicyInputList.1"
    assert per["arn:aws:s3:::secret/b"]["MatchedStatements"][0]["SourcePolicyId"] == "PolicyInputList.2"
    assert result["MatchedStatements"] == per["arn:aws:s3:::secret/b"]["MatchedStatements"]
    single = first(iam.simulate_custom_policy(PolicyInputList=docs, ActionNames=["s3:GetObject"],
                                              ResourceArns=["arn:aws:s3:::public/a"]))
    assert (single["EvalResourceName"], single["EvalDecision"]) == ("arn:aws:s3:::public/a", "allowed")


def test_resource_policy_with_caller(iam):
    bucket_policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": arn("user", "dave")}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::shared/*"}]})
    result = first(iam.simulate_custom_policy(
        PolicyInputList=[policy(allow("sqs:*"))], ActionNames=["s3:GetObject"],
        ResourceArns=["arn:aws:s3:::shared/file"], ResourcePolicy=bucket_policy, CallerArn=arn("user", "dave")))
    assert result["EvalDecision"] == "allowed"
    assert result["MatchedStatements"][0]["SourcePolicyType"] == "resource"
    # Another account's bucket: its policy alone is not enough.
    cross = first(iam.simulate_custom_policy(
        PolicyInputList=[policy(allow("sqs:*"))], ActionNames=["s3:GetObject"],
        ResourceArns=["arn:aws:s3:::shared/file"], ResourcePolicy=bucket_policy, CallerArn=arn("user", "dave"),
        ResourceOwner="arn:aws:iam::210987654321:root"))
    assert cross["EvalDecision"] == "implicitDeny"


def test_results_paginate(iam):
    actions = [f"s3:Action{i}" for i in range(5)]
    page = iam.simulate_custom_policy(PolicyInputList=[policy(allow("s3:*"))], ActionNames=actions, MaxItems=2)
    assert [r["EvalActionName"] for r in page["EvaluationResults"]] == actions[:2]
    assert page["IsTruncated"] is True
    everything = [r["EvalActionName"] for p in iam.get_paginator("simulate_custom_policy").paginate(
        PolicyInputList=[policy(allow("s3:*"))], ActionNames=actions, PaginationConfig={"PageSize": 2})
        for r in p["EvaluationResults"]]
    assert everything == actions


def test_simulation_errors(iam):
    assert fails(iam.simulate_custom_policy, PolicyInputList=["{nope"], ActionNames=["s3:GetObject"]) == (
        "MalformedPolicyDocument", "Syntax errors in policy.", 400)
    assert fails(iam.simulate_principal_policy, PolicySourceArn=arn("user", "ghost"), ActionNames=["s3:GetObject"]) == (
        "NoSuchEntity", "The user with name ghost cannot be found.", 404)
    code, _, status = fails(iam.simulate_principal_policy, PolicySourceArn="arn:aws:s3:::bucket-name",
                            ActionNames=["s3:GetObject"])
    assert (code, status) == ("InvalidInput", 400)
    code, _, _ = fails(iam.simulate_principal_policy, PolicySourceArn="arn:aws:iam::999999999999:user/x",
                       ActionNames=["s3:GetObject"])
    assert code == "InvalidInput"


def test_context_keys_of_policies(iam):
    doc = policy(allow("s3:*", Condition={"StringEquals": {"aws:PrincipalTag/team": "x", "s3:prefix": "home/"},
                                          "Bool": {"aws:SecureTransport": "true"}}))
    keys = iam.get_context_keys_for_custom_policy(PolicyInputList=[doc])["ContextKeyNames"]
    assert keys == ["aws:PrincipalTag/team", "aws:SecureTransport", "s3:prefix"]
    iam.create_user(UserName="u")
    iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument=doc)
    assert iam.get_context_keys_for_principal_policy(PolicySourceArn=arn("user", "u"))["ContextKeyNames"] == keys
    assert ACCOUNT
