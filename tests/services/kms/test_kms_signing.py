"""Sign, Verify, GetPublicKey, GenerateMac, VerifyMac, DeriveSharedSecret."""
import hashlib
import hmac

import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, utils

from kms_support import error_of, key_arn

_HASH = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}


@pytest.fixture(scope="module")
def message():
    return b"The quick brown fox jumps over the lazy dog"


def _signing_key(kms, spec):
    return kms.create_key(KeySpec=spec, KeyUsage="SIGN_VERIFY")["KeyMetadata"]


def _verify_outside(public_der, algorithm, message, signature):
    """Verify a KMS signature with the public key alone, as a relying party would."""
    public = serialization.load_der_public_key(public_der)
    h = _HASH[algorithm[-3:]]()
    if algorithm.startswith("ECDSA"):
        public.verify(signature, message, ec.ECDSA(h))
    elif algorithm.startswith("RSASSA_PSS"):
        public.verify(signature, message, padding.PSS(mgf=padding.MGF1(h), salt_length=h.digest_size), h)
    else:
        public.verify(signature, message, padding.PKCS1v15(), h)


@pytest.mark.parametrize("spec,algorithm", [
    ("RSA_2048", "RSASSA_PSS_SHA_256"), ("RSA_2048", "RSASSA_PSS_SHA_384"), ("RSA_2048", "RSASSA_PSS_SHA_512"),
    ("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_256"), ("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_384"),
    ("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_512"), ("ECC_NIST_P256", "ECDSA_SHA_256"),
    ("ECC_NIST_P384", "ECDSA_SHA_384"), ("ECC_NIST_P521", "ECDSA_SHA_512"), ("ECC_SECG_P256K1", "ECDSA_SHA_256"),
])
def test_sign_raw_verify_in_kms_and_outside(kms, message, spec, algorithm):
    key = _signing_key(kms, spec)
    out = kms.sign(KeyId=key["KeyId"], Message=message, SigningAlgorithm=algorithm)
    assert (out["KeyId"], out["SigningAlgorithm"]) == (key["Arn"], algorithm)
    verified = kms.verify(KeyId=key["KeyId"], Message=message, Signature=out["Signature"], SigningAlgorithm=algorithm)
    assert (verified["SignatureValid"], verified["KeyId"], verified["SigningAlgorithm"]) == (True, key["Arn"],
                                                                                            algorithm)
    _verify_outside(kms.get_public_key(KeyId=key["KeyId"])["PublicKey"], algorithm, message, out["Signature"])


def test_digest_message_type_signs_the_digest_as_is(kms, message):
    key = _signing_key(kms, "ECC_NIST_P256")
    digest = hashlib.sha256(message).digest()
    signature = kms.sign(KeyId=key["KeyId"], Message=digest, MessageType="DIGEST",
                         SigningAlgorithm="ECDSA_SHA_256")["Signature"]
    # A digest signature is a signature of the message: either form verifies it.
    assert kms.verify(KeyId=key["KeyId"], Message=message, MessageType="RAW", Signature=signature,
                      SigningAlgorithm="ECDSA_SHA_256")["SignatureValid"]
    assert kms.verify(KeyId=key["KeyId"], Message=digest, MessageType="DIGEST", Signature=signature,
                      SigningAlgorithm="ECDSA_SHA_256")["SignatureValid"]
    public = serialization.load_der_public_key(kms.get_public_key(KeyId=key["KeyId"])["PublicKey"])
    public.verify(signature, digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))


def test_digest_of_the_wrong_length(kms, message):
    key = _signing_key(kms, "RSA_2048")
    with pytest.raises(ClientError) as exc:
        kms.sign(KeyId=key["KeyId"], Message=b"short", MessageType="DIGEST", SigningAlgorithm="RSASSA_PSS_SHA_256")
    assert error_of(exc) == ("ValidationException", 400, "Digest is invalid length for algorithm RSASSA_PSS_SHA_256.")


