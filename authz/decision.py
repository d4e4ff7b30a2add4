"""The outcome of an evaluation, with the statements that decided it.

The fast path records only what it needs; the AccessDenied message, the readable trace
(``explain()``) and ``missing_context_keys`` are worked out on first access.
"""
from __future__ import annotations

from functools import cached_property

from .messages import access_denied

ALLOWED = "Allowed"
IMPLICIT = "ImplicitlyDenied"
EXPLICIT = "ExplicitlyDenied"


class StatementRef:
    """A statement that took part in the decision, and where it came from."""

    __slots__ = ("policy_type", "policy_name", "sid", "index", "effect", "level", "grant",
                 "statement")

    def __init__(self, policy_type, policy, statement, level=None, grant=None):
        self.policy_type = policy_type
        self.policy_name = policy.name
        self.sid = statement.sid
        self.index = statement.index
        self.effect = statement.effect
        self.level = level
        # for resource-based Allow statements: "direct", "role" or "account"
        self.grant = grant
        self.statement = statement

    def __repr__(self) -> str:
        where = self.policy_type + (f"[level {self.level}]" if self.level is not None else "")
        name = f" {self.policy_name!r}" if self.policy_name else ""
        sid = f" Sid={self.sid!r}" if self.sid else ""
        return f"<{self.effect} {where}{name} statement {self.index}{sid}>"

    def as_dict(self) -> dict:
        return {"policy_type": self.policy_type, "policy_name": self.policy_name,
                "sid": self.sid, "index": self.index, "effect": self.effect,
                "level": self.level, "grant": self.grant}


class Decision:
    """``result`` is Allowed, ImplicitlyDenied or ExplicitlyDenied."""

    __slots__ = ("result", "decided_by", "statements", "reason", "_evaluation", "__dict__")

    def __init__(self, result: str, decided_by: str | None, statements: tuple,
                 reason: str, evaluation):
        self.result = result
        self.decided_by = decided_by
        self.statements = statements
        self.reason = reason
        self._evaluation = evaluation

    @property
    def allowed(self) -> bool:
        return self.result == ALLOWED

    @property
    def explicit_deny(self) -> bool:
        return self.result == EXPLICIT

    @property
    def action(self) -> str:
        return self._evaluation.req.action

    @property
    def resource(self) -> str:
        return self._evaluation.req.resource

    @property
    def principal(self) -> str:
        return self._evaluation.req.principal.display

    @property
    def cross_account(self) -> bool:
        return self._evaluation.cross_account

    @cached_property
    def message(self) -> str | None:
        """AWS's AccessDenied message, or None when the request is allowed."""
        if self.result == ALLOWED:
            return None
        ev = self._evaluation
        name = None
        if self.result == EXPLICIT and self.statements:
            name = self.statements[0].policy_name
        return access_denied(ev.req.principal.display, ev.req.action, ev.req.resource,
                             self.result == EXPLICIT, self.decided_by, name,
                             trust=ev.trust_wording)

    @cached_property
    def missing_context_keys(self) -> tuple[str, ...]:
        """Condition keys (and policy variables) that relevant statements use but the
        request context lacks: statements whose action, resource and principal match,
        whatever their conditions say."""
        return self._evaluation.missing_context_keys()

    def explain(self) -> str:
        from .explain import explain
        return explain(self)

    def __bool__(self) -> bool:
        return self.allowed

    def __repr__(self) -> str:
        by = f" by {self.decided_by}" if self.decided_by else ""
        return f"<Decision {self.result}{by}: {self.action} on {self.resource}>"
