"""Shared helpers of the Lambda tests (a module name of its own: every test folder has a conftest)."""
import io
import json
import zipfile

from botocore.exceptions import ClientError

REGION = "us-east-1"
ACCOUNT = "123456789012"
OTHER_ACCOUNT = "210987654321"

LAMBDA_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})

ECHO = "def handler(event, context):\n    return event\n"


def zip_of(files: dict) -> bytes:
    """A deployment package holding ``files`` (name -> source text)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buf.getvalue()


def error_of(excinfo) -> tuple:
    """(Error.Code, HTTP status, message) of a ClientError."""
    err: ClientError = excinfo.value
    return (err.response["Error"]["Code"], err.response["ResponseMetadata"]["HTTPStatusCode"],
            err.response["Error"]["Message"])


def function_arn(name: str, qualifier: str | None = None, account: str = ACCOUNT, region: str = REGION) -> str:
    arn = f"arn:aws:lambda:{region}:{account}:function:{name}"
    return f"{arn}:{qualifier}" if qualifier else arn
