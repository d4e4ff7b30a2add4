"""Resource policies: Put/Get/Delete/ValidateResourcePolicy, BlockPublicPolicy, resource_policy()."""
import json

import pytest

from iamulator.services.base import Context
from iamulator.services.secretsmanager import resource_policy
from iamulator.services.state import STORE

from sm_support import ACCOUNT, REGION, error_of


def doc(principal, condition=None, effect="Allow", action="secretsmanager:GetSecretValue"):
    statement = {"Effect": effect, "Principal": principal, "Action": action, "Resource": "*"}
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


ACCOUNT_POLICY = doc({"AWS": "arn:aws:iam::111122223333:root"})
PUBLIC_POLICY = doc("*")


def test_put_get_delete(sm):
    sm.create_secret(Name="p", SecretString="x")
    assert "ResourcePolicy" not in sm.get_resource_policy(SecretId="p")
    out = sm.put_resource_policy(SecretId="p", ResourcePolicy=ACCOUNT_POLICY)
    assert out["Name"] == "p"
    got = sm.get_resource_policy(SecretId="p")
    assert json.loads(got["ResourcePolicy"]) == json.loads(ACCOUNT_POLICY)
    assert got["ARN"] == out["ARN"]
    sm.delete_resource_policy(SecretId="p")
    assert "ResourcePolicy" not in sm.get_resource_policy(SecretId="p")
    sm.delete_resource_policy(SecretId="p")     # deleting again is fine


@pytest.mark.parametrize("text,message", [
    ("not json", "Syntax errors in policy."),
    (json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:*",
                                                         "Resource": "*"}]}), "Missing required field Principal"),
    (json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
                                                         "Resource": "*"}]}), "Policy statement must contain actions."),
])
def test_malformed_policies(sm, text, message):
    sm.create_secret(Name="p", SecretString="x")
    with pytest.raises(sm.exceptions.MalformedPolicyDocumentException) as exc:
        sm.put_resource_policy(SecretId="p", ResourcePolicy=text)
    assert error_of(exc) == ("MalformedPolicyDocumentException", 400, message)
    assert "ResourcePolicy" not in sm.get_resource_policy(SecretId="p")


class TestBlockPublicPolicy:
    def test_public_policy_is_refused_when_blocked(self, sm):
        sm.create_secret(Name="p", SecretString="x")
        with pytest.raises(sm.exceptions.PublicPolicyException) as exc:
            sm.put_resource_policy(SecretId="p", ResourcePolicy=PUBLIC_POLICY, BlockPublicPolicy=True)
        assert error_of(exc) == ("PublicPolicyException", 400, "The BlockPublicPolicy parameter is set to true, and "
                                 "the resource policy did not prevent broad access to the secret.")
        # Without the flag it is stored.
        sm.put_resource_policy(SecretId="p", ResourcePolicy=PUBLIC_POLICY)
        assert sm.get_resource_policy(SecretId="p")["ResourcePolicy"] == PUBLIC_POLICY

    @pytest.mark.parametrize("policy", [
        ACCOUNT_POLICY,
        doc("*", {"StringEquals": {"aws:PrincipalAccount": "111122223333"}}),
        doc("*", {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}),
        doc({"AWS": "*"}, {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app"}}),
        doc("*", {"IpAddress": {"aws:SourceIp": "10.0.0.0/16"}}),
        doc("*", effect="Deny"),
        doc({"Service": "lambda.amazonaws.com"}),
    ])
    def test_narrow_policies_pass(self, sm, policy):
        sm.create_secret(Name="p", SecretString="x")
        sm.put_resource_policy(SecretId="p", ResourcePolicy=policy, BlockPublicPolicy=True)
        assert sm.validate_resource_policy(SecretId="p", ResourcePolicy=policy)["PolicyValidationPassed"] is True

    @pytest.mark.parametrize("policy", [
        PUBLIC_POLICY,
        doc({"AWS": "*"}),
        doc("*", {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/app"}}),
        doc("*", {"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}),
        doc("*", {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}),
        doc("*", {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}),
    ])
    def test_broad_policies_fail(self, sm, policy):
        sm.create_secret(Name="p", SecretString="x")
        with pytest.raises(sm.exceptions.PublicPolicyException):
            sm.put_resource_policy(SecretId="p", ResourcePolicy=policy, BlockPublicPolicy=True)
        out = sm.validate_resource_policy(ResourcePolicy=policy)
        assert out["PolicyValidationPassed"] is False
        assert out["ValidationErrors"][0]["CheckName"] == "BROAD_ACCESS_CHECK"


def test_validate_without_a_secret_and_with_a_missing_one(sm):
    assert sm.validate_resource_policy(ResourcePolicy=ACCOUNT_POLICY) ["PolicyValidationPassed"] is True
    with pytest.raises(sm.exceptions.ResourceNotFoundException):
        sm.validate_resource_policy(SecretId="missing", ResourcePolicy=ACCOUNT_POLICY)
    with pytest.raises(sm.exceptions.MalformedPolicyDocumentException):
        sm.validate_resource_policy(ResourcePolicy="{")


def test_resource_policy_function_for_enforcement(sm):
    arn = sm.create_secret(Name="p", SecretString="x")["ARN"]
    ctx = Context(request=None, service="secretsmanager", operation="GetSecretValue", protocol="json",
                  account_id="999999999999", region=REGION, store=STORE)
    assert resource_policy(ctx, arn) == (None, ACCOUNT)
    sm.put_resource_policy(SecretId="p", ResourcePolicy=ACCOUNT_POLICY)
    assert resource_policy(ctx, arn) == (ACCOUNT_POLICY, ACCOUNT)
    assert resource_policy(ctx, arn[:-7]) == (ACCOUNT_POLICY, ACCOUNT)   # a partial ARN names it too
    missing = f"arn:aws:secretsmanager:{REGION}:222233334444:secret:other-AbCdEf"
    assert resource_policy(ctx, missing) == (None, "222233334444")
