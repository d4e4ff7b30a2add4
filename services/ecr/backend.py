"""ECR operations for one registry (an account in one region).

``registryId`` naming another account reaches that account's registry, under that backend's
lock only (``Service._holding``), as a pull granted by a repository policy does. Authorization
has already been decided on the repository's ARN by then.
"""
from __future__ import annotations

import base64
import json
import secrets
import time

from iamulator.services.base import Service
from iamulator.services.constraints import ModelValidated
from iamulator.services.ecr import images as imagelib
from iamulator.services.ecr import layers as layerlib
from iamulator.services.ecr import policies
from iamulator.services.ecr.errors import (invalid, lifecycle_not_found, policy_not_found, repository_exists,
                                           repository_not_empty, repository_not_found)
from iamulator.services.ecr.names import check_name, check_registry, parse_repository_arn, registry_host
from iamulator.services.ecr.repository import Repository
from iamulator.services.errors import AWSError

MAX_TAGS = 50
TOKEN_LIFETIME = 12 * 3600
DEFAULT_PAGE = 100


class Backend(ModelValidated, Service):
    name = "ecr"

    def __init__(self, account_id: str, region: str, store=None):
        super().__init__(account_id, region, store)
        self.repositories: dict[str, Repository] = {}

    @classmethod
    def checked(cls, operation: str, fn):
        """ECR words its own checks of names and registry ids before the model's."""
        validated = super().checked(operation, fn)

        def run(backend, ctx, params):
            name = params.get("repositoryName")
            if isinstance(name, str):
                check_name(name)
            registry = params.get("registryId")
            if isinstance(registry, str):
                check_registry(registry)
            return validated(backend, ctx, params)
        run.__name__ = fn.__name__
        return run

    # -- finding --------------------------------------------------------------------------
    def _registry(self, ctx, registry_id: str | None) -> "Backend":
        if registry_id and registry_id != self.account_id and ctx is not None and ctx.store is not None:
            return ctx.store.backend(self.name, registry_id, self.region)
        return self

    def _repository(self, name: str) -> Repository:
        repository = self.repositories.get(name)
        if repository is None:
            raise repository_not_found(name, self.account_id)
        return repository

    def _on_repository(self, ctx, params, fn):
        """``fn(repository)`` on the repository ``params`` name, in whichever registry holds it."""
        owner = self._registry(ctx, params.get("registryId"))
        with self._holding(owner):
            return fn(owner._repository(params["repositoryName"]))

    # -- repositories ---------------------------------------------------------------------
    def create_repository(self, ctx, params) -> dict:
        owner = self._registry(ctx, params.get("registryId"))
        if owner is not self:
            raise invalid("registryId", "Repositories can only be created in the caller's own registry")
        name = params["repositoryName"]
        if name in self.repositories:
            raise repository_exists(name, self.account_id)
        _check_encryption(params.get("encryptionConfiguration"))
        repository = Repository(name, self.account_id, self.region, time.time(), params)
        repository.tags = _merged({}, params.get("tags") or [])
        self.repositories[name] = repository
        return {"repository": repository.describe()}

    def describe_repositories(self, ctx, params) -> dict:
        owner = self._registry(ctx, params.get("registryId"))
        names = params.get("repositoryNames")
        with self._holding(owner):
            if names:
                if params.get("maxResults") is not None or params.get("nextToken") is not None:
                    raise invalid("maxResults", "maxResults and nextToken cannot be used with repositoryNames")
                for name in names:
                    check_name(name)
                return {"repositories": [owner._repository(name).describe() for name in names]}
            return _paged("repositories", list(owner.repositories.values()), params, Repository.describe)

    def delete_repository(self, ctx, params) -> dict:
        owner = self._registry(ctx, params.get("registryId"))
        with self._holding(owner):
            repository = owner._repository(params["repositoryName"])
            if repository.images and not params.get("force"):
                raise repository_not_empty(repository.name, owner.account_id)
            del owner.repositories[repository.name]
            return {"repository": repository.describe()}

    def put_image_tag_mutability(self, ctx, params) -> dict:
        def change(repository):
            repository.tag_mutability = params["imageTagMutability"]
            if "imageTagMutabilityExclusionFilters" in params:
                repository.exclusion_filters = params["imageTagMutabilityExclusionFilters"]
            return {**repository.ids(), "imageTagMutability": repository.tag_mutability}
        return self._on_repository(ctx, params, change)

    def put_image_scanning_configuration(self, ctx, params) -> dict:
        def change(repository):
            repository.scan_on_push = bool(params["imageScanningConfiguration"].get("scanOnPush", False))
            return {**repository.ids(), "imageScanningConfiguration": {"scanOnPush": repository.scan_on_push}}
        return self._on_repository(ctx, params, change)

    # -- repository policies --------------------------------------------------------------
    def set_repository_policy(self, ctx, params) -> dict:
        policies.check(params["policyText"])

        def change(repository):
            repository.policy = params["policyText"]
            return {**repository.ids(), "policyText": repository.policy}
        return self._on_repository(ctx, params, change)

    def get_repository_policy(self, ctx, params) -> dict:
        return self._on_repository(ctx, params, _policy_of)

    def delete_repository_policy(self, ctx, params) -> dict:
        def remove(repository):
            out = _policy_of(repository)
            repository.policy = None
            return out
        return self._on_repository(ctx, params, remove)

    # -- lifecycle policies ---------------------------------------------------------------
    def put_lifecycle_policy(self, ctx, params) -> dict:
        text = params["lifecyclePolicyText"]
        _check_lifecycle(text)

        def change(repository):
            repository.lifecycle = text
            return {**repository.ids(), "lifecyclePolicyText": text}
        return self._on_repository(ctx, params, change)

    def get_lifecycle_policy(self, ctx, params) -> dict:
        def read(repository):
            if repository.lifecycle is None:
                raise lifecycle_not_found(repository.name, repository.account)
            return {**repository.ids(), "lifecyclePolicyText": repository.lifecycle,
                    "lastEvaluatedAt": repository.created}
        return self._on_repository(ctx, params, read)

    def delete_lifecycle_policy(self, ctx, params) -> dict:
        def remove(repository):
            if repository.lifecycle is None:
                raise lifecycle_not_found(repository.name, repository.account)
            out = {**repository.ids(), "lifecyclePolicyText": repository.lifecycle,
                   "lastEvaluatedAt": repository.created}
            repository.lifecycle = None
            return out
        return self._on_repository(ctx, params, remove)

    # -- tags -----------------------------------------------------------------------------
    def _tagged(self, ctx, arn: str, fn):
        parsed = parse_repository_arn(arn)
        if parsed is None or parsed[0] != self.region:
            raise invalid("resourceArn", "Invalid ARN")
        owner = self._registry(ctx, parsed[1])
        with self._holding(owner):
            return fn(owner._repository(parsed[2]))

    def tag_resource(self, ctx, params) -> dict:
        def tag(repository):
            repository.tags = _merged(repository.tags, params["tags"])
            return {}
        return self._tagged(ctx, params["resourceArn"], tag)

    def untag_resource(self, ctx, params) -> dict:
        def untag(repository):
            for key in params["tagKeys"]:
                _check_tag_key(key)
            repository.tags = {k: v for k, v in repository.tags.items() if k not in params["tagKeys"]}
            return {}
        return self._tagged(ctx, params["resourceArn"], untag)

    def list_tags_for_resource(self, ctx, params) -> dict:
        return self._tagged(ctx, params["resourceArn"], lambda repository: {
            "tags": [{"Key": k, "Value": v} for k, v in repository.tags.items()]})

    # -- images ---------------------------------------------------------------------------
    def put_image(self, ctx, params) -> dict:
        manifest = params["imageManifest"]
        media_type, size = imagelib.read_manifest(manifest, params.get("imageManifestMediaType"))
        digest = imagelib.digest_of(manifest)
        given = params.get("imageDigest")
        if given and given != digest:
            raise AWSError("ImageDigestDoesNotMatchException",
                           f"Invalid parameter at 'imageDigest' failed to satisfy constraint: 'The provided digest "
                           f"({given}) does not match the digest of the manifest ({digest})'")
        tag = params.get("imageTag")

        def put(repository):
            return _put(repository, manifest, media_type, size, digest, tag)
        return self._on_repository(ctx, params, put)

    def batch_get_image(self, ctx, params) -> dict:
        def get(repository):
            found, failures = imagelib.resolve(repository.images, repository.image_tags, params["imageIds"])
            return {"images": [{**repository.ids(), "imageId": imagelib.image_id(image, wanted.get("imageTag")),
                                "imageManifest": image.manifest, "imageManifestMediaType": image.media_type}
                               for wanted, image in found],
                    "failures": failures}
        return self._on_repository(ctx, params, get)

    def list_images(self, ctx, params) -> dict:
        status = (params.get("filter") or {}).get("tagStatus") or "ANY"

        def listing(repository):
            ids = []
            for image in repository.images.values():
                if image.tags and status != "UNTAGGED":
                    ids.extend(imagelib.image_id(image, tag) for tag in image.tags)
                elif not image.tags and status != "TAGGED":
                    ids.append(imagelib.image_id(image))
            return _paged("imageIds", ids, params)
        return self._on_repository(ctx, params, listing)

    def describe_images(self, ctx, params) -> dict:
        status = (params.get("filter") or {}).get("tagStatus") or "ANY"

        def describe(repository):
            wanted = params.get("imageIds")
            if wanted:
                chosen = []
                for one in wanted:
                    image, reason = imagelib.find(repository.images, repository.image_tags, one)
                    if image is None:
                        raise _image_not_found(one, repository, reason)
                    if image not in chosen:
                        chosen.append(image)
                return {"imageDetails": [_detail(repository, image) for image in chosen]}
            chosen = [image for image in repository.images.values()
                      if status == "ANY" or (status == "TAGGED") == bool(image.tags)]
            return _paged("imageDetails", chosen, params, lambda image: _detail(repository, image))
        return self._on_repository(ctx, params, describe)

    def batch_delete_image(self, ctx, params) -> dict:
        def delete(repository):
            deleted = []
            found, failures = imagelib.resolve(repository.images, repository.image_tags, params["imageIds"])
            for wanted, image in found:
                tag = wanted.get("imageTag")
                if image.digest not in repository.images or (tag and tag not in image.tags):
                    continue        # named twice: gone already
                if tag and len(image.tags) > 1:
                    # Only the tag goes; the image stays under its other tags.
                    image.tags.remove(tag)
                    del repository.image_tags[tag]
                    deleted.append(imagelib.image_id(image, tag))
                    continue
                for other in image.tags:
                    repository.image_tags.pop(other, None)
                del repository.images[image.digest]
                deleted.extend([imagelib.image_id(image, t) for t in image.tags] or [imagelib.image_id(image)])
            return {"imageIds": deleted, "failures": failures}
        return self._on_repository(ctx, params, delete)

    # -- layers ---------------------------------------------------------------------------
    def initiate_layer_upload(self, ctx, params) -> dict:
        return self._on_repository(ctx, params, lambda repository: layerlib.start(repository.uploads))

    def upload_layer_part(self, ctx, params) -> dict:
        def upload(repository):
            last = layerlib.add_part(repository.uploads, params, repository.name, repository.account)
            return {**repository.ids(), "uploadId": params["uploadId"], "lastByteReceived": last}
        return self._on_repository(ctx, params, upload)

    def complete_layer_upload(self, ctx, params) -> dict:
        def complete(repository):
            digest = layerlib.complete(repository.uploads, repository.layers, params, repository.name,
                                       repository.account)
            return {**repository.ids(), "uploadId": params["uploadId"], "layerDigest": digest}
        return self._on_repository(ctx, params, complete)

    def batch_check_layer_availability(self, ctx, params) -> dict:
        def check(repository):
            found, failures = layerlib.availability(repository.layers, params["layerDigests"])
            return {"layers": found, "failures": failures}
        return self._on_repository(ctx, params, check)

    def get_download_url_for_layer(self, ctx, params) -> dict:
        digest = params["layerDigest"]

        def url(repository):
            if digest not in repository.layers:
                raise AWSError("LayersNotFoundException",
                               f"The following layers do not exist in the repository with name "
                               f"'{repository.name}' in the registry with id '{repository.account}': {digest}")
            host = registry_host(self.region, repository.account)
            return {"downloadUrl": f"https://{host}/v2/{repository.name}/blobs/{digest}", "layerDigest": digest}
        return self._on_repository(ctx, params, url)

    # -- registry -------------------------------------------------------------------------
    def get_authorization_token(self, ctx, params) -> dict:
        registries = params.get("registryIds") or [self.account_id]
        expires = time.time() + TOKEN_LIFETIME
        out = []
        for registry in registries:
            check_registry(registry)
            token = base64.b64encode(f"AWS:{secrets.token_urlsafe(48)}".encode()).decode()
            out.append({"authorizationToken": token, "expiresAt": expires,
                        "proxyEndpoint": f"https://{registry_host(self.region, registry)}"})
        return {"authorizationData": out}


