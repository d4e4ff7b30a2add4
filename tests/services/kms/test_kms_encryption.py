"""Encrypt, Decrypt, ReEncrypt, data keys and data key pairs, GenerateRandom."""
import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kms_support import error_of, key_arn


def test_round_trip_without_key_id(kms, key_id):
    out = kms.encrypt(KeyId=key_id, Plaintext=b"attack at dawn")
    assert (out["KeyId"], out["EncryptionAlgorithm"]) == (key_arn(key_id), "SYMMETRIC_DEFAULT")
    assert b"attack at dawn" not in out["CiphertextBlob"]
    back = kms.decrypt(CiphertextBlob=out["CiphertextBlob"])
    assert (back["Plaintext"], back["KeyId"], back["EncryptionAlgorithm"]) == (
        b"attack at dawn", key_arn(key_id), "SYMMETRIC_DEFAULT")
    assert back["KeyMaterialId"] == kms.describe_key(KeyId=key_id)["KeyMetadata"]["CurrentKeyMaterialId"]


def test_each_encryption_is_fresh(kms, key_id):
    a = kms.encrypt(KeyId=key_id, Plaintext=b"same")["CiphertextBlob"]
    b = kms.encrypt(KeyId=key_id, Plaintext=b"same")["CiphertextBlob"]
    assert a != b


def test_encrypt_through_alias_and_decrypt_with_any_form_of_the_key(kms, key_id):
    kms.create_alias(AliasName="alias/data", TargetKeyId=key_id)
    blob = kms.encrypt(KeyId="alias/data", Plaintext=b"x")["CiphertextBlob"]
    for ref in (key_id, key_arn(key_id), "alias/data"):
        assert kms.decrypt(CiphertextBlob=blob, KeyId=ref)["Plaintext"] == b"x"


def test_encryption_context_is_bound_to_the_ciphertext(kms, key_id):
    context = {"tenant": "acme", "purpose": "invoice"}
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"p", EncryptionContext=context)["CiphertextBlob"]
    # Order of pairs does not matter; their content does, exactly.
    assert kms.decrypt(CiphertextBlob=blob, EncryptionContext={"purpose": "invoice", "tenant": "acme"})[
        "Plaintext"] == b"p"
    for wrong in ({}, {"tenant": "acme"}, {"tenant": "ACME", "purpose": "invoice"},
                  {**context, "extra": "pair"}):
        with pytest.raises(kms.exceptions.InvalidCiphertextException) as exc:
            kms.decrypt(CiphertextBlob=blob, EncryptionContext=wrong) if wrong else kms.decrypt(CiphertextBlob=blob)
        assert error_of(exc) == ("InvalidCiphertextException", 400, "")


def test_context_given_only_at_decrypt_fails(kms, key_id):
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"p")["CiphertextBlob"]
    with pytest.raises(kms.exceptions.InvalidCiphertextException):
        kms.decrypt(CiphertextBlob=blob, EncryptionContext={"a": "b"})


def test_tampered_and_foreign_ciphertexts_are_invalid(kms, key_id):
    blob = bytearray(kms.encrypt(KeyId=key_id, Plaintext=b"p")["CiphertextBlob"])
    blob[-1] ^= 1
    with pytest.raises(kms.exceptions.InvalidCiphertextException):
        kms.decrypt(CiphertextBlob=bytes(blob))
    for junk in (b"x", b"\x01\x00", b"not a kms ciphertext at all" * 3):
        with pytest.raises(kms.exceptions.InvalidCiphertextException):
            kms.decrypt(CiphertextBlob=junk)


def test_decrypt_with_the_wrong_key_is_incorrect_key(kms, key_id):
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"p")["CiphertextBlob"]
    with pytest.raises(kms.exceptions.IncorrectKeyException) as exc:
        kms.decrypt(CiphertextBlob=blob, KeyId=other)
    assert error_of(exc) == ("IncorrectKeyException", 400, "The key ID in the request does not identify a KMS key "
                             "that can perform this operation.")


