"""Grants: creation rules, listing, retiring and revoking, tokens."""
import re

import boto3
import pytest
from botocore.exceptions import ClientError

from kms_support import ACCOUNT, error_of, key_arn

ROLE = f"arn:aws:iam::{ACCOUNT}:role/Worker"
AUDITOR = f"arn:aws:iam::{ACCOUNT}:role/Auditor"


def test_create_and_list_grant(kms, key_id, frozen):
    out = kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, RetiringPrincipal=AUDITOR,
                           Operations=["Encrypt", "Decrypt"], Name="worker",
                           Constraints={"EncryptionContextSubset": {"tenant": "acme"}})
    assert re.fullmatch(r"[0-9a-f]{64}", out["GrantId"])
    assert out["GrantToken"]
    listed = kms.list_grants(KeyId=key_id)
    assert listed["Truncated"] is False
    (grant,) = listed["Grants"]
    assert grant == {
        "KeyId": key_arn(key_id), "GrantId": out["GrantId"], "Name": "worker", "CreationDate": grant["CreationDate"],
        "GranteePrincipal": ROLE, "RetiringPrincipal": AUDITOR, "IssuingAccount": f"arn:aws:iam::{ACCOUNT}:root",
        "Operations": ["Encrypt", "Decrypt"], "Constraints": {"EncryptionContextSubset": {"tenant": "acme"}},
    }
    assert grant["CreationDate"].timestamp() == frozen.t


def test_grant_names_make_creation_idempotent(kms, key_id):
    first = kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, Operations=["Decrypt"], Name="retry")
    again = kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, Operations=["Decrypt"], Name="retry")
    assert again["GrantId"] == first["GrantId"]
    assert again["GrantToken"] != first["GrantToken"]
    unnamed = [kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, Operations=["Decrypt"])["GrantId"]
               for _ in range(2)]
    assert unnamed[0] != unnamed[1]
    assert len(kms.list_grants(KeyId=key_id)["Grants"]) == 3


def test_list_grants_filters(kms, key_id):
    a = kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, Operations=["Encrypt"])["GrantId"]
    b = kms.create_grant(KeyId=key_id, GranteePrincipal=AUDITOR, Operations=["DescribeKey"])["GrantId"]
    assert [g["GrantId"] for g in kms.list_grants(KeyId=key_id, GranteePrincipal=AUDITOR)["Grants"]] == [b]
    assert [g["GrantId"] for g in kms.list_grants(KeyId=key_id, GrantId=a)["Grants"]] == [a]
    pages = list(kms.get_paginator("list_grants").paginate(KeyId=key_id, PaginationConfig={"PageSize": 1}))
    assert [g["GrantId"] for p in pages for g in p["Grants"]] == [a, b]


@pytest.mark.parametrize("spec,usage,operation", [
    ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "Sign"),
    ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "GetPublicKey"),
    ("ECC_NIST_P256", "SIGN_VERIFY", "Encrypt"),
    ("HMAC_256", "GENERATE_VERIFY_MAC", "Decrypt"),
    ("RSA_2048", "ENCRYPT_DECRYPT", "GenerateDataKey"),
])
def test_grant_operations_must_suit_the_key(kms, spec, usage, operation):
    key = kms.create_key(KeySpec=spec, KeyUsage=usage)["KeyMetadata"]["KeyId"]
    with pytest.raises(ClientError) as exc:
        kms.create_grant(KeyId=key, GranteePrincipal=ROLE, Operations=[operation])
    assert error_of(exc) == ("ValidationException", 400, f"Grant operations {operation} are not valid for a KMS key "
                             f"with KeySpec {spec} and KeyUsage {usage}.")


def test_common_grant_operations_suit_every_key(kms):
    key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    kms.create_grant(KeyId=key, GranteePrincipal=ROLE,
                     Operations=["Sign", "Verify", "GetPublicKey", "DescribeKey", "CreateGrant", "RetireGrant"])


def test_encryption_context_constraints_need_a_symmetric_key(kms):
    key = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["KeyId"]
    with pytest.raises(ClientError) as exc:
        kms.create_grant(KeyId=key, GranteePrincipal=ROLE, Operations=["Decrypt"],
                         Constraints={"EncryptionContextEquals": {"a": "b"}})
    assert error_of(exc)[:2] == ("ValidationException", 400)


def test_unknown_grant_operation_is_the_model_error(kms, key_id):
    with pytest.raises(ClientError) as exc:
        kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, Operations=["Encrypt", "Fly"])
    code, status, message = error_of(exc)
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith("1 validation error detected: Value '[Encrypt, Fly]' at 'operations' failed to "
                              "satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value "
                              "set: [Decrypt, Encrypt, ")


def test_no_operations(kms, key_id):
    with pytest.raises(ClientError) as exc:
        kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, Operations=[])
    assert error_of(exc)[:2] == ("ValidationException", 400)


def test_grantee_principal_pattern(kms, key_id):
    with pytest.raises(ClientError) as exc:
        kms.create_grant(KeyId=key_id, GranteePrincipal="has spaces", Operations=["Encrypt"])
    assert "at 'granteePrincipal' failed to satisfy constraint: Member must satisfy regular expression pattern" in \
        error_of(exc)[2]


