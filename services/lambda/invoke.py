"""Invoke: runs the function's Python handler for real (see ``sandbox``), as its execution role,
and answers as Lambda does.

- ``RequestResponse``: 200 with the handler's result; an error the function raised (or a
  timeout, or a crash) is still a 200, with ``X-Amz-Function-Error: Unhandled`` and Lambda's
  error document as the payload. ``LogType=Tail`` adds the last 4 KB of the log, base64, in
  ``X-Amz-Log-Result``.
- ``Event``: 202 at once; the function runs on a background thread (``wait_for_event_invocations``
  waits for those still running).
- ``DryRun``: 204 once the function and qualifier resolve.

The Lambda backend's lock is let go while the function runs, so that it can call Lambda back;
its log goes to CloudWatch Logs (``/aws/lambda/<name>`` unless LoggingConfig names a group).
Other services (SNS, EventBridge, Secrets Manager rotation) invoke functions through this same
operation, in process.
"""
from __future__ import annotations

import base64
import binascii
import json
import logging
import math
import os
import random
import threading
import uuid
from dataclasses import dataclass

from iamulator.services.errors import AWSError

from . import clock, execution_role
from .errors import function_not_found, invalid, too_large
from iamulator.services.locks import released
from .names import LATEST

log = logging.getLogger("iamulator.lambda")

MAX_SYNC_PAYLOAD = 6291456
MAX_ASYNC_PAYLOAD = 1048576
MAX_RESPONSE_PAYLOAD = 6291556        # as Lambda states it in its error
MAX_CLIENT_CONTEXT = 3583
LOG_TAIL_BYTES = 4096

_pending: set = set()
_idle = threading.Condition()


def wait_for_event_invocations(timeout: float | None = None) -> bool:
    """Waits until no ``Event`` invocation is running (in any account); False on timeout."""
    with _idle:
        return _idle.wait_for(lambda: not _pending, timeout)


def _check_payload(payload: bytes) -> None:
    if not payload.strip():
        return
    try:
        json.loads(payload)
    except (ValueError, UnicodeDecodeError) as err:
        raise AWSError("InvalidRequestContentException",
                       f"Could not parse request body into json: Could not parse payload into json: {err}") from None


def _client_context(encoded: str | None):
    if not encoded:
        return None
    if len(encoded) > MAX_CLIENT_CONTEXT:
        raise invalid(f"Client context must be smaller than {MAX_CLIENT_CONTEXT} bytes.")
    try:
        value = json.loads(base64.b64decode(encoded, validate=True))
    except (binascii.Error, ValueError):
        raise invalid("Client context must be a valid Base64-encoded JSON object.") from None
    if not isinstance(value, dict):
        raise invalid("Client context must be a valid Base64-encoded JSON object.")
    return value


