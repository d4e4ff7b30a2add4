"""The identity store as authz sees it: a small interface that the IAM and STS services
implement, so that authz never imports a service.

``Credentials`` is what an access key id resolves to; ``Caller`` is the authenticated principal
of one request with everything evaluation needs (its policies are fetched lazily through the
source, because most requests past the gate need them but unauthenticated ones never do).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Credentials:
    access_key_id: str
    secret_access_key: str
    account_id: str
    principal_arn: str            # arn:aws:iam::A:user/x | arn:aws:iam::A:root | arn:aws:sts::A:assumed-role/R/s | ...
    user_id: str                  # AIDA... for users, AROA...:session for role sessions, account id for root
    session_token: str | None = None
    expiration: float | None = None      # epoch seconds; temporary credentials only
    active: bool = True
    session: object = None        # STS session facts (role ARN, session policies, tags, source identity, issue time, MFA)


class IdentitySource(Protocol):
    """Implemented by the IAM/STS services (see services/iam/identity.py)."""

    def credentials(self, access_key_id: str) -> Credentials | None:
        """The credentials an access key id belongs to, in any account, or None."""

    def identity_policies(self, creds: Credentials) -> list:
        """(name or ARN, document) pairs of every identity-based policy applying to the principal:
        inline and attached managed policies of the user and its groups, or of the role."""

    def permissions_boundary(self, creds: Credentials):
        """(ARN, document) of the principal's permissions boundary, or None."""

    def principal_tags(self, creds: Credentials) -> dict:
        """aws:PrincipalTag values: the user's or role's tags, overlaid by session tags."""


_SOURCE: list = [None]


def register_source(source: IdentitySource) -> None:
    """Called by the server's wiring: from then on authentication resolves keys through it."""
    _SOURCE[0] = source


def source() -> IdentitySource | None:
    return _SOURCE[0]
