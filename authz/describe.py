"""What one request must be authorized for: ``describe(service, operation, params, ctx)``.

Returns one ``Check`` per (action, resource) pair AWS evaluates for the request, e.g. S3
``CopyObject`` -> ``s3:GetObject`` on the source object and ``s3:PutObject`` on the target,
with the condition keys the request supplies and the account owning each resource.

Everything is derived from the Service Authorization Reference (``authz.catalog``) plus what
the service declares (``authz.declarations``). Each operation is compiled once into a plan
(which action, which ARN template, which param fills which variable, which keys apply), so a
call is a few dict lookups and one ``str.format_map`` per check.

``python -m iamulator.authz.describe --markdown`` prints docs/authorization.md.
"""
from __future__ import annotations

import datetime
import threading
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from iamulator.authz import catalog
from iamulator.authz.declarations import ALWAYS_ALLOWED, NEW, Act, declarations_for
from iamulator.authz.partitions import partition_of

__all__ = ["Check", "describe", "plan", "forget", "UndeclaredOperation", "IncompleteRequest"]

_CONTEXT_VARS = ("Partition", "Region", "Account")
_NOTHING: tuple = ()
_EMPTY = MappingProxyType({})


class Check(NamedTuple):
    """One authorization question: may the caller perform ``action`` on ``resource``?"""

    action: str                      # "s3:GetObject", spelled as the reference spells it
    resource: str                    # a concrete ARN, or "*" (no resource types, or declared on="*")
    context: Any                     # read-only mapping: condition key -> str | list[str]
    resource_account: str            # the account owning the resource (the caller's for "*")


class UndeclaredOperation(LookupError):
    """The reference and the service's declarations do not say what the operation needs: the
    operation must be declared in ``services/<name>/authorization.py``."""


class IncompleteRequest(ValueError):
    """The request lacks the member naming the resource (e.g. no ``TableName``); the service's
    own validation answers such requests."""

    def __init__(self, service: str, operation: str, member: str):
        super().__init__(f"{service}.{operation}: the request does not name its resource ({member})")
        self.service = service
        self.operation = operation
        self.member = member


class Call:
    """What sources see: the request, and what is known so far about the current resource."""

    __slots__ = ("params", "ctx", "action", "item", "vars", "account", "memo")

    def __init__(self, params, ctx):
        self.params = params
        self.ctx = ctx
        self.action = None
        self.item = None
        self.vars = None
        self.account = None
        self.memo = {}


class _LazyContext(Mapping):
    """A check's condition keys, read from the request only when first looked at: when no
    policy in play has conditions, authorization never looks, and reading keys such as
    ``dynamodb:LeadingKeys`` (which parses the request against the table's key schema) is the
    largest part of describing a request. The sources see the call as it was when the check
    was made."""

    __slots__ = ("_plan", "_act", "_cand", "_call", "_data")

    def __init__(self, plan, act, cand, call):
        self._plan = plan
        self._act = act
        self._cand = cand
        self._call = call
        self._data = None

    def _resolved(self):
        data = self._data
        if data is None:
            data = self._data = self._plan._context(self._act, self._cand, self._call)
            self._plan = self._act = self._cand = self._call = None
        return data

    def __getitem__(self, key):
        return self._resolved()[key]

    def __iter__(self):
        return iter(self._resolved())

    def __len__(self):
        return len(self._resolved())

    def __repr__(self):
        return repr(dict(self._resolved()))


def _snapshot(r: Call) -> Call:
    """A copy of the call as it stands (the describing loop moves on to other resources);
    ``memo`` stays shared, it caches lookups valid for the whole request."""
    c = Call.__new__(Call)
    c.params, c.ctx, c.action, c.item, c.vars, c.account, c.memo = (
        r.params, r.ctx, r.action, r.item, r.vars, r.account, r.memo)
    return c


# -- compiled form -------------------------------------------------------------------------

class _Candidate:
    """One resource type an action may be authorized on, with everything precomputed."""

    __slots__ = ("rtype", "format", "fillers", "overrides", "plural", "arn_types", "arn_member",
                 "new_vars", "keys", "request_tags", "tag_keys", "resource_context", "exact", "families",
                 "has_account", "members")

    def allows(self, key: str) -> bool:
        k = key.lower()
        if k in self.exact:
            return True
        for head, tail in self.families:
            if k.startswith(head) and k.endswith(tail) and len(k) > len(head) + len(tail):
                return True
        return False

    @property
    def template(self) -> str:
        if self.rtype is None:
            return "*"
        t = self.rtype.template
        for v in self.new_vars:
            t = t.replace("${" + v + "}", "*")
        return t


