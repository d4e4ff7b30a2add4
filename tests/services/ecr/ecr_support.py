"""Shared helpers of the ECR tests (a module name of its own: every test folder has a conftest)."""
import json

from botocore.exceptions import ClientError

REGION = "us-east-1"
ACCOUNT = "123456789012"
OTHER = "210987654321"
REPO_ARN = f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/"


def manifest(layer_size: int = 100, marker: str = "a") -> str:
    """A Docker v2 image manifest; ``marker`` makes its digest differ."""
    return json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7,
                   "digest": "sha256:" + marker * 64},
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": layer_size,
                    "digest": "sha256:" + "b" * 64}],
    })


def error_of(excinfo) -> tuple:
    """(Error.Code, HTTP status, message) of a ClientError."""
    err: ClientError = excinfo.value
    return (err.response["Error"]["Code"], err.response["ResponseMetadata"]["HTTPStatusCode"],
            err.response["Error"]["Message"])
