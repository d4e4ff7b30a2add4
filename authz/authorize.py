"""Authorization of one request: every check ``describe`` finds, evaluated for the caller.

For each ``Check`` (action, resource ARN, its condition keys, the resource's account) the
caller's identity-based policies, permissions boundary and session policies are evaluated
with the request context (``request_context.build``) and the check's own keys. A denial
raises ``Denied`` carrying the ``Decision``; the pipeline renders it as the service's
AccessDenied flavour (``denial.py``). Every decision is appended to ``caller.decisions``.

``sts:GetCallerIdentity`` is always allowed, as in AWS. The root user is allowed
everything in its own account (the evaluator's rule). ``resource_policy_for`` finds the
resource's own policy (role trust policy, or what the service's registered provider returns)
and the evaluator combines it with the caller's policies, across accounts too.
"""
from __future__ import annotations

from . import identity, organizations, request_context, resource_policies
from .context import normalize_context
from .decision import ALLOWED, IMPLICIT, Decision
from .messages import GRANT, IDENTITY, RESOURCE
from .evaluator import evaluate_normalized
from .policy.compiled import CompiledPolicy, compile_policy

ALWAYS_ALLOWED = frozenset({"sts:getcalleridentity"})
_UNLIMITED = 10 ** 9      # stored policies were size-checked when IAM accepted them


class Denied(Exception):
    def __init__(self, decision, check, caller, context):
        super().__init__(decision.message)
        self.decision = decision
        self.check = check
        self.caller = caller
        self.context = context


class Check:
    """The fallback shape of a check when no describer knows the operation."""

    __slots__ = ("action", "resource", "context", "account")

    def __init__(self, action: str, resource: str = "*", context: dict | None = None,
                 account: str | None = None):
        self.action = action
        self.resource = resource
        self.context = context or {}
        self.account = account


# --- compiled policies, cached by the stored document's identity ------------------------------

_by_doc: dict = {}
_CACHE_MAX = 8192


def compiled(name, document, kind: str = "identity"):
    """``document`` compiled once: stored documents are replaced, never mutated, when a
    policy changes, so the object itself (kept alive here) identifies its text."""
    if isinstance(document, CompiledPolicy):
        return document if name is None or document.name == name else document.with_name(name)
    key = (kind, name, document if isinstance(document, str) else id(document))
    entry = _by_doc.get(key)
    if entry is not None and entry[0] is document:
        return entry[1]
    policy = compile_policy(document, kind, name, max_size=_UNLIMITED)
    if len(_by_doc) >= _CACHE_MAX:
        _by_doc.clear()
    _by_doc[key] = (document, policy)
    return policy


def _pairs(items, kind: str) -> list:
    out = []
    for item in items or ():
        if isinstance(item, tuple) and len(item) == 2:
            out.append(compiled(item[0], item[1], kind))
        else:
            out.append(compiled(None, item, kind))
    return out


# --- the seam for resource-based policies ------------------------------------------------------

TRUST_ACTIONS = frozenset({"sts:assumerole", "sts:tagsession", "sts:setsourceidentity",
                           "sts:assumerolewithwebidentity", "sts:assumerolewithsaml"})


def resource_policy_for(check, ctx):
    """(the resource-based policy governing ``check``'s resource or None, whether it must
    allow explicitly, the account owning the resource or None). Role trust policies are read
    from the identity source; every other service's policies (bucket, queue, key, topic,
    secret, function policies...) from the provider it registered in ``resource_policies``."""
    resource = check.resource
    if not resource or not resource.startswith("arn:"):
        return None, False, None
    action = check.action
    if action.lower() in TRUST_ACTIONS:
        find_role = getattr(identity.source(), "find_role", None)
        role = find_role(_account_of(check) or ctx.account_id, resource) if find_role else None
        return (role.trust if role is not None else None), True, None
    prefix = action.split(":", 1)[0].lower()
    fn = resource_policies.provider(prefix)
    if fn is None:
        return None, False, None
    try:
        document, owner = fn(ctx, resource)
    except Exception:   # a malformed ARN names no stored resource, so no policy governs it
        return None, False, None
    # A KMS key policy is the gate: IAM policies count only where it delegates to the account.
    required = prefix == "kms" and document is not None
    if document is None:
        return None, required, owner
    return compiled(None, document, "key" if required else "resource"), required, owner


# --- authorization ------------------------------------------------------------------------------