def test_decrypt_when_the_key_is_disabled_or_gone(kms, key_id):
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"p")["CiphertextBlob"]
    kms.disable_key(KeyId=key_id)
    with pytest.raises(kms.exceptions.DisabledException):
        kms.decrypt(CiphertextBlob=blob)
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    with pytest.raises(kms.exceptions.KMSInvalidStateException) as exc:
        kms.decrypt(CiphertextBlob=blob)
    assert error_of(exc)[2] == f"{key_arn(key_id)} is pending deletion."


def test_plaintext_limit_is_4096_bytes(kms, key_id):
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"a" * 4096)["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"a" * 4096


def test_plaintext_over_4096_bytes_is_refused_without_echoing_it(raw_kms, key_id):
    with pytest.raises(ClientError) as exc:
        raw_kms.encrypt(KeyId=key_id, Plaintext=b"a" * 4097)
    assert error_of(exc) == ("ValidationException", 400, "1 validation error detected: Value at 'plaintext' "
                             "failed to satisfy constraint: Member must have length less than or equal to 4096")


def test_empty_plaintext_is_refused(raw_kms, key_id):
    with pytest.raises(ClientError) as exc:
        raw_kms.encrypt(KeyId=key_id, Plaintext=b"")
    assert error_of(exc)[2] == ("1 validation error detected: Value at 'plaintext' failed to satisfy constraint: "
                                "Member must have length greater than or equal to 1")


def test_encrypt_with_keys_of_other_usages(kms):
    sign = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    with pytest.raises(kms.exceptions.InvalidKeyUsageException) as exc:
        kms.encrypt(KeyId=sign["KeyId"], Plaintext=b"x")
    assert error_of(exc) == ("InvalidKeyUsageException", 400,
                             f"{sign['Arn']} key usage is SIGN_VERIFY which is not valid for Encrypt.")
    mac = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
    with pytest.raises(kms.exceptions.InvalidKeyUsageException):
        kms.generate_data_key(KeyId=mac["KeyId"], KeySpec="AES_256")


def test_symmetric_key_refuses_rsa_algorithms(kms, key_id):
    with pytest.raises(kms.exceptions.InvalidKeyUsageException) as exc:
        kms.encrypt(KeyId=key_id, Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    assert error_of(exc)[2] == "Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT."


# -- RSA -------------------------------------------------------------------------------

@pytest.fixture
def rsa_key(kms):
    return kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]


@pytest.mark.parametrize("algorithm", ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"])
def test_rsa_round_trip_and_public_key_interoperates(kms, rsa_key, algorithm):
    out = kms.encrypt(KeyId=rsa_key["KeyId"], Plaintext=b"rsa secret", EncryptionAlgorithm=algorithm)
    assert len(out["CiphertextBlob"]) == 256 and out["EncryptionAlgorithm"] == algorithm
    back = kms.decrypt(CiphertextBlob=out["CiphertextBlob"], KeyId=rsa_key["KeyId"], EncryptionAlgorithm=algorithm)
    assert (back["Plaintext"], back["EncryptionAlgorithm"]) == (b"rsa secret", algorithm)
    assert "KeyMaterialId" not in back
    # Anyone holding the public key can encrypt for the KMS key.
    public = serialization.load_der_public_key(kms.get_public_key(KeyId=rsa_key["KeyId"])["PublicKey"])
    h = hashes.SHA1() if algorithm.endswith("SHA_1") else hashes.SHA256()
    outside = public.encrypt(b"from outside", padding.OAEP(mgf=padding.MGF1(h), algorithm=h, label=None))
    assert kms.decrypt(CiphertextBlob=outside, KeyId=rsa_key["KeyId"],
                       EncryptionAlgorithm=algorithm)["Plaintext"] == b"from outside"


def test_rsa_needs_its_algorithm(kms, rsa_key):
    with pytest.raises(kms.exceptions.InvalidKeyUsageException) as exc:
        kms.encrypt(KeyId=rsa_key["KeyId"], Plaintext=b"x")
    assert error_of(exc)[2] == "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048."
    blob = kms.encrypt(KeyId=rsa_key["KeyId"], Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_256")[
        "CiphertextBlob"]
    # Without the key and algorithm the ciphertext says nothing of its key.
    with pytest.raises(kms.exceptions.InvalidCiphertextException):
        kms.decrypt(CiphertextBlob=blob)
    with pytest.raises(kms.exceptions.InvalidKeyUsageException):
        kms.decrypt(CiphertextBlob=blob, KeyId=rsa_key["KeyId"])
    with pytest.raises(kms.exceptions.InvalidCiphertextException):
        kms.decrypt(CiphertextBlob=blob, KeyId=rsa_key["KeyId"], EncryptionAlgorithm="RSAES_OAEP_SHA_1")


@pytest.mark.parametrize("algorithm,limit", [("RSAES_OAEP_SHA_1", 214), ("RSAES_OAEP_SHA_256", 190)])
def test_rsa_2048_plaintext_limits(kms, rsa_key, algorithm, limit):
    kms.encrypt(KeyId=rsa_key["KeyId"], Plaintext=b"a" * limit, EncryptionAlgorithm=algorithm)
    with pytest.raises(ClientError) as exc:
        kms.encrypt(KeyId=rsa_key["KeyId"], Plaintext=b"a" * (limit + 1), EncryptionAlgorithm=algorithm)
    assert error_of(exc)[:2] == ("ValidationException", 400)


def test_rsa_refuses_an_encryption_context(kms, rsa_key):
    with pytest.raises(ClientError) as exc:
        kms.encrypt(KeyId=rsa_key["KeyId"], Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_256",
                    EncryptionContext={"a": "b"})
    assert error_of(exc)[:2] == ("ValidationException", 400)


def test_rsa_key_cannot_protect_data_keys(kms, rsa_key):
    with pytest.raises(kms.exceptions.InvalidKeyUsageException) as exc:
        kms.generate_data_key(KeyId=rsa_key["KeyId"], KeySpec="AES_256")
    assert error_of(exc)[2] == f"{rsa_key['Arn']} key spec is RSA_2048 which is not valid for GenerateDataKey."


# -- ReEncrypt ---------------------------------------------------------------------------

def test_reencrypt_moves_ciphertext_to_another_key_and_context(kms, key_id):
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"move me", EncryptionContext={"v": "1"})["CiphertextBlob"]
    out = kms.re_encrypt(CiphertextBlob=blob, SourceEncryptionContext={"v": "1"}, DestinationKeyId=other,
                         DestinationEncryptionContext={"v": "2"})
    assert (out["SourceKeyId"], out["KeyId"]) == (key_arn(key_id), key_arn(other))
    assert (out["SourceEncryptionAlgorithm"], out["DestinationEncryptionAlgorithm"]) == (
        "SYMMETRIC_DEFAULT", "SYMMETRIC_DEFAULT")
    assert out["SourceKeyMaterialId"] != out["DestinationKeyMaterialId"]
    back = kms.decrypt(CiphertextBlob=out["CiphertextBlob"], EncryptionContext={"v": "2"})
    assert (back["Plaintext"], back["KeyId"]) == (b"move me", key_arn(other))


def test_reencrypt_from_rsa_to_symmetric(kms, rsa_key, key_id):
    blob = kms.encrypt(KeyId=rsa_key["KeyId"], Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_1")[
        "CiphertextBlob"]
    out = kms.re_encrypt(CiphertextBlob=blob, SourceKeyId=rsa_key["KeyId"], SourceEncryptionAlgorithm="RSAES_OAEP_SHA_1",
                         DestinationKeyId=key_id)
    assert out["SourceEncryptionAlgorithm"] == "RSAES_OAEP_SHA_1" and "SourceKeyMaterialId" not in out
    assert kms.decrypt(CiphertextBlob=out["CiphertextBlob"])["Plaintext"] == b"x"


def test_reencrypt_with_the_wrong_source_context(kms, key_id):
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x", EncryptionContext={"a": "1"})["CiphertextBlob"]
    with pytest.raises(kms.exceptions.InvalidCiphertextException):
        kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=key_id)


