"""One ECR repository: its settings, tags, policies, images and layers."""
from __future__ import annotations

from iamulator.services.ecr.names import registry_host, repository_arn


class Repository:
    def __init__(self, name: str, account: str, region: str, created: float, params: dict):
        self.name = name
        self.account = account
        self.arn = repository_arn(region, account, name)
        self.uri = f"{registry_host(region, account)}/{name}"
        self.created = created
        self.tag_mutability = params.get("imageTagMutability") or "MUTABLE"
        self.exclusion_filters = params.get("imageTagMutabilityExclusionFilters")
        self.scan_on_push = bool((params.get("imageScanningConfiguration") or {}).get("scanOnPush", False))
        encryption = params.get("encryptionConfiguration") or {"encryptionType": "AES256"}
        self.encryption = dict(encryption)
        self.tags: dict[str, str] = {}
        self.policy: str | None = None
        self.lifecycle: str | None = None
        self.images: dict = {}           # digest -> images.Image
        self.image_tags: dict[str, str] = {}   # tag -> digest
        self.layers: dict[str, int] = {}       # digest -> size
        self.uploads: dict[str, bytearray] = {}

    def describe(self) -> dict:
        out = {
            "repositoryArn": self.arn,
            "registryId": self.account,
            "repositoryName": self.name,
            "repositoryUri": self.uri,
            "createdAt": self.created,
            "imageTagMutability": self.tag_mutability,
            "imageScanningConfiguration": {"scanOnPush": self.scan_on_push},
            "encryptionConfiguration": dict(self.encryption),
        }
        if self.exclusion_filters:
            out["imageTagMutabilityExclusionFilters"] = self.exclusion_filters
        return out

    def ids(self) -> dict:
        return {"registryId": self.account, "repositoryName": self.name}

    @property
    def immutable(self) -> bool:
        return self.tag_mutability.startswith("IMMUTABLE")