class _Act:
    __slots__ = ("action", "info", "when", "each", "candidates", "note", "tags", "arn")


class Plan:
    """What one operation needs, compiled. Calling it describes one request."""

    __slots__ = ("service", "operation", "acts", "always_allowed", "decl")

    def __init__(self, service, operation, acts, always_allowed, decl):
        self.service = service
        self.operation = operation
        self.acts = acts
        self.always_allowed = always_allowed
        self.decl = decl

    def __call__(self, params: dict, ctx) -> list[Check]:
        if self.always_allowed:
            return []
        r = Call(params, ctx)
        region = ctx.region
        base = {"Partition": partition_of(region), "Region": region, "Account": ctx.account_id}
        checks: list[Check] = []
        for a in self.acts:
            r.action = a.action
            r.item = r.vars = r.account = None
            if a.when is not None and not a.when(r):
                continue
            items = a.each(r) if a.each is not None else (None,)
            for item in items or _NOTHING:
                r.item = item
                self._describe_one(a, r, base, checks)
        return checks

    def _describe_one(self, a: _Act, r: Call, base: dict, out: list) -> None:
        if a.arn is not None:
            arn = a.arn(r)
            if arn:
                cand = _candidate_for_arn(a, arn)
                account = arn.split(":", 5)[4] if arn.count(":") >= 5 else ""
                r.vars = cand.rtype.parse(arn) if cand.rtype is not None else None
                r.account = account if account.isdigit() else r.ctx.account_id
                out.append(Check(a.action, arn, self._lazy(a, cand, r), r.account))
                return
        if not a.candidates[0].rtype:
            cand = a.candidates[0]
            r.vars, r.account = None, r.ctx.account_id
            out.append(Check(a.action, "*", self._lazy(a, cand, r), r.ctx.account_id))
            return
        missing = None
        for cand in a.candidates:
            filled = _fill(cand, r, base)
            if filled.__class__ is str:
                missing = missing or filled
                continue
            for vars_ in filled:
                r.vars = vars_
                account = _resource_account(cand, vars_, r, self.decl)
                r.account = account
                arn = cand.format.format_map(vars_)
                out.append(Check(a.action, arn, self._lazy(a, cand, r), account))
            return
        raise IncompleteRequest(self.service, self.operation, missing or "?")

    def _lazy(self, a: _Act, cand: _Candidate, r: Call):
        if not cand.keys and not cand.request_tags and not cand.tag_keys and not cand.resource_context:
            return _EMPTY
        return _LazyContext(self, a, cand, _snapshot(r))

    def _context(self, a: _Act, cand: _Candidate, r: Call):
        c: dict = {}
        params = r.params
        for key, get, family in cand.keys:
            if get.__class__ is str:
                value = params.get(get)
            else:
                try:
                    value = get(r)
                except Exception:    # a malformed request: the service reports it, not authz
                    continue
            if value is None:
                continue
            if family is None:
                c[key] = value if value.__class__ is str else _text(value)
            else:                # a key family: {"env": "prod"} -> s3:RequestObjectTag/env
                head, tail = family
                for k, v in value.items():
                    c[head + k + tail] = v if v.__class__ is str else _text(v)
        if cand.request_tags or cand.tag_keys:
            _add_request_tags(a, cand, r, c, self.decl)
        if cand.resource_context:
            try:
                found = self.decl.resource_context(r, cand.rtype.key)
            except Exception:
                found = None
            if found:
                for key, value in found.items():
                    if value is not None and key not in c and cand.allows(key):
                        c[key] = value if value.__class__ is str else _text(value)
        return MappingProxyType(c)


def _candidate_for_arn(a: _Act, arn: str) -> _Candidate:
    """The candidate whose template the ARN matches (for its condition keys), else the first."""
    for cand in a.candidates:
        if cand.rtype is not None and cand.rtype.parse(arn) is not None:
            return cand
    return a.candidates[0]


