"""Runs one invocation of a Python Lambda handler, in a process of its own started by
``sandbox``; it imports nothing of iamulator, only the standard library and the function's code.

Input, on stdin: one line of JSON with the invocation's facts (request id, ARN, deadline...),
then the event payload. Output, on the control pipe whose descriptor is the first argument:
newline-delimited JSON messages, ``{"phase": "init"}`` once the handler is imported, then
``{"phase": "result", "payload": "<JSON text>"}`` or ``{"phase": "error", "error": {...}}``
with the error document Lambda returns. Everything the function prints (stdout and stderr,
and the root logger's records in Lambda's layout) is its log.
"""
import decimal
import json
import logging
import os
import sys
import time
import traceback


class _Object:
    def __init__(self, **attributes):
        self.__dict__.update(attributes)


class LambdaContext:
    """The ``context`` argument: the same attributes and method as Lambda's Python runtime."""

    def __init__(self, facts: dict, deadline_ms: float):
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.invoked_function_arn = facts["invoked_function_arn"]
        self.memory_limit_in_mb = int(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"))
        self.aws_request_id = facts["request_id"]
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
        self.tenant_id = facts.get("tenant_id")
        self.identity = None
        self.client_context = _client_context(facts.get("client_context"))
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int(self._deadline_ms - time.time() * 1000))


def _client_context(data):
    if not data:
        return None
    client = data.get("client") or {}
    return _Object(
        client=_Object(installation_id=client.get("installation_id"), app_title=client.get("app_title"),
                       app_version_name=client.get("app_version_name"),
                       app_version_code=client.get("app_version_code"),
                       app_package_name=client.get("app_package_name")),
        custom=data.get("custom"), env=data.get("env"))


class _Fault(Exception):
    """A failure of the runtime's own steps (finding the handler), with Lambda's error type."""

    def __init__(self, error_type: str, message: str, trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.trace = trace or []


def _send(fd: int, message: dict) -> None:
    data = (json.dumps(message) + "\n").encode("utf-8")
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _log_setup(request_id: str) -> None:
    class RequestId(logging.Filter):
        def filter(self, record):
            record.aws_request_id = request_id
            return True

    formatter = logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s",
                                  "%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(formatter)
    handler.addFilter(RequestId())
    logging.getLogger().addHandler(handler)


def _load(handler_name: str):
    module_name, dot, function_name = handler_name.rpartition(".")
    if not dot or not module_name:
        raise _Fault("Runtime.MalformedHandlerName",
                     f"Bad handler '{handler_name}': not enough values to unpack (expected 2, got 1)")
    if module_name.split("/")[0].split(".")[0] in sys.builtin_module_names:
        raise _Fault("Runtime.BuiltInModuleConflict", f"Cannot use built-in module {module_name} as a handler module")
    import importlib

    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as err:
        raise _Fault("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {err}") from None
    except SyntaxError as err:
        trace = [f'  File "{err.filename}" Line {err.lineno}\n    {err.text}']
        raise _Fault("Runtime.UserCodeSyntaxError", f"Syntax error in module '{module_name}': {err}", trace) from None
    handler = getattr(module, function_name, None)
    if handler is None:
        raise _Fault("Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'")
    return handler


def _user_frames(tb) -> list:
    """The traceback below this module's own frames, as Lambda's stackTrace lists it."""
    here = os.path.abspath(__file__)
    frames = [f for f in traceback.extract_tb(tb) if os.path.abspath(f.filename) != here]
    return traceback.format_list(frames)


def _error(exc: BaseException, request_id: str) -> dict:
    if isinstance(exc, _Fault):
        return {"errorMessage": str(exc), "errorType": exc.error_type, "requestId": request_id,
                "stackTrace": exc.trace}
    return {"errorMessage": str(exc), "errorType": type(exc).__name__, "requestId": request_id,
            "stackTrace": _user_frames(exc.__traceback__)}


def _log_error(error: dict) -> None:
    lines = [f"[ERROR] {error['errorType']}: {error['errorMessage']}", "Traceback (most recent call last):"]
    lines += [frame.rstrip("\n") for frame in error["stackTrace"]]
    sys.stderr.write("\n".join(lines) + "\n")


def _json_default(value):
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def main() -> None:
    control = int(sys.argv[1])
    # The function's modules come first, never this runtime's neighbours.
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0] or os.curdir) == here:
        del sys.path[0]
    raw = sys.stdin.buffer.read()
    sys.stdin = open(os.devnull)
    header, _, body = raw.partition(b"\n")
    facts = json.loads(header)
    request_id = facts["request_id"]
    _log_setup(request_id)
    outcome: dict
    try:
        handler = _load(os.environ.get("_HANDLER", ""))
        event = json.loads(body) if body.strip() else {}
        _send(control, {"phase": "init"})
        context = LambdaContext(facts, time.time() * 1000 + facts["timeout_ms"])
        result = handler(event, context)
        try:
            outcome = {"phase": "result", "payload": json.dumps(result, default=_json_default)}
        except (TypeError, ValueError) as err:
            outcome = {"phase": "error", "error": {"errorMessage": f"Unable to marshal response: {err}",
                                                   "errorType": "Runtime.MarshalError", "requestId": request_id,
                                                   "stackTrace": []}}
    except Exception as exc:
        outcome = {"phase": "error", "error": _error(exc, request_id)}
    if outcome["phase"] == "error":
        _log_error(outcome["error"])
    sys.stdout.flush()
    sys.stderr.flush()
    _send(control, outcome)
    # Lambda freezes the environment once the handler returns: threads the function started
    # do not go on running, and nothing waits for them.
    os._exit(0)


if __name__ == "__main__":
    main()
