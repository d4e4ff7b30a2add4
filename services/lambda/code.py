"""Deployment packages: a zip uploaded in the request or read from the S3 backend, checked the
way Lambda checks it (a zip that opens, within the size limits), or a container image URI."""
from __future__ import annotations

import io
import zipfile

from iamulator.services.errors import AWSError

from .errors import invalid
from .records import Code

MAX_DIRECT_UPLOAD = 52428800          # 50 MB zipped, uploaded in the request
MAX_REQUEST_BYTES = 69905067          # the same limit as Lambda states it: the base64 request body
MAX_UNZIPPED = 262144000              # 250 MB unzipped, layers included


def from_request(ctx, source: dict, operation: str, *, image: bool = False) -> Code:
    """The package ``source`` describes (``ZipFile``, ``S3Bucket``/``S3Key``/``S3ObjectVersion`` or
    ``ImageUri`` members, as in CreateFunction's ``Code``, UpdateFunctionCode's own params and
    PublishLayerVersion's ``Content``)."""
    zip_file = source.get("ZipFile")
    bucket, key = source.get("S3Bucket"), source.get("S3Key")
    image_uri = source.get("ImageUri")
    if image:
        if not image_uri:
            raise invalid("Please provide ImageUri when PackageType is Image.")
        if zip_file is not None or bucket or key:
            raise invalid("Please don't provide ZipFile or S3 location for a function with PackageType Image.")
        return Code(image_uri=image_uri)
    if image_uri:
        raise invalid("Please don't provide ImageUri when updating a function with packageType Zip.")
    if zip_file is not None:
        if bucket or key or source.get("S3ObjectVersion"):
            raise invalid("Please provide either ZipFile or S3Bucket and S3Key, not both.")
        if len(zip_file) > MAX_DIRECT_UPLOAD:
            raise AWSError("RequestEntityTooLargeException",
                           f"Request must be smaller than {MAX_REQUEST_BYTES} bytes for the {operation} operation",
                           413)
        return checked_zip(zip_file)
    if bucket or key:
        if not (bucket and key):
            raise invalid("Please provide both S3Bucket and S3Key for the function code.")
        return checked_zip(_from_s3(ctx, bucket, key, source.get("S3ObjectVersion")))
    raise invalid("Please provide a source for function code.")


def checked_zip(data: bytes) -> Code:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise invalid("Could not unzip uploaded file. Please check your file, then try to upload again.") from None
    if unzipped > MAX_UNZIPPED:
        raise invalid(f"Unzipped size must be smaller than {MAX_UNZIPPED} bytes")
    return Code(data)


def unzipped_size(code: Code) -> int:
    if code.zip is None:
        return 0
    with zipfile.ZipFile(io.BytesIO(code.zip)) as archive:
        return sum(info.file_size for info in archive.infolist())


def _s3_failure(code: str, message: str) -> AWSError:
    return invalid(f"Error occurred while GetObject. S3 Error Code: {code}. S3 Error Message: {message}")


def _from_s3(ctx, bucket_name: str, key: str, version_id: str | None) -> bytes:
    from iamulator.services import registry

    if not registry.is_shipped("s3"):
        raise _s3_failure("NoSuchBucket", "The specified bucket does not exist")
    from iamulator.services.s3.bucket_index import find_bucket

    bucket = find_bucket(ctx, bucket_name)
    if bucket is None:
        raise _s3_failure("NoSuchBucket", "The specified bucket does not exist")
    if bucket.region != ctx.region:
        # Lambda reads the package from the function's own region only.
        raise _s3_failure("PermanentRedirect", f"The bucket is in this region: {bucket.region}. "
                                               "Please use this region to retry the request")
    with bucket.lock:
        if version_id is not None:
            obj = bucket.version(key, version_id)
            if obj is None:
                raise _s3_failure("NoSuchVersion", "The specified version does not exist.")
        else:
            obj = bucket.current(key)
    if obj is None or obj.delete_marker:
        raise _s3_failure("NoSuchKey", "The specified key does not exist.")
    return obj.body
