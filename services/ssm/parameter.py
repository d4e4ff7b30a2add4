"""A parameter and its versions, and how they are shown."""
from __future__ import annotations

import base64
import json

STANDARD, ADVANCED, INTELLIGENT = "Standard", "Advanced", "Intelligent-Tiering"
SECURE = "SecureString"


class Version:
    """One version: everything PutParameter set, kept as it was."""

    __slots__ = ("version", "type", "value", "blob", "key_id", "description", "allowed_pattern", "tier",
                 "policies", "data_type", "labels", "modified", "user")

    def __init__(self, version: int, type_: str, value: str | None, blob: bytes | None, key_id: str | None,
                 description: str | None, allowed_pattern: str | None, tier: str, policies: list | None,
                 data_type: str, modified: float, user: str):
        self.version = version
        self.type = type_
        self.value = value           # plain text (None for a SecureString)
        self.blob = blob             # a SecureString's KMS ciphertext
        self.key_id = key_id
        self.description = description
        self.allowed_pattern = allowed_pattern
        self.tier = tier
        self.policies = policies
        self.data_type = data_type
        self.labels: list[str] = []
        self.modified = modified
        self.user = user

    def stored_value(self) -> str:
        """The value as SSM returns it without decryption (a SecureString's ciphertext in base64)."""
        if self.blob is not None:
            return base64.b64encode(self.blob).decode()
        return self.value

    def policy_entries(self) -> list[dict]:
        return [{"PolicyText": json.dumps(p, separators=(",", ":")), "PolicyType": p.get("Type"),
                 "PolicyStatus": "Pending"} for p in self.policies or ()]


class Parameter:
    __slots__ = ("name", "arn", "versions", "tags")

    def __init__(self, name: str, arn: str):
        self.name = name
        self.arn = arn
        self.versions: dict[int, Version] = {}   # oldest first
        self.tags: dict[str, str] = {}

    @property
    def latest(self) -> Version:
        return next(reversed(self.versions.values()))

    def labelled(self, label: str) -> Version | None:
        for version in self.versions.values():
            if label in version.labels:
                return version
        return None

    def metadata(self) -> dict:
        """DescribeParameters' view of the latest version."""
        v = self.latest
        out = {"Name": self.name, "ARN": self.arn, "Type": v.type}
        if v.key_id:
            out["KeyId"] = v.key_id
        out["LastModifiedDate"] = v.modified
        out["LastModifiedUser"] = v.user
        if v.description:
            out["Description"] = v.description
        if v.allowed_pattern:
            out["AllowedPattern"] = v.allowed_pattern
        out["Version"] = v.version
        out["Tier"] = v.tier
        out["Policies"] = v.policy_entries()
        out["DataType"] = v.data_type
        return out

    def history_entry(self, v: Version, value: str) -> dict:
        out = {"Name": self.name, "Type": v.type}
        if v.key_id:
            out["KeyId"] = v.key_id
        out["LastModifiedDate"] = v.modified
        out["LastModifiedUser"] = v.user
        if v.description:
            out["Description"] = v.description
        out["Value"] = value
        if v.allowed_pattern:
            out["AllowedPattern"] = v.allowed_pattern
        out["Version"] = v.version
        if v.labels:
            out["Labels"] = list(v.labels)
        out["Tier"] = v.tier
        out["Policies"] = v.policy_entries()
        out["DataType"] = v.data_type
        return out

    def value_entry(self, v: Version, value: str, selector: str | None = None) -> dict:
        """GetParameter's view of one version."""
        out = {"Name": self.name, "Type": v.type, "Value": value, "Version": v.version}
        if selector is not None:
            out["Selector"] = ":" + selector
        out["LastModifiedDate"] = v.modified
        out["ARN"] = self.arn
        out["DataType"] = v.data_type
        return out