# -- helpers ------------------------------------------------------------------------------

def _put(repository: Repository, manifest: str, media_type: str, size: int, digest: str, tag: str | None) -> dict:
    image = repository.images.get(digest)
    holder = repository.image_tags.get(tag) if tag else None
    if image is not None and (tag is None or holder == digest):
        message = f"Image with digest '{digest}' "
        if tag:
            message += f"and tag '{tag}' "
        message += (f"already exists in the repository with name '{repository.name}' in registry with id "
                    f"'{repository.account}'")
        raise AWSError("ImageAlreadyExistsException", message)
    if holder is not None and repository.immutable:
        raise AWSError("ImageTagAlreadyExistsException",
                       f"The image tag '{tag}' already exists in the '{repository.name}' repository and cannot be "
                       "overwritten because the repository is immutable.")
    if image is None:
        image = imagelib.Image(digest, manifest, media_type, time.time(), size)
        repository.images[digest] = image
    if tag:
        if holder is not None:
            repository.images[holder].tags.remove(tag)
        repository.image_tags[tag] = digest
        image.tags.append(tag)
    return {"image": {**repository.ids(), "imageId": imagelib.image_id(image, tag), "imageManifest": manifest,
                      "imageManifestMediaType": media_type}}


def _policy_of(repository: Repository) -> dict:
    if repository.policy is None:
        raise policy_not_found(repository.name, repository.account)
    return {**repository.ids(), "policyText": repository.policy}


