"""GetSessionToken, GetFederationToken, AssumeRoleWithWebIdentity, AssumeRoleWithSAML,
GetAccessKeyInfo and DecodeAuthorizationMessage."""
import base64
import json

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

from iamulator.authz import clock

from sts_support import ACCOUNT, allow, client, doc, error, make_user


# --- GetSessionToken --------------------------------------------------------------------------------

def test_session_token_acts_as_the_user_with_mfa_context(iam):
    key = make_user(iam, policy=doc(allow("sqs:ListQueues", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})))
    plain = client("sts", key).get_session_token()["Credentials"]
    assert plain["AccessKeyId"].startswith("ASIA")
    assert client("sts", plain).get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert error(client("sqs", plain).list_queues)[0] == "AccessDenied"
    assert error(client("sqs", key).list_queues)[0] == "AccessDenied"      # long-term keys: no MFA key
    mfa = client("sts", key).get_session_token(SerialNumber="arn:aws:iam::123456789012:mfa/alice",
                                               TokenCode="123456")["Credentials"]
    client("sqs", mfa).list_queues()
    assert error(client("sts", mfa).get_session_token)[:2] == ("AccessDenied", 403)


def test_session_token_durations(iam, monkeypatch):
    key = make_user(iam)
    now = clock.now()
    default = client("sts", key).get_session_token()["Credentials"]["Expiration"].timestamp()
    assert 43190 <= default - now <= 43201
    short = client("sts", key).get_session_token(DurationSeconds=900)["Credentials"]
    monkeypatch.setattr(clock, "now", lambda: now + 1000)
    assert error(client("sts", short).get_caller_identity)[:2] == ("ExpiredToken", 403)


# --- GetFederationToken -----------------------------------------------------------------------------

def test_federation_token_is_the_intersection_of_user_and_session_policy(iam):
    key = make_user(iam, policy=doc(allow(["sqs:*", "sts:GetFederationToken"])))
    out = client("sts", key).get_federation_token(Name="bob", Policy=doc(allow(["sqs:ListQueues", "sns:*"])))
    assert out["FederatedUser"] == {"FederatedUserId": f"{ACCOUNT}:bob",
                                    "Arn": f"arn:aws:sts::{ACCOUNT}:federated-user/bob"}
    creds = out["Credentials"]
    assert client("sts", creds).get_caller_identity()["Arn"] == f"arn:aws:sts::{ACCOUNT}:federated-user/bob"
    client("sqs", creds).list_queues()
    assert error(client("sqs", creds).create_queue, QueueName="q")[0] == "AccessDenied"
    assert error(client("sns", creds).list_topics)[0] == "AuthorizationError"
    without_policy = client("sts", key).get_federation_token(Name="carol")["Credentials"]
    assert error(client("sqs", without_policy).list_queues)[0] == "AccessDenied"


def test_federation_token_needs_permission_and_a_valid_name(iam):
    key = make_user(iam, policy=doc(allow("sqs:*")))
    code, status, message = error(client("sts", key).get_federation_token, Name="bob")
    assert (code, status) == ("AccessDenied", 403)
    assert message.endswith(f"on resource: arn:aws:sts::{ACCOUNT}:federated-user/bob because no "
                            "identity-based policy allows the sts:GetFederationToken action")
    assert error(boto3.client("sts", region_name="us-east-1").get_federation_token, Name="x" * 33)[:2] == (
        "ValidationError", 400)


# --- web identity -----------------------------------------------------------------------------------

def jwt(claims):
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")
    return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


GITHUB = "token.actions.githubusercontent.com"


