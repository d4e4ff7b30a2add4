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


def malformed_xml() -> AWSError:
    return AWSError("MalformedXML", "The XML you provided was not well-formed or did not validate against "
                    "our published schema", 400)


def no_such_upload(upload_id: str) -> AWSError:
    return AWSError("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the "
                    "upload may have been aborted or completed.", 404, UploadId=upload_id)


def method_not_allowed_on_delete_marker(version_id: str) -> AWSError:
    return AWSError("MethodNotAllowed", "The specified method is not allowed against this resource.", 405,
                    headers={"x-amz-delete-marker": "true", "x-amz-version-id": version_id},
                    ResourceType="DeleteMarker")
