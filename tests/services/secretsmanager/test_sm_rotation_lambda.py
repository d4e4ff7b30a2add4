"""RotateSecret running a rotation function through a Lambda backend's Invoke.

iamulator ships no Lambda backend yet, so these tests plug in a minimal one (a Python function per
function ARN) where a shipped backend would be found; the rotation function is written the way
AWS's rotation templates are: four steps, each calling Secrets Manager back."""
import json

import boto3
import pytest

from iamulator.services import registry
from iamulator.services.base import Service

from sm_support import ACCOUNT, REGION

FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:rotate"


class FakeLambda(Service):
    name = "lambda"
    functions: dict = {}

    def invoke(self, ctx, params):
        event = json.loads(params["Payload"])
        self.calls.append((ctx.principal.arn, event["Step"]))
        try:
            self.functions[params["FunctionName"]](event)
        except Exception as err:
            return {"StatusCode": 200, "FunctionError": "Unhandled", "Payload": str(err).encode()}
        return {"StatusCode": 200, "Payload": b"null"}

    calls: list = []


@pytest.fixture
def lambda_backend(monkeypatch, sm):
    real_class, real_shipped = registry.backend_class, registry.is_shipped
    monkeypatch.setattr(registry, "is_shipped", lambda s: s == "lambda" or real_shipped(s))
    monkeypatch.setattr(registry, "backend_class", lambda s: FakeLambda if s == "lambda" else real_class(s))
    FakeLambda.functions = {}
    FakeLambda.calls = []
    return FakeLambda


def template_rotation(client, fail_at=None):
    """A rotation function in the shape of AWS's templates."""
    def handler(event):
        arn, token, step = event["SecretId"], event["ClientRequestToken"], event["Step"]
        if step == fail_at:
            raise RuntimeError(f"{step} failed")
        metadata = client.describe_secret(SecretId=arn)
        assert metadata["RotationEnabled"]
        stages = metadata["VersionIdsToStages"]
        assert token in stages, "Secrets Manager staged the new version before invoking"
        if "AWSCURRENT" in stages[token]:
            return
        assert "AWSPENDING" in stages[token]
        if step == "createSecret":
            current = json.loads(client.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")["SecretString"])
            try:
                client.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")
            except client.exceptions.ResourceNotFoundException:
                current["password"] = client.get_random_password(ExcludePunctuation=True)["RandomPassword"]
                client.put_secret_value(SecretId=arn, ClientRequestToken=token, SecretString=json.dumps(current),
                                        VersionStages=["AWSPENDING"])
        elif step == "finishSecret":
            current = next(v for v, s in stages.items() if "AWSCURRENT" in s)
            client.update_secret_version_stage(SecretId=arn, VersionStage="AWSCURRENT", MoveToVersionId=token,
                                               RemoveFromVersionId=current)
    return handler


def test_an_immediate_rotation_runs_the_four_steps(sm, lambda_backend):
    lambda_backend.functions[FUNCTION] = template_rotation(boto3.client("secretsmanager", region_name=REGION))
    old = sm.create_secret(Name="db", SecretString=json.dumps({"username": "app", "password": "old"}))["VersionId"]
    token = sm.rotate_secret(SecretId="db", RotationLambdaARN=FUNCTION,
                             RotationRules={"AutomaticallyAfterDays": 30})["VersionId"]
    assert lambda_backend.calls == [("secretsmanager.amazonaws.com", s)
                                    for s in ("createSecret", "setSecret", "testSecret", "finishSecret")]
    current = sm.get_secret_value(SecretId="db")
    assert current["VersionId"] == token
    assert json.loads(current["SecretString"])["password"] != "old"
    d = sm.describe_secret(SecretId="db")
    assert d["VersionIdsToStages"] == {old: ["AWSPREVIOUS"], token: ["AWSPENDING", "AWSCURRENT"]}
    assert "LastRotatedDate" in d and d["RotationEnabled"] is True


def test_a_failed_step_leaves_the_rotation_pending(sm, lambda_backend):
    lambda_backend.functions[FUNCTION] = template_rotation(boto3.client("secretsmanager", region_name=REGION),
                                                           fail_at="testSecret")
    old = sm.create_secret(Name="db", SecretString=json.dumps({"password": "old"}))["VersionId"]
    token = sm.rotate_secret(SecretId="db", RotationLambdaARN=FUNCTION)["VersionId"]
    assert [s for _, s in lambda_backend.calls] == ["createSecret", "setSecret", "testSecret"]
    assert json.loads(sm.get_secret_value(SecretId="db")["SecretString"])["password"] == "old"
    assert sm.describe_secret(SecretId="db")["VersionIdsToStages"] == {old: ["AWSCURRENT"], token: ["AWSPENDING"]}
    assert "LastRotatedDate" not in sm.describe_secret(SecretId="db")
    with pytest.raises(sm.exceptions.InvalidRequestException):
        sm.rotate_secret(SecretId="db")
    # CancelRotateSecret names the unfinished version.
    assert sm.cancel_rotate_secret(SecretId="db")["VersionId"] == token


def test_the_empty_pending_version_has_no_value_until_created(sm, lambda_backend):
    lambda_backend.functions[FUNCTION] = lambda event: (_ for _ in ()).throw(RuntimeError("nothing done"))
    sm.create_secret(Name="db", SecretString="x")
    token = sm.rotate_secret(SecretId="db", RotationLambdaARN=FUNCTION)["VersionId"]
    with pytest.raises(sm.exceptions.ResourceNotFoundException) as exc:
        sm.get_secret_value(SecretId="db", VersionStage="AWSPENDING")
    assert "staging label: AWSPENDING" in exc.value.response["Error"]["Message"]
    with pytest.raises(sm.exceptions.ResourceNotFoundException):
        sm.get_secret_value(SecretId="db", VersionId=token)


def test_rotate_later_only_tests_the_configuration(sm, lambda_backend):
    lambda_backend.functions[FUNCTION] = template_rotation(boto3.client("secretsmanager", region_name=REGION))
    old = sm.create_secret(Name="db", SecretString=json.dumps({"password": "old"}))["VersionId"]
    token = sm.rotate_secret(SecretId="db", RotationLambdaARN=FUNCTION, RotateImmediately=False,
                             RotationRules={"ScheduleExpression": "rate(10 days)"})["VersionId"]
    assert [s for _, s in lambda_backend.calls] == ["createSecret", "testSecret"]
    # The tested version keeps no label; the current one is unchanged.
    assert sm.describe_secret(SecretId="db")["VersionIdsToStages"] == {old: ["AWSCURRENT"]}
    assert token in [v["VersionId"] for v in sm.list_secret_version_ids(SecretId="db",
                                                                        IncludeDeprecated=True)["Versions"]]
