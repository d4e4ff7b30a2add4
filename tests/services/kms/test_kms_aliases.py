"""Aliases: naming rules, one target each, listing, AWS managed keys behind alias/aws/."""
import pytest
from botocore.exceptions import ClientError

from kms_support import ACCOUNT, REGION, alias_arn, error_of, key_arn


def test_create_and_list(kms, key_id, frozen):
    kms.create_alias(AliasName="alias/orders", TargetKeyId=key_id)
    kms.create_alias(AliasName="alias/billing/2024", TargetKeyId=key_arn(key_id))
    aliases = kms.list_aliases()
    assert aliases["Truncated"] is False
    assert [(a["AliasName"], a["AliasArn"], a["TargetKeyId"]) for a in aliases["Aliases"]] == [
        ("alias/billing/2024", alias_arn("alias/billing/2024"), key_id),
        ("alias/orders", alias_arn("alias/orders"), key_id),
    ]
    entry = aliases["Aliases"][0]
    assert entry["CreationDate"] == entry["LastUpdatedDate"]
    assert entry["CreationDate"].timestamp() == frozen.t


def test_alias_names_must_begin_with_the_prefix(kms, key_id):
    with pytest.raises(ClientError) as exc:
        kms.create_alias(AliasName="orders", TargetKeyId=key_id)
    assert error_of(exc) == ("ValidationException", 400, 'Alias must start with the prefix "alias/". Please see '
                             "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html")


def test_alias_names_follow_the_model_pattern(kms, key_id):
    with pytest.raises(ClientError) as exc:
        kms.create_alias(AliasName="alias/has space", TargetKeyId=key_id)
    assert error_of(exc) == ("ValidationException", 400, "1 validation error detected: Value 'alias/has space' at "
                             "'aliasName' failed to satisfy constraint: Member must satisfy regular expression "
                             "pattern: ^[a-zA-Z0-9:/_-]+$")


def test_aws_prefix_is_reserved(kms, key_id):
    for call in (lambda: kms.create_alias(AliasName="alias/aws/mine", TargetKeyId=key_id),
                 lambda: kms.delete_alias(AliasName="alias/aws/s3"),
                 lambda: kms.update_alias(AliasName="alias/aws/s3", TargetKeyId=key_id)):
        with pytest.raises(ClientError) as exc:
            call()
        assert error_of(exc)[:2] == ("NotAuthorizedException", 400)


def test_duplicate_alias(kms, key_id):
    kms.create_alias(AliasName="alias/once", TargetKeyId=key_id)
    with pytest.raises(kms.exceptions.AlreadyExistsException) as exc:
        kms.create_alias(AliasName="alias/once", TargetKeyId=key_id)
    assert error_of(exc) == ("AlreadyExistsException", 400,
                             f"An alias with the name {alias_arn('alias/once')} already exists")


def test_alias_names_are_per_region(kms, key_id):
    import boto3

    kms.create_alias(AliasName="alias/app", TargetKeyId=key_id)
    west = boto3.client("kms", region_name="eu-west-1")
    other = west.create_key()["KeyMetadata"]["KeyId"]
    west.create_alias(AliasName="alias/app", TargetKeyId=other)
    assert west.describe_key(KeyId="alias/app")["KeyMetadata"]["KeyId"] == other
    assert kms.describe_key(KeyId="alias/app")["KeyMetadata"]["KeyId"] == key_id


def test_target_must_be_a_key_that_exists(kms, key_id):
    missing = "0b5c4a5e-1111-4222-8333-444455556666"
    with pytest.raises(kms.exceptions.NotFoundException) as exc:
        kms.create_alias(AliasName="alias/x", TargetKeyId=missing)
    assert error_of(exc)[2] == f"Key '{key_arn(missing)}' does not exist"
    kms.create_alias(AliasName="alias/first", TargetKeyId=key_id)
    with pytest.raises(ClientError) as exc:
        kms.create_alias(AliasName="alias/second", TargetKeyId="alias/first")
    assert error_of(exc)[:2] == ("ValidationException", 400)


def test_alias_of_a_key_pending_deletion(kms, key_id):
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    with pytest.raises(kms.exceptions.KMSInvalidStateException):
        kms.create_alias(AliasName="alias/late", TargetKeyId=key_id)


