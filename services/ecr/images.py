"""Images in a repository: manifests stored by digest, tags pointing at digests, and how an
``imageId`` (digest and/or tag) finds one."""
from __future__ import annotations

import hashlib
import json
import re

from iamulator.services.ecr.errors import invalid

DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_V1 = "application/vnd.docker.distribution.manifest.v1+prettyjws"
_DIGEST = re.compile(r"[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+").fullmatch

NOT_FOUND = ("ImageNotFound", "Requested image not found")
MISSING_ID = ("MissingDigestAndTag", "Invalid request parameters: both tag and digest cannot be null")
BAD_DIGEST = ("InvalidImageDigest",
              "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'")
TAG_MISMATCH = ("ImageTagDoesNotMatchDigest", "Invalid request parameters: image tag and digest do not match")


class Image:
    __slots__ = ("digest", "manifest", "media_type", "tags", "pushed_at", "size")

    def __init__(self, digest: str, manifest: str, media_type: str, pushed_at: float, size: int):
        self.digest = digest
        self.manifest = manifest
        self.media_type = media_type
        self.tags: list[str] = []
        self.pushed_at = pushed_at
        self.size = size


def digest_of(manifest: str) -> str:
    return "sha256:" + hashlib.sha256(manifest.encode("utf-8")).hexdigest()


def read_manifest(manifest: str, given_type: str | None) -> tuple[str, int]:
    """(media type, size in bytes of its layers) of a manifest; ``InvalidParameterException`` when
    it is not a JSON object."""
    try:
        doc = json.loads(manifest)
    except ValueError:
        doc = None
    if not isinstance(doc, dict):
        raise invalid("ImageManifest", "Invalid JSON syntax")
    media_type = doc.get("mediaType") if isinstance(doc.get("mediaType"), str) else None
    if media_type is None:
        media_type = given_type or (DOCKER_V1 if doc.get("schemaVersion") == 1 else DOCKER_V2)
    size = 0
    for layer in doc.get("layers") or ():
        if isinstance(layer, dict) and isinstance(layer.get("size"), int):
            size += layer["size"]
    return media_type, size


def image_id(image: Image, tag: str | None = None) -> dict:
    out = {"imageDigest": image.digest}
    if tag is not None:
        out["imageTag"] = tag
    return out


def find(images: dict, tags: dict, wanted: dict) -> tuple[Image | None, tuple | None]:
    """(the image an ``imageId`` names, None) or (None, (failureCode, failureReason))."""
    digest, tag = wanted.get("imageDigest"), wanted.get("imageTag")
    if not digest and not tag:
        return None, MISSING_ID
    if digest and not _DIGEST(digest):
        return None, BAD_DIGEST
    if tag:
        found = tags.get(tag)
        if found is None:
            return None, NOT_FOUND
        if digest and digest != found:
            return None, TAG_MISMATCH
        return images[found], None
    image = images.get(digest)
    return (image, None) if image is not None else (None, NOT_FOUND)


def resolve(images: dict, tags: dict, wanted_ids: list) -> tuple[list, list]:
    """([(imageId asked for, image)] found, [failure entries]) for a batch request's ``imageIds``."""
    found, failures = [], []
    for wanted in wanted_ids:
        image, reason = find(images, tags, wanted)
        if image is None:
            failures.append(failure(wanted, reason))
        else:
            found.append((wanted, image))
    return found, failures


def failure(wanted: dict, reason: tuple) -> dict:
    return {"imageId": {k: v for k, v in wanted.items() if k in ("imageDigest", "imageTag")},
            "failureCode": reason[0], "failureReason": reason[1]}
