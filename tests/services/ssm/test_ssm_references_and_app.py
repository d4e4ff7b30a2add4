"""Secrets Manager secrets through Parameter Store, and an application loading its configuration."""
import json

import boto3
import pytest

from ssm_support import REGION, error_of

REF = "/aws/reference/secretsmanager/"


@pytest.fixture
def sm(ssm):
    return boto3.client("secretsmanager", region_name=REGION)


class TestSecretsManagerReferences:
    def test_current_value(self, ssm, sm):
        created = sm.create_secret(Name="prod/db", SecretString='{"password":"pw"}')
        p = ssm.get_parameter(Name=REF + "prod/db", WithDecryption=True)["Parameter"]
        assert (p["Name"], p["Type"], p["Value"], p["Version"]) == (REF + "prod/db", "SecureString",
                                                                    '{"password":"pw"}', 0)
        assert p["ARN"] == created["ARN"]
        source = json.loads(p["SourceResult"])
        assert (source["Name"], source["VersionId"], source["VersionStages"]) == (
            "prod/db", created["VersionId"], ["AWSCURRENT"])

    def test_selecting_a_stage_or_version(self, ssm, sm):
        v1 = sm.create_secret(Name="s", SecretString="one")["VersionId"]
        sm.put_secret_value(SecretId="s", SecretString="two")
        assert ssm.get_parameter(Name=REF + "s:AWSPREVIOUS", WithDecryption=True)["Parameter"]["Value"] == "one"
        p = ssm.get_parameter(Name=f"{REF}s:{v1}", WithDecryption=True)["Parameter"]
        assert (p["Value"], p["Selector"]) == ("one", f":{v1}")

    def test_needs_decryption(self, ssm, sm):
        sm.create_secret(Name="s", SecretString="one")
        with pytest.raises(ssm.exceptions.ClientError) as exc:
            ssm.get_parameter(Name=REF + "s")
        assert error_of(exc) == ("ValidationException", 400, "WithDecryption flag must be True for retrieving a "
                                                              "Secret Manager secret.")

    def test_missing_or_scheduled_secret(self, ssm, sm):
        with pytest.raises(ssm.exceptions.ParameterNotFound):
            ssm.get_parameter(Name=REF + "none", WithDecryption=True)
        sm.create_secret(Name="gone", SecretString="x")
        sm.delete_secret(SecretId="gone")
        with pytest.raises(ssm.exceptions.ParameterNotFound):
            ssm.get_parameter(Name=REF + "gone", WithDecryption=True)

    def test_in_get_parameters(self, ssm, sm):
        sm.create_secret(Name="s", SecretString="one")
        out = ssm.get_parameters(Names=[REF + "s", REF + "none"], WithDecryption=True)
        assert [p["Value"] for p in out["Parameters"]] == ["one"]
        assert out["InvalidParameters"] == [REF + "none"]


# -- an application ---------------------------------------------------------------------------

def load_config(client, prefix: str) -> dict:
    """What services do at start-up: every parameter under their prefix, decrypted, as a dict
    keyed by the name relative to the prefix (nested paths joined with dots)."""
    config = {}
    for page in client.get_paginator("get_parameters_by_path").paginate(Path=prefix, Recursive=True,
                                                                        WithDecryption=True):
        for p in page["Parameters"]:
            key = p["Name"][len(prefix):].strip("/").replace("/", ".")
            config[key] = p["Value"].split(",") if p["Type"] == "StringList" else p["Value"]
    return config


def test_application_loads_its_configuration(ssm):
    prefix = "/orders/prod"
    ssm.put_parameter(Name=f"{prefix}/db/host", Value="db.internal", Type="String")
    ssm.put_parameter(Name=f"{prefix}/db/password", Value="s3cret", Type="SecureString")
    ssm.put_parameter(Name=f"{prefix}/allowed-origins", Value="https://a.example,https://b.example",
                      Type="StringList")
    for i in range(12):                           # more than one page of GetParametersByPath
        ssm.put_parameter(Name=f"{prefix}/feature/f{i:02d}", Value="on", Type="String")
    ssm.put_parameter(Name="/orders/dev/db/host", Value="localhost", Type="String")

    config = load_config(ssm, prefix)
    assert config["db.host"] == "db.internal"
    assert config["db.password"] == "s3cret"
    assert config["allowed-origins"] == ["https://a.example", "https://b.example"]
    assert sum(1 for k in config if k.startswith("feature.")) == 12
    assert len(config) == 15

    # A deploy rolls the password forward and labels the release it belongs to.
    version = ssm.put_parameter(Name=f"{prefix}/db/password", Value="n3w", Type="SecureString",
                                Overwrite=True)["Version"]
    ssm.label_parameter_version(Name=f"{prefix}/db/password", ParameterVersion=version, Labels=["release-42"])
    assert load_config(ssm, prefix)["db.password"] == "n3w"
    pinned = ssm.get_parameter(Name=f"{prefix}/db/password:release-42", WithDecryption=True)["Parameter"]
    assert (pinned["Value"], pinned["Version"]) == ("n3w", 2)
