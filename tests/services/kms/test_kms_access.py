"""KMS for other services and accounts: the in-process API, key policies for authorization, keys
of another account named by ARN."""
import threading

import pytest

from iamulator.services.base import Context
from iamulator.services.errors import AWSError
from iamulator.services.kms import access, resource_policy
from iamulator.services.state import STORE

from kms_support import ACCOUNT, REGION, alias_arn, error_of, key_arn

OTHER = "210987654321"


def _ctx(account=ACCOUNT, region=REGION):
    return Context(request=None, service="kms", operation="", protocol="json", account_id=account, region=region,
                   store=STORE)


def _other_account_key(**params):
    backend = STORE.backend("kms", OTHER, REGION)
    with backend.lock:
        return backend.create_key(_ctx(OTHER), params)["KeyMetadata"]


# -- the in-process API ------------------------------------------------------------------------

def test_encrypt_in_process_decrypt_over_the_api(kms, key_id):
    blob, arn = access.encrypt(STORE, ACCOUNT, REGION, key_id, b"parameter value", {"PARAMETER_ARN": "p"})
    assert arn == key_arn(key_id)
    out = kms.decrypt(CiphertextBlob=blob, EncryptionContext={"PARAMETER_ARN": "p"})
    assert out["Plaintext"] == b"parameter value"


def test_encrypt_over_the_api_decrypt_in_process(kms, key_id):
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"secret string")["CiphertextBlob"]
    assert access.decrypt(STORE, ACCOUNT, REGION, blob) == (b"secret string", key_arn(key_id))
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    with pytest.raises(AWSError) as exc:
        access.decrypt(STORE, ACCOUNT, REGION, blob, key_id=other)
    assert exc.value.code == "IncorrectKeyException"


def test_in_process_errors_are_kms_errors(kms, key_id):
    kms.disable_key(KeyId=key_id)
    with pytest.raises(AWSError) as exc:
        access.encrypt(STORE, ACCOUNT, REGION, key_id, b"x")
    assert (exc.value.code, exc.value.message) == ("DisabledException", f"{key_arn(key_id)} is disabled.")
    with pytest.raises(AWSError) as exc:
        access.encrypt(STORE, ACCOUNT, REGION, "alias/missing", b"x")
    assert exc.value.code == "NotFoundException"
    with pytest.raises(AWSError) as exc:
        access.decrypt(STORE, ACCOUNT, REGION, b"garbage")
    assert exc.value.code == "InvalidCiphertextException"


def test_service_default_key_is_created_on_first_use(kms):
    blob, arn = access.encrypt(STORE, ACCOUNT, REGION, None, b"x", service="secretsmanager")
    meta = kms.describe_key(KeyId="alias/aws/secretsmanager")["KeyMetadata"]
    assert (arn, meta["KeyManager"]) == (meta["Arn"], "AWS")
    assert access.encrypt(STORE, ACCOUNT, REGION, None, b"y", service="secretsmanager")[1] == arn
    assert access.decrypt(STORE, ACCOUNT, REGION, blob)[0] == b"x"


def test_generate_data_key_and_describe_in_process(kms, key_id):
    plaintext, blob, arn = access.generate_data_key(STORE, ACCOUNT, REGION, key_id, 32, {"k": "v"})
    assert len(plaintext) == 32 and arn == key_arn(key_id)
    assert kms.decrypt(CiphertextBlob=blob, EncryptionContext={"k": "v"})["Plaintext"] == plaintext
    assert access.describe_key(STORE, ACCOUNT, REGION, key_id)["KeyState"] == "Enabled"


def test_in_process_call_while_holding_another_backend_lock(kms, key_id):
    """A service calls in while the dispatcher holds its own lock; nothing waits on anything."""
    sqs = STORE.backend("sqs", ACCOUNT, REGION)
    done = []

    def work():
        with sqs.lock:
            done.append(access.encrypt(STORE, ACCOUNT, REGION, key_id, b"x")[1])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert done == [key_arn(key_id)] * 4


# -- key policies for the authorization layer -------------------------------------------------

def test_resource_policy_returns_the_key_policy_and_owner(kms, key_id):
    text, owner = resource_policy(_ctx(), key_arn(key_id))
    assert owner == ACCOUNT and text == kms.get_key_policy(KeyId=key_id)["Policy"]
    kms.put_key_policy(KeyId=key_id, Policy='{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
                                            '"Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*"}]}')
    assert '"kms:Decrypt"' in resource_policy(_ctx(), key_arn(key_id))[0]


def test_resource_policy_of_other_accounts_and_missing_keys(kms):
    other = _other_account_key()
    text, owner = resource_policy(_ctx(), other["Arn"])
    assert owner == OTHER and f"arn:aws:iam::{OTHER}:root" in text
    assert resource_policy(_ctx(), key_arn("0b5c4a5e-1111-4222-8333-444455556666")) == (None, ACCOUNT)
    assert resource_policy(_ctx(), alias_arn("alias/x")) == (None, ACCOUNT)
    assert resource_policy(_ctx(), "not an arn") == (None, ACCOUNT)


# -- keys of another account ---------------------------------------------------------------

def test_cryptographic_operations_on_another_accounts_key(kms):
    other = _other_account_key()
    out = kms.encrypt(KeyId=other["Arn"], Plaintext=b"shared")
    assert out["KeyId"] == other["Arn"]
    # The ciphertext names its key, account included.
    assert kms.decrypt(CiphertextBlob=out["CiphertextBlob"])["Plaintext"] == b"shared"
    assert kms.describe_key(KeyId=other["Arn"])["KeyMetadata"]["AWSAccountId"] == OTHER
    grant = kms.create_grant(KeyId=other["Arn"], GranteePrincipal=f"arn:aws:iam::{ACCOUNT}:role/r",
                             Operations=["Decrypt"])
    assert kms.list_grants(KeyId=other["Arn"])["Grants"][0]["GrantId"] == grant["GrantId"]


def test_another_accounts_key_needs_its_arn(kms):
    other = _other_account_key()
    with pytest.raises(kms.exceptions.NotFoundException):
        kms.encrypt(KeyId=other["KeyId"], Plaintext=b"x")


def test_management_operations_stay_in_the_callers_account(kms):
    other = _other_account_key()
    for call in (lambda: kms.disable_key(KeyId=other["Arn"]), lambda: kms.get_key_policy(KeyId=other["Arn"]),
                 lambda: kms.schedule_key_deletion(KeyId=other["Arn"]),
                 lambda: kms.create_alias(AliasName="alias/theirs", TargetKeyId=other["Arn"])):
        with pytest.raises(kms.exceptions.NotFoundException) as exc:
            call()
        assert error_of(exc)[2] == f"Key '{other['Arn']}' does not exist"
    assert kms.list_keys()["Keys"] == []


def test_alias_arn_of_another_account(kms):
    other = _other_account_key()
    backend = STORE.backend("kms", OTHER, REGION)
    with backend.lock:
        backend.create_alias(_ctx(OTHER), {"AliasName": "alias/shared", "TargetKeyId": other["KeyId"]})
    arn = alias_arn("alias/shared", account=OTHER)
    assert kms.encrypt(KeyId=arn, Plaintext=b"x")["KeyId"] == other["Arn"]
    with pytest.raises(kms.exceptions.NotFoundException):
        kms.encrypt(KeyId="alias/shared", Plaintext=b"x")