def _fill(cand: _Candidate, r: Call, base: dict):
    """The variables of every resource the candidate names in this call (a list of dicts), or the
    name of the first member the request lacks (a str)."""
    vars_ = base.copy()
    params = r.params
    if cand.arn_member is not None:
        arn = r.params.get(cand.arn_member)
        parsed = cand.rtype.parse(arn) if arn.__class__ is str else None
        if parsed is None:
            return cand.arn_member
        vars_.update(parsed)
        return [vars_]
    for name, getters in cand.overrides:
        for get in getters:
            v = r.params.get(get) if get.__class__ is str else get(r)
            if v is not None and v != "":
                vars_[name] = str(v)
                break
    plural_values = None
    for name, getters in cand.fillers:
        value = None
        for get in getters:
            value = params.get(get) if get.__class__ is str else get(r)
            if value is not None and value != "":
                break
        if value is None or value == "":
            return cand.members.get(name, name)
        if value is NEW:
            vars_[name] = "*"
        elif name == cand.plural:
            plural_values = value if isinstance(value, (list, tuple)) else [value]
        elif value.__class__ is str:
            if value.startswith("arn:") and cand.arn_types.get(name):
                parsed = _parse_arn(cand.arn_types[name], value, name)
                if parsed is not None:
                    vars_.update(parsed)
                    continue
            vars_[name] = value
        else:
            vars_[name] = _text(value)
    if plural_values is None:
        return [vars_]
    out = []
    for value in plural_values:
        if value is None or value == "":
            continue
        one = dict(vars_)
        one[cand.plural] = value if value.__class__ is str else _text(value)
        out.append(one)
    return out


def _parse_arn(rtypes, arn: str, name: str) -> dict | None:
    """The variables an ARN given in place of a name supplies (``TableName`` may be a table ARN)."""
    for rtype in rtypes:
        parsed = rtype.parse(arn)
        if parsed is not None and name in parsed:
            return {k: v for k, v in parsed.items() if k == name or k in _CONTEXT_VARS}
    return None


def _resource_account(cand: _Candidate, vars_: dict, r: Call, decl) -> str:
    if cand.has_account:
        account = vars_.get("Account")
        # "aws" (AWS managed policies) and "" are not accounts that could be another party's.
        if account and account.isdigit():
            return account
        return r.ctx.account_id
    if decl is not None and decl.owner is not None:
        try:
            owner = decl.owner(r)
        except Exception:
            owner = None
        if owner:
            return owner
    return r.ctx.account_id


def _add_request_tags(a: _Act, cand: _Candidate, r: Call, c: dict, decl) -> None:
    try:
        if a.tags is not None:
            tags = a.tags(r)
        elif decl is not None and decl.request_tags is not None:
            tags = decl.request_tags(r, cand.rtype.key if cand.rtype else None)
        else:
            tags = _generic_tags(r.params)
    except Exception:
        tags = None
    if tags:
        if cand.request_tags:
            for k, v in tags.items():
                if v is not None:      # None: a key named without a value (DeleteTags)
                    c["aws:RequestTag/" + k] = v if v.__class__ is str else _text(v)
        if cand.tag_keys:
            c["aws:TagKeys"] = list(tags)
    elif cand.tag_keys:
        keys = r.params.get("TagKeys")
        if isinstance(keys, list) and keys:
            c["aws:TagKeys"] = [k for k in keys if isinstance(k, str)]


def _generic_tags(params: dict) -> dict | None:
    """``Tags``/``tags`` as a map, or as a list of ``{Key, Value}``."""
    tags = params.get("Tags")
    if tags is None:
        tags = params.get("tags")
    if isinstance(tags, dict):
        return tags
    if isinstance(tags, list):
        out = {}
        for t in tags:
            if isinstance(t, dict):
                key = t.get("Key", t.get("key"))
                if isinstance(key, str):
                    out[key] = t.get("Value", t.get("value", ""))
        return out
    return None


def _text(value) -> str | list:
    """Condition values as AWS sees them: strings, or lists of strings."""
    if value.__class__ is bool:
        return "true" if value else "false"
    if isinstance(value, (list, tuple, set, frozenset)):
        return [v if v.__class__ is str else _text(v) for v in value]
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, bytes):
        import base64

        return base64.b64encode(value).decode()
    return str(value)


