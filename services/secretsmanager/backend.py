"""Secrets Manager operations for one account in one region.

A secret named by a full or partial ARN of another account is that account's secret, reached in
that account's backend under that backend's lock only: the caller's lock is set aside
meanwhile (as SQS does), so two accounts' requests can never wait on each other.
"""
from __future__ import annotations

import uuid

from iamulator.authz.policy.public import is_public
from iamulator.services.base import Service
from iamulator.services.errors import AWSError
from iamulator.services.locks import released
from iamulator.services.secretsmanager import clock, filters, passwords, policies, rotation
from iamulator.services.secretsmanager.errors import (both_values, invalid_parameter, invalid_request,
                                                      marked_for_deletion, secret_not_found, value_not_found)
from iamulator.services.secretsmanager.names import candidate_name, new_arn, parse_arn, validate_name
from iamulator.services.secretsmanager.paging import page
from iamulator.services.secretsmanager.secret import (AWSCURRENT, AWSPENDING, DAY, Secret, Version)
from iamulator.services.constraints import ModelValidated

DEFAULT_RECOVERY_DAYS = 30
MAX_STAGES_PER_VERSION = 20
SORT_KEYS = {
    "created-date": lambda s: s.created,
    "last-accessed-date": lambda s: s.last_accessed or 0.0,
    "last-changed-date": lambda s: s.last_changed,
    "name": lambda s: s.name,
}