def test_grant_on_disabled_or_pending_key(kms, key_id):
    grant_id = kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, Operations=["Encrypt"])["GrantId"]
    kms.disable_key(KeyId=key_id)
    with pytest.raises(kms.exceptions.DisabledException):
        kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, Operations=["Encrypt"])
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    with pytest.raises(kms.exceptions.KMSInvalidStateException):
        kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, Operations=["Encrypt"])
    # Existing grants can still be listed and removed.
    assert [g["GrantId"] for g in kms.list_grants(KeyId=key_id)["Grants"]] == [grant_id]
    kms.revoke_grant(KeyId=key_id, GrantId=grant_id)
    assert kms.list_grants(KeyId=key_id)["Grants"] == []


def test_create_grant_dry_run(kms, key_id):
    with pytest.raises(kms.exceptions.DryRunOperationException):
        kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, Operations=["Encrypt"], DryRun=True)
    assert kms.list_grants(KeyId=key_id)["Grants"] == []


def test_retire_by_token(kms, key_id):
    out = kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, Operations=["Encrypt"])
    kms.retire_grant(GrantToken=out["GrantToken"])
    assert kms.list_grants(KeyId=key_id)["Grants"] == []
    with pytest.raises(kms.exceptions.NotFoundException) as exc:
        kms.retire_grant(GrantToken=out["GrantToken"])
    assert error_of(exc) == ("NotFoundException", 400, f"Grant ID {out['GrantId']} not found")


def test_retire_by_key_and_grant_id(kms, key_id):
    grant_id = kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, Operations=["Encrypt"])["GrantId"]
    kms.retire_grant(KeyId=key_arn(key_id), GrantId=grant_id)
    assert kms.list_grants(KeyId=key_id)["Grants"] == []


def test_retire_needs_a_token_or_both_ids(kms, key_id):
    with pytest.raises(ClientError) as exc:
        kms.retire_grant(KeyId=key_id)
    assert error_of(exc)[:2] == ("ValidationException", 400)
    with pytest.raises(kms.exceptions.InvalidGrantTokenException) as exc:
        kms.retire_grant(GrantToken="definitely-not-a-token")
    assert error_of(exc) == ("InvalidGrantTokenException", 400, "Invalid grant token.")


def test_revoke(kms, key_id):
    keep = kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, Operations=["Encrypt"])["GrantId"]
    drop = kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, Operations=["Decrypt"])["GrantId"]
    kms.revoke_grant(KeyId=key_id, GrantId=drop)
    assert [g["GrantId"] for g in kms.list_grants(KeyId=key_id)["Grants"]] == [keep]
    with pytest.raises(kms.exceptions.NotFoundException):
        kms.revoke_grant(KeyId=key_id, GrantId=drop)
    with pytest.raises(kms.exceptions.InvalidGrantIdException) as exc:
        kms.revoke_grant(KeyId=key_id, GrantId="bad-id")
    assert error_of(exc) == ("InvalidGrantIdException", 400, "Invalid grant ID bad-id")
    with pytest.raises(kms.exceptions.DryRunOperationException):
        kms.revoke_grant(KeyId=key_id, GrantId=keep, DryRun=True)
    assert len(kms.list_grants(KeyId=key_id)["Grants"]) == 1


def test_list_retirable_grants_spans_keys_and_accounts(kms, key_id):
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    a = kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, RetiringPrincipal=AUDITOR,
                         Operations=["Encrypt"])["GrantId"]
    kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, Operations=["Encrypt"])
    b = kms.create_grant(KeyId=other, GranteePrincipal=ROLE, RetiringPrincipal=AUDITOR,
                         Operations=["Decrypt"])["GrantId"]
    found = kms.list_retirable_grants(RetiringPrincipal=AUDITOR)
    assert sorted(g["GrantId"] for g in found["Grants"]) == sorted([a, b])
    assert found["Truncated"] is False
    assert kms.list_retirable_grants(RetiringPrincipal=ROLE)["Grants"] == []
    west = boto3.client("kms", region_name="eu-west-1")
    assert west.list_retirable_grants(RetiringPrincipal=AUDITOR)["Grants"] == []


def test_grant_tokens_from_create_grant_are_accepted(kms, key_id):
    token = kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, Operations=["Encrypt"])["GrantToken"]
    assert kms.encrypt(KeyId=key_id, Plaintext=b"x", GrantTokens=[token])["KeyId"] == key_arn(key_id)
    assert kms.describe_key(KeyId=key_id, GrantTokens=[token])["KeyMetadata"]["KeyId"] == key_id


def test_too_many_grant_tokens(raw_kms, key_id):
    with pytest.raises(ClientError) as exc:
        raw_kms.encrypt(KeyId=key_id, Plaintext=b"x", GrantTokens=["t"] * 11)
    assert error_of(exc)[2] == ("1 validation error detected: Value '[t, t, t, t, t, t, t, t, t, t, t]' at "
                                "'grantTokens' failed to satisfy constraint: Member must have length less than or "
                                "equal to 10")
