"""One invocation in a child process: the same Python interpreter runs ``bootstrap.py`` in the
function's unpacked code, with the environment Lambda would give it; the event goes in on stdin,
the outcome comes back on a pipe of its own, and stdout and stderr (merged, in order) are the
function's log. The handler has its own 10-second init phase (importing the module), then the
function's timeout; past either, the whole process group is killed.

A fresh process per invocation costs about 50 ms before the handler's own imports (boto3 adds
about 200 ms): every invocation is what Lambda calls a cold start.
"""
from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from iamulator.services.errors import AWSError

BOOTSTRAP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bootstrap.py")
INIT_LIMIT = 10.0
EXIT_GRACE = 2.0
MAX_LOG_BYTES = 10 * 1024 * 1024
_TIMED_OUT = object()


@dataclass
class Outcome:
    payload: bytes | None      # the handler's result as JSON text, when it returned one
    error: dict | None         # Lambda's error document otherwise
    log: str                   # everything the process wrote
    duration_ms: float         # the handler's run (init excluded)
    init_ms: float
    max_memory_mb: int
    timed_out: bool = False


def run(*, code_dir: str, env: dict, facts: dict, payload: bytes, timeout: float) -> Outcome:
    read_fd, write_fd = os.pipe()
    started = time.monotonic()
    try:
        proc = subprocess.Popen([sys.executable, BOOTSTRAP, str(write_fd)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=code_dir, env=env,
                                pass_fds=(write_fd,), start_new_session=True)
    except OSError as err:
        os.close(read_fd)
        raise AWSError("ServiceException", f"The function's process could not be started: {err}", 500) from None
    finally:
        os.close(write_fd)
    messages: queue.SimpleQueue = queue.SimpleQueue()
    log = bytearray()
    helpers = [threading.Thread(target=_read_control, args=(read_fd, messages), daemon=True),
               threading.Thread(target=_drain, args=(proc.stdout, log), daemon=True),
               threading.Thread(target=_feed, args=(proc.stdin, json.dumps(facts).encode() + b"\n" + payload),
                                daemon=True)]
    for helper in helpers:
        helper.start()

    init_ms = duration_ms = 0.0
    message = _next(messages, INIT_LIMIT)
    handler_started = time.monotonic()
    if isinstance(message, dict) and message.get("phase") == "init":
        init_ms = (handler_started - started) * 1000
        message = _next(messages, timeout)
    duration_ms = (time.monotonic() - handler_started) * 1000
    timed_out = message is _TIMED_OUT
    if timed_out:
        _kill_group(proc.pid)
    exit_code, max_rss_kb = _reap(proc, 0 if timed_out else EXIT_GRACE)
    _kill_group(proc.pid)           # whatever the function left running in the background
    for helper in helpers:
        helper.join(EXIT_GRACE)

    request_id = facts["request_id"]
    outcome = Outcome(None, None, log.decode("utf-8", "replace"), duration_ms, init_ms,
                      max(1, max_rss_kb // 1024), timed_out)
    if timed_out:
        outcome.duration_ms = timeout * 1000
        outcome.error = {"errorType": "Sandbox.Timedout",
                         "errorMessage": f"RequestId: {request_id} Error: Task timed out after {timeout:.2f} seconds"}
    elif isinstance(message, dict) and message.get("phase") == "result":
        outcome.payload = message["payload"].encode("utf-8")
    elif isinstance(message, dict) and message.get("phase") == "error":
        outcome.error = message["error"]
    else:
        status = f"signal: {signal.Signals(-exit_code).name.lower().removeprefix('sig')}" \
            if exit_code is not None and exit_code < 0 else f"exit status {exit_code}"
        outcome.error = {"errorType": "Runtime.ExitError",
                         "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: {status}"}
    return outcome


def _next(messages: queue.SimpleQueue, timeout: float):
    try:
        return messages.get(timeout=timeout)
    except queue.Empty:
        return _TIMED_OUT


def _read_control(fd: int, messages: queue.SimpleQueue) -> None:
    with os.fdopen(fd, "rb") as stream:
        for line in stream:
            try:
                messages.put(json.loads(line))
            except ValueError:
                continue
    messages.put(None)


def _drain(stream, sink: bytearray) -> None:
    with stream:
        while True:
            chunk = stream.read1(65536)
            if not chunk:
                return
            if len(sink) < MAX_LOG_BYTES:
                sink.extend(chunk[:MAX_LOG_BYTES - len(sink)])


def _feed(stream, data: bytes) -> None:
    try:
        with stream:
            stream.write(data)
    except (BrokenPipeError, OSError):
        pass        # the process ended (or closed stdin) before reading its event


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _reap(proc, grace: float) -> tuple[int | None, int]:
    """(exit code, peak resident set in KB) once the process has ended, killing it after
    ``grace`` seconds."""
    deadline = time.monotonic() + grace
    while True:
        try:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        except ChildProcessError:
            return proc.returncode, 0
        if pid:
            code = os.waitstatus_to_exitcode(status)
            proc.returncode = code      # reaped here: Popen must not wait for it again
            return code, usage.ru_maxrss
        if time.monotonic() >= deadline:
            _kill_group(proc.pid)
            deadline = float("inf")
        time.sleep(0.005)
