"""SecureString parameters: encrypted by the KMS backend under the parameter's key."""
import base64

import boto3
import pytest

from ssm_support import ARN_PREFIX, REGION, error_of


@pytest.fixture
def kms(ssm):
    return boto3.client("kms", region_name=REGION)


def test_value_is_ciphertext_unless_decrypted(ssm):
    ssm.put_parameter(Name="/db/password", Value="hunter2", Type="SecureString")
    sealed = ssm.get_parameter(Name="/db/password")["Parameter"]
    assert sealed["Type"] == "SecureString"
    assert sealed["Value"] != "hunter2"
    assert base64.b64decode(sealed["Value"])          # a base64 KMS ciphertext blob
    assert ssm.get_parameter(Name="/db/password", WithDecryption=True)["Parameter"]["Value"] == "hunter2"


def test_default_key_is_the_aws_managed_alias(ssm, kms):
    ssm.put_parameter(Name="/s", Value="v", Type="SecureString")
    assert ssm.describe_parameters()["Parameters"][0]["KeyId"] == "alias/aws/ssm"
    # KMS created the AWS managed key on first use.
    aliases = {a["AliasName"]: a for a in kms.list_aliases()["Aliases"]}
    assert "TargetKeyId" in aliases["alias/aws/ssm"]


def test_the_ciphertext_is_kms_ciphertext_bound_to_the_parameter(ssm, kms):
    ssm.put_parameter(Name="/s", Value="plain", Type="SecureString")
    blob = base64.b64decode(ssm.get_parameter(Name="/s")["Parameter"]["Value"])
    out = kms.decrypt(CiphertextBlob=blob, EncryptionContext={"PARAMETER_ARN": f"{ARN_PREFIX}/s"})
    assert out["Plaintext"] == b"plain"
    with pytest.raises(kms.exceptions.InvalidCiphertextException):
        kms.decrypt(CiphertextBlob=blob)            # without the parameter's encryption context


def test_customer_managed_key(ssm, kms):
    key = kms.create_key()["KeyMetadata"]
    ssm.put_parameter(Name="/a", Value="same", Type="SecureString", KeyId=key["KeyId"])
    ssm.put_parameter(Name="/b", Value="same", Type="SecureString")
    a, b = (ssm.get_parameter(Name=n)["Parameter"]["Value"] for n in ("/a", "/b"))
    assert a != b
    assert ssm.get_parameter(Name="/a", WithDecryption=True)["Parameter"]["Value"] == "same"
    meta = {p["Name"]: p for p in ssm.describe_parameters()["Parameters"]}
    assert meta["/a"]["KeyId"] == key["KeyId"]
    # Overwriting without a KeyId keeps the parameter's key.
    ssm.put_parameter(Name="/a", Value="next", Overwrite=True)
    assert ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Values": ["/a"]}])["Parameters"][0]["KeyId"] \
        == key["KeyId"]


def test_unknown_key_is_invalid_key_id(ssm):
    with pytest.raises(ssm.exceptions.InvalidKeyId) as exc:
        ssm.put_parameter(Name="/s", Value="v", Type="SecureString", KeyId="alias/parameter_store_key")
    code, status, message = error_of(exc)
    assert (code, status) == ("InvalidKeyId", 400)
    assert message.startswith(f"Alias arn:aws:kms:{REGION}:123456789012:alias/parameter_store_key is not found. "
                              "(Service: AWSKMS; Status Code: 400; Error Code: NotFoundException; Request ID: ")
    with pytest.raises(ssm.exceptions.ParameterNotFound):
        ssm.get_parameter(Name="/s")


def test_a_disabled_key_makes_decryption_fail(ssm, kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    ssm.put_parameter(Name="/s", Value="v", Type="SecureString", KeyId=key_id)
    kms.disable_key(KeyId=key_id)
    with pytest.raises(ssm.exceptions.InvalidKeyId) as exc:
        ssm.get_parameter(Name="/s", WithDecryption=True)
    assert "Error Code: DisabledException" in error_of(exc)[2]
    # Without decryption the ciphertext is still readable.
    assert ssm.get_parameter(Name="/s")["Parameter"]["Value"]
    kms.enable_key(KeyId=key_id)
    assert ssm.get_parameter(Name="/s", WithDecryption=True)["Parameter"]["Value"] == "v"


def test_history_and_path_reads_decrypt_on_request(ssm):
    ssm.put_parameter(Name="/app/secret", Value="one", Type="SecureString")
    ssm.put_parameter(Name="/app/secret", Value="two", Overwrite=True)
    history = ssm.get_parameter_history(Name="/app/secret", WithDecryption=True)["Parameters"]
    assert [h["Value"] for h in history] == ["one", "two"]
    assert all(h["KeyId"] == "alias/aws/ssm" for h in history)
    sealed = ssm.get_parameter_history(Name="/app/secret")["Parameters"]
    assert "one" not in [h["Value"] for h in sealed]
    by_path = ssm.get_parameters_by_path(Path="/app", WithDecryption=True)["Parameters"]
    assert by_path[0]["Value"] == "two"
    assert ssm.get_parameters(Names=["/app/secret"], WithDecryption=True)["Parameters"][0]["Value"] == "two"


def test_turning_a_secure_string_into_a_string(ssm):
    ssm.put_parameter(Name="/s", Value="secret", Type="SecureString")
    ssm.put_parameter(Name="/s", Value="public", Type="String", Overwrite=True)
    p = ssm.get_parameter(Name="/s")["Parameter"]
    assert (p["Type"], p["Value"]) == ("String", "public")
    assert "KeyId" not in ssm.describe_parameters()["Parameters"][0]
