"""Who is making the request: the caller's ARN read into the facts evaluation needs.

An IAM user, the account root user, a role session (assumed-role ARN), an STS federated
user session, an AWS service principal, an external identity provider (for the trust
policy of AssumeRoleWithWebIdentity / AssumeRoleWithSAML), an S3 canonical user, or
nobody (anonymous).

A role session's ARN does not contain the role's path, so the role ARN it was issued for
comes from an explicit argument or the ``aws:PrincipalArn`` context key; without either,
the role is assumed to have the path ``/``.
"""
from __future__ import annotations

import re
from functools import lru_cache

ROOT = "root"
USER = "user"
ROLE = "role"
SESSION = "assumed-role"
FEDERATED_USER = "federated-user"
SERVICE = "service"
IDP = "federated"
CANONICAL = "canonical"
ANONYMOUS = "anonymous"
UNKNOWN = "unknown"

# Principals with no IAM identity in any account: no identity-based policy, boundary,
# session policy or SCP can apply to them, so only a resource-based policy can grant.
EXTERNAL_KINDS = frozenset({SERVICE, IDP, CANONICAL, ANONYMOUS})

# aws:PrincipalType values
_TYPE_LABELS = {
    ROOT: "Account", USER: "User", ROLE: "AssumedRole", SESSION: "AssumedRole",
    FEDERATED_USER: "FederatedUser", ANONYMOUS: "Anonymous",
}

_ARN = re.compile(r"^arn:([^:]+):(iam|sts)::(\d{12}):(.+)$")
_ACCOUNT = re.compile(r"^\d{12}$")
_CANONICAL = re.compile(r"^[0-9a-f]{64}$")


class RequestPrincipal:
    """Immutable facts about the caller; ``chain`` lists the identities it acts as."""

    __slots__ = ("arn", "kind", "account", "partition", "role_arn", "name",
                 "service_linked", "chain", "display", "external", "context_keys")

    def __init__(self, arn, kind, account=None, partition="aws", role_arn=None, name=None,
                 service_linked=False):
        self.arn = arn
        self.kind = kind
        self.account = account
        self.partition = partition
        self.role_arn = role_arn
        self.name = name
        self.service_linked = service_linked
        chain: list[tuple[str, str]] = []
        if kind == SERVICE:
            chain.append(("service", arn))
        elif kind == IDP:
            chain.append(("federated", arn))
        elif kind == CANONICAL:
            chain.append(("canonical", arn))
        elif kind != ANONYMOUS:
            if account:
                chain.append(("account", account))
            if role_arn and kind == SESSION:
                chain.append(("arn", role_arn))
            if kind != ROOT and arn:
                chain.append(("arn", arn))
        self.chain = tuple(chain)
        self.display = "anonymous" if kind == ANONYMOUS else arn
        self.external = kind in EXTERNAL_KINDS
        from .context import principal_keys  # computed once per (cached) principal
        self.context_keys = principal_keys(self)

    @property
    def type_label(self) -> str | None:
        return _TYPE_LABELS.get(self.kind)

    def __repr__(self) -> str:
        return f"RequestPrincipal({self.display!r}, kind={self.kind!r}, account={self.account!r})"


def _role_from_session(partition: str, account: str, role_name: str, hint: str | None) -> str:
    if hint:
        m = _ARN.match(hint)
        if (m and m.group(2) == "iam" and m.group(3) == account
                and m.group(4).startswith("role/") and m.group(4).rsplit("/", 1)[-1] == role_name):
            return hint
    return f"arn:{partition}:iam::{account}:role/{role_name}"


@lru_cache(maxsize=2048)
def parse_principal(principal: str | None, role_arn: str | None = None,
                    principal_type: str | None = None) -> RequestPrincipal:
    """Read a caller identity. ``role_arn`` names the role behind an assumed-role session."""
    if principal is None or principal == "" or principal == ANONYMOUS or principal_type == ANONYMOUS:
        return RequestPrincipal(None, ANONYMOUS)
    p = principal.strip()
    forced = (principal_type or "").lower() or None
    if forced == "service":
        return RequestPrincipal(p, SERVICE)
    if forced in ("federated", "idp"):
        return RequestPrincipal(p, IDP)
    if forced in ("canonical", "canonicaluser"):
        return RequestPrincipal(p, CANONICAL)
    if _ACCOUNT.match(p):
        return RequestPrincipal(f"arn:aws:iam::{p}:root", ROOT, account=p)
    m = _ARN.match(p)
    if m:
        partition, svc, account, res = m.groups()
        if svc == "iam":
            if res == "root":
                return RequestPrincipal(p, ROOT, account, partition)
            if res.startswith("user/"):
                return RequestPrincipal(p, USER, account, partition, name=res.rsplit("/", 1)[-1])
            if res.startswith("role/"):
                return RequestPrincipal(p, ROLE, account, partition, role_arn=p,
                                        name=res.rsplit("/", 1)[-1],
                                        service_linked=res.startswith("role/aws-service-role/"))
            if res.startswith(("saml-provider/", "oidc-provider/")):
                return RequestPrincipal(p, IDP)
        else:
            if res.startswith("assumed-role/"):
                bits = res.split("/")
                role_name = bits[1] if len(bits) > 1 else ""
                role = _role_from_session(partition, account, role_name, role_arn)
                slr = "/aws-service-role/" in role or role_name.startswith("AWSServiceRoleFor")
                return RequestPrincipal(p, SESSION, account, partition, role_arn=role,
                                        name=bits[-1] if len(bits) > 2 else None,
                                        service_linked=slr)
            if res.startswith("federated-user/"):
                return RequestPrincipal(p, FEDERATED_USER, account, partition,
                                        name=res.split("/", 1)[1])
        return RequestPrincipal(p, UNKNOWN, account, partition)
    if _CANONICAL.match(p):
        return RequestPrincipal(p, CANONICAL)
    if p == "cognito-identity.amazonaws.com":
        return RequestPrincipal(p, IDP)
    if p.endswith((".amazonaws.com", ".amazonaws.com.cn")):
        return RequestPrincipal(p, SERVICE)
    if "." in p:
        return RequestPrincipal(p, IDP)
    return RequestPrincipal(p, UNKNOWN)


def account_of(arn: str | None) -> str | None:
    """The account segment of an ARN, when it has one."""
    if not arn:
        return None
    parts = arn.split(":", 5)
    if len(parts) == 6 and _ACCOUNT.match(parts[4]):
        return parts[4]
    if _ACCOUNT.match(arn):
        return arn
    return None
