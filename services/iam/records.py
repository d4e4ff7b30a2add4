"""What IAM keeps for each entity of one account.

Policy documents are kept compiled (``authz.CompiledPolicy``): the text exactly as sent (what
IAM hands back) and the validated statements the evaluator uses, so that authorizing a request
never parses or serialises a document again. Inline policies are named by their policy name,
managed policy versions by the policy ARN, which is how decisions and AccessDenied messages
refer to them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from iamulator.services.iam.tags import Tags


@dataclass(eq=False, slots=True)
class Principal:
    """What users, groups and roles share: a name, a path, and the policies on them."""

    name: str
    unique_id: str
    path: str
    arn: str
    created: datetime
    inline: dict = field(default_factory=dict)        # policy name -> CompiledPolicy
    attached: list = field(default_factory=list)      # managed policy ARNs, in attach order


@dataclass(eq=False, slots=True)
class User(Principal):
    tags: Tags = field(default_factory=Tags)
    boundary: str | None = None                        # permissions boundary policy ARN
    groups: dict = field(default_factory=dict)         # group id -> Group
    access_keys: dict = field(default_factory=dict)    # access key id -> AccessKey
    login_profile: Any = None
    password_last_used: datetime | None = None


@dataclass(eq=False, slots=True)
class Group(Principal):
    members: dict = field(default_factory=dict)        # user id -> User


@dataclass(eq=False, slots=True)
class Role(Principal):
    trust: Any = None                                  # CompiledPolicy of kind "trust"
    description: str | None = None
    max_session_duration: int = 3600
    tags: Tags = field(default_factory=Tags)
    boundary: str | None = None
    instance_profiles: dict = field(default_factory=dict)   # profile id -> InstanceProfile
    last_used: datetime | None = None
    last_used_region: str | None = None
    service_linked: bool = False

    @property
    def trust_document(self) -> dict:
        return self.trust.document

    @property
    def account_id(self) -> str:
        return self.arn.split(":", 5)[4]


@dataclass(eq=False, slots=True)
class InstanceProfile:
    name: str
    profile_id: str
    path: str
    arn: str
    created: datetime
    roles: list = field(default_factory=list)
    tags: Tags = field(default_factory=Tags)


@dataclass(eq=False, slots=True)
class PolicyVersion:
    version_id: str
    document: Any                                      # CompiledPolicy named by the policy ARN
    created: datetime


@dataclass(eq=False, slots=True)
class ManagedPolicy:
    """A customer managed policy (AWS managed ones live in ``iamulator.policies``)."""

    name: str
    policy_id: str
    path: str
    arn: str
    created: datetime
    updated: datetime
    description: str | None = None
    versions: dict = field(default_factory=dict)       # version id -> PolicyVersion
    default_version_id: str = "v1"
    next_version: int = 2
    tags: Tags = field(default_factory=Tags)

    @property
    def default(self) -> PolicyVersion:
        return self.versions[self.default_version_id]


@dataclass(eq=False, slots=True)
class AccessKey:
    access_key_id: str
    secret: str
    account_id: str
    user: User | None                                  # None: the account's root user
    created: datetime
    status: str = "Active"
    last_used: datetime | None = None
    last_service: str | None = None
    last_region: str | None = None
    credentials: Any = None                            # authz Credentials, built on first use


@dataclass(eq=False, slots=True)
class LoginProfile:
    created: datetime
    password: str
    reset_required: bool = False
