"""A readable trace of a decision: every policy, statement and condition, and why.

This re-walks the policies statement by statement; it is for people debugging a
decision, not for the request path, so clarity wins over speed here.
"""
from __future__ import annotations

from .decision import ALLOWED, Decision
from .messages import PHRASES
from .policy.principals import ACCOUNT, DIRECT, ROLE_GRANT

_GRANT_WORDS = {
    DIRECT: "names the principal itself (or everyone)",
    ROLE_GRANT: "names the role of the calling session",
    ACCOUNT: "names the principal's account (delegates to identity-based policies)",
}


def _values(vals) -> str:
    if vals is None:
        return "absent"
    return "[" + ", ".join(repr(v) for v in vals) + "]"


def trace_statement(st, req, lines: list[str], indent: str) -> bool:
    head = f"{indent}{st.label} {st.effect}: "
    if not st.matches_action(req.action_l):
        what = "NotAction lists" if st.not_action else "Action does not cover"
        lines.append(head + f"skipped - {what} {req.action}")
        return False
    notes = [("NotAction does not list " if st.not_action else "Action covers ") + req.action]
    if st.resources is not None:
        r = st.matches_resource(req.resource, req.parts, req.resolve)
        pats = ", ".join(p.text for p in st.resources)
        field = "NotResource" if st.not_resource else "Resource"
        if r is None:
            lines.append(head + f"skipped - {field} [{pats}] uses a policy variable the request "
                                "context cannot resolve")
            return False
        if not r:
            verb = "lists" if st.not_resource else "does not match"
            lines.append(head + f"skipped - {field} [{pats}] {verb} {req.resource}")
            return False
        notes.append(f"{field} [{pats}] " + ("does not list " if st.not_resource else "matches ")
                     + req.resource)
    if st.principal is not None:
        grant = st.principal.match(req.principal, req.userid)
        if grant is None:
            lines.append(head + f"skipped - Principal {st.principal.raw!r} does not name "
                                f"{req.principal.display}")
            return False
        notes.append(f"Principal {_GRANT_WORDS[grant]}")
    elif st.not_principal is not None:
        if not st.not_principal.not_principal_applies(req.principal, st.allow, req.has_boundary):
            lines.append(head + f"skipped - NotPrincipal {st.not_principal.raw!r} exempts "
                                f"{req.principal.display}")
            return False
        notes.append(f"NotPrincipal {st.not_principal.raw!r} does not exempt {req.principal.display}")
    lines.append(head + "; ".join(notes))
    ok = True
    for c in st.conditions:
        vals = req.ctx.get(c.key_l)
        result = c.evaluate(vals, req.resolve)
        extra = ""
        if not vals and c.family != "null":
            if c.if_exists:
                extra = " (key absent: IfExists is true)"
            elif c.qualifier == "ForAllValues":
                extra = " (key absent: ForAllValues is true)"
            elif c.qualifier == "ForAnyValue":
                extra = " (key absent: ForAnyValue is false)"
            elif c.negated:
                extra = " (key absent: a negated operator is true)"
            else:
                extra = " (key absent)"
        lines.append(f"{indent}    condition {c.operator} {c.key} {c.describe_values()} "
                     f"vs context {_values(vals)} -> {str(result).lower()}{extra}")
        ok = ok and result
    lines.append(f"{indent}    => {'applies' if ok else 'does not apply (a condition is false)'}")
    return ok


def explain(decision: Decision) -> str:
    ev = decision._evaluation
    req = ev.req
    p = req.principal
    lines = [f"Request: {req.action} on {req.resource} by {p.display} ({p.kind})"]
    scope = []
    if ev.cross_account:
        scope.append(f"cross-account: principal in {p.account}, resource in {ev.resource_account}")
    elif ev.resource_account:
        scope.append("same account")
    if ev.required:
        scope.append("the resource policy must allow explicitly")
    if p.service_linked:
        scope.append("service-linked role: SCPs and RCPs do not apply")
    if p.external:
        scope.append("principal outside IAM: only a resource-based policy can grant")
    if scope:
        lines.append("Scope: " + "; ".join(scope))
    if req.ctx:
        shown = ", ".join(f"{req.spelling.get(k, k)}={_values(v)}" for k, v in sorted(req.ctx.items()))
        lines.append(f"Context: {shown}")
    any_policy = False
    for ptype, level, pol in ev.groups():
        any_policy = True
        label = PHRASES[ptype][1]
        if level is not None:
            label += f" (level {level})"
        name = f" {pol.name!r}" if pol.name else ""
        lines.append(f"{label}{name}:")
        for st in pol.statements:
            trace_statement(st, req, lines, "  ")
    if not any_policy:
        lines.append("No policies apply.")
    lines.append(f"Decision: {decision.result}"
                 + (f" (decided by {PHRASES[decision.decided_by][1]})" if decision.decided_by else "")
                 + f" - {decision.reason}")
    for ref in decision.statements:
        lines.append(f"  {'granted' if decision.result == ALLOWED else 'denied'} by {ref!r}")
    if decision.message:
        lines.append(f"Message: {decision.message}")
    missing = decision.missing_context_keys
    if missing:
        lines.append("Missing context keys: " + ", ".join(missing))
    return "\n".join(lines)