def test_update_alias_points_it_elsewhere(kms, key_id, frozen):
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/current", TargetKeyId=key_id)
    frozen.advance(60)
    kms.update_alias(AliasName="alias/current", TargetKeyId=other)
    entry = kms.list_aliases()["Aliases"][0]
    assert entry["TargetKeyId"] == other
    assert entry["LastUpdatedDate"].timestamp() == entry["CreationDate"].timestamp() + 60
    assert kms.describe_key(KeyId="alias/current")["KeyMetadata"]["KeyId"] == other


def test_update_alias_needs_the_same_kind_of_key(kms, key_id):
    signer = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/enc", TargetKeyId=key_id)
    with pytest.raises(ClientError) as exc:
        kms.update_alias(AliasName="alias/enc", TargetKeyId=signer)
    assert error_of(exc)[:2] == ("ValidationException", 400)


def test_update_or_delete_a_missing_alias(kms, key_id):
    for call in (lambda: kms.update_alias(AliasName="alias/none", TargetKeyId=key_id),
                 lambda: kms.delete_alias(AliasName="alias/none")):
        with pytest.raises(kms.exceptions.NotFoundException) as exc:
            call()
        assert error_of(exc) == ("NotFoundException", 400, f"Alias {alias_arn('alias/none')} is not found.")


def test_delete_alias_leaves_the_key(kms, key_id):
    kms.create_alias(AliasName="alias/temp", TargetKeyId=key_id)
    kms.delete_alias(AliasName="alias/temp")
    assert kms.list_aliases()["Aliases"] == []
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Enabled"
    with pytest.raises(kms.exceptions.NotFoundException):
        kms.describe_key(KeyId="alias/temp")


def test_list_aliases_for_one_key(kms, key_id):
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/a", TargetKeyId=key_id)
    kms.create_alias(AliasName="alias/b", TargetKeyId=other)
    kms.create_alias(AliasName="alias/c", TargetKeyId=key_id)
    assert [a["AliasName"] for a in kms.list_aliases(KeyId=key_id)["Aliases"]] == ["alias/a", "alias/c"]
    assert [a["AliasName"] for a in kms.list_aliases(KeyId=key_arn(other))["Aliases"]] == ["alias/b"]
    with pytest.raises(kms.exceptions.NotFoundException):
        kms.list_aliases(KeyId="0b5c4a5e-1111-4222-8333-444455556666")


def test_list_aliases_pagination(kms, key_id):
    names = [f"alias/n{i:02d}" for i in range(7)]
    for name in names:
        kms.create_alias(AliasName=name, TargetKeyId=key_id)
    pages = list(kms.get_paginator("list_aliases").paginate(PaginationConfig={"PageSize": 3}))
    assert [len(p["Aliases"]) for p in pages] == [3, 3, 1]
    assert [a["AliasName"] for p in pages for a in p["Aliases"]] == names
    # KMS returns at most 100 aliases a page whatever the Limit says.
    assert len(kms.list_aliases(Limit=500)["Aliases"]) == 7


def test_predefined_aws_alias_creates_the_aws_managed_key(kms):
    meta = kms.describe_key(KeyId="alias/aws/ssm")["KeyMetadata"]
    assert (meta["KeyManager"], meta["KeySpec"], meta["KeyUsage"]) == ("AWS", "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT")
    assert kms.describe_key(KeyId="alias/aws/ssm")["KeyMetadata"]["KeyId"] == meta["KeyId"]
    (entry,) = kms.list_aliases()["Aliases"]
    assert (entry["AliasName"], entry["TargetKeyId"]) == ("alias/aws/ssm", meta["KeyId"])
    assert kms.get_key_rotation_status(KeyId=meta["KeyId"])["KeyRotationEnabled"] is True
    policy = kms.get_key_policy(KeyId=meta["KeyId"])["Policy"]
    assert f'"kms:ViaService": "ssm.{REGION}.amazonaws.com"' in policy
    assert f'"kms:CallerAccount": "{ACCOUNT}"' in policy
    blob = kms.encrypt(KeyId="alias/aws/ssm", Plaintext=b"param")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["KeyId"] == meta["Arn"]
