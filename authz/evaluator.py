"""AWS's policy evaluation logic, with the reason for every decision.

Order of evaluation (AWS, "Policy evaluation logic" and "Cross-account policy evaluation
logic"):

1. An explicit Deny in any applicable policy -- SCPs, RCPs, the resource-based policy,
   identity-based policies, the permissions boundary, session policies -- decides.
2. Every SCP level (root, each OU, the account) must allow; SCPs do not apply to
   service-linked roles or to principals outside any account.
3. Every RCP level must allow; RCPs do not apply to service-linked roles.
4. Same account: an Allow in an identity-based *or* the resource-based policy grants,
   subject to the permissions boundary and session policies -- except that a
   resource-based grant naming the caller itself (user ARN, role session ARN, ``*``) is
   not limited by implicit denies in those, a grant to the session's role ARN needs no
   identity-based Allow but is limited by boundary and session policies, and a grant to
   the account only delegates to the identity-based policies.
5. Cross account: both sides must allow: identity-based policies (within boundary and
   session policies) in the caller's account and the resource-based policy.
6. Trust policies and KMS key policies (``resource_policy_required=True``) must allow
   explicitly: identity-based policies grant nothing unless the resource policy
   delegates to the account (names it, e.g. ``arn:aws:iam::111122223333:root``).
"""
from __future__ import annotations

from .context import add_principal_keys, normalize_context
from .decision import ALLOWED, EXPLICIT, IMPLICIT, Decision, StatementRef
from .messages import BOUNDARY, IDENTITY, RCP, RESOURCE, SCP, SESSION
from .policy.compiled import CompiledPolicy, compile_policy, is_named_pair
from .policy.principals import DIRECT, RANK, ROLE_GRANT
from .principal import FEDERATED_USER, ROOT, RequestPrincipal, account_of, parse_principal
from .policy.patterns import split_arn

DENY_PRIORITY = {SCP: 0, RCP: 1, RESOURCE: 2, IDENTITY: 3, BOUNDARY: 4, SESSION: 5}


class Request:
    """What is being asked, normalized once per evaluation."""

    __slots__ = ("action", "action_l", "resource", "parts", "ctx", "spelling", "principal",
                 "has_boundary", "userid")

    def __init__(self, action: str, resource: str, principal: RequestPrincipal, ctx: dict,
                 spelling: dict, has_boundary: bool):
        self.action = action
        self.action_l = action.lower()
        self.resource = resource
        self.parts = split_arn(resource)
        self.ctx = ctx
        self.spelling = spelling
        self.principal = principal
        self.has_boundary = has_boundary
        uid = ctx.get("aws:userid")
        self.userid = uid[0] if uid and len(uid) == 1 else None

    def resolve(self, key_l: str) -> str | None:
        # Only single-valued keys can be policy variables.
        values = self.ctx.get(key_l)
        if values is not None and len(values) == 1:
            return values[0]
        return None


def statement_applies(st, req: Request):
    """None, or how the statement applies: True, or a grant kind for Principal matches."""
    if st.resources is not None and not st.matches_resource(req.resource, req.parts, req.resolve):
        return None
    grant = True
    if st.principal is not None:
        grant = st.principal.match(req.principal, req.userid)
        if grant is None:
            return None
    elif st.not_principal is not None:
        if not st.not_principal.not_principal_applies(req.principal, st.allow, req.has_boundary):
            return None
        grant = DIRECT
    ctx = req.ctx
    for clause in st.conditions:
        if not clause.evaluate(ctx.get(clause.key_l), req.resolve):
            return None
    return grant


def _denies(policy: CompiledPolicy, ptype: str, req: Request, out: list, level=None) -> None:
    """Every Deny statement of the policy that applies (all of them: any one decides)."""
    for st in policy._core.split_candidates(req.action_l)[0]:
        grant = statement_applies(st, req)
        if grant is not None:
            out.append((ptype, policy, st, level, None))


def _first_allow(policies, ptype: str, req: Request, level=None):
    """The first applying Allow statement: one is enough to know the type allows."""
    for pol in policies:
        for st in pol._core.split_candidates(req.action_l)[1]:
            grant = statement_applies(st, req)
            if grant is not None:
                return (ptype, pol, st, level, grant if grant is not True else None)
    return None


