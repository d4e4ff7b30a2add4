"""What an organization holds: its root, OUs, accounts, policies and their attachments."""
from __future__ import annotations

import hashlib
import secrets
import string
from dataclasses import dataclass, field
from datetime import datetime, timezone

SCP = "SERVICE_CONTROL_POLICY"
RCP = "RESOURCE_CONTROL_POLICY"
POLICY_KINDS = {SCP: "scp", RCP: "rcp"}
# AWS's managed policies, attached to every target while their type is enabled.
FULL_ACCESS = {SCP: ("p-FullAWSAccess", "FullAWSAccess",
                     "Allows access to every operation"),
               RCP: ("p-RCPFullAWSAccess", "RCPFullAWSAccess",
                     "Allows access to every operation")}
FULL_ACCESS_DOCUMENTS = {
    SCP: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
    RCP: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
}

_ALNUM = string.ascii_lowercase + string.digits


def now() -> datetime:
    return datetime.now(timezone.utc)


def random_id(size: int) -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(size))


def _derived(account: str, size: int, salt: str) -> str:
    digest = hashlib.sha256((salt + account).encode()).digest()
    return "".join(_ALNUM[b % len(_ALNUM)] for b in digest[:size])


def organization_id(management_account: str) -> str:
    """Derived from the management account so that ARNs named before the organization exists
    (authorizing CreateOrganization itself) are the ones it then has."""
    return "o-" + _derived(management_account, 10, "org")


def root_id(management_account: str) -> str:
    return "r-" + _derived(management_account, 4, "root")


@dataclass(eq=False)
class Policy:
    id: str
    arn: str
    name: str
    description: str
    type: str
    content: str
    compiled: object
    aws_managed: bool = False

    def summary(self) -> dict:
        return {"Id": self.id, "Arn": self.arn, "Name": self.name, "Description": self.description,
                "Type": self.type, "AwsManaged": self.aws_managed}


@dataclass(eq=False)
class Account:
    id: str
    arn: str
    email: str
    name: str
    parent_id: str
    joined_method: str
    joined: datetime = field(default_factory=now)

    def view(self) -> dict:
        return {"Id": self.id, "Arn": self.arn, "Email": self.email, "Name": self.name,
                "Status": "ACTIVE", "State": "ACTIVE", "JoinedMethod": self.joined_method,
                "JoinedTimestamp": self.joined}


@dataclass(eq=False)
class OrganizationalUnit:
    id: str
    arn: str
    name: str
    parent_id: str

    def view(self) -> dict:
        return {"Id": self.id, "Arn": self.arn, "Name": self.name}


@dataclass(eq=False)
class Organization:
    id: str
    management_account: str
    management_email: str
    feature_set: str
    root_id: str
    accounts: dict = field(default_factory=dict)          # id -> Account
    ous: dict = field(default_factory=dict)               # id -> OrganizationalUnit
    policies: dict = field(default_factory=dict)          # id -> Policy (customer managed)
    attachments: dict = field(default_factory=dict)       # target id -> [policy id] in order
    enabled_types: list = field(default_factory=list)
    create_statuses: dict = field(default_factory=dict)   # request id -> status dict
    tags: dict = field(default_factory=dict)              # resource id -> {key: value}
    # Bumped on every change that can alter guardrails, so computed levels can be reused.
    version: int = 0

    @property
    def arn(self) -> str:
        return f"arn:aws:organizations::{self.management_account}:organization/{self.id}"

    @property
    def root_arn(self) -> str:
        return f"arn:aws:organizations::{self.management_account}:root/{self.id}/{self.root_id}"

    def account_arn(self, account: str) -> str:
        return f"arn:aws:organizations::{self.management_account}:account/{self.id}/{account}"

    def ou_arn(self, ou: str) -> str:
        return f"arn:aws:organizations::{self.management_account}:ou/{self.id}/{ou}"

    def policy_arn(self, policy_type: str, policy_id: str) -> str:
        return (f"arn:aws:organizations::{self.management_account}:policy/{self.id}/"
                f"{policy_type.lower()}/{policy_id}")

    def view(self) -> dict:
        return {"Id": self.id, "Arn": self.arn, "FeatureSet": self.feature_set,
                "MasterAccountArn": self.account_arn(self.management_account),
                "MasterAccountId": self.management_account,
                "MasterAccountEmail": self.management_email,
                "AvailablePolicyTypes": self.policy_types()}

    def policy_types(self) -> list:
        return [{"Type": t, "Status": "ENABLED"} for t in self.enabled_types]

    def root_view(self) -> dict:
        return {"Id": self.root_id, "Arn": self.root_arn, "Name": "Root", "PolicyTypes": self.policy_types()}

    def path_of(self, target_id: str) -> list:
        """The parents of ``target_id`` from the root down, then the target itself."""
        chain = [target_id]
        node = target_id
        while node != self.root_id:
            entity = self.accounts.get(node) or self.ous.get(node)
            node = entity.parent_id
            chain.append(node)
        chain.reverse()
        return chain


def aws_managed_policy(policy_type: str) -> Policy:
    from iamulator.authz.authorize import compiled

    policy_id, name, description = FULL_ACCESS[policy_type]
    content = FULL_ACCESS_DOCUMENTS[policy_type]
    arn = f"arn:aws:organizations::aws:policy/{policy_type.lower()}/{policy_id}"
    return Policy(policy_id, arn, name, description, policy_type, content,
                  compiled(arn, content, POLICY_KINDS[policy_type]), aws_managed=True)


MANAGED = {}


def managed(policy_type: str) -> Policy:
    found = MANAGED.get(policy_type)
    if found is None:
        found = MANAGED[policy_type] = aws_managed_policy(policy_type)
    return found