@dataclass
class Invocation:
    """Everything one run needs, gathered under the backend's lock; ``run`` needs no lock."""

    store: object
    owner: object                 # the Lambda backend holding the function
    account: str
    region: str
    function_name: str
    invoked_arn: str
    executed: str
    config: dict
    code: object
    layers: tuple
    credentials: dict
    client_context: dict | None
    request_id: str

    @property
    def log_group(self) -> str:
        return (self.config.get("LoggingConfig") or {}).get("LogGroup") or f"/aws/lambda/{self.function_name}"

    def unsupported(self) -> str | None:
        """Why this emulator cannot run the function, or None."""
        if self.config.get("PackageType") == "Image":
            return ("iamulator runs Zip packages with a python3 runtime only: functions with PackageType Image "
                    "are stored but cannot be invoked.")
        runtime = self.config.get("Runtime") or ""
        if not runtime.startswith("python3"):
            return (f"iamulator runs python3 handlers only: the runtime {runtime} is stored but its functions "
                    "cannot be invoked.")
        return None

    def run(self, payload: bytes):
        """(the sandbox outcome, the log lines) of one run, its log written to CloudWatch Logs."""
        from . import sandbox

        started = clock.now()
        stream = _stream_name(self.executed, started)
        reason = self.unsupported()
        if reason is not None:
            outcome = sandbox.Outcome(None, {"errorType": "Runtime.Unsupported", "errorMessage": reason},
                                      "", 0.0, 0.0, 0)
        else:
            outcome = sandbox.run(code_dir=self._code_dir(), env=self._environment(stream),
                                  facts=self._facts(), payload=payload, timeout=float(self.config["Timeout"]))
        lines = self._log_lines(outcome, started)
        self._write_log(stream, started, lines)
        return outcome, lines

    def _code_dir(self) -> str:
        from . import workspace

        return workspace.directory(self.code)

    def _environment(self, stream: str) -> dict:
        from . import endpoint, sandbox, workspace

        code_dir = workspace.directory(self.code)
        runtime = self.config["Runtime"]
        paths = [code_dir]
        for _, layer_version in self.layers:
            if layer_version is not None and layer_version.code.zip is not None:
                paths += workspace.python_paths(workspace.directory(layer_version.code), runtime)
        env = {
            "PATH": os.environ.get("PATH", os.defpath), "LANG": "en_US.UTF-8", "TZ": ":UTC",
            "PYTHONPATH": os.pathsep.join(paths), "PYTHONUNBUFFERED": "1",
            "LAMBDA_TASK_ROOT": code_dir, "LAMBDA_RUNTIME_DIR": os.path.dirname(sandbox.BOOTSTRAP),
            "_HANDLER": self.config["Handler"], "AWS_EXECUTION_ENV": f"AWS_Lambda_{runtime}",
            "AWS_LAMBDA_FUNCTION_NAME": self.function_name, "AWS_LAMBDA_FUNCTION_VERSION": self.executed,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(self.config["MemorySize"]),
            "AWS_LAMBDA_LOG_GROUP_NAME": self.log_group, "AWS_LAMBDA_LOG_STREAM_NAME": stream,
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_REGION": self.region, "AWS_DEFAULT_REGION": self.region,
            "AWS_ACCESS_KEY_ID": self.credentials["AccessKeyId"],
            "AWS_SECRET_ACCESS_KEY": self.credentials["SecretAccessKey"],
            "AWS_SESSION_TOKEN": self.credentials["SessionToken"],
        }
        env.update((self.config.get("Environment") or {}).get("Variables") or {})
        # Last, so that nothing the function sets sends its SDK calls anywhere but this emulator,
        # and no configuration of the machine running the tests leaks in.
        env.update({"AWS_ENDPOINT_URL": endpoint.url(), "AWS_CONFIG_FILE": os.devnull,
                    "AWS_SHARED_CREDENTIALS_FILE": os.devnull})
        return env

    def _facts(self) -> dict:
        return {"request_id": self.request_id, "invoked_function_arn": self.invoked_arn,
                "timeout_ms": int(self.config["Timeout"]) * 1000, "client_context": self.client_context}

    def _log_lines(self, outcome, started: float) -> list[str]:
        rid = self.request_id
        lines = [f"START RequestId: {rid} Version: {self.executed}"]
        lines += outcome.log.splitlines()
        if outcome.timed_out:
            lines.append(f"{clock.timestamp(started + outcome.duration_ms / 1000)[:23]}Z {rid} "
                         f"Task timed out after {self.config['Timeout']:.2f} seconds")
        lines.append(f"END RequestId: {rid}")
        report = (f"REPORT RequestId: {rid}\tDuration: {outcome.duration_ms:.2f} ms\t"
                  f"Billed Duration: {max(1, math.ceil(outcome.duration_ms))} ms\t"
                  f"Memory Size: {self.config['MemorySize']} MB\tMax Memory Used: {outcome.max_memory_mb} MB\t")
        if outcome.init_ms:
            report += f"Init Duration: {outcome.init_ms:.2f} ms\t"
        lines.append(report)
        return lines

    def _still_current(self) -> bool:
        """False once the store was reset (a background run outliving its test): its log must
        not land in the state that followed."""
        return any(backend is self.owner for account, region, backend in self.store.existing("lambda")
                   if account == self.account and region == self.region)

    def _write_log(self, stream: str, started: float, lines: list[str]) -> None:
        from iamulator.services import registry

        if not registry.is_shipped("logs") or not self._still_current():
            return
        from iamulator.services.logs import write_events

        millis = int(started * 1000)
        try:
            write_events(self.store, self.account, self.region, self.log_group, stream,
                         [(millis, line) for line in lines])
        except Exception:       # the invocation's answer matters more than its log
            log.exception("could not write the log of %s", self.invoked_arn)