def test_a_bad_signature_is_kms_invalid_signature(kms, message):
    key = _signing_key(kms, "ECC_NIST_P256")
    signature = kms.sign(KeyId=key["KeyId"], Message=message, SigningAlgorithm="ECDSA_SHA_256")["Signature"]
    for wrong_message, wrong_signature in ((message + b"!", signature), (message, b"\x30\x06junk!!")):
        with pytest.raises(kms.exceptions.KMSInvalidSignatureException) as exc:
            kms.verify(KeyId=key["KeyId"], Message=wrong_message, Signature=wrong_signature,
                       SigningAlgorithm="ECDSA_SHA_256")
        assert error_of(exc) == ("KMSInvalidSignatureException", 400, "")


def test_signature_of_another_key_is_invalid(kms, message):
    a, b = _signing_key(kms, "ECC_NIST_P256"), _signing_key(kms, "ECC_NIST_P256")
    signature = kms.sign(KeyId=a["KeyId"], Message=message, SigningAlgorithm="ECDSA_SHA_256")["Signature"]
    with pytest.raises(kms.exceptions.KMSInvalidSignatureException):
        kms.verify(KeyId=b["KeyId"], Message=message, Signature=signature, SigningAlgorithm="ECDSA_SHA_256")


def test_algorithm_must_suit_the_key(kms, message):
    key = _signing_key(kms, "ECC_NIST_P256")
    with pytest.raises(kms.exceptions.InvalidKeyUsageException) as exc:
        kms.sign(KeyId=key["KeyId"], Message=message, SigningAlgorithm="ECDSA_SHA_384")
    assert error_of(exc) == ("InvalidKeyUsageException", 400,
                             "Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.")


def test_sign_with_an_encryption_key(kms, key_id, message):
    with pytest.raises(kms.exceptions.InvalidKeyUsageException) as exc:
        kms.sign(KeyId=key_id, Message=message, SigningAlgorithm="ECDSA_SHA_256")
    assert error_of(exc)[2] == f"{key_arn(key_id)} key usage is ENCRYPT_DECRYPT which is not valid for Sign."


def test_sign_with_a_disabled_key(kms, message):
    key = _signing_key(kms, "ECC_NIST_P256")
    kms.disable_key(KeyId=key["KeyId"])
    with pytest.raises(kms.exceptions.DisabledException):
        kms.sign(KeyId=key["KeyId"], Message=message, SigningAlgorithm="ECDSA_SHA_256")
    with pytest.raises(kms.exceptions.DisabledException):
        kms.get_public_key(KeyId=key["KeyId"])


def test_external_mu_is_only_for_ml_dsa(kms, message):
    key = _signing_key(kms, "ECC_NIST_P256")
    with pytest.raises(ClientError) as exc:
        kms.sign(KeyId=key["KeyId"], Message=b"m" * 64, MessageType="EXTERNAL_MU", SigningAlgorithm="ECDSA_SHA_256")
    assert error_of(exc)[:2] == ("ValidationException", 400)


def test_sign_dry_run(kms, message):
    key = _signing_key(kms, "ECC_NIST_P256")
    with pytest.raises(kms.exceptions.DryRunOperationException):
        kms.sign(KeyId=key["KeyId"], Message=message, SigningAlgorithm="ECDSA_SHA_256", DryRun=True)


def test_get_public_key_is_der_subject_public_key_info(kms):
    key = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]
    out = kms.get_public_key(KeyId=key["KeyId"])
    public = serialization.load_der_public_key(out["PublicKey"])
    assert public.key_size == 2048
    assert (out["KeyId"], out["KeySpec"], out["CustomerMasterKeySpec"], out["KeyUsage"]) == (
        key["Arn"], "RSA_2048", "RSA_2048", "ENCRYPT_DECRYPT")
    assert out["EncryptionAlgorithms"] == ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]
    assert "SigningAlgorithms" not in out
    ecc = _signing_key(kms, "ECC_SECG_P256K1")
    assert serialization.load_der_public_key(kms.get_public_key(KeyId=ecc["KeyId"])["PublicKey"]).curve.name == \
        "secp256k1"


def test_get_public_key_of_a_symmetric_key(kms, key_id):
    with pytest.raises(kms.exceptions.UnsupportedOperationException) as exc:
        kms.get_public_key(KeyId=key_id)
    assert error_of(exc)[2] == f"{key_arn(key_id)} key spec is SYMMETRIC_DEFAULT which is not valid for GetPublicKey."


# -- HMAC -------------------------------------------------------------------------------