def authorize(ctx, caller, checks, request, region: str, soft: bool = False) -> list:
    """Evaluate every check; raises ``Denied`` on the first denial, unless ``soft``: then every
    check is evaluated and the denials are only recorded. Returns the decisions.

    When no policy in play reads the request context (no conditions, no policy variables) a
    decision depends only on the action, the resource, the principal and the policies
    themselves, so it is remembered under exactly those and reused."""
    creds = caller.credentials
    src = identity.source()
    policies = ()
    boundary = sessions = None
    fetched = False
    free = True
    base = base_norm = None
    scps = scp_key = None
    org_keys = None
    decisions = caller.decisions
    for check in checks:
        action = check.action
        if action.lower() in ALWAYS_ALLOWED:
            continue
        if not fetched:
            fetched = True
            if creds is not None and not caller.is_root and src is not None:
                owner = _policy_owner(caller)
                policies, free = _compiled_set(src.identity_policies(owner), "identity")
                pb = src.permissions_boundary(owner)
                if pb is not None:
                    boundary = _pairs([pb], "boundary")[0]
                    free = free and boundary._core.context_free
            session = caller.session
            if session is not None:
                if session.has_session_policy:
                    sessions, sfree = _compiled_set(session.policies, "session")
                    free = free and sfree
            scps, org_keys = organizations.principal_keys(ctx, caller.account_id)
            if scps is not None:
                scp_key, sfree = _levels_key(scps)
                free = free and sfree
        resource_policy, required, owner = resource_policy_for(check, ctx)
        resource_account = _account_of(check) or owner
        rcps, resource_org = organizations.resource_guardrails(
            ctx, resource_account or caller.account_id, action)
        key = None
        if free and (resource_policy is None or resource_policy._core.context_free):
            rcp_key, rfree = _levels_key(rcps) if rcps is not None else (None, True)
            if rfree:
                key = (action, check.resource, caller.arn, caller.role_arn, caller.anonymous,
                       resource_account, required, policies, boundary, sessions, resource_policy,
                       scp_key, rcp_key)
        if key is not None:
            # No policy in play reads the request context: the decision is evaluated without
            # building it, and remembered.
            context = None
            d = _decided.get(key)
            if d is None:
                d = _evaluate(caller, check, {}, {}, policies, boundary, sessions, resource_policy,
                              resource_account, required, scps, rcps, auto_context=False)
                if len(_decided) >= _CACHE_MAX:
                    _decided.clear()
                _decided[key] = d
        else:
            if base is None:
                base = _request_wide(caller, request, region, policies, boundary, org_keys)
                base_norm = _normalized(base)
            context = base
            values, spelling = base_norm
            fresh = False
            if check.context:
                context = {**base, **check.context}
                values, spelling = _overlay(values, spelling, context, check.context)
                fresh = True
            if resource_org:
                context = {**context, **resource_org}
                values, spelling = _overlay(values, spelling, context, resource_org)
                fresh = True
            if not fresh:       # the evaluation adds the principal's keys to its context
                values, spelling = values.copy(), spelling.copy()
            d = _evaluate(caller, check, values, spelling, policies, boundary, sessions,
                          resource_policy, resource_account, required, scps, rcps)
        if not d.allowed:
            d = _granted(ctx, check, caller, d)
        decisions.append(d)
        if not d.allowed and not soft:
            if context is None:     # the context the denial reports (EC2's encoded message)
                if base is None:
                    base = _request_wide(caller, request, region, policies, boundary, org_keys)
                context = {**base, **check.context, **(resource_org or {})}
            raise Denied(d, check, caller, context)
    return decisions


_decided: dict = {}


def _evaluate(caller, check, values, spelling, policies, boundary, sessions, resource_policy,
              resource_account, required, scps, rcps, auto_context: bool = True):
    return evaluate_normalized(
        check.action, check.resource or "*",
        caller.arn if not caller.anonymous else None, values, spelling,
        identity_policies=list(policies), resource_policy=resource_policy,
        resource_account=resource_account,
        permissions_boundary=boundary, session_policies=list(sessions) if sessions else sessions,
        principal_role_arn=caller.role_arn, resource_policy_required=required,
        scps=scps, rcps=rcps, auto_context=auto_context,
    )