def _stream_name(version: str, when: float) -> str:
    day = clock.timestamp(when)[:10].replace("-", "/")
    return f"{day}/[{version}]{uuid.uuid4().hex}"


def _tail(lines: list[str]) -> str:
    text = ("\n".join(lines) + "\n").encode("utf-8")
    return base64.b64encode(text[-LOG_TAIL_BYTES:]).decode("ascii")


def _run_in_background(invocation: Invocation, payload: bytes) -> None:
    def work():
        try:
            invocation.run(payload)
        except Exception:
            log.exception("asynchronous invocation of %s failed", invocation.invoked_arn)
        finally:
            with _idle:
                _pending.discard(thread)
                _idle.notify_all()

    thread = threading.Thread(target=work, name=f"lambda-event-{invocation.request_id}", daemon=True)
    with _idle:
        _pending.add(thread)
    thread.start()


class InvokeOperations:
    def _route(self, fn, qualifier: str | None):
        """(version run, its number) for an invocation naming ``qualifier``; an alias with a
        routing configuration sends the configured share of invocations to its other version."""
        if qualifier is None or qualifier == LATEST:
            return fn.latest, LATEST
        version = fn.versions.get(qualifier)
        if version is not None:
            return version, qualifier
        alias = fn.aliases.get(qualifier)
        if alias is None:
            raise function_not_found(f"{fn.arn}:{qualifier}")
        number = alias.function_version
        for other, weight in (alias.routing or {}).items():
            if random.random() < weight:
                number = other
        return fn.version(number), number

    def invoke(self, ctx, params) -> dict:
        kind = params.get("InvocationType") or "RequestResponse"
        payload = params.get("Payload") or b""
        if isinstance(payload, str):
            payload = payload.encode("utf-8")
        limit = MAX_ASYNC_PAYLOAD if kind == "Event" else MAX_SYNC_PAYLOAD
        if len(payload) > limit:
            raise too_large(limit, "InvokeFunction")
        _check_payload(payload)
        client_context = _client_context(params.get("ClientContext"))
        owner, ref = self._locate(ctx, params["FunctionName"], params.get("Qualifier"))
        with self._holding(owner):
            fn = owner._function(ref)
            version, executed = owner._route(fn, ref.qualifier)
            if kind == "DryRun":
                ctx.status = 204
                return {"StatusCode": 204}
            config = version.config
            credentials = execution_role.credentials(owner, ctx.store, config["Role"], fn.name, fn.arn)
            invocation = Invocation(
                store=ctx.store, owner=owner, account=fn.account, region=fn.region, function_name=fn.name,
                invoked_arn=ref.arn(ref.qualifier), executed=executed, config=config, code=version.code,
                layers=version.layers, credentials=credentials, client_context=client_context,
                request_id=str(uuid.uuid4()))
        ctx.extra_headers["x-amzn-RequestId"] = invocation.request_id
        if kind == "Event":
            _run_in_background(invocation, payload)
            ctx.status = 202
            return {"StatusCode": 202}
        # The function may call Lambda back (through the HTTP front door, on another thread).
        with released(self.lock):
            outcome, lines = invocation.run(payload)
        out: dict = {"StatusCode": 200, "ExecutedVersion": executed}
        error = outcome.error
        body = outcome.payload
        if error is None and len(body) > MAX_RESPONSE_PAYLOAD:
            error = {"errorMessage": "Response payload size exceeded maximum allowed payload size "
                                     f"({MAX_RESPONSE_PAYLOAD} bytes).",
                     "errorType": "Function.ResponseSizeTooLarge"}
        if error is not None:
            out["FunctionError"] = "Unhandled"
            body = json.dumps(error).encode("utf-8")
        out["Payload"] = body
        if params.get("LogType") == "Tail":
            out["LogResult"] = _tail(lines)
        return out