def _resource_allows(policy: CompiledPolicy, req: Request) -> list:
    """Applying Allow statements of the resource policy, stopping at a direct grant."""
    out = []
    for st in policy._core.split_candidates(req.action_l)[1]:
        grant = statement_applies(st, req)
        if grant is not None:
            out.append((RESOURCE, policy, st, None, grant))
            if grant == DIRECT:
                break
    return out


def _ref(hit) -> StatementRef:
    ptype, policy, st, level, grant = hit
    return StatementRef(ptype, policy, st, level, grant)


# --- argument normalization -------------------------------------------------------------

def _one(arg, kind: str) -> CompiledPolicy | None:
    if arg is None:
        return None
    if isinstance(arg, CompiledPolicy) and arg._core.kind.family == _FAMILY[kind]:
        return arg
    return compile_policy(arg, kind)


_FAMILY = {"identity": "identity", "boundary": "identity", "session": "identity",
           "resource": "resource", "scp": "scp", "rcp": "rcp"}


def _many(arg, kind: str) -> tuple[CompiledPolicy, ...]:
    if arg is None:
        return ()
    if isinstance(arg, (dict, str, CompiledPolicy)) or is_named_pair(arg):
        arg = [arg]
    return tuple(_one(a, kind) for a in arg)


def _levels(arg, kind: str) -> tuple[tuple[CompiledPolicy, ...], ...] | None:
    """Organizations policies: a list of levels (root first), each a list of policies.

    A flat list of policies is taken as a single level.
    """
    if arg is None:
        return None
    if isinstance(arg, (dict, str, CompiledPolicy)) or is_named_pair(arg):
        return ((_one(arg, kind),),)
    items = list(arg)
    nested = [isinstance(x, (list, tuple)) and not is_named_pair(x) for x in items]
    if items and all(nested):
        return tuple(_many(level, kind) for level in items)
    if any(nested):
        raise TypeError(f"{kind}s must be a list of levels (lists of policies) or a flat list of policies")
    return (_many(items, kind),)


# --- the evaluation -----------------------------------------------------------------------