@pytest.mark.parametrize("bits", [224, 256, 384, 512])
def test_generate_and_verify_mac(kms, message, bits):
    key = kms.create_key(KeySpec=f"HMAC_{bits}", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
    algorithm = f"HMAC_SHA_{bits}"
    out = kms.generate_mac(KeyId=key["KeyId"], Message=message, MacAlgorithm=algorithm)
    assert (out["KeyId"], out["MacAlgorithm"], len(out["Mac"])) == (key["Arn"], algorithm, bits // 8)
    # The same key and message always give the same tag.
    assert kms.generate_mac(KeyId=key["KeyId"], Message=message, MacAlgorithm=algorithm)["Mac"] == out["Mac"]
    verified = kms.verify_mac(KeyId=key["KeyId"], Message=message, Mac=out["Mac"], MacAlgorithm=algorithm)
    assert (verified["MacValid"], verified["KeyId"], verified["MacAlgorithm"]) == (True, key["Arn"], algorithm)


def test_verify_mac_failures(kms, message):
    key = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
    tag = kms.generate_mac(KeyId=key["KeyId"], Message=message, MacAlgorithm="HMAC_SHA_256")["Mac"]
    with pytest.raises(kms.exceptions.KMSInvalidMacException) as exc:
        kms.verify_mac(KeyId=key["KeyId"], Message=message + b".", Mac=tag, MacAlgorithm="HMAC_SHA_256")
    assert error_of(exc) == ("KMSInvalidMacException", 400, "")
    forged = hmac.new(b"not the key", message, hashlib.sha256).digest()
    with pytest.raises(kms.exceptions.KMSInvalidMacException):
        kms.verify_mac(KeyId=key["KeyId"], Message=message, Mac=forged, MacAlgorithm="HMAC_SHA_256")
    with pytest.raises(kms.exceptions.InvalidKeyUsageException) as exc:
        kms.generate_mac(KeyId=key["KeyId"], Message=message, MacAlgorithm="HMAC_SHA_512")
    assert error_of(exc)[2] == "Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_256."


def test_mac_with_a_non_hmac_key(kms, key_id, message):
    with pytest.raises(kms.exceptions.InvalidKeyUsageException) as exc:
        kms.generate_mac(KeyId=key_id, Message=message, MacAlgorithm="HMAC_SHA_256")
    assert error_of(exc)[2] == f"{key_arn(key_id)} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac."


def test_hmac_key_cannot_encrypt(kms):
    key = kms.create_key(KeySpec="HMAC_384", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
    with pytest.raises(kms.exceptions.InvalidKeyUsageException):
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")


# -- key agreement -------------------------------------------------------------------------

def test_derive_shared_secret_agrees_with_the_peer(kms):
    key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="KEY_AGREEMENT")["KeyMetadata"]
    peer = ec.generate_private_key(ec.SECP256R1())
    peer_public = peer.public_key().public_bytes(serialization.Encoding.DER,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo)
    out = kms.derive_shared_secret(KeyId=key["KeyId"], KeyAgreementAlgorithm="ECDH", PublicKey=peer_public)
    kms_public = serialization.load_der_public_key(kms.get_public_key(KeyId=key["KeyId"])["PublicKey"])
    assert out["SharedSecret"] == peer.exchange(ec.ECDH(), kms_public)
    assert (out["KeyId"], out["KeyAgreementAlgorithm"], out["KeyOrigin"]) == (key["Arn"], "ECDH", "AWS_KMS")


def test_derive_shared_secret_errors(kms, key_id):
    key = kms.create_key(KeySpec="ECC_NIST_P384", KeyUsage="KEY_AGREEMENT")["KeyMetadata"]
    other_curve = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    with pytest.raises(ClientError) as exc:
        kms.derive_shared_secret(KeyId=key["KeyId"], KeyAgreementAlgorithm="ECDH", PublicKey=other_curve)
    assert error_of(exc)[:2] == ("ValidationException", 400)
    with pytest.raises(ClientError) as exc:
        kms.derive_shared_secret(KeyId=key["KeyId"], KeyAgreementAlgorithm="ECDH", PublicKey=b"not der")
    assert error_of(exc)[:2] == ("ValidationException", 400)
    with pytest.raises(kms.exceptions.InvalidKeyUsageException):
        kms.derive_shared_secret(KeyId=key_id, KeyAgreementAlgorithm="ECDH", PublicKey=other_curve)