# -- compiling ----------------------------------------------------------------------------

_plans: dict[tuple[str, str], Plan] = {}
_compile_lock = threading.Lock()


def describe(service: str, operation: str, params: dict, ctx) -> list[Check]:
    """The checks one request needs (empty only for operations AWS always allows).

    ``service`` is botocore's name, ``ctx`` an ``iamulator.services.base.Context`` (account_id,
    region, store and request are read). Raises ``UndeclaredOperation`` when neither the
    reference nor the service's declarations say what the operation needs, ``IncompleteRequest``
    when the request lacks the member naming its resource, and lets the ``AWSError`` a service's
    source raises for a malformed name (an SQS ``QueueUrl`` naming no queue) through.
    """
    p = _plans.get((service, operation))
    if p is None:
        p = plan(service, operation)
    return p(params, ctx)


def plan(service: str, operation: str) -> Plan:
    """The compiled plan of one operation (compiled on first use)."""
    key = (service, operation)
    p = _plans.get(key)
    if p is None:
        decl = declarations_for(service)
        with _compile_lock:
            p = _plans.get(key)
            if p is None:
                p = _compile(service, operation, decl)
                _plans[key] = p
    return p


def forget(service: str | None = None) -> None:
    """Drop compiled plans (all, or one service's) after declarations change."""
    with _compile_lock:
        for key in [k for k in _plans if service is None or k[0] == service]:
            del _plans[key]


def _members(service: str, operation: str) -> dict:
    from iamulator.services.models import operation_model   # botocore's models, shared cache

    try:
        shape = operation_model(service, operation).input_shape
    except Exception:
        return {}
    return dict(shape.members) if shape is not None else {}


def _compile(service: str, operation: str, decl) -> Plan:
    declared = decl.operations.get(operation) if decl is not None else None
    if declared == (ALWAYS_ALLOWED,):
        return Plan(service, operation, (), True, decl)
    prefix = catalog.iam_prefix(service)
    if prefix is None:
        raise UndeclaredOperation(f"{service}: no IAM service prefix in the Service Authorization Reference")
    members = _members(service, operation)
    acts = declared or (Act(operation),)
    compiled = tuple(_compile_act(service, operation, prefix, a, decl, members) for a in acts)
    return Plan(service, operation, compiled, False, decl)


def _compile_act(service, operation, prefix, a: Act, decl, members: dict) -> _Act:
    where = f"{service}.{operation}"
    action_prefix, sep, action_name = a.action.partition(":")
    if not sep:
        action_prefix, action_name = prefix, a.action
    svc = catalog.service(action_prefix)
    info = svc.action(action_name) if svc is not None else None
    if info is None:
        raise UndeclaredOperation(
            f"{where}: the Service Authorization Reference has no action {action_prefix}:{action_name}; "
            f"declare what it needs in services/{service.replace('-', '_')}/authorization.py")
    if a.on == ("*",):
        required = [ar.type.key for ar in info.resources if ar.required]
        if required:
            raise UndeclaredOperation(f"{where}: {info.full_name} requires a {required[0]} resource; it cannot "
                                      "be authorized on *")
        resources = []
    elif a.on:
        resources = []
        for key in a.on:
            ar = info.resource(key)
            rtype = ar.type if ar is not None else svc.resource_type(key)
            if rtype is None:
                raise UndeclaredOperation(f"{where}: {info.full_name} has no resource type {key!r}")
            resources.append((rtype, ar))
    else:
        resources = [(ar.type, ar) for ar in info.resources]
    out = _Act()
    out.action = info.full_name
    out.info = info
    out.when = a.when
    out.each = a.each
    out.note = a.note
    out.tags = a.tags
    out.arn = a.arn
    if not resources:
        out.candidates = (_star_candidate(info, a, decl),)
        return out
    candidates = []
    for rtype, ar in resources:
        candidates += _compile_candidates(info, rtype, ar, a, decl, members, svc)
    if not candidates and a.arn is not None:
        # Only the declared ARN names the resource; the types still say which keys apply.
        candidates = [_arn_candidate(info, rtype, ar, a, decl, "(arn)") for rtype, ar in resources]
    if not candidates:
        raise UndeclaredOperation(
            f"{where}: nothing in the request fills the ARN of {info.full_name} "
            f"({' or '.join(rt.template for rt, _ in resources)}); declare its variables")
    # Several required resource types are several checks, which only a declaration can say;
    # types told apart by the ARN the request gives (a table or a stream) are alternatives.
    required = [c for c in candidates if c.arn_member is None and _required(info, c.rtype)]
    if len(required) > 1 and not a.on:
        raise UndeclaredOperation(
            f"{where}: {info.full_name} needs several resource types "
            f"({', '.join(c.rtype.key for c in required)}); declare one act per resource")
    # The most specific resource the request names wins: a Query naming an index is
    # authorized on the index, one without on the table.
    candidates.sort(key=lambda c: -len(c.fillers))
    out.candidates = tuple(candidates)
    return out


