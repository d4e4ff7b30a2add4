"""Key rotation: automatic schedule, on-demand rotation, old material still decrypting."""
import pytest
from botocore.exceptions import ClientError

from kms_support import DAY, error_of, key_arn


def test_rotation_is_off_by_default(kms, key_id):
    out = kms.get_key_rotation_status(KeyId=key_id)
    assert (out["KeyRotationEnabled"], out["KeyId"]) == (False, key_arn(key_id))
    assert "RotationPeriodInDays" not in out and "NextRotationDate" not in out


def test_enable_with_the_default_and_a_custom_period(kms, key_id, frozen):
    kms.enable_key_rotation(KeyId=key_id)
    out = kms.get_key_rotation_status(KeyId=key_id)
    assert (out["KeyRotationEnabled"], out["RotationPeriodInDays"]) == (True, 365)
    assert out["NextRotationDate"].timestamp() == frozen.t + 365 * DAY
    kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=90)
    out = kms.get_key_rotation_status(KeyId=key_id)
    assert (out["RotationPeriodInDays"], out["NextRotationDate"].timestamp()) == (90, frozen.t + 90 * DAY)
    kms.disable_key_rotation(KeyId=key_id)
    assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is False


@pytest.mark.parametrize("days,bound", [(89, "greater than or equal to 90"), (2561, "less than or equal to 2560")])
def test_rotation_period_range(raw_kms, key_id, days, bound):
    with pytest.raises(ClientError) as exc:
        raw_kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=days)
    assert error_of(exc) == ("ValidationException", 400, f"1 validation error detected: Value '{days}' at "
                             f"'rotationPeriodInDays' failed to satisfy constraint: Member must have value {bound}")


def test_automatic_rotation_keeps_old_ciphertexts_readable(kms, key_id, frozen):
    old_material = kms.describe_key(KeyId=key_id)["KeyMetadata"]["CurrentKeyMaterialId"]
    before = kms.encrypt(KeyId=key_id, Plaintext=b"written last year")["CiphertextBlob"]
    kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=90)
    frozen.advance(90 * DAY)
    meta = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert meta["CurrentKeyMaterialId"] != old_material
    after = kms.encrypt(KeyId=key_id, Plaintext=b"written today")
    assert kms.decrypt(CiphertextBlob=before)["KeyMaterialId"] == old_material
    assert kms.decrypt(CiphertextBlob=before)["Plaintext"] == b"written last year"
    assert kms.decrypt(CiphertextBlob=after["CiphertextBlob"])["KeyMaterialId"] == meta["CurrentKeyMaterialId"]
    (rotation,) = kms.list_key_rotations(KeyId=key_id)["Rotations"]
    assert (rotation["KeyId"], rotation["KeyMaterialId"], rotation["RotationType"], rotation["KeyMaterialState"]) == (
        key_id, meta["CurrentKeyMaterialId"], "AUTOMATIC", "CURRENT")
    assert rotation["RotationDate"].timestamp() == frozen.t
    status = kms.get_key_rotation_status(KeyId=key_id)
    assert status["NextRotationDate"].timestamp() == frozen.t + 90 * DAY


def test_several_periods_elapsed_rotate_once_each(kms, key_id, frozen):
    kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=100)
    frozen.advance(350 * DAY)
    assert [r["RotationType"] for r in kms.list_key_rotations(KeyId=key_id)["Rotations"]] == ["AUTOMATIC"] * 3


def test_disabled_key_is_not_rotated(kms, key_id, frozen):
    kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=90)
    kms.disable_key(KeyId=key_id)
    frozen.advance(91 * DAY)
    kms.enable_key(KeyId=key_id)
    assert kms.list_key_rotations(KeyId=key_id)["Rotations"] == []


def test_rotate_on_demand(kms, key_id):
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"old")["CiphertextBlob"]
    original = kms.describe_key(KeyId=key_id)["KeyMetadata"]["CurrentKeyMaterialId"]
    assert kms.rotate_key_on_demand(KeyId=key_id)["KeyId"] == key_id
    rotations = kms.list_key_rotations(KeyId=key_id)["Rotations"]
    assert [r["RotationType"] for r in rotations] == ["ON_DEMAND"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"old"
    everything = kms.list_key_rotations(KeyId=key_id, IncludeKeyMaterial="ALL_KEY_MATERIAL")["Rotations"]
    assert [(r["KeyMaterialId"], r["KeyMaterialState"]) for r in everything] == [
        (original, "NON_CURRENT"), (rotations[0]["KeyMaterialId"], "CURRENT")]
    assert "RotationType" not in everything[0]
    # On-demand rotation does not switch automatic rotation on.
    assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is False


def test_on_demand_rotations_are_limited_to_25(kms, key_id):
    for _ in range(25):
        kms.rotate_key_on_demand(KeyId=key_id)
    with pytest.raises(kms.exceptions.LimitExceededException):
        kms.rotate_key_on_demand(KeyId=key_id)
    pages = list(kms.get_paginator("list_key_rotations").paginate(KeyId=key_id, PaginationConfig={"PageSize": 10}))
    assert [len(p["Rotations"]) for p in pages] == [10, 10, 5]


@pytest.mark.parametrize("spec,usage", [("RSA_2048", "ENCRYPT_DECRYPT"), ("HMAC_256", "GENERATE_VERIFY_MAC"),
                                        ("ECC_NIST_P256", "SIGN_VERIFY")])
def test_only_symmetric_encryption_keys_rotate(kms, spec, usage):
    key = kms.create_key(KeySpec=spec, KeyUsage=usage)["KeyMetadata"]["KeyId"]
    for call in (lambda: kms.enable_key_rotation(KeyId=key), lambda: kms.disable_key_rotation(KeyId=key),
                 lambda: kms.rotate_key_on_demand(KeyId=key), lambda: kms.list_key_rotations(KeyId=key)):
        with pytest.raises(kms.exceptions.UnsupportedOperationException):
            call()
    assert kms.get_key_rotation_status(KeyId=key)["KeyRotationEnabled"] is False


def test_external_keys_do_not_rotate(kms):
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    with pytest.raises(kms.exceptions.KMSInvalidStateException):
        kms.enable_key_rotation(KeyId=key)


def test_rotation_of_disabled_and_pending_keys(kms, key_id):
    kms.enable_key_rotation(KeyId=key_id)
    kms.disable_key(KeyId=key_id)
    with pytest.raises(kms.exceptions.DisabledException):
        kms.rotate_key_on_demand(KeyId=key_id)
    with pytest.raises(kms.exceptions.DisabledException):
        kms.disable_key_rotation(KeyId=key_id)
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    # Pending deletion reports rotation off; cancelling brings the setting back.
    assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is False
    with pytest.raises(kms.exceptions.KMSInvalidStateException):
        kms.enable_key_rotation(KeyId=key_id)
    kms.cancel_key_deletion(KeyId=key_id)
    assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is True
