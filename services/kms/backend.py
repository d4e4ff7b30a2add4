"""KMS for one account in one region: the keys, aliases and grants, and how requests find them.

Operations live in mixins by subject (``key_operations``, ``crypto_operations``, ...); this module
holds the state they share, resolves the four ways a request names a key, applies the key-state
and key-usage rules every operation checks, and validates every request against the model
before its operation runs.

A key ARN (or alias ARN) of another account reaches that account's backend for the operations
KMS allows across accounts; the work then runs under that backend's lock only, the caller's lock
set aside meanwhile, so that two accounts' requests can never wait on each other.
"""
from __future__ import annotations

from contextlib import contextmanager

from iamulator.services.base import Service
from iamulator.services.constraints import ModelValidated
from iamulator.services.kms import clock, errors, grants, ids, material, policy, specs, validation
from iamulator.services.kms.alias_operations import AliasOperations
from iamulator.services.kms.crypto_operations import CryptoOperations
from iamulator.services.kms.grant_operations import GrantOperations
from iamulator.services.kms.key import (DISABLED, ENABLED, PENDING_DELETION, PENDING_IMPORT, STATE_WORDS, Alias,
                                        Key, Material)
from iamulator.services.kms.key_operations import KeyOperations
from iamulator.services.kms.policy_operations import PolicyOperations
from iamulator.services.kms.rotation_operations import RotationOperations
from iamulator.services.kms.signing_operations import SigningOperations
from iamulator.services.kms.tag_operations import TagOperations

DAY = 86400.0

# What an AWS managed key is for, by the service named in its predefined alias (alias/aws/<name>).
_MANAGED_LABELS = {
    "ssm": "AWS Systems Manager", "secretsmanager": "AWS Secrets Manager", "s3": "Amazon S3",
    "sqs": "Amazon SQS", "sns": "Amazon SNS", "dynamodb": "Amazon DynamoDB", "lambda": "AWS Lambda",
    "ebs": "Amazon EBS", "rds": "Amazon RDS", "logs": "Amazon CloudWatch Logs", "kinesis": "Amazon Kinesis",
}


