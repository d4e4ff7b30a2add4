"""Invoke: Python handlers run in a child process; results, errors, timeouts, logs, invocation
types, qualifiers, payload limits."""
import base64
import importlib
import json
import os

import boto3
import pytest

from lambda_support import ACCOUNT, ECHO, REGION, error_of, function_arn, zip_of

lambda_package = importlib.import_module("iamulator.services.lambda")

INSPECT = '''
import os, sys
def handler(event, context):
    print("looking around")
    keys = ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_EXECUTION_ENV", "_HANDLER", "STAGE", "LEAKY", "TZ", "AWS_LAMBDA_INITIALIZATION_TYPE"]
    return {
        "event": event,
        "env": {k: os.environ.get(k) for k in keys},
        "has_credentials": all(os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                                                            "AWS_SESSION_TOKEN")),
        "endpoint": os.environ.get("AWS_ENDPOINT_URL", ""),
        "task_root": os.environ["LAMBDA_TASK_ROOT"] == os.getcwd(),
        "context": {"function_name": context.function_name, "function_version": context.function_version,
                    "invoked_function_arn": context.invoked_function_arn,
                    "memory_limit_in_mb": context.memory_limit_in_mb, "aws_request_id": context.aws_request_id,
                    "log_group_name": context.log_group_name, "log_stream_name": context.log_stream_name,
                    "remaining": context.get_remaining_time_in_millis(),
                    "custom": context.client_context.custom if context.client_context else None},
    }
'''


def invoke_json(lam, **params):
    out = lam.invoke(**params)
    return out, json.loads(out["Payload"].read())


def log_of(out) -> str:
    return base64.b64decode(out["LogResult"]).decode()


class TestRequestResponse:
    def test_result_context_and_environment(self, lam, create, monkeypatch):
        monkeypatch.setenv("LEAKY", "from the test process")
        create("inspect", files={"app.py": INSPECT}, MemorySize=256, Timeout=30,
               Environment={"Variables": {"STAGE": "test"}})
        client_context = base64.b64encode(json.dumps({"custom": {"tenant": "t-1"}}).encode()).decode()
        out, body = invoke_json(lam, FunctionName="inspect", Payload=json.dumps({"order": 7}),
                                ClientContext=client_context)
        assert out["StatusCode"] == 200 and out["ExecutedVersion"] == "$LATEST" and "FunctionError" not in out
        assert body["event"] == {"order": 7}
        context = body["context"]
        assert context["aws_request_id"] == out["ResponseMetadata"]["RequestId"]
        stream = context.pop("log_stream_name")
        assert stream.startswith("20") and "/[$LATEST]" in stream
        assert 25000 < context.pop("remaining") <= 30000
        assert context == {"function_name": "inspect", "function_version": "$LATEST",
                           "invoked_function_arn": function_arn("inspect"), "memory_limit_in_mb": 256,
                           "aws_request_id": out["ResponseMetadata"]["RequestId"],
                           "log_group_name": "/aws/lambda/inspect", "custom": {"tenant": "t-1"}}
        assert body["env"] == {
            "AWS_REGION": REGION, "AWS_DEFAULT_REGION": REGION, "AWS_LAMBDA_FUNCTION_NAME": "inspect",
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/inspect", "AWS_LAMBDA_LOG_STREAM_NAME": stream,
            "AWS_EXECUTION_ENV": "AWS_Lambda_python3.12", "_HANDLER": "app.handler", "STAGE": "test",
            "LEAKY": None, "TZ": ":UTC", "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand"}
        assert body["has_credentials"] and body["task_root"]
        assert body["endpoint"].startswith("http://127.0.0.1:")

    def test_empty_payload_is_an_empty_event(self, lam, create):
        create()
        out, body = invoke_json(lam, FunctionName="echo")
        assert body == {}

    @pytest.mark.parametrize("source,expected", [
        ("def handler(event, context):\n    return None\n", b"null"),
        ("def handler(event, context):\n    return 'text'\n", b'"text"'),
        ("from decimal import Decimal\ndef handler(event, context):\n    return [Decimal('2'), Decimal('2.5')]\n",
         b"[2, 2.5]"),
    ])
    def test_results_as_json(self, lam, create, source, expected):
        create("r", files={"app.py": source})
        assert lam.invoke(FunctionName="r")["Payload"].read() == expected

    def test_handler_in_a_folder(self, lam, create):
        create("nested", Handler="src/service/main.run",
               files={"src/service/main.py": "def run(event, context):\n    return 'nested'\n"})
        assert lam.invoke(FunctionName="nested")["Payload"].read() == b'"nested"'

    def test_missing_function_and_version(self, lam, create):
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.invoke(FunctionName="ghost")
        assert error_of(exc) == ("ResourceNotFoundException", 404, f"Function not found: {function_arn('ghost')}")
        create()
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.invoke(FunctionName="echo", Qualifier="4")
        assert error_of(exc)[2] == f"Function not found: {function_arn('echo', '4')}"
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.invoke(FunctionName="echo:nope")
        assert error_of(exc)[2] == f"Function not found: {function_arn('echo', 'nope')}"


