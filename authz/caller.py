"""``Caller``: the principal of one request, as ``ctx.principal`` carries it.

Backends read ``arn``, ``account_id`` and ``user_id`` (STS GetCallerIdentity, IAM GetUser);
authorization reads the credentials and session; ``decisions`` collects every policy
decision taken for the request, for logs and assertions.
"""
from __future__ import annotations

from .principal import parse_principal


class Caller:
    __slots__ = ("credentials", "arn", "account_id", "user_id", "access_key_id", "session",
                 "kind", "anonymous", "authenticated", "decisions")

    def __init__(self, credentials, authenticated: bool = False):
        self.credentials = credentials
        self.authenticated = authenticated
        self.decisions: list = []
        if credentials is None:
            self.arn = None
            self.account_id = None
            self.user_id = None
            self.access_key_id = None
            self.session = None
            self.kind = "anonymous"
            self.anonymous = True
            return
        self.arn = credentials.principal_arn
        self.account_id = credentials.account_id
        self.user_id = credentials.user_id
        self.access_key_id = credentials.access_key_id
        self.session = credentials.session
        self.kind = parse_principal(credentials.principal_arn).kind
        self.anonymous = False

    @property
    def role_arn(self) -> str | None:
        return getattr(self.session, "role_arn", None)

    @property
    def is_root(self) -> bool:
        return self.kind == "root"

    def __repr__(self) -> str:
        return f"Caller({self.arn or 'anonymous'})"