def _detail(repository: Repository, image) -> dict:
    out = {**repository.ids(), "imageDigest": image.digest, "imageSizeInBytes": image.size,
           "imagePushedAt": image.pushed_at, "imageManifestMediaType": image.media_type}
    if image.tags:
        out["imageTags"] = list(image.tags)
    return out


def _image_not_found(wanted: dict, repository: Repository, reason: tuple) -> AWSError:
    if reason is not imagelib.NOT_FOUND:
        return invalid("imageIds", reason[1])
    digest, tag = wanted.get("imageDigest"), wanted.get("imageTag")
    return AWSError("ImageNotFoundException",
                    f"The image with imageId {{imageDigest:'{digest or 'null'}', imageTag:'{tag or 'null'}'}} does not "
                    f"exist within the repository with name '{repository.name}' in the registry with id "
                    f"'{repository.account}'")


def _check_tag_key(key: str) -> None:
    if key.lower().startswith("aws:"):
        raise AWSError("InvalidTagParameterException", "Invalid parameter at 'tags' failed to satisfy constraint: "
                                                       "'Tag keys cannot start with the reserved prefix aws:'")


def _merged(current: dict, tags: list) -> dict:
    out = dict(current)
    for tag in tags:
        _check_tag_key(tag["Key"])
        out[tag["Key"]] = tag.get("Value", "")
    if len(out) > MAX_TAGS:
        raise AWSError("TooManyTagsException", f"A repository cannot have more than {MAX_TAGS} tags.")
    return out