class TestFunctionErrors:
    def test_an_exception(self, lam, create):
        create("boom", files={"app.py": "def handler(event, context):\n    fail(event['why'])\n\n"
                                        "def fail(why):\n    raise ValueError(why)\n"})
        out, body = invoke_json(lam, FunctionName="boom", Payload=b'{"why": "bad input"}', LogType="Tail")
        assert out["StatusCode"] == 200 and out["FunctionError"] == "Unhandled"
        assert (body["errorMessage"], body["errorType"], body["requestId"]) == (
            "bad input", "ValueError", out["ResponseMetadata"]["RequestId"])
        assert len(body["stackTrace"]) == 2
        assert body["stackTrace"][0].endswith(", line 2, in handler\n    fail(event['why'])\n")
        assert body["stackTrace"][1].endswith(", line 5, in fail\n    raise ValueError(why)\n")
        log = log_of(out)
        assert "[ERROR] ValueError: bad input\nTraceback (most recent call last):\n" in log

    @pytest.mark.parametrize("handler,files,error_type,message", [
        ("missing.handler", {"app.py": ECHO}, "Runtime.ImportModuleError",
         "Unable to import module 'missing': No module named 'missing'"),
        ("app.run", {"app.py": ECHO}, "Runtime.HandlerNotFound", "Handler 'run' missing on module 'app'"),
        ("app", {"app.py": ECHO}, "Runtime.MalformedHandlerName",
         "Bad handler 'app': not enough values to unpack (expected 2, got 1)"),
        ("app.handler", {"app.py": "def handler(event, context)\n    return 1\n"}, "Runtime.UserCodeSyntaxError",
         "Syntax error in module 'app': expected ':' (app.py, line 1)"),
        ("app.handler", {"app.py": "import nothing_here\n" + ECHO}, "Runtime.ImportModuleError",
         "Unable to import module 'app': No module named 'nothing_here'"),
        ("app.handler", {"app.py": "def handler(event, context):\n    return {1, 2}\n"}, "Runtime.MarshalError",
         "Unable to marshal response: Object of type set is not JSON serializable"),
    ])
    def test_the_runtimes_own_errors(self, lam, create, handler, files, error_type, message):
        create("broken", Handler=handler, files=files)
        out, body = invoke_json(lam, FunctionName="broken")
        assert out["FunctionError"] == "Unhandled"
        assert (body["errorType"], body["errorMessage"]) == (error_type, message)

    def test_exit_without_answering(self, lam, create):
        create("quits", files={"app.py": "import sys\ndef handler(event, context):\n    sys.exit(3)\n"})
        out, body = invoke_json(lam, FunctionName="quits")
        assert out["FunctionError"] == "Unhandled"
        request_id = out["ResponseMetadata"]["RequestId"]
        assert body == {"errorType": "Runtime.ExitError",
                        "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: exit status 3"}

    def test_timeout_kills_the_function(self, lam, create):
        create("slow", Timeout=1, files={"app.py": "import time\ndef handler(event, context):\n"
                                                   "    print('starting')\n    time.sleep(30)\n"})
        out, body = invoke_json(lam, FunctionName="slow", LogType="Tail")
        request_id = out["ResponseMetadata"]["RequestId"]
        assert out["FunctionError"] == "Unhandled"
        assert body == {"errorType": "Sandbox.Timedout",
                        "errorMessage": f"RequestId: {request_id} Error: Task timed out after 1.00 seconds"}
        log = log_of(out)
        assert "starting\n" in log and f"{request_id} Task timed out after 1.00 seconds\n" in log
        assert "\tDuration: 1000.00 ms\tBilled Duration: 1000 ms\t" in log

    def test_response_too_large(self, lam, create):
        create("huge", files={"app.py": "def handler(event, context):\n    return 'x' * 6291556\n"})
        out, body = invoke_json(lam, FunctionName="huge")
        assert out["FunctionError"] == "Unhandled"
        assert body == {"errorMessage": "Response payload size exceeded maximum allowed payload size "
                                        "(6291556 bytes).", "errorType": "Function.ResponseSizeTooLarge"}

    @pytest.mark.parametrize("extra,message", [
        ({"Runtime": "nodejs20.x", "Handler": "index.handler"},
         "iamulator runs python3 handlers only: the runtime nodejs20.x is stored but its functions cannot be "
         "invoked."),
    ])
    def test_runtimes_that_do_not_run_here(self, lam, create, extra, message):
        create("other", **extra)
        out, body = invoke_json(lam, FunctionName="other")
        assert out["FunctionError"] == "Unhandled"
        assert body == {"errorType": "Runtime.Unsupported", "errorMessage": message}

    def test_images_do_not_run_here(self, lam, role):
        lam.create_function(FunctionName="img", PackageType="Image", Role=role,
                            Code={"ImageUri": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/app:1"})
        out, body = invoke_json(lam, FunctionName="img")
        assert out["FunctionError"] == "Unhandled" and body["errorType"] == "Runtime.Unsupported"
        assert "PackageType Image" in body["errorMessage"]

    def test_a_role_that_can_no_longer_be_assumed(self, lam, create):
        iam = boto3.client("iam", region_name=REGION)
        create()
        iam.update_assume_role_policy(RoleName="runner", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                    "Action": "sts:AssumeRole"}]}))
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.invoke(FunctionName="echo")
        assert error_of(exc)[2] == "The role defined for the function cannot be assumed by Lambda."