class Evaluation:
    """All inputs of one request, normalized; decides and explains."""

    def __init__(self, req: Request, identity, boundary, sessions, resource_policy,
                 scp_levels, rcp_levels, resource_account, required):
        self.req = req
        self.identity = identity
        self.boundary = boundary
        self.sessions = sessions
        self.resource_policy = resource_policy
        self.scp_levels = scp_levels
        self.rcp_levels = rcp_levels
        self.resource_account = resource_account
        self.required = required
        p = req.principal
        self.cross_account = bool(resource_account and p.account and resource_account != p.account
                                  and not p.external)
        self.scps_apply = scp_levels is not None and not p.external and not p.service_linked
        self.rcps_apply = rcp_levels is not None and not p.service_linked
        self.identity_applies = not p.external
        self.trust_wording = resource_policy is not None and resource_policy.kind == "trust"

    def groups(self):
        """(policy type, level, policy) for every policy that applies, in evaluation order."""
        if self.scps_apply:
            for i, level in enumerate(self.scp_levels):
                for pol in level:
                    yield SCP, i, pol
        if self.rcps_apply:
            for i, level in enumerate(self.rcp_levels):
                for pol in level:
                    yield RCP, i, pol
        if self.resource_policy is not None:
            yield RESOURCE, None, self.resource_policy
        if self.identity_applies:
            for pol in self.identity:
                yield IDENTITY, None, pol
            if self.boundary is not None:
                yield BOUNDARY, None, self.boundary
            if self.sessions is not None:
                for pol in self.sessions:
                    yield SESSION, None, pol

    def decide(self) -> Decision:
        req = self.req
        p = req.principal

        # 1. An explicit Deny anywhere decides.
        denies: list = []
        for ptype, level, pol in self.groups():
            _denies(pol, ptype, req, denies, level)
        if denies:
            denies.sort(key=lambda h: (DENY_PRIORITY[h[0]], h[3] or 0, h[1].name or "", h[2].index))
            return Decision(EXPLICIT, denies[0][0], tuple(_ref(h) for h in denies),
                            f"explicit Deny in {denies[0][0]} policy", self)

        # 2-3. Organizations guardrails: every level must allow.
        if self.scps_apply:
            for i, level in enumerate(self.scp_levels):
                if _first_allow(level, SCP, req, i) is None:
                    return Decision(IMPLICIT, SCP, (), f"no SCP at level {i} allows the action", self)
        if self.rcps_apply:
            for i, level in enumerate(self.rcp_levels):
                if _first_allow(level, RCP, req, i) is None:
                    return Decision(IMPLICIT, RCP, (), f"no RCP at level {i} allows the action", self)

        res_allows = (_resource_allows(self.resource_policy, req)
                      if self.resource_policy is not None else [])
        best = None
        for h in res_allows:
            if best is None or RANK[h[4]] > RANK[best]:
                best = h[4]

        def refs(*hits, kinds=None):
            return tuple(_ref(h) for h in hits
                         if h is not None and (kinds is None or h[0] != RESOURCE or h[4] in kinds))

        # Principals outside IAM: only a resource-based policy can grant.
        if p.external:
            if best is not None:
                return Decision(ALLOWED, RESOURCE, refs(*res_allows),
                                "resource-based policy allows this principal", self)
            return Decision(IMPLICIT, RESOURCE, (),
                            "no resource-based policy allows this principal", self)

        is_root = p.kind == ROOT
        memo: dict = {}

        def identity_hit():
            if "id" not in memo:
                memo["id"] = _first_allow(self.identity, IDENTITY, req)
            return memo["id"]

        def boundary_hit():
            if "b" not in memo:
                memo["b"] = (None if self.boundary is None
                             else _first_allow((self.boundary,), BOUNDARY, req))
            return memo["b"]

        def session_hit():
            if "s" not in memo:
                memo["s"] = (None if self.sessions is None
                             else _first_allow(self.sessions, SESSION, req))
            return memo["s"]

        def identity_allow() -> bool:
            return is_root or identity_hit() is not None

        def boundary_ok() -> bool:
            return self.boundary is None or is_root or boundary_hit() is not None

        def session_ok() -> bool:
            if self.sessions is not None:
                return session_hit() is not None
            # A GetFederationToken session without a session policy has no permissions
            # from identity-based policies.
            return p.kind != FEDERATED_USER

        def limits_ok() -> bool:
            return boundary_ok() and session_ok()

        def identity_side() -> bool:
            return identity_allow() and limits_ok()

        def identity_denial(role_grant: bool) -> Decision:
            if not (role_grant or identity_allow()):
                return Decision(IMPLICIT, IDENTITY, (), "no identity-based policy allows the action", self)
            if not boundary_ok():
                return Decision(IMPLICIT, BOUNDARY, (),
                                "the permissions boundary does not allow the action", self)
            return Decision(IMPLICIT, SESSION, (), "no session policy allows the action", self)

        def identity_refs():
            return refs(identity_hit(), boundary_hit(), session_hit())

        if self.cross_account:
            if not identity_side():
                return identity_denial(False)
            if best is None:
                return Decision(IMPLICIT, RESOURCE, (),
                                "cross-account: the resource-based policy does not allow the action", self)
            return Decision(ALLOWED, RESOURCE, refs(*res_allows) + identity_refs(),
                            "cross-account: identity-based and resource-based policies both allow", self)

        if self.required and best is None:
            return Decision(IMPLICIT, RESOURCE, (),
                            "the resource policy must allow explicitly and does not", self)
        if best == DIRECT:
            return Decision(ALLOWED, RESOURCE, refs(*res_allows, kinds=(DIRECT,)),
                            "the resource-based policy names the principal", self)
        if best == ROLE_GRANT:
            if limits_ok():
                return Decision(ALLOWED, RESOURCE,
                                refs(*res_allows, kinds=(ROLE_GRANT,)) + refs(boundary_hit(), session_hit()),
                                "the resource-based policy names the principal's role", self)
            if self.required:
                return identity_denial(True)
        if identity_side():
            if self.required:
                return Decision(ALLOWED, IDENTITY, refs(*res_allows) + identity_refs(),
                                "the resource policy delegates to the account and "
                                "identity-based policies allow", self)
            if is_root and identity_hit() is None:
                return Decision(ALLOWED, IDENTITY, (), "the root user has full access", self)
            return Decision(ALLOWED, IDENTITY, identity_refs(), "identity-based policy allows", self)
        return identity_denial(best == ROLE_GRANT)

    def missing_context_keys(self) -> tuple[str, ...]:
        req = self.req
        found: dict[str, str] = {}
        for _ptype, _level, pol in self.groups():
            for st in pol._core.candidates(req.action_l):
                if st.resources is not None and st.matches_resource(
                        req.resource, req.parts, req.resolve) is False:
                    continue
                if st.principal is not None and st.principal.match(req.principal, req.userid) is None:
                    continue
                if st.not_principal is not None and not st.not_principal.not_principal_applies(
                        req.principal, st.allow, req.has_boundary):
                    continue
                for kl, key in st.context_keys:
                    if kl not in req.ctx:
                        found.setdefault(kl, key)
        return tuple(sorted(found.values(), key=str.lower))


