"""One account's IAM state and the lookups every operation shares."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

from iamulator.policies import AWS_POLICY_ARN_PREFIX, aws_managed_policy
from iamulator.services.base import Service
from iamulator.services.iam import key_index
from iamulator.services.iam.errors import invalid_input, no_such_entity, quota, validation_error


# Managed policies attached to one user, group or role (IAM's default quota).
MAX_ATTACHED = 10


def now() -> datetime:
    # IAM reports times to the second.
    return datetime.now(timezone.utc).replace(microsecond=0)


def policy_name_of(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


class IamAccount(Service):
    name = "iam"
    scope = "account"

    def __init__(self, account_id: str, region: str, store=None):
        super().__init__(account_id, region, store)
        # Names are unique within the account whatever their case, so entities are keyed by
        # the lower-cased name and keep the spelling they were created with.
        self.users: dict = {}
        self.groups: dict = {}
        self.roles: dict = {}
        self.instance_profiles: dict = {}
        self.policies: dict = {}            # customer managed policies by ARN
        self.policy_names: dict = {}        # lower-cased name -> ARN
        self.root_keys: dict = {}           # the root user's access keys
        self.aliases: list[str] = []
        self.deletion_tasks: dict = {}      # service-linked role deletion task id -> status
        # How many entities each managed policy (AWS or customer) is attached to, as a
        # permissions policy and as a permissions boundary: AttachmentCount is per account.
        self.attachments: Counter = Counter()
        self.boundary_uses: Counter = Counter()
        # Bumped by every operation that may change state, so callers can cache derived data.
        self.generation = 0
        self.created_at = now()
        if store is not None:
            store.on_reset(key_index.forget_store)

    # -- ARNs ------------------------------------------------------------------------------
    def arn(self, kind: str, path: str, name: str) -> str:
        return f"arn:aws:iam::{self.account_id}:{kind}{path}{name}"

    @property
    def root_arn(self) -> str:
        return f"arn:aws:iam::{self.account_id}:root"

    # -- lookups ---------------------------------------------------------------------------
    def user(self, name: str):
        found = self.users.get(name.lower())
        if found is None:
            raise no_such_entity(f"The user with name {name} cannot be found.")
        return found

    def group(self, name: str):
        found = self.groups.get(name.lower())
        if found is None:
            raise no_such_entity(f"The group with name {name} cannot be found.")
        return found

    def role(self, name: str):
        found = self.roles.get(name.lower())
        if found is None:
            raise no_such_entity(f"The role with name {name} cannot be found.")
        return found

    def instance_profile(self, name: str):
        found = self.instance_profiles.get(name.lower())
        if found is None:
            raise no_such_entity(f"Instance Profile {name} cannot be found.")
        return found

    def caller_user(self, ctx, params=None):
        """The user a request names (``UserName``), else the caller: an IAM user record, or None
        for the account's root user. Other callers (role sessions) must name the user."""
        name = params.get("UserName") if params else None
        if name:
            return self.user(name)
        principal = ctx.principal if ctx is not None else None
        arn = getattr(principal, "arn", None) or self.root_arn
        resource = arn.split(":", 5)[-1]
        if resource == "root":
            return None
        if resource.startswith("user/"):
            return self.user(resource.rsplit("/", 1)[-1])
        raise validation_error("Must specify userName when calling with non-User credentials")

    def managed_policy(self, arn: str):
        """A customer managed policy of this account or an AWS managed policy, else None."""
        if arn.startswith(AWS_POLICY_ARN_PREFIX):
            return aws_managed_policy(arn)
        return self.policies.get(arn)

    def local_policy(self, arn: str):
        check_arn(arn)
        found = self.policies.get(arn)
        if found is None:
            raise no_such_entity(f"Policy {arn} was not found.")
        return found

    def attachable_policy(self, arn: str, message: str = "Policy {arn} does not exist or is not attachable."):
        check_arn(arn)
        found = self.managed_policy(arn)
        if found is None:
            raise no_such_entity(message.format(arn=arn))
        return found

    def boundary_policy(self, arn: str):
        return self.attachable_policy(arn, "Scope ARN: {arn} does not exist or is not attachable.")

    def set_boundary(self, entity, arn: str | None) -> None:
        if entity.boundary:
            uncount(self.boundary_uses, entity.boundary)
        entity.boundary = arn
        if arn:
            self.boundary_uses[arn] += 1

    def attach(self, entity, arn: str, quota_name: str) -> None:
        self.attachable_policy(arn)
        if arn in entity.attached:
            return
        if len(entity.attached) >= MAX_ATTACHED:
            raise quota(quota_name, MAX_ATTACHED)
        entity.attached.append(arn)
        self.attachments[arn] += 1

    def detach(self, entity, arn: str) -> None:
        check_arn(arn)
        if arn not in entity.attached:
            raise no_such_entity(f"Policy {arn} was not found.")
        entity.attached.remove(arn)
        uncount(self.attachments, arn)

    def policy_document(self, arn: str):
        """The default version of a managed policy, compiled and named by its ARN, or None."""
        found = self.managed_policy(arn)
        if found is None:
            return None
        if arn.startswith(AWS_POLICY_ARN_PREFIX):
            return found.compiled
        return found.default.document


def uncount(counter: Counter, key: str) -> None:
    counter[key] -= 1
    if counter[key] <= 0:
        del counter[key]


def check_arn(arn: str) -> None:
    parts = arn.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn" or not parts[2]:
        raise invalid_input(f"ARN {arn} is not valid.")