class TestPayloads:
    def test_payload_must_be_json(self, lam, create):
        create()
        with pytest.raises(lam.exceptions.InvalidRequestContentException) as exc:
            lam.invoke(FunctionName="echo", Payload=b"{not json")
        code, status, message = error_of(exc)
        assert (code, status) == ("InvalidRequestContentException", 400)
        assert message.startswith("Could not parse request body into json: Could not parse payload into json: ")

    def test_request_size_limits(self, lam, create):
        create()
        big = json.dumps("x" * 6291456).encode()
        with pytest.raises(lam.exceptions.RequestTooLargeException) as exc:
            lam.invoke(FunctionName="echo", Payload=big)
        assert error_of(exc) == ("RequestTooLargeException", 413, "Request must be smaller than 6291456 bytes for "
                                 "the InvokeFunction operation")
        with pytest.raises(lam.exceptions.RequestTooLargeException) as exc:
            lam.invoke(FunctionName="echo", InvocationType="Event", Payload=json.dumps("x" * 1048576).encode())
        assert error_of(exc)[2] == "Request must be smaller than 1048576 bytes for the InvokeFunction operation"

    def test_a_large_payload_goes_through(self, lam, create):
        create()
        payload = json.dumps({"blob": "y" * 3_000_000}).encode()
        assert lam.invoke(FunctionName="echo", Payload=payload)["Payload"].read() == payload

    def test_client_context_must_be_base64_json(self, lam, create):
        create()
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.invoke(FunctionName="echo", ClientContext="not base64!")
        assert error_of(exc)[2] == "Client context must be a valid Base64-encoded JSON object."


class TestInvocationTypes:
    def test_event_runs_in_the_background(self, lam, create):
        create("later", files={"app.py": "def handler(event, context):\n    print('async', event['n'])\n"})
        out = lam.invoke(FunctionName="later", InvocationType="Event", Payload=b'{"n": 5}')
        assert out["StatusCode"] == 202 and out["Payload"].read() == b""
        assert lambda_package.wait_for_event_invocations(30)
        logs = boto3.client("logs", region_name=REGION)
        messages = [e["message"] for e in logs.filter_log_events(logGroupName="/aws/lambda/later")["events"]]
        request_id = out["ResponseMetadata"]["RequestId"]
        assert messages[0] == f"START RequestId: {request_id} Version: $LATEST"
        assert messages[1] == "async 5"

    def test_a_run_outliving_its_state_leaves_no_log_behind(self, lam, create):
        from iamulator.services.state import STORE

        create("lingers", files={"app.py": "import time\ndef handler(event, context):\n    time.sleep(0.3)\n"})
        lam.invoke(FunctionName="lingers", InvocationType="Event")
        STORE.reset()
        assert lambda_package.wait_for_event_invocations(30)
        logs = boto3.client("logs", region_name=REGION)
        assert logs.describe_log_groups()["logGroups"] == []

    def test_dry_run_checks_and_runs_nothing(self, lam, create):
        create()
        out = lam.invoke(FunctionName="echo", InvocationType="DryRun")
        assert out["StatusCode"] == 204
        logs = boto3.client("logs", region_name=REGION)
        assert logs.describe_log_groups(logGroupNamePrefix="/aws/lambda/echo")["logGroups"] == []
        with pytest.raises(lam.exceptions.ResourceNotFoundException):
            lam.invoke(FunctionName="echo", Qualifier="2", InvocationType="DryRun")


