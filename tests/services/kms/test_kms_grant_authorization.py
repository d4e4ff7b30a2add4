"""Grants as a source of permission: a grant lets its grantee use the key for the operations it
lists, within its encryption-context constraints, without any key-policy or IAM allow; it never
lifts an explicit deny, and it stops working when revoked or retired."""
import json

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from iamulator import decisions, mock_aws, set_initial_no_auth_action_count

from kms_support import ACCOUNT, REGION

USER_ARN = f"arn:aws:iam::{ACCOUNT}:user/bob"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/worker"
_NO_RETRY = Config(retries={"max_attempts": 1})


@pytest.fixture
def world():
    with set_initial_no_auth_action_count(0), mock_aws():
        iam = boto3.client("iam", region_name=REGION)
        kms = boto3.client("kms", region_name=REGION)
        key = kms.create_key()["KeyMetadata"]
        iam.create_user(UserName="bob")
        access = iam.create_access_key(UserName="bob")["AccessKey"]
        bob = boto3.client("kms", region_name=REGION, aws_access_key_id=access["AccessKeyId"],
                           aws_secret_access_key=access["SecretAccessKey"], config=_NO_RETRY)
        yield iam, kms, key, bob


def _code(call, **kwargs):
    try:
        call(**kwargs)
        return "ok"
    except ClientError as err:
        return err.response["Error"]["Code"]


def test_without_a_grant_the_user_is_refused_with_kms_wording(world):
    _, _, key, bob = world
    with pytest.raises(ClientError) as err:
        bob.encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    assert err.value.response["Error"]["Code"] == "AccessDeniedException"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert err.value.response["Error"]["Message"] == (
        f"User: {USER_ARN} is not authorized to perform: kms:Encrypt on resource: {key['Arn']} "
        "because no identity-based policy allows the kms:Encrypt action")


def test_a_grant_allows_exactly_its_operations_until_revoked(world):
    _, kms, key, bob = world
    grant = kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=USER_ARN, Operations=["Encrypt", "Decrypt"])
    blob = bob.encrypt(KeyId=key["KeyId"], Plaintext=b"secret")["CiphertextBlob"]
    assert bob.decrypt(CiphertextBlob=blob)["Plaintext"] == b"secret"
    allowed = [r for r in decisions() if r.action == "kms:Decrypt"][-1]
    assert (allowed.result, allowed.decided_by) == ("Allowed", "grant")
    assert allowed.explain().splitlines()[-1] == (
        f"Decision: Allowed (decided by KMS grant) - grant {grant['GrantId']} allows the action")
    # Operations the grant does not list stay refused.
    assert _code(bob.generate_data_key, KeyId=key["KeyId"], KeySpec="AES_256") == "AccessDeniedException"
    assert _code(bob.describe_key, KeyId=key["KeyId"]) == "AccessDeniedException"
    kms.revoke_grant(KeyId=key["KeyId"], GrantId=grant["GrantId"])
    assert _code(bob.encrypt, KeyId=key["KeyId"], Plaintext=b"x") == "AccessDeniedException"


def test_a_grant_for_another_principal_gives_nothing(world):
    _, kms, key, bob = world
    kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=f"arn:aws:iam::{ACCOUNT}:user/carol",
                     Operations=["Encrypt"])
    assert _code(bob.encrypt, KeyId=key["KeyId"], Plaintext=b"x") == "AccessDeniedException"


def test_encryption_context_constraints(world):
    _, kms, key, bob = world
    kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=USER_ARN, Operations=["Encrypt"],
                     Constraints={"EncryptionContextSubset": {"app": "billing"}})
    kid = key["KeyId"]
    assert _code(bob.encrypt, KeyId=kid, Plaintext=b"x") == "AccessDeniedException"
    assert _code(bob.encrypt, KeyId=kid, Plaintext=b"x", EncryptionContext={"app": "other"}) == "AccessDeniedException"
    assert _code(bob.encrypt, KeyId=kid, Plaintext=b"x",
                 EncryptionContext={"app": "billing", "extra": "1"}) == "ok"
    kms.create_grant(KeyId=kid, GranteePrincipal=USER_ARN, Operations=["Decrypt"],
                     Constraints={"EncryptionContextEquals": {"app": "billing"}})
    blob = kms.encrypt(KeyId=kid, Plaintext=b"x", EncryptionContext={"app": "billing", "extra": "1"})["CiphertextBlob"]
    assert _code(bob.decrypt, CiphertextBlob=blob, EncryptionContext={"app": "billing", "extra": "1"}) == \
        "AccessDeniedException"
    blob = kms.encrypt(KeyId=kid, Plaintext=b"x", EncryptionContext={"app": "billing"})["CiphertextBlob"]
    assert _code(bob.decrypt, CiphertextBlob=blob, EncryptionContext={"app": "billing"}) == "ok"


def test_a_grant_to_a_role_covers_its_sessions(world):
    iam, kms, key, _ = world
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                     "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}}]}
    iam.create_role(RoleName="worker", AssumeRolePolicyDocument=json.dumps(trust))
    creds = boto3.client("sts", region_name=REGION).assume_role(RoleArn=ROLE_ARN, RoleSessionName="job")["Credentials"]
    worker = boto3.client("kms", region_name=REGION, aws_access_key_id=creds["AccessKeyId"],
                          aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"],
                          config=_NO_RETRY)
    assert _code(worker.encrypt, KeyId=key["KeyId"], Plaintext=b"x") == "AccessDeniedException"
    kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=ROLE_ARN, Operations=["Encrypt"])
    assert _code(worker.encrypt, KeyId=key["KeyId"], Plaintext=b"x") == "ok"


def test_an_explicit_deny_beats_a_grant(world):
    iam, kms, key, bob = world
    kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=USER_ARN, Operations=["Encrypt"])
    assert _code(bob.encrypt, KeyId=key["KeyId"], Plaintext=b"x") == "ok"
    iam.put_user_policy(UserName="bob", PolicyName="no-kms", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "kms:*", "Resource": "*"}]}))
    with pytest.raises(ClientError) as err:
        bob.encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    assert err.value.response["Error"]["Message"].endswith("with an explicit deny in an identity-based policy")


def test_a_retired_grant_stops_working(world):
    _, kms, key, bob = world
    grant = kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=USER_ARN, Operations=["Encrypt"],
                             RetiringPrincipal=f"arn:aws:iam::{ACCOUNT}:root")
    assert _code(bob.encrypt, KeyId=key["KeyId"], Plaintext=b"x") == "ok"
    kms.retire_grant(KeyId=key["Arn"], GrantId=grant["GrantId"])
    assert _code(bob.encrypt, KeyId=key["KeyId"], Plaintext=b"x") == "AccessDeniedException"
