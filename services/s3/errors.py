"""S3's errors with the wording and extra fields the real service puts in its ``<Error>`` body."""
from __future__ import annotations

from iamulator.services.errors import AWSError


def no_such_bucket(name: str) -> AWSError:
    return AWSError("NoSuchBucket", "The specified bucket does not exist", 404, BucketName=name)


def no_such_key(key: str) -> AWSError:
    return AWSError("NoSuchKey", "The specified key does not exist.", 404, Key=key)


def no_such_version(key: str, version_id: str) -> AWSError:
    return AWSError("NoSuchVersion", "The specified version does not exist.", 404,
                    Key=key, VersionId=version_id)


def invalid_argument(message: str, name: str, value) -> AWSError:
    return AWSError("InvalidArgument", message, 400,
                    ArgumentName=name, ArgumentValue="" if value is None else str(value))


def invalid_request(message: str) -> AWSError:
    return AWSError("InvalidRequest", message, 400)


def precondition_failed(condition: str) -> AWSError:
    return AWSError("PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
                    412, Condition=condition)


def access_denied() -> AWSError:
    return AWSError("AccessDenied", "Access Denied", 403)