def test_reencrypt_to_a_disabled_key(kms, key_id):
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.disable_key(KeyId=other)
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    with pytest.raises(kms.exceptions.DisabledException):
        kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=other)


# -- data keys ---------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs,size", [({"KeySpec": "AES_256"}, 32), ({"KeySpec": "AES_128"}, 16),
                                         ({"NumberOfBytes": 64}, 64), ({"NumberOfBytes": 1}, 1)])
def test_generate_data_key(kms, key_id, kwargs, size):
    out = kms.generate_data_key(KeyId=key_id, EncryptionContext={"file": "a.txt"}, **kwargs)
    assert len(out["Plaintext"]) == size and out["KeyId"] == key_arn(key_id)
    assert out["KeyMaterialId"] == kms.describe_key(KeyId=key_id)["KeyMetadata"]["CurrentKeyMaterialId"]
    assert kms.decrypt(CiphertextBlob=out["CiphertextBlob"], EncryptionContext={"file": "a.txt"})[
        "Plaintext"] == out["Plaintext"]


def test_generate_data_key_without_plaintext(kms, key_id):
    out = kms.generate_data_key_without_plaintext(KeyId=key_id, KeySpec="AES_256")
    assert "Plaintext" not in out and out["KeyId"] == key_arn(key_id)
    assert len(kms.decrypt(CiphertextBlob=out["CiphertextBlob"])["Plaintext"]) == 32