def evaluate(action: str, resource: str | None = "*", principal: str | RequestPrincipal | None = None,
             context: dict | None = None, identity_policies=None, resource_policy=None,
             resource_account: str | None = None, permissions_boundary=None,
             session_policies=None, scps=None, rcps=None, *,
             principal_role_arn: str | None = None, principal_type: str | None = None,
             resource_policy_required: bool = False, auto_context: bool = True) -> Decision:
    """Decide one request the way AWS does. See docs/authz.md for every argument.

    Policies may be dicts, JSON strings, compiled policies (``compile_policy``) or
    ``(name_or_arn, document)`` pairs; pass compiled policies on hot paths.
    ``principal_role_arn`` (or the ``aws:PrincipalArn`` context key) gives the role behind
    an assumed-role session. ``resource_policy_required`` makes the resource policy the
    gate, as for role trust policies and KMS key policies.
    """
    if not isinstance(action, str) or not action:
        raise ValueError("action must be a non-empty string such as 's3:GetObject'")
    if resource is None:
        resource = "*"
    ctx, spelling = normalize_context(context)
    return evaluate_normalized(
        action, resource, principal, ctx, spelling, identity_policies, resource_policy,
        resource_account, permissions_boundary, session_policies, scps, rcps,
        principal_role_arn=principal_role_arn, principal_type=principal_type,
        resource_policy_required=resource_policy_required, auto_context=auto_context)


def evaluate_normalized(action: str, resource: str, principal, ctx: dict, spelling: dict,
                        identity_policies=None, resource_policy=None, resource_account=None,
                        permissions_boundary=None, session_policies=None, scps=None, rcps=None, *,
                        principal_role_arn=None, principal_type=None,
                        resource_policy_required: bool = False, auto_context: bool = True) -> Decision:
    """``evaluate`` for a context already normalized (``context.normalize_context``), so that
    a request with several checks normalizes its request-wide keys once. ``ctx`` and
    ``spelling`` become the evaluation's own (the principal's keys are added to them)."""
    role_hint = principal_role_arn
    if role_hint is None:
        hinted = ctx.get("aws:principalarn")
        if hinted and len(hinted) == 1:
            role_hint = hinted[0]
    if isinstance(principal, RequestPrincipal):
        p = principal
    else:
        p = parse_principal(principal, role_hint, principal_type)
    if auto_context:
        add_principal_keys(ctx, spelling, p)
    identity = _many(identity_policies, "identity")
    boundary = _one(permissions_boundary, "boundary")
    sessions = None if session_policies is None else _many(session_policies, "session")
    res_policy = _one(resource_policy, "resource")
    req = Request(action, resource, p, ctx, spelling, boundary is not None)
    ev = Evaluation(req, identity, boundary, sessions, res_policy, _levels(scps, "scp"),
                    _levels(rcps, "rcp"), resource_account, resource_policy_required)
    return ev.decide()


def evaluate_trust(role_arn: str, trust_policy, principal: str | None,
                   action: str = "sts:AssumeRole", context: dict | None = None, **kwargs) -> Decision:
    """May ``principal`` assume ``role_arn``? The trust policy must allow explicitly.

    The caller's identity-based policies, boundary, session policies and SCPs go in
    ``kwargs`` as for ``evaluate``; they matter across accounts and when the trust policy
    names the account rather than the caller.
    """
    policy = compile_policy(trust_policy, "trust")
    return evaluate(action, role_arn, principal, context, resource_policy=policy,
                    resource_account=kwargs.pop("resource_account", account_of(role_arn)),
                    resource_policy_required=True, **kwargs)


def evaluate_key_policy(key_arn: str, key_policy, principal: str | None, action: str,
                        context: dict | None = None, **kwargs) -> Decision:
    """KMS: the key policy grants directly, or delegates to IAM by naming the account."""
    policy = compile_policy(key_policy, "key")
    return evaluate(action, key_arn, principal, context, resource_policy=policy,
                    resource_account=kwargs.pop("resource_account", account_of(key_arn)),
                    resource_policy_required=True, **kwargs)
