"""Bad input from clients that do not validate, secrets of other accounts, unimplemented
operations, and an application using Secrets Manager the way real code does."""
import json

import boto3
import pytest
from botocore.config import Config

from iamulator.services.base import Context
from iamulator.services.state import STORE

from sm_support import REGION, error_of

OTHER = "111122223333"


@pytest.fixture
def raw(sm):
    """A client that leaves every check to the service, as other SDKs and hand-made requests do."""
    return boto3.client("secretsmanager", region_name=REGION, config=Config(parameter_validation=False))


class TestValidation:
    def test_missing_required_member(self, raw):
        with pytest.raises(raw.exceptions.ClientError) as exc:
            raw.get_secret_value()
        assert error_of(exc) == ("ValidationException", 400, "1 validation error detected: Value null at "
                                 "'secretId' failed to satisfy constraint: Member must not be null")

    def test_too_long_name_and_several_errors_at_once(self, raw):
        with pytest.raises(raw.exceptions.ClientError) as exc:
            raw.create_secret(Name="n" * 513, SecretString="x", ClientRequestToken="short")
        code, status, message = error_of(exc)
        assert (code, status) == ("ValidationException", 400)
        assert message.startswith("2 validation errors detected: ")
        assert "at 'name' failed to satisfy constraint: Member must have length less than or equal to 512" in message
        assert ("Value 'short' at 'clientRequestToken' failed to satisfy constraint: Member must have length "
                "greater than or equal to 32") in message

    def test_secret_values_are_not_echoed(self, raw):
        with pytest.raises(raw.exceptions.ClientError) as exc:
            raw.create_secret(Name="n", SecretString="")
        assert error_of(exc)[2] == ("1 validation error detected: Value at 'secretString' failed to satisfy "
                                    "constraint: Member must have length greater than or equal to 1")

    def test_bad_enum(self, raw):
        with pytest.raises(raw.exceptions.ClientError) as exc:
            raw.list_secrets(SortBy="size")
        assert "Member must satisfy enum value set: [created-date, last-accessed-date, last-changed-date, name]" \
            in error_of(exc)[2]

    def test_unimplemented_operations_answer_501(self, sm):
        with pytest.raises(sm.exceptions.ClientError) as exc:
            sm.replicate_secret_to_regions(SecretId="x", AddReplicaRegions=[{"Region": "eu-west-1"}])
        assert error_of(exc)[:2] == ("NotImplemented", 501)
        with pytest.raises(sm.exceptions.ClientError) as exc:
            sm.create_secret(Name="r", SecretString="x", AddReplicaRegions=[{"Region": "eu-west-1"}])
        assert error_of(exc)[:2] == ("NotImplemented", 501)


def test_a_secret_of_another_account_is_reached_by_arn(sm):
    other = STORE.backend("secretsmanager", OTHER, REGION)
    ctx = Context(request=None, service="secretsmanager", operation="CreateSecret", protocol="json",
                  account_id=OTHER, region=REGION, store=STORE)
    with other.lock:
        arn = other.create_secret(ctx, {"Name": "shared", "SecretString": "theirs"})["ARN"]
    assert arn.startswith(f"arn:aws:secretsmanager:{REGION}:{OTHER}:secret:shared-")
    assert sm.get_secret_value(SecretId=arn)["SecretString"] == "theirs"
    assert sm.get_secret_value(SecretId=arn[:-7])["SecretString"] == "theirs"
    sm.put_secret_value(SecretId=arn, SecretString="updated by us")
    assert other.lookup("shared").holder("AWSCURRENT").string == "updated by us"
    # By name, only this account's secrets are found.
    with pytest.raises(sm.exceptions.ResourceNotFoundException):
        sm.get_secret_value(SecretId="shared")


# -- an application ---------------------------------------------------------------------------

def database_url(client, secret_id: str) -> str:
    """What a service does at start-up: read its database credentials and build a URL."""
    creds = json.loads(client.get_secret_value(SecretId=secret_id)["SecretString"])
    return f"postgresql://{creds['username']}:{creds['password']}@{creds['host']}:{creds['port']}/{creds['dbname']}"


def rotate_password(client, secret_id: str) -> str:
    """A hand-rolled rotation: stage a new password as AWSPENDING, then promote it."""
    current = client.get_secret_value(SecretId=secret_id)
    creds = json.loads(current["SecretString"])
    creds["password"] = client.get_random_password(PasswordLength=24, ExcludeCharacters="/@\"'\\")["RandomPassword"]
    pending = client.put_secret_value(SecretId=secret_id, SecretString=json.dumps(creds),
                                      VersionStages=["AWSPENDING"])["VersionId"]
    client.update_secret_version_stage(SecretId=secret_id, VersionStage="AWSCURRENT", MoveToVersionId=pending,
                                       RemoveFromVersionId=current["VersionId"])
    client.update_secret_version_stage(SecretId=secret_id, VersionStage="AWSPENDING", RemoveFromVersionId=pending)
    return creds["password"]


def test_application_reads_and_rotates_its_database_secret(sm):
    sm.create_secret(Name="orders/db", SecretString=json.dumps({
        "username": "orders", "password": "initial", "host": "db.internal", "port": 5432, "dbname": "orders"}))
    assert database_url(sm, "orders/db") == "postgresql://orders:initial@db.internal:5432/orders"
    new_password = rotate_password(sm, "orders/db")
    assert len(new_password) == 24 and not set(new_password) & set("/@\"'\\")
    assert database_url(sm, "orders/db") == f"postgresql://orders:{new_password}@db.internal:5432/orders"
    previous = json.loads(sm.get_secret_value(SecretId="orders/db", VersionStage="AWSPREVIOUS")["SecretString"])
    assert previous["password"] == "initial"
    assert sorted(s for v in sm.describe_secret(SecretId="orders/db")["VersionIdsToStages"].values() for s in v) \
        == ["AWSCURRENT", "AWSPREVIOUS"]