def test_web_identity_trust_and_claims(iam):
    provider_arn = f"arn:aws:iam::{ACCOUNT}:oidc-provider/{GITHUB}"
    trust = doc({"Effect": "Allow", "Principal": {"Federated": provider_arn},
                 "Action": "sts:AssumeRoleWithWebIdentity",
                 "Condition": {"StringEquals": {f"{GITHUB}:aud": "sts.amazonaws.com"},
                               "StringLike": {f"{GITHUB}:sub": "repo:octo/app:*"}}})
    role = iam.create_role(RoleName="ci", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    iam.put_role_policy(RoleName="ci", PolicyName="p", PolicyDocument=doc(allow("sqs:ListQueues")))
    sts = boto3.client("sts", region_name="us-east-1", config=Config(signature_version=UNSIGNED))
    good = jwt({"iss": f"https://{GITHUB}", "sub": "repo:octo/app:ref:refs/heads/main",
                "aud": "sts.amazonaws.com", "exp": int(clock.now()) + 600})
    out = sts.assume_role_with_web_identity(RoleArn=role, RoleSessionName="gh", WebIdentityToken=good)
    assert out["SubjectFromWebIdentityToken"] == "repo:octo/app:ref:refs/heads/main"
    assert out["Provider"] == GITHUB and out["Audience"] == "sts.amazonaws.com"
    assert out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/ci/gh"
    client("sqs", out["Credentials"]).list_queues()
    wrong_repo = jwt({"iss": f"https://{GITHUB}", "sub": "repo:evil/app:ref:x", "aud": "sts.amazonaws.com"})
    assert error(sts.assume_role_with_web_identity, RoleArn=role, RoleSessionName="gh",
                 WebIdentityToken=wrong_repo) == (
        "AccessDenied", 403, "Not authorized to perform sts:AssumeRoleWithWebIdentity")
    expired = jwt({"iss": f"https://{GITHUB}", "sub": "repo:octo/app:x", "aud": "sts.amazonaws.com",
                   "exp": int(clock.now()) - 10})
    assert error(sts.assume_role_with_web_identity, RoleArn=role, RoleSessionName="gh",
                 WebIdentityToken=expired)[:2] == ("ExpiredTokenException", 400)
    assert error(sts.assume_role_with_web_identity, RoleArn=role, RoleSessionName="gh",
                 WebIdentityToken="not-a-jwt") == (
        "InvalidIdentityToken", 400,
        "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)")


def test_web_identity_well_known_provider_by_host(iam):
    trust = doc({"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"},
                 "Action": "sts:AssumeRoleWithWebIdentity",
                 "Condition": {"StringEquals": {"accounts.google.com:aud": "my-client-id"}}})
    role = iam.create_role(RoleName="g", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    sts = boto3.client("sts", region_name="us-east-1", config=Config(signature_version=UNSIGNED))
    token = jwt({"iss": "https://accounts.google.com", "sub": "1234", "aud": "other", "azp": "my-client-id"})
    out = sts.assume_role_with_web_identity(RoleArn=role, RoleSessionName="g1", WebIdentityToken=token)
    assert out["Provider"] == "accounts.google.com" and out["Audience"] == "my-client-id"


# --- SAML -------------------------------------------------------------------------------------------

def saml_assertion(role, provider, session="alice@example.com", audience="https://signin.aws.amazon.com/saml"):
    xml = f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"
        xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">
      <saml:Issuer>https://idp.example.com/</saml:Issuer>
      <saml:Assertion>
        <saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">alice</saml:NameID></saml:Subject>
        <saml:Conditions><saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>
        <saml:AttributeStatement>
          <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">
            <saml:AttributeValue>{role},{provider}</saml:AttributeValue>
          </saml:Attribute>
          <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName">
            <saml:AttributeValue>{session}</saml:AttributeValue>
          </saml:Attribute>
        </saml:AttributeStatement>
      </saml:Assertion>
    </samlp:Response>"""
    return base64.b64encode(xml.encode()).decode()


def test_saml_role_pair_trust_and_audience(iam):
    provider = f"arn:aws:iam::{ACCOUNT}:saml-provider/corp"
    trust = doc({"Effect": "Allow", "Principal": {"Federated": provider}, "Action": "sts:AssumeRoleWithSAML",
                 "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}})
    role = iam.create_role(RoleName="sso", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    sts = boto3.client("sts", region_name="us-east-1", config=Config(signature_version=UNSIGNED))
    out = sts.assume_role_with_saml(RoleArn=role, PrincipalArn=provider, SAMLAssertion=saml_assertion(role, provider))
    assert out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/sso/alice@example.com"
    assert (out["Subject"], out["SubjectType"], out["Issuer"]) == ("alice", "persistent", "https://idp.example.com/")
    assert out["Audience"] == "https://signin.aws.amazon.com/saml" and out["NameQualifier"]
    other_provider = f"arn:aws:iam::{ACCOUNT}:saml-provider/other"
    assert error(sts.assume_role_with_saml, RoleArn=role, PrincipalArn=other_provider,
                 SAMLAssertion=saml_assertion(role, provider))[:2] == ("InvalidIdentityToken", 400)
    assert error(sts.assume_role_with_saml, RoleArn=role, PrincipalArn=provider,
                 SAMLAssertion=saml_assertion(role, provider, audience="https://elsewhere"))[:2] == (
        "AccessDenied", 403)
    assert error(sts.assume_role_with_saml, RoleArn=role, PrincipalArn=provider,
                 SAMLAssertion=base64.b64encode(b"<not-closed").decode())[:2] == ("InvalidIdentityToken", 400)


# --- key info, authorization messages ----------------------------------------------------------------

def test_get_access_key_info(iam):
    key = make_user(iam, policy=doc(allow("sts:GetAccessKeyInfo")))
    sts = client("sts", key)
    assert sts.get_access_key_info(AccessKeyId=key["AccessKeyId"])["Account"] == ACCOUNT
    temp = sts.get_session_token()["Credentials"]
    assert sts.get_access_key_info(AccessKeyId=temp["AccessKeyId"])["Account"] == ACCOUNT
    # AWS's own documentation key encodes its account in the id.
    assert sts.get_access_key_info(AccessKeyId="ASIAY34FZKBOKMUTVV7A")["Account"] == "609629065308"


def test_decode_authorization_message_round_trip(iam):
    key = make_user(iam, policy=doc(allow("sts:DecodeAuthorizationMessage")))
    ec2 = client("ec2", key)
    with pytest.raises(ClientError) as err:
        ec2.describe_instances()
    message = err.value.response["Error"]["Message"]
    encoded = message.rsplit("Encoded authorization failure message: ", 1)[1]
    decoded = json.loads(client("sts", key).decode_authorization_message(EncodedMessage=encoded)["DecodedMessage"])
    assert decoded["allowed"] is False and decoded["explicitDeny"] is False
    assert decoded["context"]["action"] == "ec2:DescribeInstances"
    assert decoded["context"]["principal"]["arn"] == f"arn:aws:iam::{ACCOUNT}:user/alice"
    keys = {item["key"] for item in decoded["context"]["conditions"]["items"]}
    assert {"aws:SourceIp", "aws:RequestedRegion", "aws:userid"} <= keys
    assert error(client("sts", key).decode_authorization_message, EncodedMessage="garbage!!")[:2] == (
        "InvalidAuthorizationMessageException", 400)
    other = make_user(iam, "other")
    assert error(client("sts", other).decode_authorization_message, EncodedMessage=encoded)[0] == "AccessDenied"
