"""The AWS CLI (v1, from PyPI) against the server, configured the usual way: credentials and region
in the environment, ``--endpoint-url`` on the command line."""
import base64
import json
import os
import re
import subprocess
import zlib

import pytest

from clients_support import ACCOUNT, REGION, ROOT_KEY, denied, narrow_policy, require

USER = "cli-user"
BUCKET, QUEUE, TABLE = "cli-bucket", "cli-queue", "cli-table"
_STATUS = re.compile(r'"[A-Z]+ \S+ HTTP/1\.1" (\d{3}) ')
_ERROR = re.compile(r"An error occurred \((\w+)\) when calling the \w+ operation: (.*)")


class Cli:
    """``aws`` as one set of credentials sees an endpoint."""

    def __init__(self, endpoint, key, tmp_path, ca_bundle=None):
        self.exe = require("aws")
        self.endpoint = endpoint
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        self.env.update(AWS_ACCESS_KEY_ID=key["AccessKeyId"], AWS_SECRET_ACCESS_KEY=key["SecretAccessKey"],
                        AWS_DEFAULT_REGION=REGION, AWS_MAX_ATTEMPTS="1",
                        # no profile on this machine may leak into the test
                        AWS_CONFIG_FILE=str(tmp_path / "no-config"),
                        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-credentials"))
        if ca_bundle:
            self.env["AWS_CA_BUNDLE"] = ca_bundle
        self.cwd = tmp_path

    def run(self, *args, debug=False):
        argv = [self.exe, "--endpoint-url", self.endpoint, "--output", "json", *args]
        return subprocess.run(argv + (["--debug"] if debug else []), env=self.env, cwd=self.cwd,
                              capture_output=True, text=True, timeout=120)

    def __call__(self, *args):
        """The command's JSON output (its text for the ``s3`` commands, which print progress
        lines); a failure fails the test."""
        done = self.run(*args)
        assert done.returncode == 0, done.stderr
        if args[0] == "s3" or not done.stdout.strip():
            return done.stdout
        return json.loads(done.stdout)

    def error(self, *args):
        """(code, HTTP status, message) of a command AWS refuses."""
        done = self.run(*args, debug=True)
        assert done.returncode != 0, "the command was expected to be refused"
        statuses = _STATUS.findall(done.stderr)
        errors = _ERROR.findall(done.stderr)
        assert statuses and errors, done.stderr[-3000:]
        return errors[-1][0], int(statuses[-1]), errors[-1][1]


def crc32(data: bytes) -> str:
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


def narrow_user(root: Cli, tmp_path) -> Cli:
    """The user allowed only ``narrow_policy``'s actions, created with the CLI as root."""
    root("iam", "create-user", "--user-name", USER)
    root("iam", "put-user-policy", "--user-name", USER, "--policy-name", "narrow",
         "--policy-document", narrow_policy(BUCKET, QUEUE, TABLE))
    key = root("iam", "create-access-key", "--user-name", USER)["AccessKey"]
    return Cli(root.endpoint, key, tmp_path, root.env.get("AWS_CA_BUNDLE"))


@pytest.fixture(scope="module")
def cli(server, tmp_path_factory):
    """(root, user) over http, with the bucket, queue and table the policy names."""
    tmp_path = tmp_path_factory.mktemp("cli")
    root = Cli(server, ROOT_KEY, tmp_path)
    root("s3", "mb", f"s3://{BUCKET}")
    root("sqs", "create-queue", "--queue-name", QUEUE)
    root("dynamodb", "create-table", "--table-name", TABLE, "--billing-mode", "PAY_PER_REQUEST",
         "--key-schema", "AttributeName=pk,KeyType=HASH", "--attribute-definitions", "AttributeName=pk,AttributeType=S")
    return root, narrow_user(root, tmp_path)


def test_sts_names_each_caller(cli):
    root, user = cli
    assert root("sts", "get-caller-identity")["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"
    me = user("sts", "get-caller-identity")
    assert (me["Arn"], me["Account"]) == (f"arn:aws:iam::{ACCOUNT}:user/{USER}", ACCOUNT)


def test_s3_copy_list_and_get_as_the_user(cli, tmp_path):
    _, user = cli
    data = os.urandom(300 * 1024)
    (tmp_path / "up.bin").write_bytes(data)
    user("s3", "cp", "--only-show-errors", str(tmp_path / "up.bin"), f"s3://{BUCKET}/dir/up.bin")
    listing = user("s3api", "list-objects-v2", "--bucket", BUCKET, "--prefix", "dir/")
    assert [(o["Key"], o["Size"]) for o in listing["Contents"]] == [("dir/up.bin", len(data))]
    user("s3", "cp", "--only-show-errors", f"s3://{BUCKET}/dir/up.bin", str(tmp_path / "down.bin"))
    assert (tmp_path / "down.bin").read_bytes() == data
    put = user("s3api", "put-object", "--bucket", BUCKET, "--key", "sum.txt", "--body", str(tmp_path / "up.bin"),
               "--checksum-algorithm", "CRC32")
    assert put["ChecksumCRC32"] == crc32(data)
    head = user("s3api", "get-object", "--bucket", BUCKET, "--key", "sum.txt", "--checksum-mode", "ENABLED",
                str(tmp_path / "sum.out"))
    assert (head["ContentLength"], head["ChecksumCRC32"]) == (len(data), crc32(data))


def test_s3_refusals(cli):
    _, user = cli
    assert user.error("s3api", "delete-object", "--bucket", BUCKET, "--key", "dir/up.bin") == (
        "AccessDenied", 403, denied(USER, "s3:DeleteObject", f"arn:aws:s3:::{BUCKET}/dir/up.bin"))
    assert user.error("s3", "mb", "s3://cli-other") == (
        "AccessDenied", 403, denied(USER, "s3:CreateBucket", "arn:aws:s3:::cli-other"))


def test_sqs_as_the_user(cli):
    root, user = cli
    url = root("sqs", "get-queue-url", "--queue-name", QUEUE)["QueueUrl"]
    sent = user("sqs", "send-message", "--queue-url", url, "--message-body", "from the cli")
    assert re.fullmatch(r"[0-9a-f-]{36}", sent["MessageId"])
    got = user("sqs", "receive-message", "--queue-url", url, "--max-number-of-messages", "10")
    assert [m["Body"] for m in got["Messages"]] == ["from the cli"]
    assert user.error("sqs", "purge-queue", "--queue-url", url) == (
        "AccessDenied", 403, denied(USER, "sqs:PurgeQueue", f"arn:aws:sqs:{REGION}:{ACCOUNT}:{QUEUE}"))


def test_dynamodb_as_the_user(cli):
    _, user = cli
    item = {"pk": {"S": "1"}, "n": {"N": "7"}}
    user("dynamodb", "put-item", "--table-name", TABLE, "--item", json.dumps(item))
    got = user("dynamodb", "get-item", "--table-name", TABLE, "--key", '{"pk": {"S": "1"}}')
    assert got["Item"] == item
    assert user.error("dynamodb", "scan", "--table-name", TABLE) == (
        "AccessDeniedException", 400,
        denied(USER, "dynamodb:Scan", f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{TABLE}"))


def test_iam_and_sts_refusals(cli):
    root, user = cli
    role = root("iam", "create-role", "--role-name", "cli-role", "--assume-role-policy-document", json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                 "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}}]}))
    arn = role["Role"]["Arn"]
    assert user.error("sts", "assume-role", "--role-arn", arn, "--role-session-name", "cli-session") == (
        "AccessDenied", 403, denied(USER, "sts:AssumeRole", arn))
    assert user.error("iam", "create-user", "--user-name", "cli-intruder") == (
        "AccessDenied", 403, denied(USER, "iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/cli-intruder"))
    assert root("sts", "assume-role", "--role-arn", arn, "--role-session-name", "cli-session")[
        "Credentials"]["AccessKeyId"].startswith("ASIA")


def test_over_https_multipart_uploads_send_trailing_checksums(tls_server, tmp_path):
    """Over https botocore streams each part as aws-chunked with a CRC32 trailer and an unsigned
    payload; the checked path must verify the signature and store the decoded bytes."""
    endpoint, ca_bundle = tls_server
    root = Cli(endpoint, ROOT_KEY, tmp_path, ca_bundle)
    root("s3", "mb", f"s3://{BUCKET}")
    user = narrow_user(root, tmp_path)
    data = os.urandom(9 * 1024 * 1024 + 7)  # past the CLI's 8 MiB threshold: a multipart upload
    (tmp_path / "up.bin").write_bytes(data)
    done = user.run("s3", "cp", "--only-show-errors", str(tmp_path / "up.bin"), f"s3://{BUCKET}/chunked.bin",
                    debug=True)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "CreateMultipartUpload" in done.stderr and "CompleteMultipartUpload" in done.stderr
    sent = next(line for line in done.stderr.splitlines() if "Sending http request" in line and "PUT" in line)
    assert "'Content-Encoding': b'aws-chunked'" in sent and "'X-Amz-Trailer': b'x-amz-checksum-crc32'" in sent
    assert "x-amz-content-sha256:STREAMING-UNSIGNED-PAYLOAD-TRAILER" in done.stderr  # the canonical request
    user("s3", "cp", "--only-show-errors", f"s3://{BUCKET}/chunked.bin", str(tmp_path / "down.bin"))
    assert (tmp_path / "down.bin").read_bytes() == data
    assert user.error("s3", "cp", str(tmp_path / "up.bin"), "s3://cli-other/x") == (
        "AccessDenied", 403, denied(USER, "s3:PutObject", "arn:aws:s3:::cli-other/x"))
