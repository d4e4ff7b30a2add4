"""Other services invoking functions in process (SNS, EventBridge, Secrets Manager rotation), and
Lambda over the HTTP front door."""
import importlib
import json
import threading

import boto3
import pytest
from botocore.config import Config
from werkzeug.serving import make_server

from iamulator.server.app import create_app
from iamulator.services.state import STORE

from lambda_support import ACCOUNT, LAMBDA_TRUST, REGION, function_arn, zip_of

lambda_package = importlib.import_module("iamulator.services.lambda")

RECORDER = "import json\ndef handler(event, context):\n    print(json.dumps(event))\n"


def logged_events(group: str) -> list:
    logs = boto3.client("logs", region_name=REGION)
    messages = [e["message"] for e in logs.filter_log_events(logGroupName=group)["events"]]
    return [json.loads(m) for m in messages if m.startswith("{")]


def test_sns_invokes_a_subscribed_function(lam, create):
    create("on-order", files={"app.py": RECORDER})
    sns = boto3.client("sns", region_name=REGION)
    topic = sns.create_topic(Name="orders")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=function_arn("on-order"))
    message_id = sns.publish(TopicArn=topic, Message="order 42", Subject="new order")["MessageId"]
    assert lambda_package.wait_for_event_invocations(30)
    (event,) = logged_events("/aws/lambda/on-order")
    (record,) = event["Records"]
    assert record["EventSource"] == "aws:sns"
    assert (record["Sns"]["MessageId"], record["Sns"]["Message"], record["Sns"]["Subject"]) == (
        message_id, "order 42", "new order")


def test_eventbridge_invokes_a_target_function(lam, create):
    create("on-event", files={"app.py": RECORDER})
    events = boto3.client("events", region_name=REGION)
    events.put_rule(Name="orders", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="orders", Targets=[{"Id": "fn", "Arn": function_arn("on-event"),
                                                "InputPath": "$.detail"}])
    events.put_events(Entries=[{"Source": "shop", "DetailType": "OrderPlaced", "Detail": json.dumps({"id": 9})}])
    assert lambda_package.wait_for_event_invocations(30)
    assert logged_events("/aws/lambda/on-event") == [{"id": 9}]
    from iamulator.services.events import delivered

    (record,) = delivered()
    assert record["Status"] == "delivered"


ROTATOR = '''
import boto3
sm = boto3.client("secretsmanager")

def handler(event, context):
    step, arn, token = event["Step"], event["SecretId"], event["ClientRequestToken"]
    if step == "createSecret":
        current = sm.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")["SecretString"]
        sm.put_secret_value(SecretId=arn, ClientRequestToken=token, SecretString=current + "-rotated",
                            VersionStages=["AWSPENDING"])
    elif step == "finishSecret":
        versions = sm.describe_secret(SecretId=arn)["VersionIdsToStages"]
        current = next(v for v, stages in versions.items() if "AWSCURRENT" in stages)
        sm.update_secret_version_stage(SecretId=arn, VersionStage="AWSCURRENT", MoveToVersionId=token,
                                       RemoveFromVersionId=current)
    print(step)
'''


def test_secrets_manager_rotation_runs_the_function(lam, create):
    iam = boto3.client("iam", region_name=REGION)
    iam.put_role_policy(RoleName="runner", PolicyName="rotate", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}]}))
    create("rotator", files={"app.py": ROTATOR}, Timeout=30)
    sm = boto3.client("secretsmanager", region_name=REGION)
    sm.create_secret(Name="db", SecretString="hunter2")
    sm.rotate_secret(SecretId="db", RotationLambdaARN=function_arn("rotator"),
                     RotationRules={"AutomaticallyAfterDays": 30})
    assert sm.get_secret_value(SecretId="db")["SecretString"] == "hunter2-rotated"
    logs = boto3.client("logs", region_name=REGION)
    steps = [e["message"].strip() for e in logs.filter_log_events(logGroupName="/aws/lambda/rotator")["events"]
             if e["message"].strip().endswith("Secret")]
    assert steps == ["createSecret", "setSecret", "testSecret", "finishSecret"]


@pytest.fixture
def endpoint():
    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    STORE.reset()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    STORE.reset()


def test_over_the_http_front_door(endpoint):
    def client(service):
        return boto3.client(service, region_name=REGION, endpoint_url=endpoint, aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                            aws_secret_access_key="secret", config=Config(retries={"max_attempts": 1}))

    role = client("iam").create_role(RoleName="runner", AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
    lam = client("lambda")
    lam.create_function(FunctionName="remote", Runtime="python3.12", Role=role, Handler="app.handler",
                        Code={"ZipFile": zip_of({"app.py": "def handler(event, context):\n"
                                                           "    return {'sum': sum(event['n'])}\n"})})
    out = lam.invoke(FunctionName=function_arn("remote"), Payload=json.dumps({"n": [1, 2, 3]}), LogType="Tail")
    assert json.load(out["Payload"]) == {"sum": 6}
    assert out["ExecutedVersion"] == "$LATEST" and out["LogResult"]
    assert lam.get_function_configuration(FunctionName="remote")["FunctionArn"] == function_arn("remote")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.invoke(FunctionName="ghost")
    assert ACCOUNT in role
