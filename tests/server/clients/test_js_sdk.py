"""The AWS SDK for JavaScript v3 (S3, SQS, DynamoDB, STS, IAM clients) against the server: the
assertions live in js/clients.test.mjs, run by node's own test runner."""
import os
import subprocess

import pytest

from clients_support import ROOT_KEY, require

JS = os.path.join(os.path.dirname(__file__), "js")


def test_javascript_sdk_v3(server):
    node = require("node")
    if not os.path.isdir(os.path.join(JS, "node_modules", "@aws-sdk", "client-s3")):
        message = "the JavaScript SDK is not installed: run `npm ci` in tests/server/clients/js"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    env = dict(os.environ, IAMULATOR_ENDPOINT=server, ROOT_ACCESS_KEY_ID=ROOT_KEY["AccessKeyId"],
               ROOT_SECRET_ACCESS_KEY=ROOT_KEY["SecretAccessKey"])
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        env.pop(name, None)
    run = subprocess.run([node, "--test", "--test-reporter=spec", "clients.test.mjs"], cwd=JS, env=env,
                         capture_output=True, text=True, timeout=300)
    # The runner repeats each failure after its summary: that part is the readable one.
    assert run.returncode == 0, run.stdout.rpartition("failing tests:")[2] + run.stderr
