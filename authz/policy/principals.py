"""The Principal and NotPrincipal elements of resource-based policies.

Matching a principal also says *how* it matched, because AWS treats the grant
differently (same-account evaluation, "Policy evaluation logic"):

``direct``
    the statement names the caller itself (IAM user ARN, role session ARN, STS federated
    user ARN, a service, an identity provider) or everyone (``"*"``). Such a grant stands
    on its own in the same account: implicit denies in identity-based policies,
    permissions boundaries and session policies do not limit it.
``role``
    the statement names the role ARN of the calling session. The grant needs no
    identity-based policy, but the permissions boundary and session policies still limit
    it.
``account``
    the statement names the caller's account. That delegates to the account: the
    caller's identity-based policies (and boundary, session policies) must allow too.
"""
from __future__ import annotations

import re

from ..errors import INVALID_PRINCIPAL, SYNTAX, PolicyError
from ..principal import (
    CANONICAL, IDP, ROLE, ROOT, SERVICE, SESSION, USER, RequestPrincipal,
)

DIRECT = "direct"
ROLE_GRANT = "role"
ACCOUNT = "account"
RANK = {DIRECT: 3, ROLE_GRANT: 2, ACCOUNT: 1}

_ACCOUNT_ID = re.compile(r"^\d{12}$")
_IAM_ARN = re.compile(r"^arn:[a-z0-9-]+:(iam|sts)::(\d{12}):(.+)$")
_UNIQUE_ID = re.compile(r"^A[A-Z0-9]{3}[A-Z0-9]{12,}$")
_TYPES = ("AWS", "Service", "Federated", "CanonicalUser")


class PrincipalSpec:
    __slots__ = ("star", "accounts", "arns", "unique_ids", "services", "federated",
                 "canonical", "raw")

    def __init__(self, raw):
        self.raw = raw
        self.star = False
        self.accounts: set[str] = set()
        self.arns: set[str] = set()
        self.unique_ids: set[str] = set()
        self.services: set[str] = set()
        self.federated: set[str] = set()
        self.canonical: set[str] = set()
        if isinstance(raw, str):
            if raw != "*":
                raise PolicyError(SYNTAX, detail=f"a Principal given as a string must be \"*\", not {raw!r}")
            self.star = True
            return
        if not isinstance(raw, dict) or not raw:
            raise PolicyError(SYNTAX, detail="Principal must be \"*\" or an object of principal types")
        for ptype, values in raw.items():
            if ptype not in _TYPES:
                raise PolicyError(SYNTAX, detail=f"unknown principal type {ptype!r}")
            if isinstance(values, str):
                values = [values]
            if not isinstance(values, list) or not values:
                raise PolicyError(SYNTAX, detail=f"principal {ptype!r} needs a string or a list of strings")
            for v in values:
                if not isinstance(v, str) or not v:
                    raise PolicyError(SYNTAX, detail=f"principal {ptype!r} values must be non-empty strings")
                self._add(ptype, v)

    def _add(self, ptype: str, v: str) -> None:
        if ptype == "AWS":
            if v == "*":
                self.star = True
                return
            if _ACCOUNT_ID.match(v):
                self.accounts.add(v)
                return
            m = _IAM_ARN.match(v)
            if m and "*" not in v and "?" not in v:
                svc, account, res = m.groups()
                if svc == "iam" and res == "root":
                    self.accounts.add(account)
                    return
                if (svc == "iam" and res.startswith(("user/", "role/"))) or (
                        svc == "sts" and res.startswith(("assumed-role/", "federated-user/"))):
                    self.arns.add(v)
                    return
            elif _UNIQUE_ID.match(v):
                self.unique_ids.add(v)
                return
            raise PolicyError(INVALID_PRINCIPAL.format(type=ptype, value=v),
                              detail="an AWS principal is \"*\", an account ID or the ARN of an "
                                     "account root, user, role, role session or federated user, "
                                     "with no other wildcards")
        if ptype == "Service":
            self.services.add(v.lower())
        elif ptype == "Federated":
            self.federated.add(v)
        else:
            self.canonical.add(v)

    @property
    def only_star(self) -> bool:
        return self.star and not (self.accounts or self.arns or self.unique_ids or self.services
                                  or self.federated or self.canonical)

    def match(self, p: RequestPrincipal, userid: str | None) -> str | None:
        """How this element names the caller (DIRECT, ROLE_GRANT, ACCOUNT) or None."""
        if self.star:
            return DIRECT
        kind = p.kind
        if kind == SERVICE:
            return DIRECT if p.arn.lower() in self.services or "*" in self.services else None
        if kind == IDP:
            return DIRECT if p.arn in self.federated else None
        if kind == CANONICAL:
            return DIRECT if p.arn in self.canonical else None
        if kind == ROOT:
            return DIRECT if p.account in self.accounts else None
        if p.arn in self.arns:
            return DIRECT
        if kind == SESSION and p.role_arn in self.arns:
            return ROLE_GRANT
        if self.unique_ids and userid:
            uid = userid.split(":", 1)[0]
            if uid in self.unique_ids:
                return ROLE_GRANT if kind == SESSION else DIRECT
        if p.account is not None and p.account in self.accounts:
            return ACCOUNT
        return None

    def names(self, element: tuple[str, str]) -> bool:
        """Whether one identity of a caller's chain is listed (for NotPrincipal)."""
        if self.star:
            return True
        kind, value = element
        if kind == "account":
            return value in self.accounts
        if kind == "arn":
            return value in self.arns
        if kind == "service":
            return value.lower() in self.services or "*" in self.services
        if kind == "federated":
            return value in self.federated
        return value in self.canonical

    def not_principal_applies(self, p: RequestPrincipal, allow: bool, has_boundary: bool) -> bool:
        """Whether a NotPrincipal statement covers the caller.

        AWS may check the account, then the role, then the session, so a Deny exempts a
        caller only when every identity in its chain is listed (the documented reason to
        list the account ARN as well); an Allow covers a caller none of whose identities
        is listed. AWS documents that a Deny with NotPrincipal always applies to a
        principal with a permissions boundary.
        """
        chain = p.chain
        if allow:
            return not any(self.names(e) for e in chain)
        if has_boundary and p.kind in (USER, ROLE, SESSION):
            return True
        if not chain:
            return not self.star
        return not all(self.names(e) for e in chain)

    def __repr__(self) -> str:
        return f"PrincipalSpec({self.raw!r})"