@pytest.mark.parametrize("kwargs", [{}, {"KeySpec": "AES_256", "NumberOfBytes": 32}])
def test_data_key_needs_exactly_one_of_key_spec_and_number_of_bytes(kms, key_id, kwargs):
    with pytest.raises(ClientError) as exc:
        kms.generate_data_key(KeyId=key_id, **kwargs)
    assert error_of(exc) == ("ValidationException", 400, "Please specify either number of bytes or key spec.")


def test_data_key_size_limits(raw_kms, key_id):
    with pytest.raises(ClientError) as exc:
        raw_kms.generate_data_key(KeyId=key_id, NumberOfBytes=1025)
    assert error_of(exc)[2] == ("1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy "
                                "constraint: Member must have value less than or equal to 1024")
    with pytest.raises(ClientError) as exc:
        raw_kms.generate_data_key(KeyId=key_id, KeySpec="AES_512")
    assert "Member must satisfy enum value set: [AES_256, AES_128]" in error_of(exc)[2]


def test_data_key_encrypts_data_locally(kms, key_id):
    out = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
    nonce = b"\x00" * 12
    sealed = AESGCM(out["Plaintext"]).encrypt(nonce, b"bulk data", None)
    key = kms.decrypt(CiphertextBlob=out["CiphertextBlob"])["Plaintext"]
    assert AESGCM(key).decrypt(nonce, sealed, None) == b"bulk data"


@pytest.mark.parametrize("spec,kind", [("RSA_2048", rsa.RSAPrivateKey), ("ECC_NIST_P256", ec.EllipticCurvePrivateKey),
                                       ("ECC_SECG_P256K1", ec.EllipticCurvePrivateKey),
                                       ("ECC_NIST_EDWARDS25519", ed25519.Ed25519PrivateKey)])
