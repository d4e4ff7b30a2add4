"""Key lifecycle: creation rules, metadata, listing, enable/disable, deletion scheduling."""
import datetime
import re

import boto3
import pytest
from botocore.exceptions import ClientError

from kms_support import ACCOUNT, DAY, REGION, error_of, key_arn

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


def test_create_key_defaults_to_a_symmetric_encryption_key(kms, frozen):
    meta = kms.create_key()["KeyMetadata"]
    assert UUID.match(meta["KeyId"])
    assert meta["Arn"] == key_arn(meta["KeyId"])
    assert meta["CreationDate"] == datetime.datetime.fromtimestamp(frozen.t, datetime.timezone.utc)
    expected = {
        "AWSAccountId": ACCOUNT, "Enabled": True, "Description": "", "KeyUsage": "ENCRYPT_DECRYPT",
        "KeyState": "Enabled", "Origin": "AWS_KMS", "KeyManager": "CUSTOMER",
        "CustomerMasterKeySpec": "SYMMETRIC_DEFAULT", "KeySpec": "SYMMETRIC_DEFAULT",
        "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"], "MultiRegion": False,
    }
    assert {k: meta[k] for k in expected} == expected
    assert re.fullmatch(r"[0-9a-f]{64}", meta["CurrentKeyMaterialId"])
    assert "SigningAlgorithms" not in meta and "DeletionDate" not in meta


@pytest.mark.parametrize("spec,usage,member,algorithms", [
    ("RSA_2048", "ENCRYPT_DECRYPT", "EncryptionAlgorithms", ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]),
    ("RSA_3072", "SIGN_VERIFY", "SigningAlgorithms",
     ["RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512",
      "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512"]),
    ("ECC_NIST_P256", "SIGN_VERIFY", "SigningAlgorithms", ["ECDSA_SHA_256"]),
    ("ECC_NIST_P384", "SIGN_VERIFY", "SigningAlgorithms", ["ECDSA_SHA_384"]),
    ("ECC_NIST_P521", "SIGN_VERIFY", "SigningAlgorithms", ["ECDSA_SHA_512"]),
    ("ECC_SECG_P256K1", "SIGN_VERIFY", "SigningAlgorithms", ["ECDSA_SHA_256"]),
    ("ECC_NIST_P256", "KEY_AGREEMENT", "KeyAgreementAlgorithms", ["ECDH"]),
    ("HMAC_224", "GENERATE_VERIFY_MAC", "MacAlgorithms", ["HMAC_SHA_224"]),
    ("HMAC_256", "GENERATE_VERIFY_MAC", "MacAlgorithms", ["HMAC_SHA_256"]),
    ("HMAC_384", "GENERATE_VERIFY_MAC", "MacAlgorithms", ["HMAC_SHA_384"]),
    ("HMAC_512", "GENERATE_VERIFY_MAC", "MacAlgorithms", ["HMAC_SHA_512"]),
])
def test_asymmetric_and_hmac_key_specs_list_their_algorithms(kms, spec, usage, member, algorithms):
    meta = kms.create_key(KeySpec=spec, KeyUsage=usage)["KeyMetadata"]
    assert (meta["KeySpec"], meta["CustomerMasterKeySpec"], meta["KeyUsage"]) == (spec, spec, usage)
    assert meta[member] == algorithms
    others = {"EncryptionAlgorithms", "SigningAlgorithms", "MacAlgorithms", "KeyAgreementAlgorithms"} - {member}
    assert not others & set(meta)
    assert "CurrentKeyMaterialId" not in meta


