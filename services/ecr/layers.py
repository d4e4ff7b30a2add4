"""Layer uploads: InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload; the uploaded
layers BatchCheckLayerAvailability and GetDownloadUrlForLayer report.

Parts must arrive in order (each ``partFirstByte`` is the byte after the last one received), as
the Docker client sends them. Blobs are kept only by digest and size.
"""
from __future__ import annotations

import hashlib
import uuid

from iamulator.services.ecr.errors import invalid
from iamulator.services.errors import AWSError

PART_SIZE = 10485760
LAYER_MEDIA_TYPE = "application/vnd.docker.image.rootfs.diff.tar.gzip"


def start(uploads: dict) -> dict:
    upload_id = str(uuid.uuid4())
    uploads[upload_id] = bytearray()
    return {"uploadId": upload_id, "partSize": PART_SIZE}


def _upload(uploads: dict, upload_id: str, name: str, registry: str) -> bytearray:
    data = uploads.get(upload_id)
    if data is None:
        raise AWSError("UploadNotFoundException",
                       f"Upload with id '{upload_id}' is not found in the repository with name '{name}' in the "
                       f"registry with id '{registry}'")
    return data


def add_part(uploads: dict, params: dict, name: str, registry: str) -> int:
    data = _upload(uploads, params["uploadId"], name, registry)
    first, last = params["partFirstByte"], params["partLastByte"]
    blob = params["layerPartBlob"]
    if first != len(data) or last < first or last - first + 1 != len(blob):
        raise AWSError("InvalidLayerPartException",
                       f"The layer part from byte {first} to byte {last} does not follow the last byte received "
                       f"({len(data) - 1}) or does not match the size of the part.",
                       registryId=registry, repositoryName=name, uploadId=params["uploadId"],
                       lastValidByteReceived=len(data) - 1)
    data.extend(blob)
    return len(data) - 1


def complete(uploads: dict, layers: dict, params: dict, name: str, registry: str) -> str:
    data = _upload(uploads, params["uploadId"], name, registry)
    digests = params.get("layerDigests") or []
    if not data:
        raise AWSError("EmptyUploadException",
                       f"The upload with id '{params['uploadId']}' does not contain any layer parts.")
    actual = "sha256:" + hashlib.sha256(bytes(data)).hexdigest()
    if len(digests) != 1 or digests[0] != actual:
        raise AWSError("InvalidLayerException",
                       f"Invalid parameter at 'layerDigest' failed to satisfy constraint: 'The calculated layer "
                       f"digest ({actual}) does not match the supplied digest'")
    if actual in layers:
        raise AWSError("LayerAlreadyExistsException",
                       f"The layer with digest '{actual}' already exists in the repository with name '{name}' in "
                       f"the registry with id '{registry}'")
    del uploads[params["uploadId"]]
    layers[actual] = len(data)
    return actual


def availability(layers: dict, digests: list) -> tuple[list, list]:
    found, failures = [], []
    for digest in digests:
        if not digest:
            failures.append({"layerDigest": digest, "failureCode": "InvalidLayerDigest",
                             "failureReason": "Invalid layer digest"})
        elif digest in layers:
            found.append({"layerDigest": digest, "layerAvailability": "AVAILABLE", "layerSize": layers[digest],
                          "mediaType": LAYER_MEDIA_TYPE})
        else:
            failures.append({"layerDigest": digest, "failureCode": "MissingLayerDigest",
                             "failureReason": "Could not find layer"})
    return found, failures


def check_digest(digest: str) -> None:
    if ":" not in digest:
        raise invalid("layerDigest", "Invalid layer digest")