def _check_encryption(config: dict | None) -> None:
    if config and config.get("kmsKey") and config.get("encryptionType") == "AES256":
        raise invalid("encryptionConfiguration",
                      "A KMS key may only be specified when the encryption type is KMS or KMS_DSSE")


def _check_lifecycle(text: str) -> None:
    try:
        doc = json.loads(text)
    except ValueError:
        doc = None
    rules = doc.get("rules") if isinstance(doc, dict) else None
    if not isinstance(rules, list) or not rules:
        raise invalid("LifecyclePolicyText", "Lifecycle policy validation failure: the policy must be a JSON object "
                                             "with a non-empty 'rules' array")


def _paged(key: str, items: list, params: dict, show=None) -> dict:
    """The output of a listing: one page of ``items`` (each through ``show``) under ``key``."""
    found, token = _page(items, params)
    out = {key: [show(item) for item in found] if show is not None else found}
    if token:
        out["nextToken"] = token
    return out


def _page(items: list, params: dict) -> tuple[list, str | None]:
    """One page from ``nextToken`` (the offset reached, encoded) of ``maxResults`` items."""
    start = 0
    token = params.get("nextToken")
    if token:
        try:
            text = base64.urlsafe_b64decode(token.encode()).decode()
            start = int(text.removeprefix("ecr:")) if text.startswith("ecr:") else -1
        except (ValueError, UnicodeDecodeError):
            start = -1
        if start < 0:
            raise invalid("nextToken", "Invalid pagination token")
    size = params.get("maxResults") or DEFAULT_PAGE
    chunk = items[start:start + size]
    more = start + size < len(items)
    return chunk, (base64.urlsafe_b64encode(f"ecr:{start + size}".encode()).decode() if more else None)