def test_deprecated_customer_master_key_spec_still_works(kms):
    meta = kms.create_key(CustomerMasterKeySpec="ECC_NIST_P384", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    assert meta["KeySpec"] == "ECC_NIST_P384"


def test_key_spec_and_customer_master_key_spec_together_are_refused(kms):
    with pytest.raises(ClientError) as exc:
        kms.create_key(KeySpec="RSA_2048", CustomerMasterKeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")
    assert error_of(exc)[:2] == ("ValidationException", 400)


@pytest.mark.parametrize("spec,usage", [
    ("SYMMETRIC_DEFAULT", "SIGN_VERIFY"), ("ECC_NIST_P256", "ENCRYPT_DECRYPT"), ("HMAC_256", "ENCRYPT_DECRYPT"),
    ("RSA_2048", "GENERATE_VERIFY_MAC"), ("ECC_SECG_P256K1", "KEY_AGREEMENT"), ("RSA_2048", "KEY_AGREEMENT"),
])
def test_key_usage_must_suit_the_key_spec(kms, spec, usage):
    with pytest.raises(ClientError) as exc:
        kms.create_key(KeySpec=spec, KeyUsage=usage)
    assert error_of(exc) == ("ValidationException", 400, f"KeyUsage {usage} is not compatible with KeySpec {spec}")
    assert kms.list_keys()["Keys"] == []


def test_an_asymmetric_spec_without_key_usage_takes_the_default_usage(kms):
    with pytest.raises(ClientError) as exc:
        kms.create_key(KeySpec="ECC_NIST_P256")
    assert error_of(exc)[2] == "KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec ECC_NIST_P256"


def test_unknown_key_spec_is_the_model_validation_error(kms):
    with pytest.raises(ClientError) as exc:
        kms.create_key(KeySpec="AES_256")
    code, status, message = error_of(exc)
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith("1 validation error detected: Value 'AES_256' at 'keySpec' failed to satisfy "
                              "constraint: Member must satisfy enum value set: [RSA_2048, RSA_3072, ")


def test_two_invalid_members_are_reported_together(kms):
    with pytest.raises(ClientError) as exc:
        kms.create_key(KeySpec="AES", KeyUsage="WRAP")
    message = error_of(exc)[2]
    assert message.startswith("2 validation errors detected: Value 'WRAP' at 'keyUsage'")
    assert "; Value 'AES' at 'keySpec'" in message


@pytest.mark.parametrize("spec", ["SM2", "ML_DSA_65", "ECC_NIST_EDWARDS25519"])
def test_specs_not_emulated_are_unsupported_operation(kms, spec):
    with pytest.raises(kms.exceptions.UnsupportedOperationException) as exc:
        kms.create_key(KeySpec=spec, KeyUsage="SIGN_VERIFY")
    assert error_of(exc) == ("UnsupportedOperationException", 400, f"KeySpec {spec} is not supported in this Region.")


def test_custom_key_store_origins_need_a_key_store_that_exists(kms):
    with pytest.raises(kms.exceptions.CustomKeyStoreNotFoundException):
        kms.create_key(Origin="AWS_CLOUDHSM", CustomKeyStoreId="cks-1234567890abcdef0")
    with pytest.raises(ClientError) as exc:
        kms.create_key(Origin="EXTERNAL_KEY_STORE")
    assert error_of(exc)[:2] == ("ValidationException", 400)


def test_external_origin_key_waits_for_key_material(kms):
    meta = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    assert (meta["Origin"], meta["KeyState"], meta["Enabled"]) == ("EXTERNAL", "PendingImport", False)
    with pytest.raises(kms.exceptions.KMSInvalidStateException) as exc:
        kms.encrypt(KeyId=meta["KeyId"], Plaintext=b"x")
    assert error_of(exc)[2] == f"{meta['Arn']} is pending import."
    with pytest.raises(kms.exceptions.KMSInvalidStateException):
        kms.enable_key(KeyId=meta["KeyId"])


def test_multi_region_key_ids_and_configuration(kms):
    meta = kms.create_key(MultiRegion=True, Description="mrk")["KeyMetadata"]
    assert re.fullmatch(r"mrk-[0-9a-f]{32}", meta["KeyId"])
    assert meta["MultiRegion"] is True
    assert meta["MultiRegionConfiguration"] == {
        "MultiRegionKeyType": "PRIMARY", "PrimaryKey": {"Arn": meta["Arn"], "Region": REGION}, "ReplicaKeys": []}
    # The mrk- form is a key ID like any other.
    assert kms.describe_key(KeyId=meta["KeyId"])["KeyMetadata"]["Description"] == "mrk"


def test_describe_key_by_id_arn_alias_and_alias_arn(kms, key_id):
    kms.create_alias(AliasName="alias/app", TargetKeyId=key_id)
    for ref in (key_id, key_arn(key_id), "alias/app", f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/app"):
        assert kms.describe_key(KeyId=ref)["KeyMetadata"]["KeyId"] == key_id


def test_describe_missing_key_messages(kms):
    missing = "0b5c4a5e-1111-4222-8333-444455556666"
    with pytest.raises(kms.exceptions.NotFoundException) as exc:
        kms.describe_key(KeyId=missing)
    assert error_of(exc) == ("NotFoundException", 400, f"Key '{key_arn(missing)}' does not exist")
    with pytest.raises(kms.exceptions.NotFoundException) as exc:
        kms.describe_key(KeyId=key_arn(missing))
    assert error_of(exc)[2] == f"Key '{key_arn(missing)}' does not exist"
    with pytest.raises(kms.exceptions.NotFoundException) as exc:
        kms.describe_key(KeyId="not-a-key")
    assert error_of(exc)[2] == "Invalid keyId not-a-key"
    with pytest.raises(kms.exceptions.NotFoundException) as exc:
        kms.describe_key(KeyId="alias/nothing")
    assert error_of(exc)[2] == f"Alias arn:aws:kms:{REGION}:{ACCOUNT}:alias/nothing is not found."


def test_a_key_arn_of_another_region_is_not_found_here(kms, key_id):
    other = key_arn(key_id, region="eu-west-1")
    with pytest.raises(kms.exceptions.NotFoundException) as exc:
        kms.describe_key(KeyId=other)
    assert error_of(exc)[2] == f"Key '{other}' does not exist"


def test_malformed_arn_is_invalid_arn(kms):
    with pytest.raises(kms.exceptions.InvalidArnException) as exc:
        kms.describe_key(KeyId="arn:aws:s3:::bucket")
    assert error_of(exc) == ("InvalidArnException", 400, "Invalid arn arn:aws:s3:::bucket")


def test_keys_are_regional(kms, key_id):
    west = boto3.client("kms", region_name="us-west-2")
    assert west.list_keys()["Keys"] == []
    with pytest.raises(west.exceptions.NotFoundException):
        west.describe_key(KeyId=key_id)


def test_list_keys_sorted_by_id_with_pagination(kms):
    ids = sorted(kms.create_key()["KeyMetadata"]["KeyId"] for _ in range(5))
    first = kms.list_keys(Limit=2)
    assert [k["KeyId"] for k in first["Keys"]] == ids[:2]
    assert first["Truncated"] is True
    assert first["Keys"][0]["KeyArn"] == key_arn(ids[0])
    second = kms.list_keys(Limit=2, Marker=first["NextMarker"])
    assert [k["KeyId"] for k in second["Keys"]] == ids[2:4]
    last = kms.list_keys(Limit=2, Marker=second["NextMarker"])
    assert [k["KeyId"] for k in last["Keys"]] == ids[4:]
    assert last["Truncated"] is False and "NextMarker" not in last
    paged = [k["KeyId"] for page in kms.get_paginator("list_keys").paginate(PaginationConfig={"PageSize": 2})
             for k in page["Keys"]]
    assert paged == ids


def test_list_keys_rejects_a_marker_it_never_issued(kms):
    with pytest.raises(kms.exceptions.InvalidMarkerException) as exc:
        kms.list_keys(Marker="garbage")
    assert error_of(exc) == ("InvalidMarkerException", 400, "Invalid marker")


def test_list_keys_limit_out_of_range(kms):
    with pytest.raises(ClientError) as exc:
        kms.list_keys(Limit=1001)
    assert error_of(exc) == ("ValidationException", 400, "1 validation error detected: Value '1001' at 'limit' "
                             "failed to satisfy constraint: Member must have value less than or equal to 1000")


def test_disable_and_enable(kms, key_id):
    kms.disable_key(KeyId=key_id)
    meta = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert (meta["KeyState"], meta["Enabled"]) == ("Disabled", False)
    with pytest.raises(kms.exceptions.DisabledException) as exc:
        kms.encrypt(KeyId=key_id, Plaintext=b"secret")
    assert error_of(exc) == ("DisabledException", 400, f"{key_arn(key_id)} is disabled.")
    kms.disable_key(KeyId=key_id)          # idempotent
    kms.enable_key(KeyId=key_id)
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Enabled"
    assert kms.encrypt(KeyId=key_id, Plaintext=b"secret")["KeyId"] == key_arn(key_id)


def test_update_key_description(kms, key_id):
    kms.update_key_description(KeyId=key_id, Description="new words")
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["Description"] == "new words"
    kms.update_key_description(KeyId=key_id, Description="")
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["Description"] == ""


def test_schedule_key_deletion(kms, key_id, frozen):
    out = kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    when = datetime.datetime.fromtimestamp(frozen.t + 7 * DAY, datetime.timezone.utc)
    assert (out["KeyId"], out["DeletionDate"], out["KeyState"], out["PendingWindowInDays"]) == (
        key_arn(key_id), when, "PendingDeletion", 7)
    meta = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert (meta["KeyState"], meta["Enabled"], meta["DeletionDate"]) == ("PendingDeletion", False, when)
    for call in (lambda: kms.encrypt(KeyId=key_id, Plaintext=b"x"), lambda: kms.enable_key(KeyId=key_id),
                 lambda: kms.disable_key(KeyId=key_id), lambda: kms.schedule_key_deletion(KeyId=key_id),
                 lambda: kms.update_key_description(KeyId=key_id, Description="d")):
        with pytest.raises(kms.exceptions.KMSInvalidStateException) as exc:
            call()
        assert error_of(exc) == ("KMSInvalidStateException", 400, f"{key_arn(key_id)} is pending deletion.")


def test_default_pending_window_is_thirty_days(kms, key_id, frozen):
    out = kms.schedule_key_deletion(KeyId=key_id)
    assert out["PendingWindowInDays"] == 30
    assert out["DeletionDate"].timestamp() == frozen.t + 30 * DAY


@pytest.mark.parametrize("days", [1, 6, 31, 365])
def test_pending_window_must_be_seven_to_thirty_days(kms, key_id, days):
    with pytest.raises(ClientError) as exc:
        kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=days)
    assert error_of(exc) == ("ValidationException", 400, "PendingWindowInDays must be between 7 and 30")


def test_pending_window_beyond_the_model_range_is_the_model_error(kms, key_id):
    with pytest.raises(ClientError) as exc:
        kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=366)
    assert error_of(exc)[2] == ("1 validation error detected: Value '366' at 'pendingWindowInDays' failed to "
                                "satisfy constraint: Member must have value less than or equal to 365")


def test_cancel_key_deletion_leaves_the_key_disabled(kms, key_id):
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    assert kms.cancel_key_deletion(KeyId=key_id)["KeyId"] == key_arn(key_id)
    meta = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert meta["KeyState"] == "Disabled" and "DeletionDate" not in meta
    with pytest.raises(kms.exceptions.KMSInvalidStateException) as exc:
        kms.cancel_key_deletion(KeyId=key_id)
    assert error_of(exc)[2] == f"{key_arn(key_id)} is not pending deletion."


def test_key_is_deleted_when_the_window_ends(kms, key_id, frozen):
    kms.create_alias(AliasName="alias/doomed", TargetKeyId=key_id)
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    frozen.advance(7 * DAY - 1)
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "PendingDeletion"
    frozen.advance(1)
    with pytest.raises(kms.exceptions.NotFoundException):
        kms.describe_key(KeyId=key_id)
    assert kms.list_keys()["Keys"] == []
    assert kms.list_aliases()["Aliases"] == []


def test_disabled_key_can_be_scheduled_and_described(kms, key_id):
    kms.disable_key(KeyId=key_id)
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=10)
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "PendingDeletion"


def test_missing_key_id_reaches_the_service_as_a_null_member(raw_kms):
    with pytest.raises(ClientError) as exc:
        raw_kms.describe_key()
    assert error_of(exc) == ("ValidationException", 400, "1 validation error detected: Value null at 'keyId' "
                             "failed to satisfy constraint: Member must not be null")


def test_description_longer_than_the_model_allows(raw_kms):
    with pytest.raises(ClientError) as exc:
        raw_kms.create_key(Description="d" * 8193)
    assert error_of(exc)[2].endswith("at 'description' failed to satisfy constraint: Member must have length "
                                     "less than or equal to 8192")
