"""A real ``iamulator server`` subprocess for tests: start, sign admin requests, kill, restart."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

import boto3
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

from iamulator import settings

ROOT = {"AccessKeyId": settings.DEFAULT_ACCESS_KEY_ID, "SecretAccessKey": settings.DEFAULT_SECRET_ACCESS_KEY}
NO_RETRY = Config(retries={"max_attempts": 1})
BANNER_LINES = 6
_SERVER_SETTINGS = ("INITIAL_NO_AUTH_ACTION_COUNT", "IAMULATOR_ROOT_ACCESS_KEY_ID", "IAMULATOR_ROOT_SECRET_ACCESS_KEY")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """``LiveServer("--auth", "off")``: started and answering when the constructor returns."""

    def __init__(self, *args, env: dict | None = None, port: int | None = None, wait: bool = True):
        self.args = [str(a) for a in args]
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # The test run's own settings must not leak into the server: it sees only ``env``.
        self.env = {k: v for k, v in os.environ.items() if k not in _SERVER_SETTINGS}
        self.env.update(env or {})
        self._out = tempfile.TemporaryFile(mode="w+")
        self._err = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "iamulator.server.cli", "server", "-p", str(self.port), *self.args],
            stdout=self._out, stderr=self._err, env=self.env, text=True)
        if wait:
            self.wait_ready()

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited {self.proc.returncode}: {self.stderr()}")
            try:
                requests.get(f"{self.url}/_iamulator/health", timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("server did not answer in time")

    def stdout(self) -> str:
        self._out.seek(0)
        return self._out.read()

    def stderr(self) -> str:
        self._err.seek(0)
        return self._err.read()

    def banner(self) -> list[str]:
        return self.stdout().splitlines()[:BANNER_LINES]

    def exit_code(self, timeout: float = 30) -> int:
        return self.proc.wait(timeout=timeout)

    def kill(self) -> None:
        """SIGKILL: nothing gets a chance to flush or clean up."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self._out.close()
        self._err.close()

    def client(self, service: str, key: dict = ROOT, region: str = "us-east-1", config=NO_RETRY):
        return boto3.client(service, region_name=region, endpoint_url=self.url,
                            aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"],
                            aws_session_token=key.get("SessionToken"), config=config)

    def admin(self, method: str, name: str, body=None, key: dict | None = ROOT) -> requests.Response:
        """A request to ``/_iamulator/<name>``, SigV4-signed as service ``iamulator`` unless
        ``key`` is None."""
        url = f"{self.url}/_iamulator/{name}"
        data = json.dumps(body).encode() if body is not None else b""
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if key is not None:
            aws = AWSRequest(method=method, url=url, data=data, headers=headers)
            SigV4Auth(Credentials(key["AccessKeyId"], key["SecretAccessKey"], key.get("SessionToken")),
                      "iamulator", "us-east-1").add_auth(aws)
            headers = dict(aws.headers.items())
        return requests.request(method, url, data=data, headers=headers, timeout=30)


class Servers:
    """Every server a test starts, stopped at its end."""

    def __init__(self):
        self.started: list[LiveServer] = []

    def __call__(self, *args, **kw) -> LiveServer:
        server = LiveServer(*args, **kw)
        self.started.append(server)
        return server

    def stop_all(self) -> None:
        for server in self.started:
            server.stop()


def _servers():
    started = Servers()
    yield started
    started.stop_all()


#: ``servers(*args)`` starts a server stopped at the end of the test; ``shared_servers`` at the
#: end of the module. Test modules import the one they use.
servers = pytest.fixture(_servers, name="servers")
shared_servers = pytest.fixture(_servers, scope="module", name="shared_servers")
