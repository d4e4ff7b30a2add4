"""A KMS key and what belongs to it: key material versions, aliases' target, grants, tags."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from iamulator.services.kms import specs

# Key states and how KMS words them in KMSInvalidStateException messages.
ENABLED = "Enabled"
DISABLED = "Disabled"
PENDING_DELETION = "PendingDeletion"
PENDING_IMPORT = "PendingImport"
STATE_WORDS = {PENDING_DELETION: "pending deletion", PENDING_IMPORT: "pending import", DISABLED: "disabled",
               ENABLED: "enabled"}


def timestamp(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, timezone.utc)


@dataclass(eq=False)
class Material:
    """One version of a key's material. Symmetric keys gain one per rotation."""
    material_id: str
    secret: object            # bytes (symmetric, HMAC) or a private key object
    created: float
    rotation_type: str | None = None   # None for the material the key was created with
    aead: object = None                # the cipher object, made on first use


@dataclass(eq=False)
class Grant:
    grant_id: str
    key_arn: str
    grantee: str
    operations: list
    issuing_account: str
    created: float
    name: str | None = None
    retiring: str | None = None
    constraints: dict | None = None

    def entry(self) -> dict:
        out = {"KeyId": self.key_arn, "GrantId": self.grant_id, "CreationDate": timestamp(self.created),
               "GranteePrincipal": self.grantee, "IssuingAccount": self.issuing_account,
               "Operations": list(self.operations)}
        if self.name is not None:
            out["Name"] = self.name
        if self.retiring is not None:
            out["RetiringPrincipal"] = self.retiring
        if self.constraints:
            out["Constraints"] = {k: dict(v) for k, v in self.constraints.items()}
        return out


@dataclass(eq=False)
class Alias:
    name: str
    target: str               # key ID
    created: float
    updated: float


@dataclass(eq=False)
class Key:
    key_id: str
    arn: str
    account: str
    region: str
    created: float
    spec: str
    usage: str
    policy: str
    description: str = ""
    origin: str = "AWS_KMS"
    manager: str = "CUSTOMER"
    multi_region: bool = False
    state: str = ENABLED
    deletion_date: float | None = None
    materials: list = field(default_factory=list)
    tags: dict = field(default_factory=dict)
    grants: dict = field(default_factory=dict)
    rotation_enabled: bool = False
    rotation_period: int | None = None
    next_rotation: float | None = None
    on_demand_rotations: int = 0
    _public: bytes | None = None

    # -- material -----------------------------------------------------------------------
    @property
    def symmetric(self) -> bool:
        return self.spec == specs.SYMMETRIC_DEFAULT

    @property
    def family(self) -> str:
        return specs.SPECS[self.spec].family

    @property
    def current(self) -> Material:
        return self.materials[-1]

    def material(self, material_id: str) -> Material | None:
        for m in self.materials:
            if m.material_id == material_id:
                return m
        return None

    def public_key_der(self) -> bytes:
        if self._public is None:
            from iamulator.services.kms import material
            self._public = material.public_der(self.current.secret)
        return self._public

    # -- views --------------------------------------------------------------------------
    def metadata(self) -> dict:
        out = {
            "AWSAccountId": self.account, "KeyId": self.key_id, "Arn": self.arn,
            "CreationDate": timestamp(self.created), "Enabled": self.state == ENABLED,
            "Description": self.description, "KeyUsage": self.usage, "KeyState": self.state,
            "Origin": self.origin, "KeyManager": self.manager, "CustomerMasterKeySpec": self.spec,
            "KeySpec": self.spec, "MultiRegion": self.multi_region,
        }
        for member, algorithms in specs.algorithms(self.spec, self.usage).items():
            out[member] = list(algorithms)
        if self.deletion_date is not None:
            out["DeletionDate"] = timestamp(self.deletion_date)
        if self.multi_region:
            out["MultiRegionConfiguration"] = {
                "MultiRegionKeyType": "PRIMARY",
                "PrimaryKey": {"Arn": self.arn, "Region": self.region},
                "ReplicaKeys": [],
            }
        if self.symmetric and self.materials:
            out["CurrentKeyMaterialId"] = self.current.material_id
        return out