class Backend(ModelValidated, KeyOperations, CryptoOperations, SigningOperations, AliasOperations, GrantOperations,
              PolicyOperations, RotationOperations, TagOperations, Service):
    name = "kms"
    validator = validation.VALIDATOR

    def __init__(self, account_id: str, region: str, store=None):
        super().__init__(account_id, region, store)
        self.keys: dict[str, Key] = {}
        self.aliases: dict[str, Alias] = {}
        # The earliest moment a scheduled deletion or automatic rotation falls due.
        self._due: float | None = None

    # -- every request: validated against the model first ------------------------------
    @classmethod
    def checked(cls, operation: str, fn):
        return super().checked(operation, _with_grant_tokens(fn))

    # -- finding keys -------------------------------------------------------------------
    def _owner(self, ctx, account: str) -> "Backend":
        if account == self.account_id or ctx is None or ctx.store is None:
            return self
        return ctx.store.backend(self.name, account, self.region)

    def _target(self, ctx, value: str, cross_account: bool) -> tuple["Backend", ids.Ref]:
        ref = ids.parse(value)
        if ref is None:
            raise errors.invalid_arn(value)
        account = ref.account or self.account_id
        region = ref.region or self.region
        if region != self.region or (account != self.account_id and not cross_account):
            raise self._missing(ref, account, region)
        return self._owner(ctx, account), ref

    @contextmanager
    def _using(self, ctx, value: str, *, cross_account: bool = False, create_managed: bool = False):
        """The key ``value`` names, held under its owner's lock while the block runs (callers
        already hold this backend's own lock)."""
        owner, ref = self._target(ctx, value, cross_account)
        if owner is self:
            yield self._resolve(ref, create_managed)
            return
        with self._holding(owner):
            yield owner._resolve(ref, create_managed)

    def _resolve(self, ref: ids.Ref, create_managed: bool = False) -> Key:
        self._housekeeping()
        if ref.kind == "alias":
            alias = self.aliases.get(ref.name)
            if alias is None:
                if create_managed and ids.is_predefined_alias(ref.name):
                    return self.managed_key(ref.name[len(ids.RESERVED_ALIAS_PREFIX):])
                raise self._missing(ref, self.account_id, self.region)
            return self.keys[alias.target]
        key = self.keys.get(ref.name)
        if key is None:
            if ref.account is None and not ids.is_key_id(ref.name):
                raise errors.invalid_key_id(ref.text)
            raise self._missing(ref, self.account_id, self.region)
        return key

    @staticmethod
    def _missing(ref: ids.Ref, account: str, region: str):
        if ref.kind == "alias":
            return errors.alias_not_found(ids.alias_arn(region, account, ref.name))
        if ref.account is None and not ids.is_key_id(ref.name):
            return errors.invalid_key_id(ref.text)
        return errors.key_not_found(ref.text if ref.account else ids.key_arn(region, account, ref.name))

    def _find_local(self, value: str) -> Key:
        """A key of this account by key ID or key ARN only (aliases are refused), for operations
        such as CreateAlias whose key must be named directly."""
        ref = ids.parse(value)
        if ref is None:
            raise errors.invalid_arn(value)
        if ref.kind == "alias":
            raise errors.validation(f"Invalid keyId {value}") if ref.account is None else errors.invalid_arn(value)
        if (ref.account or self.account_id) != self.account_id or (ref.region or self.region) != self.region:
            raise self._missing(ref, ref.account or self.account_id, ref.region or self.region)
        return self._resolve(ref)

    # -- the rules every operation checks ----------------------------------------------
    @staticmethod
    def _require_state(key: Key) -> None:
        if key.state == ENABLED:
            return
        if key.state == DISABLED:
            raise errors.disabled(key.arn)
        raise errors.invalid_state(key.arn, STATE_WORDS[key.state])

    @staticmethod
    def _require_usage(key: Key, usage: str, operation: str) -> None:
        if key.usage != usage:
            raise errors.invalid_key_usage(key.arn, key.usage, operation)

    @staticmethod
    def _require_not_pending(key: Key) -> None:
        if key.state in (PENDING_DELETION, PENDING_IMPORT):
            raise errors.invalid_state(key.arn, STATE_WORDS[key.state])

    # -- creating keys ------------------------------------------------------------------
    def _new_key(self, spec: str, usage: str, *, policy_text: str | None = None, description: str = "",
                 origin: str = "AWS_KMS", manager: str = "CUSTOMER", multi_region: bool = False,
                 tags: dict | None = None) -> Key:
        key_id = ids.new_key_id(multi_region)
        now = clock.now()
        key = Key(key_id=key_id, arn=ids.key_arn(self.region, self.account_id, key_id), account=self.account_id,
                  region=self.region, created=now, spec=spec, usage=usage,
                  policy=policy_text or policy.default(self.region, self.account_id), description=description,
                  origin=origin, manager=manager, multi_region=multi_region, tags=dict(tags or {}))
        if origin == "EXTERNAL":
            key.state = PENDING_IMPORT
        else:
            key.materials.append(Material(ids.new_material_id(), material.generate(spec), now))
        self.keys[key_id] = key
        return key

    def managed_key(self, service: str) -> Key:
        """The AWS managed key of ``service`` (alias ``alias/aws/<service>``), created on first use
        as KMS creates it when a service first asks for its predefined alias."""
        alias_name = ids.RESERVED_ALIAS_PREFIX + service
        alias = self.aliases.get(alias_name)
        if alias is not None:
            return self.keys[alias.target]
        label = _MANAGED_LABELS.get(service, service)
        key = self._new_key(specs.SYMMETRIC_DEFAULT, specs.ENCRYPT_DECRYPT,
                            policy_text=policy.aws_managed(self.region, self.account_id, service, label),
                            description=f"Default key that protects my {label} data when no other key is defined",
                            manager="AWS")
        # KMS rotates AWS managed keys every year and nobody can change that.
        self._schedule_rotation(key, 365)
        now = clock.now()
        self.aliases[alias_name] = Alias(alias_name, key.key_id, now, now)
        return key

    # -- time: scheduled deletions and automatic rotations -----------------------------
    def _note_due(self, when: float | None) -> None:
        if when is not None and (self._due is None or when < self._due):
            self._due = when

    def _schedule_rotation(self, key: Key, period: int) -> None:
        key.rotation_enabled = True
        key.rotation_period = period
        key.next_rotation = clock.now() + period * DAY
        self._note_due(key.next_rotation)

    def _housekeeping(self) -> None:
        if self._due is None:
            return
        now = clock.now()
        if now < self._due:
            return
        self._due = None
        for key in list(self.keys.values()):
            if key.deletion_date is not None:
                if key.deletion_date <= now:
                    self._delete(key)
                    continue
                self._note_due(key.deletion_date)
            while key.rotation_enabled and key.next_rotation is not None and key.next_rotation <= now:
                if key.state == ENABLED:
                    self._rotate(key, "AUTOMATIC", key.next_rotation)
                # A disabled key is not rotated; its schedule moves on.
                key.next_rotation += key.rotation_period * DAY
            if key.rotation_enabled and key.next_rotation is not None:
                self._note_due(key.next_rotation)

    def _delete(self, key: Key) -> None:
        del self.keys[key.key_id]
        for name in [n for n, a in self.aliases.items() if a.target == key.key_id]:
            del self.aliases[name]

    def _rotate(self, key: Key, rotation_type: str, when: float | None = None) -> None:
        key.materials.append(Material(ids.new_material_id(), material.generate(key.spec), when or clock.now(),
                                      rotation_type))


def _with_grant_tokens(raw):
    """``raw`` preceded by the check of the request's grant tokens."""
    def run(backend, ctx, params):
        tokens = params.get("GrantTokens")
        if tokens:
            grants.check_tokens(tokens)
        return raw(backend, ctx, params)
    run.__name__ = raw.__name__
    return run