def test_generate_data_key_pair(kms, key_id, spec, kind):
    out = kms.generate_data_key_pair(KeyId=key_id, KeyPairSpec=spec, EncryptionContext={"k": "v"})
    assert (out["KeyId"], out["KeyPairSpec"]) == (key_arn(key_id), spec)
    private = serialization.load_der_private_key(out["PrivateKeyPlaintext"], None)
    assert isinstance(private, kind)
    public = private.public_key().public_bytes(serialization.Encoding.DER,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    assert out["PublicKey"] == public
    assert kms.decrypt(CiphertextBlob=out["PrivateKeyCiphertextBlob"], EncryptionContext={"k": "v"})[
        "Plaintext"] == out["PrivateKeyPlaintext"]


def test_generate_data_key_pair_without_plaintext(kms, key_id):
    out = kms.generate_data_key_pair_without_plaintext(KeyId=key_id, KeyPairSpec="ECC_NIST_P384")
    assert "PrivateKeyPlaintext" not in out
    private = serialization.load_der_private_key(kms.decrypt(CiphertextBlob=out["PrivateKeyCiphertextBlob"])[
        "Plaintext"], None)
    assert private.curve.name == "secp384r1"


def test_data_key_pair_spec_sm2_is_unsupported(kms, key_id):
    with pytest.raises(kms.exceptions.UnsupportedOperationException):
        kms.generate_data_key_pair(KeyId=key_id, KeyPairSpec="SM2")


def test_data_key_pair_needs_a_symmetric_key(kms):
    sign = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    with pytest.raises(kms.exceptions.InvalidKeyUsageException):
        kms.generate_data_key_pair(KeyId=sign["KeyId"], KeyPairSpec="RSA_2048")


# -- dry runs and random bytes -----------------------------------------------------------

def test_dry_run_checks_everything_and_does_nothing(kms, key_id):
    with pytest.raises(kms.exceptions.DryRunOperationException) as exc:
        kms.encrypt(KeyId=key_id, Plaintext=b"x", DryRun=True)
    assert error_of(exc) == ("DryRunOperationException", 412,
                             "The request would have succeeded, but the DryRun option is set.")
    kms.disable_key(KeyId=key_id)
    # A request that would fail reports its own error, not the dry run.
    with pytest.raises(kms.exceptions.DisabledException):
        kms.encrypt(KeyId=key_id, Plaintext=b"x", DryRun=True)


def test_dry_run_decrypt_and_data_key(kms, key_id):
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    with pytest.raises(kms.exceptions.DryRunOperationException):
        kms.decrypt(CiphertextBlob=blob, DryRun=True)
    with pytest.raises(kms.exceptions.DryRunOperationException):
        kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", DryRun=True)
    with pytest.raises(kms.exceptions.DryRunOperationException):
        kms.generate_data_key_pair(KeyId=key_id, KeyPairSpec="RSA_2048", DryRun=True)


def test_generate_random(kms):
    a, b = (kms.generate_random(NumberOfBytes=32)["Plaintext"] for _ in range(2))
    assert len(a) == 32 and a != b
    assert len(kms.generate_random(NumberOfBytes=1024)["Plaintext"]) == 1024


def test_generate_random_errors(kms, raw_kms):
    with pytest.raises(ClientError) as exc:
        kms.generate_random()
    assert error_of(exc) == ("ValidationException", 400, "Please specify either number of bytes or key spec.")
    with pytest.raises(ClientError) as exc:
        raw_kms.generate_random(NumberOfBytes=1025)
    assert error_of(exc)[:2] == ("ValidationException", 400)
    with pytest.raises(kms.exceptions.CustomKeyStoreNotFoundException):
        kms.generate_random(NumberOfBytes=8, CustomKeyStoreId="cks-1234567890abcdef0")


def test_attestation_recipient_is_refused(kms, key_id):
    with pytest.raises(ClientError) as exc:
        kms.generate_data_key(KeyId=key_id, KeySpec="AES_256",
                              Recipient={"KeyEncryptionAlgorithm": "RSAES_OAEP_SHA_256", "AttestationDocument": b"doc"})
    assert error_of(exc)[:2] == ("ValidationException", 400)


def test_grant_tokens_must_be_tokens(kms, key_id):
    with pytest.raises(kms.exceptions.InvalidGrantTokenException):
        kms.encrypt(KeyId=key_id, Plaintext=b"x", GrantTokens=["made-up"])