class TestLogs:
    def test_tail_and_cloudwatch_agree(self, lam, create):
        create("talker", files={"app.py": "import logging, sys\nlog = logging.getLogger()\n"
                                          "def handler(event, context):\n    print('to stdout')\n"
                                          "    print('to stderr', file=sys.stderr)\n    log.warning('careful')\n"
                                          "    log.info('not shown at the default level')\n    return 1\n"})
        out = lam.invoke(FunctionName="talker", LogType="Tail")
        request_id = out["ResponseMetadata"]["RequestId"]
        lines = log_of(out).splitlines()
        assert lines[0] == f"START RequestId: {request_id} Version: $LATEST"
        assert lines[1:3] == ["to stdout", "to stderr"]
        prefix, stamp, rid, message = lines[3].split("\t")
        assert (prefix, rid, message) == ("[WARNING]", request_id, "careful") and stamp.endswith("Z")
        assert lines[4] == f"END RequestId: {request_id}"
        assert lines[5].startswith(f"REPORT RequestId: {request_id}\tDuration: ")
        assert "\tMemory Size: 128 MB\tMax Memory Used: " in lines[5] and "\tInit Duration: " in lines[5]
        logs = boto3.client("logs", region_name=REGION)
        (stream,) = logs.describe_log_streams(logGroupName="/aws/lambda/talker")["logStreams"]
        assert stream["logStreamName"].endswith(tuple("0123456789abcdef")) and "[$LATEST]" in stream["logStreamName"]
        events = logs.get_log_events(logGroupName="/aws/lambda/talker", logStreamName=stream["logStreamName"])
        assert [e["message"].rstrip("\n") for e in events["events"]] == lines

    def test_tail_is_the_last_4_kb(self, lam, create):
        create("chatty", files={"app.py": "def handler(event, context):\n    for i in range(500):\n"
                                          "        print(f'line {i:04d}')\n"})
        tail = base64.b64decode(lam.invoke(FunctionName="chatty", LogType="Tail")["LogResult"])
        assert len(tail) == 4096 and b"line 0499\nEND RequestId: " in tail and b"line 0001" not in tail

    def test_custom_log_group(self, lam, create):
        create("grouped", LoggingConfig={"LogGroup": "/teams/core"})
        lam.invoke(FunctionName="grouped")
        logs = boto3.client("logs", region_name=REGION)
        assert [g["logGroupName"] for g in logs.describe_log_groups()["logGroups"]] == ["/teams/core"]


class TestQualifiers:
    def test_versions_and_aliases_run_their_own_code(self, lam, create):
        create("v", files={"app.py": "def handler(event, context):\n    return ['one', context.function_version, "
                                     "context.invoked_function_arn]\n"}, Publish=True)
        lam.update_function_code(FunctionName="v", ZipFile=zip_of({"app.py": "def handler(event, context):\n"
                                                                             "    return ['latest']\n"}))
        lam.create_alias(FunctionName="v", Name="stable", FunctionVersion="1")
        out = lam.invoke(FunctionName="v", Qualifier="1")
        assert json.load(out["Payload"]) == ["one", "1", function_arn("v", "1")] and out["ExecutedVersion"] == "1"
        out = lam.invoke(FunctionName=function_arn("v", "stable"))
        assert json.load(out["Payload"]) == ["one", "1", function_arn("v", "stable")]
        assert out["ExecutedVersion"] == "1"
        out = lam.invoke(FunctionName="v")
        assert json.load(out["Payload"]) == ["latest"] and out["ExecutedVersion"] == "$LATEST"

    def test_alias_routing_weights(self, lam, create, monkeypatch):
        import random

        create("w", Publish=True)
        lam.update_function_configuration(FunctionName="w", Description="second")
        lam.publish_version(FunctionName="w")
        lam.create_alias(FunctionName="w", Name="canary", FunctionVersion="1",
                         RoutingConfig={"AdditionalVersionWeights": {"2": 0.3}})
        monkeypatch.setattr(random, "random", lambda: 0.29)
        assert lam.invoke(FunctionName="w:canary", InvocationType="DryRun")["StatusCode"] == 204
        assert lam.invoke(FunctionName="w:canary")["ExecutedVersion"] == "2"
        monkeypatch.setattr(random, "random", lambda: 0.31)
        assert lam.invoke(FunctionName="w:canary")["ExecutedVersion"] == "1"