def _granted(ctx, check, caller, d):
    """``d``, or an Allowed decision when a grant outside policies (a KMS grant) allows what
    ``d`` implicitly denied for want of a key-policy or IAM allow. Explicit denies, and the
    limits of SCPs, RCPs, boundaries and session policies, are never lifted by a grant."""
    if d.result != IMPLICIT or d.decided_by not in (IDENTITY, RESOURCE):
        return d
    find = resource_policies.grants(check.action.split(":", 1)[0])
    if find is None:
        return d
    grant_id = find(ctx, check, caller)
    if grant_id is None:
        return d
    return Decision(ALLOWED, GRANT, (), f"grant {grant_id} allows the action", d._evaluation)


def _request_wide(caller, request, region, policies, boundary, org_keys) -> dict:
    """The request-wide context keys (``request_context.build``), with the principal's tags
    when a policy reads them and the organization keys."""
    tags = None
    if policies and _reads_principal_tags(policies, boundary):
        tags = identity.source().principal_tags(caller.credentials)
    session = caller.session
    if session is not None and session.tags:
        tags = {**(tags or {}), **session.tags}
    base = request_context.build(caller, request, region, tags)
    if org_keys:
        base.update(org_keys)
    return base


_sets: dict = {}


def _compiled_set(items, kind: str) -> tuple:
    """(``items`` compiled as a tuple, whether none of them reads the request context),
    remembered per stored list: the identity source hands out the same list until the
    entity's policies change."""
    if not items:
        return (), True
    hit = _sets.get(id(items))
    if hit is not None and hit[0] is items:
        return hit[1], hit[2]
    pols = tuple(_pairs(items, kind))
    free = all(p._core.context_free for p in pols)
    if len(_sets) >= _CACHE_MAX:
        _sets.clear()
    _sets[id(items)] = (items, pols, free)
    return pols, free


def _levels_key(levels) -> tuple:
    """(SCP/RCP levels as nested tuples, whether none reads the request context), remembered
    per levels list (Organizations hands out the same list until the organization changes)."""
    hit = _sets.get(id(levels))
    if hit is not None and hit[0] is levels:
        return hit[1], hit[2]
    frozen = tuple(tuple(level) for level in levels)
    free = all(p._core.context_free for level in frozen for p in level)
    if len(_sets) >= _CACHE_MAX:
        _sets.clear()
    _sets[id(levels)] = (levels, frozen, free)
    return frozen, free


_norms: dict = {}


def _normalized(base: dict) -> tuple[dict, dict]:
    """``normalize_context(base)``, shared by requests with the same request-wide keys (the
    same caller, client and second): callers must copy before changing it."""
    try:
        key = tuple(base.items())
        found = _norms.get(key)
    except TypeError:      # a multivalued key (a list) in the context
        return normalize_context(base)
    if found is None:
        found = normalize_context(base)
        if len(_norms) >= _CACHE_MAX:
            _norms.clear()
        _norms[key] = found
    return found


def _overlay(values: dict, spelling: dict, merged: dict, extra) -> tuple[dict, dict]:
    """``normalize_context(merged)`` where ``merged`` is the context normalized as ``values``
    and ``spelling`` with ``extra`` laid over it: only ``extra`` is normalized, unless it
    drops keys (None) or spells one key twice, which only the whole context decides."""
    more, more_spelling = normalize_context(extra)
    if len(more) != len(extra):
        return normalize_context(merged)
    return {**values, **more}, {**spelling, **more_spelling}


_tag_use: dict = {}


def _reads_principal_tags(policies, boundary) -> bool:
    """Whether any statement mentions ``aws:PrincipalTag/...`` (a key or a ``${...}``
    variable): only then are the principal's tags worth fetching."""
    for policy in (*policies, boundary):
        if policy is None:
            continue
        core = policy._core
        found = _tag_use.get(id(core))
        if found is None or found[0] is not core:
            found = (core, "aws:principaltag/" in policy.text.lower())
            if len(_tag_use) > _CACHE_MAX:
                _tag_use.clear()
            _tag_use[id(core)] = found
        if found[1]:
            return True
    return False


def _policy_owner(caller):
    """Whose identity-based policies apply: a federated user's are its parent IAM user's."""
    session = caller.session
    creds = caller.credentials
    if session is not None and session.kind == "federated-user" and session.parent_arn:
        from dataclasses import replace

        return replace(creds, principal_arn=session.parent_arn, user_id=session.parent_user_id or "",
                       session=None)
    return creds


def _account_of(check):
    account = getattr(check, "account", None)
    if account is None:
        account = getattr(check, "resource_account", None)
    return account