class Backend(ModelValidated, Service):
    name = "secretsmanager"

    def __init__(self, account_id: str, region: str, store=None):
        super().__init__(account_id, region, store)
        self.secrets: dict[str, Secret] = {}

    # -- finding secrets ------------------------------------------------------------------
    def _named(self, secret_id: str) -> Secret | None:
        if secret_id.startswith("arn:"):
            parsed = parse_arn(secret_id)
            if parsed is None or parsed[0] != self.region or parsed[1] != self.account_id:
                return None
            name, full = candidate_name(parsed[2])
            secret = self.secrets.get(name)
            if secret is not None and secret.arn != secret_id and (
                    full or not secret.arn.startswith(secret_id + "-")):
                return None
            return secret
        return self.secrets.get(secret_id)

    def lookup(self, secret_id: str) -> Secret | None:
        """The secret a name, full ARN or partial ARN names in this backend, without changing
        anything (a secret past its recovery window counts as gone)."""
        secret = self._named(secret_id)
        if secret is not None and secret.deletion_date is not None and clock.now() >= secret.deletion_date:
            return None
        return secret

    def find(self, secret_id: str) -> Secret | None:
        """As ``lookup``, dropping the secret for good once its recovery window is over."""
        secret = self._named(secret_id)
        if secret is not None and secret.deletion_date is not None and clock.now() >= secret.deletion_date:
            del self.secrets[secret.name]
            return None
        return secret

    def _owner(self, ctx, secret_id: str) -> "Backend":
        if secret_id.startswith("arn:") and ctx is not None and ctx.store is not None:
            parsed = parse_arn(secret_id)
            if parsed is not None and parsed[1] != self.account_id and parsed[0] == self.region:
                return ctx.store.backend(self.name, parsed[1], self.region)
        return self

    def _secret(self, secret_id: str, live: bool = True) -> Secret:
        secret = self.find(secret_id)
        if secret is None:
            raise secret_not_found()
        if live and secret.deleted is not None:
            raise marked_for_deletion()
        return secret

    # -- creating and changing ------------------------------------------------------------
    def create_secret(self, ctx, params) -> dict:
        name = params["Name"]
        validate_name(name)
        string, binary = params.get("SecretString"), params.get("SecretBinary")
        if string is not None and binary is not None:
            raise both_values()
        if params.get("AddReplicaRegions"):
            raise AWSError("NotImplemented", "Replicating secrets to other Regions is not implemented by "
                                             "iamulator.", 501)
        token = params.get("ClientRequestToken")
        existing = self.find(name)
        if existing is not None:
            if existing.deleted is not None:
                raise invalid_request("You can't create this secret because a secret with this name is already "
                                      "scheduled for deletion.")
            version = existing.versions.get(token) if token else None
            if version is None:
                raise AWSError("ResourceExistsException", f"The operation failed because the secret {name} "
                                                          "already exists.")
            if not version.same_value(string, binary):
                raise AWSError("ResourceExistsException", "You can't modify an existing version, you can only "
                                                          "create a new version.")
            return {**existing.ids(), "VersionId": version.version_id}
        now = clock.now()
        secret = Secret(name, new_arn(self.region, self.account_id, name), self.account_id, now)
        secret.description = params.get("Description")
        secret.kms_key_id = params.get("KmsKeyId") or None
        secret.type = params.get("Type")
        secret.tags = _merged_tags([], params.get("Tags") or [])
        out = secret.ids()
        if string is not None or binary is not None:
            version = Version(token or str(uuid.uuid4()), string, binary, now, secret.kms_key_id)
            secret.add_version(version, [AWSCURRENT], now)
            out["VersionId"] = version.version_id
        self.secrets[name] = secret
        return out

    def put_secret_value(self, ctx, params) -> dict:
        owner = self._owner(ctx, params["SecretId"])
        with self._holding(owner):
            secret = owner._secret(params["SecretId"])
            string, binary = params.get("SecretString"), params.get("SecretBinary")
            if string is not None and binary is not None:
                raise both_values()
            if string is None and binary is None:
                raise invalid_parameter("You must provide either SecretString or SecretBinary.")
            token = params.get("ClientRequestToken") or str(uuid.uuid4())
            existing = secret.versions.get(token)
            if existing is not None and not existing.has_value():
                # The empty version a rotation started: this is its value.
                existing.string, existing.binary = string, binary
                secret.attach(existing, list(dict.fromkeys(params.get("VersionStages") or [AWSCURRENT])))
                secret.last_changed = clock.now()
                return {**secret.ids(), "VersionId": token, "VersionStages": list(existing.stages)}
            if existing is not None:
                if not existing.same_value(string, binary):
                    raise AWSError("ResourceExistsException", "You can't modify an existing version, you can "
                                                              "only create a new version.")
                return {**secret.ids(), "VersionId": token, "VersionStages": list(existing.stages)}
            stages = list(dict.fromkeys(params.get("VersionStages") or [AWSCURRENT]))
            if not secret.versions and AWSCURRENT not in stages:
                stages.append(AWSCURRENT)      # the first version is always the current one
            now = clock.now()
            version = Version(token, string, binary, now, secret.kms_key_id)
            secret.add_version(version, stages, now)
            secret.last_changed = now
            return {**secret.ids(), "VersionId": token, "VersionStages": list(version.stages)}

    def update_secret(self, ctx, params) -> dict:
        owner = self._owner(ctx, params["SecretId"])
        with self._holding(owner):
            secret = owner._secret(params["SecretId"])
            string, binary = params.get("SecretString"), params.get("SecretBinary")
            if string is not None and binary is not None:
                raise both_values()
            token = params.get("ClientRequestToken") or str(uuid.uuid4())
            if (string is not None or binary is not None) and token in secret.versions:
                raise AWSError("ResourceExistsException", "A resource with the ID you requested already exists.")
            now = clock.now()
            if "Description" in params:
                secret.description = params["Description"]
            if "KmsKeyId" in params:
                secret.kms_key_id = params["KmsKeyId"] or None
            if "Type" in params:
                secret.type = params["Type"]
            out = secret.ids()
            if string is not None or binary is not None:
                version = Version(token, string, binary, now, secret.kms_key_id)
                secret.add_version(version, [AWSCURRENT], now)
                out["VersionId"] = token
            secret.last_changed = now
            return out

    def update_secret_version_stage(self, ctx, params) -> dict:
        owner = self._owner(ctx, params["SecretId"])
        with self._holding(owner):
            secret = owner._secret(params["SecretId"])
            stage = params["VersionStage"]
            move_to, remove_from = params.get("MoveToVersionId"), params.get("RemoveFromVersionId")
            for vid in (move_to, remove_from):
                if vid and vid not in secret.versions:
                    raise value_not_found("VersionId", vid)
            holder = secret.holder(stage)
            if move_to:
                target = secret.versions[move_to]
                if holder is not None and holder is not target:
                    if not remove_from:
                        raise invalid_parameter(
                            f"The parameter RemoveFromVersionId can't be empty. Staging label {stage} is currently "
                            f"attached to version {holder.version_id}, so you must explicitly reference that "
                            "version in RemoveFromVersionId.")
                    if remove_from != holder.version_id:
                        raise invalid_parameter(
                            f"The staging label {stage} is currently attached to version {holder.version_id}, "
                            f"not to version {remove_from} named in RemoveFromVersionId.")
                if stage not in target.stages and len(target.stages) >= MAX_STAGES_PER_VERSION:
                    raise AWSError("LimitExceededException", f"A version can have at most "
                                                             f"{MAX_STAGES_PER_VERSION} staging labels.")
                secret.attach(target, [stage])
            elif remove_from:
                if holder is None or holder.version_id != remove_from:
                    raise invalid_parameter(f"The staging label {stage} isn't attached to version {remove_from}.")
                if stage == AWSCURRENT:
                    raise invalid_parameter("You can't remove the staging label AWSCURRENT from a version "
                                            "without moving it to another version with MoveToVersionId.")
                secret.detach(holder, stage)
            secret.last_changed = clock.now()
            return secret.ids()

    # -- reading --------------------------------------------------------------------------
    def get_secret_value(self, ctx, params) -> dict:
        owner = self._owner(ctx, params["SecretId"])
        with self._holding(owner):
            secret = owner._secret(params["SecretId"])
            version = _select(secret, params.get("VersionId"), params.get("VersionStage"))
            secret.touch(version, clock.now())
            return _value(secret, version)

    def batch_get_secret_value(self, ctx, params) -> dict:
        ids, wanted = params.get("SecretIdList"), params.get("Filters")
        if (ids is None) == (wanted is None):
            raise invalid_parameter("Either 'SecretIdList' or 'Filters' must be provided, but not both.")
        if ids is not None and params.get("MaxResults") is not None:
            raise invalid_parameter("'Filters' not specified. 'Filters' must also be specified when "
                                    "'MaxResults' is provided.")
        values, errors, out = [], [], {}
        if ids is not None:
            for secret_id in ids:
                owner = self._owner(ctx, secret_id)
                with self._holding(owner):
                    try:
                        secret = owner._secret(secret_id)
                        version = _select(secret, None, None)
                    except AWSError as err:
                        errors.append({"SecretId": secret_id, "ErrorCode": err.code, "Message": err.message})
                        continue
                    secret.touch(version, clock.now())
                    values.append(_value(secret, version))
        else:
            matching = [s for s in self._live_secrets() if filters.matches(wanted, s)]
            chunk, token = page(matching, params, 20)
            for secret in chunk:
                version = secret.holder(AWSCURRENT)
                if version is None:
                    errors.append({"SecretId": secret.arn, "ErrorCode": "ResourceNotFoundException",
                                   "Message": value_not_found("staging label", AWSCURRENT).message})
                    continue
                secret.touch(version, clock.now())
                values.append(_value(secret, version))
            if token:
                out["NextToken"] = token
        out["SecretValues"] = values
        out["Errors"] = errors
        return out

    def describe_secret(self, ctx, params) -> dict:
        owner = self._owner(ctx, params["SecretId"])
        with self._holding(owner):
            return owner._secret(params["SecretId"], live=False).describe()

    def list_secrets(self, ctx, params) -> dict:
        include_deleted = bool(params.get("IncludePlannedDeletion"))
        chosen = [s for s in (self._all_secrets() if include_deleted else self._live_secrets())
                  if filters.matches(params.get("Filters"), s)]
        chosen.sort(key=SORT_KEYS[params.get("SortBy") or "created-date"],
                    reverse=params.get("SortOrder") == "desc")
        chunk, token = page(chosen, params, 100)
        out = {"SecretList": [s.describe(listing=True) for s in chunk]}
        if token:
            out["NextToken"] = token
        return out

    def list_secret_version_ids(self, ctx, params) -> dict:
        owner = self._owner(ctx, params["SecretId"])
        with self._holding(owner):
            secret = owner._secret(params["SecretId"], live=False)
            versions = [v for v in secret.versions.values() if v.stages or params.get("IncludeDeprecated")]
            chunk, token = page(versions, params, 100)
            out = {"Versions": [_version_entry(v) for v in chunk], **secret.ids()}
            if token:
                out["NextToken"] = token
            return out

    def _all_secrets(self) -> list[Secret]:
        now = clock.now()
        for name, secret in list(self.secrets.items()):
            if secret.deletion_date is not None and now >= secret.deletion_date:
                del self.secrets[name]
        return list(self.secrets.values())

    def _live_secrets(self) -> list[Secret]:
        return [s for s in self._all_secrets() if s.deleted is None]

    # -- deletion -------------------------------------------------------------------------
    def delete_secret(self, ctx, params) -> dict:
        secret_id = params["SecretId"]
        window = params.get("RecoveryWindowInDays")
        force = bool(params.get("ForceDeleteWithoutRecovery"))
        if window is not None and not 7 <= window <= 30:
            raise invalid_parameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).")
        if force and window is not None:
            raise invalid_parameter("You can't use ForceDeleteWithoutRecovery in conjunction with "
                                    "RecoveryWindowInDays.")
        owner = self._owner(ctx, secret_id)
        with self._holding(owner):
            secret = owner.find(secret_id)
            now = clock.now()
            if secret is None:
                if force:
                    # Forcing the deletion of a secret that is already gone is not an error.
                    return _forced_absent(secret_id, now)
                raise secret_not_found()
            if force:
                del owner.secrets[secret.name]
                return {**secret.ids(), "DeletionDate": now}
            if secret.deleted is not None:
                raise marked_for_deletion()
            secret.deleted = now
            secret.deletion_date = now + (window or DEFAULT_RECOVERY_DAYS) * DAY
            return {**secret.ids(), "DeletionDate": secret.deletion_date}

    def restore_secret(self, ctx, params) -> dict:
        owner = self._owner(ctx, params["SecretId"])
        with self._holding(owner):
            secret = owner._secret(params["SecretId"], live=False)
            secret.deleted = None
            secret.deletion_date = None
            return secret.ids()

    # -- rotation -------------------------------------------------------------------------
    def rotate_secret(self, ctx, params) -> dict:
        owner = self._owner(ctx, params["SecretId"])
        with self._holding(owner):
            secret = owner._secret(params["SecretId"])
            rules = params.get("RotationRules")
            stored_rules = rotation.validate_rules(rules) if rules is not None else secret.rotation_rules
            lambda_arn = params.get("RotationLambdaARN") or secret.rotation_lambda_arn
            if not lambda_arn:
                raise invalid_request("No Lambda rotation function ARN is associated with this secret, and you "
                                      "didn't include one in RotationLambdaARN.")
            current, pending = secret.holder(AWSCURRENT), secret.holder(AWSPENDING)
            if pending is not None and pending is not current:
                raise invalid_request("A previous rotation isn't complete. That rotation will be reattempted.")
            token = params.get("ClientRequestToken") or str(uuid.uuid4())
            secret.rotation_enabled = True
            secret.rotation_lambda_arn = lambda_arn
            secret.rotation_rules = stored_rules
            secret.last_changed = clock.now()
            immediately = params.get("RotateImmediately", True)
            steps = rotation.STEPS if immediately else ("createSecret", "testSecret")
            run = rotation.invoker(ctx, lambda_arn)
            rotated = None
            if run is not None:
                if token not in secret.versions:
                    # Rotation starts from an empty version labelled AWSPENDING, which the
                    # function's createSecret step fills with PutSecretValue.
                    now = clock.now()
                    secret.add_version(Version(token, None, None, now, secret.kms_key_id), [AWSPENDING], now)
                # The function calls back into Secrets Manager: it must find this backend unlocked.
                with released(owner.lock):
                    rotated = run(secret.arn, token, steps)
            now = clock.now()
            if rotated and immediately:
                secret.last_rotated = now
            elif rotated is not None and not immediately:
                # A test run: the version it staged does not stay pending.
                tried = secret.versions.get(token)
                if tried is not None and AWSPENDING in tried.stages and tried is not secret.holder(AWSCURRENT):
                    secret.detach(tried, AWSPENDING)
            secret.next_rotation = rotation.next_rotation(stored_rules, secret.last_rotated or now)
            return {**secret.ids(), "VersionId": token}

    def cancel_rotate_secret(self, ctx, params) -> dict:
        owner = self._owner(ctx, params["SecretId"])
        with self._holding(owner):
            secret = owner._secret(params["SecretId"])
            secret.rotation_enabled = False
            secret.next_rotation = None
            secret.last_changed = clock.now()
            out = secret.ids()
            current, pending = secret.holder(AWSCURRENT), secret.holder(AWSPENDING)
            if pending is not None and pending is not current:
                out["VersionId"] = pending.version_id
            return out

    # -- passwords, tags ------------------------------------------------------------------
    def get_random_password(self, ctx, params) -> dict:
        return {"RandomPassword": passwords.generate(params)}

    def tag_resource(self, ctx, params) -> dict:
        owner = self._owner(ctx, params["SecretId"])
        with self._holding(owner):
            secret = owner._secret(params["SecretId"])
            secret.tags = _merged_tags(secret.tags, params["Tags"])
            return {}

    def untag_resource(self, ctx, params) -> dict:
        owner = self._owner(ctx, params["SecretId"])
        with self._holding(owner):
            secret = owner._secret(params["SecretId"])
            removed = set(params["TagKeys"])
            secret.tags = [t for t in secret.tags if t["Key"] not in removed]
            return {}

    # -- resource policies ----------------------------------------------------------------
    def put_resource_policy(self, ctx, params) -> dict:
        owner = self._owner(ctx, params["SecretId"])
        with self._holding(owner):
            secret = owner._secret(params["SecretId"])
            compiled = policies.compile_document(params["ResourcePolicy"])
            if params.get("BlockPublicPolicy") and is_public(compiled):
                raise AWSError("PublicPolicyException", policies.PUBLIC_POLICY_MESSAGE)
            secret.policy = params["ResourcePolicy"]
            return secret.ids()

    def get_resource_policy(self, ctx, params) -> dict:
        owner = self._owner(ctx, params["SecretId"])
        with self._holding(owner):
            secret = owner._secret(params["SecretId"])
            out = secret.ids()
            if secret.policy is not None:
                out["ResourcePolicy"] = secret.policy
            return out

    def delete_resource_policy(self, ctx, params) -> dict:
        owner = self._owner(ctx, params["SecretId"])
        with self._holding(owner):
            secret = owner._secret(params["SecretId"])
            secret.policy = None
            return secret.ids()

    def validate_resource_policy(self, ctx, params) -> dict:
        secret_id = params.get("SecretId")
        if secret_id:
            owner = self._owner(ctx, secret_id)
            with self._holding(owner):
                owner._secret(secret_id)
        compiled = policies.compile_document(params["ResourcePolicy"])
        if is_public(compiled):
            return {"PolicyValidationPassed": False, "ValidationErrors": [
                {"CheckName": "BROAD_ACCESS_CHECK",
                 "ErrorMessage": "The resource policy grants broad access to the secret: a statement allows "
                                 "every principal without a condition that narrows it."}]}
        return {"PolicyValidationPassed": True, "ValidationErrors": []}