class TestLayers:
    def test_layer_code_is_importable(self, lam, create):
        layer = lam.publish_layer_version(LayerName="helpers", Content={"ZipFile": zip_of({
            "python/greetings.py": "WORD = 'hello'\n",
            "python/lib/python3.12/site-packages/vendored.py": "NAME = 'vendored'\n"})})["LayerVersionArn"]
        create("layered", Layers=[layer], files={"app.py": "import greetings, vendored\n"
                                                           "def handler(event, context):\n"
                                                           "    return [greetings.WORD, vendored.NAME]\n"})
        assert json.load(lam.invoke(FunctionName="layered")["Payload"]) == ["hello", "vendored"]

    def test_the_functions_own_code_comes_first(self, lam, create):
        layer = lam.publish_layer_version(LayerName="shadow", Content={"ZipFile": zip_of({
            "python/config.py": "SOURCE = 'layer'\n"})})["LayerVersionArn"]
        create("own", Layers=[layer], files={"config.py": "SOURCE = 'function'\n",
                                             "app.py": "import config\ndef handler(e, c):\n    return config.SOURCE\n"})
        assert lam.invoke(FunctionName="own")["Payload"].read() == b'"function"'


CALLER = '''
import json, boto3
def handler(event, context):
    lam = boto3.client("lambda")
    out = lam.invoke(FunctionName="echo", Payload=json.dumps({"from": context.function_name}))
    me = boto3.client("sts").get_caller_identity()["Arn"]
    return {"echoed": json.load(out["Payload"]), "me": me,
            "mine": lam.get_function(FunctionName=context.function_name)["Configuration"]["FunctionName"]}
'''


def test_a_function_calls_lambda_back_as_its_role(lam, create):
    create("echo")
    create("caller", files={"app.py": CALLER}, Timeout=60)
    body = json.load(lam.invoke(FunctionName="caller")["Payload"])
    assert body == {"echoed": {"from": "caller"}, "me": f"arn:aws:sts::{ACCOUNT}:assumed-role/runner/caller",
                    "mine": "caller"}


def test_a_function_of_another_account_is_reached_by_its_arn(lam):
    from iamulator.services.base import Context
    from iamulator.services.state import STORE

    from lambda_support import LAMBDA_TRUST, OTHER_ACCOUNT

    def call(service, operation, params):
        backend = STORE.backend(service, OTHER_ACCOUNT, REGION)
        ctx = Context(request=None, service=service, operation=operation, protocol="json",
                      account_id=OTHER_ACCOUNT, region=REGION, store=STORE)
        with backend.lock:
            return backend.handler(operation)(backend, ctx, params)

    role = call("iam", "CreateRole", {"RoleName": "theirs", "AssumeRolePolicyDocument": LAMBDA_TRUST})["Role"]["Arn"]
    call("lambda", "CreateFunction", {
        "FunctionName": "shared", "Runtime": "python3.12", "Role": role, "Handler": "app.handler",
        "Code": {"ZipFile": zip_of({"app.py": "import os\ndef handler(e, c):\n    return c.invoked_function_arn\n"})}})
    arn = function_arn("shared", account=OTHER_ACCOUNT)
    assert json.load(lam.invoke(FunctionName=arn)["Payload"]) == arn
    assert lam.get_function_configuration(FunctionName=arn)["Role"] == role
    assert lam.list_functions()["Functions"] == []          # listed in its own account only
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.invoke(FunctionName="shared")


def test_role_sessions_are_reused_while_fresh(lam, create, monkeypatch):
    from iamulator.authz import clock

    create("keys", files={"app.py": "import os\ndef handler(e, c):\n    return os.environ['AWS_ACCESS_KEY_ID']\n"})
    first = json.load(lam.invoke(FunctionName="keys")["Payload"])
    assert first.startswith("ASIA")
    assert json.load(lam.invoke(FunctionName="keys")["Payload"]) == first
    start = clock.now()
    monkeypatch.setattr(clock, "now", lambda: start + 3600 - 299)     # under five minutes left
    assert json.load(lam.invoke(FunctionName="keys")["Payload"]) != first


def test_the_child_gets_nothing_of_the_test_process(lam, create, monkeypatch):
    monkeypatch.setenv("AWS_PROFILE", "real-profile")
    monkeypatch.setenv("AWS_CONFIG_FILE", os.path.join(os.sep, "home", "someone", ".aws", "config"))
    create("env", files={"app.py": "import os\ndef handler(e, c):\n    return [os.environ.get('AWS_PROFILE'), "
                                   "os.environ.get('AWS_CONFIG_FILE')]\n"})
    assert json.load(lam.invoke(FunctionName="env")["Payload"]) == [None, os.devnull]
