"""What STS knows about temporary credentials: ``Credentials.session`` for keys it issued.

STS fills it; authentication and authorization read it (session policies, session tags,
source identity, MFA, issue time); the identity source reads ``kind`` and ``role_arn`` /
``parent_arn`` to find the identity-based policies that apply (the role's for a role
session, the IAM user's for GetSessionToken and GetFederationToken).
"""
from __future__ import annotations

from dataclasses import dataclass, field

ASSUMED_ROLE = "assumed-role"        # AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML
FEDERATED_USER = "federated-user"    # GetFederationToken
SESSION_TOKEN = "session-token"      # GetSessionToken: the caller itself, temporarily


@dataclass(frozen=True)
class Session:
    kind: str
    issued_at: float                         # epoch seconds
    role_arn: str | None = None              # the role, with its path (role sessions)
    role_id: str | None = None               # AROA... (role sessions)
    session_name: str | None = None
    parent_arn: str | None = None            # who asked STS (user or root) for the credentials
    parent_user_id: str | None = None
    policies: tuple = ()                     # (name, document) session policies: inline, then PolicyArns
    has_session_policy: bool = False         # True when Policy or PolicyArns were passed
    tags: dict = field(default_factory=dict)           # session tags (aws:PrincipalTag overlay)
    transitive_tag_keys: tuple = ()
    source_identity: str | None = None
    mfa: bool = False
    mfa_authenticated_at: float | None = None
    chained: bool = False                    # assumed with role-session credentials
    federated_provider: str | None = None    # web identity / SAML provider
    external_id: str | None = None
