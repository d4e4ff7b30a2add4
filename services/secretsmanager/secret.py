"""A secret, its versions, and how they are shown by DescribeSecret and ListSecrets."""
from __future__ import annotations

AWSCURRENT = "AWSCURRENT"
AWSPREVIOUS = "AWSPREVIOUS"
AWSPENDING = "AWSPENDING"

DAY = 86400.0
# Secrets Manager keeps 100 versions, but never removes one created in the last 24 hours.
KEPT_VERSIONS = 100


def day_of(t: float) -> float:
    """Access dates are kept to the day (midnight UTC), as Secrets Manager reports them."""
    return t - t % DAY


class Version:
    __slots__ = ("version_id", "string", "binary", "stages", "created", "last_accessed", "kms_key_id")

    def __init__(self, version_id: str, string: str | None, binary: bytes | None, created: float,
                 kms_key_id: str | None):
        self.version_id = version_id
        self.string = string
        self.binary = binary
        self.stages: list[str] = []
        self.created = created
        self.last_accessed: float | None = None
        self.kms_key_id = kms_key_id

    def has_value(self) -> bool:
        return self.string is not None or self.binary is not None

    def same_value(self, string: str | None, binary: bytes | None) -> bool:
        return self.string == string and self.binary == binary

    def value_fields(self) -> dict:
        if self.binary is not None:
            return {"SecretBinary": self.binary}
        if self.string is not None:
            return {"SecretString": self.string}
        return {}


class Secret:
    __slots__ = ("name", "arn", "account", "description", "kms_key_id", "tags", "versions", "created",
                 "last_changed", "last_accessed", "deleted", "deletion_date", "policy", "type",
                 "rotation_enabled", "rotation_lambda_arn", "rotation_rules", "last_rotated",
                 "next_rotation", "labels")

    def __init__(self, name: str, arn: str, account: str, created: float):
        self.name = name
        self.arn = arn
        self.account = account
        self.description: str | None = None
        self.kms_key_id: str | None = None       # None: the AWS managed key aws/secretsmanager
        self.tags: list[dict] = []
        self.versions: dict[str, Version] = {}   # in creation order
        self.labels: dict[str, Version] = {}     # staging label -> the one version holding it
        self.created = created
        self.last_changed = created
        self.last_accessed: float | None = None
        self.deleted: float | None = None        # when DeleteSecret scheduled the deletion
        self.deletion_date: float | None = None  # when the recovery window ends
        self.policy: str | None = None
        self.type: str | None = None
        self.rotation_enabled: bool | None = None  # None: rotation never configured
        self.rotation_lambda_arn: str | None = None
        self.rotation_rules: dict | None = None
        self.last_rotated: float | None = None
        self.next_rotation: float | None = None

    # -- versions and labels ---------------------------------------------------------------
    def holder(self, stage: str) -> Version | None:
        """The version a staging label is attached to."""
        return self.labels.get(stage)

    def attach(self, version: Version, stages) -> None:
        """Moves each label onto ``version``. Moving AWSCURRENT hands AWSPREVIOUS to the version
        AWSCURRENT came from."""
        for stage in stages:
            holder = self.labels.get(stage)
            if holder is version:
                continue
            if holder is not None:
                holder.stages.remove(stage)
                if stage == AWSCURRENT:
                    previous = self.labels.get(AWSPREVIOUS)
                    if previous is not holder:
                        if previous is not None:
                            previous.stages.remove(AWSPREVIOUS)
                        holder.stages.append(AWSPREVIOUS)
                        self.labels[AWSPREVIOUS] = holder
            version.stages.append(stage)
            self.labels[stage] = version

    def detach(self, version: Version, stage: str) -> None:
        version.stages.remove(stage)
        if self.labels.get(stage) is version:
            del self.labels[stage]

    def add_version(self, version: Version, stages, now: float) -> None:
        self.versions[version.version_id] = version
        self.attach(version, stages)
        self._prune(now)

    def _prune(self, now: float) -> None:
        excess = len(self.versions) - KEPT_VERSIONS
        if excess <= 0:
            return
        doomed = []
        for vid, version in self.versions.items():
            if len(doomed) >= excess or now - version.created < DAY:
                break       # versions are in creation order: the rest are younger still
            if not version.stages:
                doomed.append(vid)
        for vid in doomed:
            del self.versions[vid]

    def stages_map(self) -> dict:
        return {vid: list(v.stages) for vid, v in self.versions.items() if v.stages}

    def touch(self, version: Version, now: float) -> None:
        day = day_of(now)
        self.last_accessed = day
        version.last_accessed = day

    # -- views ---------------------------------------------------------------------------
    def describe(self, listing: bool = False) -> dict:
        out = {"ARN": self.arn, "Name": self.name}
        if self.type is not None:
            out["Type"] = self.type
        if self.description is not None:
            out["Description"] = self.description
        if self.kms_key_id:
            out["KmsKeyId"] = self.kms_key_id
        if self.rotation_enabled is not None:
            out["RotationEnabled"] = self.rotation_enabled
        if self.rotation_lambda_arn:
            out["RotationLambdaARN"] = self.rotation_lambda_arn
        if self.rotation_rules:
            out["RotationRules"] = dict(self.rotation_rules)
        if self.last_rotated is not None:
            out["LastRotatedDate"] = self.last_rotated
        out["LastChangedDate"] = self.last_changed
        if self.last_accessed is not None:
            out["LastAccessedDate"] = self.last_accessed
        if self.deleted is not None:
            out["DeletedDate"] = self.deleted
        if self.rotation_enabled and self.next_rotation is not None:
            out["NextRotationDate"] = self.next_rotation
        if self.tags:
            out["Tags"] = [dict(t) for t in self.tags]
        out["SecretVersionsToStages" if listing else "VersionIdsToStages"] = self.stages_map()
        out["CreatedDate"] = self.created
        return out

    def ids(self) -> dict:
        return {"ARN": self.arn, "Name": self.name}