def _getter(source):
    """A member name stays a str (read inline with ``params.get``, saving a call per use)."""
    if source is NEW:
        return lambda r: NEW
    if isinstance(source, str):
        return source
    if callable(source):
        return source
    raise TypeError(f"a source is a member name, a function of the call or NEW, not {source!r}")


def _sources(source) -> list:
    return [_getter(s) for s in (source if isinstance(source, (list, tuple)) else [source])]


def _lookup(mapping: dict, name: str):
    if name in mapping:
        return mapping[name]
    lower = name.lower()
    return next((v for k, v in mapping.items() if k.lower() == lower), None)


def _auto_member(var: str, members: dict) -> tuple[str | None, bool]:
    """The input member a template variable is filled from by name, and whether it is a list:
    ``TableName`` <- ``TableName``, ``BucketName`` <- ``Bucket``, ``InstanceId`` <- ``InstanceIds``."""
    by_lower = {m.lower(): m for m in members}
    v = var.lower()
    for cand in (v, v[:-4] if v.endswith("name") else None):
        if cand and cand in by_lower:
            m = by_lower[cand]
            return m, getattr(members[m], "type_name", "") == "list"
    plural = by_lower.get(v + "s")
    if plural and getattr(members[plural], "type_name", "") == "list":
        return plural, True
    return None, False


def _required(info, rtype) -> bool:
    ar = info.resource(rtype.key)
    return ar is not None and ar.required


def _arn_member(rtype, members: dict) -> str | None:
    """A member holding the resource's whole ARN: ``ResourceArn`` (or Lambda's ``Resource``), or
    ``<Type>Arn`` (``PolicyArn``)."""
    wanted = {"resourcearn", "resource", rtype.key.replace("-", "").replace(" ", "").lower() + "arn"}
    return next((m for m in members if m.lower() in wanted), None)


def _compile_candidates(info, rtype, ar, a: Act, decl, members: dict, svc) -> list[_Candidate]:
    """By name, and by a whole-ARN member when the operation has one (either may be given)."""
    out = []
    cand = _compile_by_name(info, rtype, ar, a, decl, members, svc)
    if cand is not None:
        out.append(cand)
    member = _arn_member(rtype, members)
    if member is not None and not (cand is not None and member in cand.members.values()):
        out.append(_arn_candidate(info, rtype, ar, a, decl, member))
    return out


def _arn_candidate(info, rtype, ar, a: Act, decl, member: str) -> _Candidate:
    """A candidate filled from a whole ARN in ``member`` (an absent member for declared ARNs)."""
    cand = _Candidate()
    cand.rtype = rtype
    cand.format = rtype.format
    cand.fillers = cand.overrides = cand.new_vars = ()
    cand.plural = None
    cand.members = {}
    cand.arn_types = {}
    cand.arn_member = member
    cand.has_account = "Account" in rtype.variables
    _compile_keys(cand, info, ar, a, decl)
    return cand