def _select(secret: Secret, version_id: str | None, stage: str | None) -> Version:
    if version_id:
        version = secret.versions.get(version_id)
        if version is None:
            raise value_not_found("VersionId", version_id)
        if stage and stage not in version.stages:
            raise invalid_request("You provided a VersionStage that is not associated to the provided VersionId.")
        if not version.has_value():
            raise value_not_found("VersionId", version_id)
        return version
    stage = stage or AWSCURRENT
    version = secret.holder(stage)
    if version is None or not version.has_value():
        raise value_not_found("staging label", stage)
    return version


def _value(secret: Secret, version: Version) -> dict:
    return {**secret.ids(), "VersionId": version.version_id, **version.value_fields(),
            "VersionStages": list(version.stages), "CreatedDate": version.created}


def _version_entry(version: Version) -> dict:
    out = {"VersionId": version.version_id}
    if version.stages:
        out["VersionStages"] = list(version.stages)
    if version.last_accessed is not None:
        out["LastAccessedDate"] = version.last_accessed
    out["CreatedDate"] = version.created
    out["KmsKeyIds"] = [version.kms_key_id or "DefaultEncryptionKey"]
    return out


def _merged_tags(current: list[dict], added: list[dict]) -> list[dict]:
    """Tags in order of first appearance; a key given again takes the new value."""
    merged = {t["Key"]: dict(t) for t in current}
    for tag in added:
        if not tag.get("Key"):
            raise invalid_parameter("A tag must have a Key.")
        merged[tag["Key"]] = {"Key": tag["Key"], "Value": tag.get("Value") or ""}
    return list(merged.values())


def _forced_absent(secret_id: str, now: float) -> dict:
    if secret_id.startswith("arn:"):
        parsed = parse_arn(secret_id)
        name = candidate_name(parsed[2])[0] if parsed else secret_id
        return {"ARN": secret_id, "Name": name, "DeletionDate": now}
    return {"Name": secret_id, "DeletionDate": now}