def _compile_by_name(info, rtype, ar, a: Act, decl, members: dict, svc) -> _Candidate | None:
    fillers, overrides, member_names, new_vars = [], [], {}, []
    plural = None
    for var in rtype.variables:
        chain = []
        declared_act = _lookup(a.vars, var) if isinstance(a.vars, dict) else None
        if declared_act is not None:
            chain += _sources(declared_act)
            if declared_act is NEW:
                new_vars.append(var)
        declared_svc = _lookup(decl.variables, var) if decl is not None else None
        if declared_svc is not None:
            chain += _sources(declared_svc)
        if var in _CONTEXT_VARS:
            if chain:
                overrides.append((var, tuple(chain)))
            continue
        member, is_list = _auto_member(var, members)
        if member is not None and declared_act is not NEW:
            if is_list and a.each is None and plural is None and not chain:
                plural = var
            chain.append(_getter(member))
            member_names.setdefault(var, member)
        if not chain:
            return None
        member_names.setdefault(var, var)
        fillers.append((var, tuple(chain)))
    cand = _Candidate()
    cand.rtype = rtype
    cand.format = rtype.format
    cand.fillers = tuple(fillers)
    cand.overrides = tuple(overrides)
    cand.plural = plural
    cand.new_vars = tuple(new_vars)
    cand.members = member_names
    cand.arn_member = None
    cand.has_account = "Account" in rtype.variables
    # A name member may hold the resource's ARN instead (DynamoDB's TableName, IAM's PolicyArn).
    cand.arn_types = {}
    if fillers and fillers[0][0] != plural:
        var = fillers[0][0]
        cand.arn_types[var] = [rtype] + [t for t in svc.resource_types() if t is not rtype and var in t.variables]
    _compile_keys(cand, info, ar, a, decl)
    return cand


def _star_candidate(info, a: Act, decl) -> _Candidate:
    cand = _Candidate()
    cand.rtype = None
    cand.format = None
    cand.fillers = cand.overrides = cand.new_vars = ()
    cand.plural = None
    cand.members = {}
    cand.arn_types = {}
    cand.arn_member = None
    cand.has_account = False
    _compile_keys(cand, info, None, a, decl)
    return cand


def _compile_keys(cand: _Candidate, info, ar, a: Act, decl) -> None:
    allowed = list(info.condition_keys)
    if ar is not None:
        allowed += ar.condition_keys
    if cand.rtype is not None:
        allowed += cand.rtype.condition_keys
    exact, families = set(), []
    for key in allowed:
        m = catalog.PLACEHOLDER.search(key)
        if m is None:
            exact.add(key.lower())
        else:
            families.append((key[:m.start()].lower(), key[m.end():].lower()))
    cand.exact = frozenset(exact)
    cand.families = tuple(dict.fromkeys(families))
    keys = {}
    if decl is not None:
        for key, source in decl.keys.items():
            if _pattern_allowed(cand, key):
                keys[key] = _getter(source)
    for key, source in a.keys.items():
        keys[key] = _getter(source)
    cand.keys = tuple((key, get, _family(key)) for key, get in keys.items())
    cand.request_tags = ("aws:requesttag/", "") in cand.families
    cand.tag_keys = "aws:tagkeys" in cand.exact
    cand.resource_context = bool(
        decl is not None and decl.resource_context is not None and cand.rtype is not None
        and any(_pattern_allowed(cand, k) for k in decl.resource_keys))


def _family(key: str):
    """(head, tail) of a key with a placeholder (``s3:RequestObjectTag/<key>``), else None."""
    m = catalog.PLACEHOLDER.search(key)
    return None if m is None else (key[:m.start()], key[m.end():])


def _pattern_allowed(cand: _Candidate, pattern: str) -> bool:
    m = catalog.PLACEHOLDER.search(pattern)
    if m is None:
        return pattern.lower() in cand.exact
    return (pattern[:m.start()].lower(), pattern[m.end():].lower()) in cand.families


# -- documentation ------------------------------------------------------------------------

def key_names(a: _Act, cand: _Candidate, decl) -> list[str]:
    """The condition keys a candidate can supply, for the documentation."""
    names = [k for k, _, _ in cand.keys]
    if cand.request_tags:
        names.append("aws:RequestTag/${TagKey}")
    if cand.tag_keys:
        names.append("aws:TagKeys")
    if cand.resource_context:
        names += [k for k in decl.resource_keys if _pattern_allowed(cand, k)]
    return sorted(dict.fromkeys(names), key=str.lower)


if __name__ == "__main__":
    import sys

    if "--markdown" in sys.argv[1:]:
        from iamulator.authz.authorization_table import markdown

        print(markdown(), end="")
    else:
        print("usage: python -m iamulator.authz.describe --markdown", file=sys.stderr)
        sys.exit(2)
