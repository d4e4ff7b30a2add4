"""Policies from a recorded run: the minimal identity policy that allows exactly the calls made
(``generate_policy``), and what a given policy grants beyond or lacks for them (``policy_diff``).

Both read decision records (see docs/decision-log.md): ``DecisionRecord`` objects, their dicts,
a log file (``{"decisions": [...]}``, a bare JSON array, or JSON lines) or its path.
"""
from __future__ import annotations

import json
import os
import re
from fnmatch import fnmatchcase

__all__ = ["load_decisions", "generate_policy", "policy_diff"]

VERSION = "2012-10-17"

# Account, region and partition are not names of a parent resource: a bucket is the parent of
# its objects, a table of its indexes, but an account is not the parent of its queues.
_SCOPE_VARIABLES = frozenset({"Partition", "Region", "Account"})
_VERB = re.compile(r"[A-Z][a-z]+")
# In a 2012-10-17 policy, ``*`` and ``?`` are wildcards and ``${`` starts a policy variable; the
# language's own escapes keep a recorded name literal.
_POLICY_SYNTAX = re.compile(r"\$\{|\*|\?")
_ESCAPES = {"${": "${$}{", "*": "${*}", "?": "${?}"}


# --- reading records ---------------------------------------------------------------------

def load_decisions(source) -> list[dict]:
    """Decision records as dicts, from records, dicts, a log document, its JSON text or a path.

    Raises ``ValueError`` (with the file name) when the log cannot be read as records.
    """
    if hasattr(source, "as_dict"):
        return [source.as_dict()]
    if isinstance(source, os.PathLike) or (isinstance(source, str) and not _looks_like_json(source)):
        path = os.fspath(source)
        text = _read_text(path, "the decision log")
        try:
            return _records_of(_parse_log(text))
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from None
    if isinstance(source, (str, bytes)):
        return _records_of(_parse_log(source if isinstance(source, str) else source.decode("utf-8")))
    return _records_of(source)


def _read_text(path: str, what: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as exc:
        raise ValueError(f"{path}: cannot read {what}: {exc.strerror}") from None


def _looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def _parse_log(text: str):
    try:
        return json.loads(text)
    except ValueError:
        pass
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except ValueError as exc:
                raise ValueError(f"not a decision log (JSON, JSON array or JSON lines): "
                                 f"line {number}: {exc}") from None
    return records


def _records_of(data) -> list[dict]:
    if isinstance(data, dict):
        data = data["decisions"] if "decisions" in data else [data]
    try:
        items = list(data)
    except TypeError:
        raise ValueError(f"not a decision log: a {type(data).__name__}") from None
    out = []
    for i, item in enumerate(items):
        if hasattr(item, "as_dict"):
            item = item.as_dict()
        if not isinstance(item, dict) or "result" not in item:
            raise ValueError(f"record {i} is not a decision record (an object with a 'result')")
        out.append(item)
    return out


def _relevant(records, principal: str | None, include_denied: bool = True) -> list[dict]:
    """The authorization checks a policy has to answer for: not rejected credentials, nor
    actions AWS allows whatever the policies say."""
    from iamulator.authz.authorize import ALWAYS_ALLOWED
    from iamulator.authz.decision import ALLOWED
    from iamulator.authz.decision_log import AUTHENTICATION_FAILED

    out = []
    for r in records:
        action = r.get("action")
        if r.get("result") == AUTHENTICATION_FAILED or not action:
            continue
        if action.lower() in ALWAYS_ALLOWED:
            continue
        if not include_denied and r.get("result") != ALLOWED:
            continue
        if principal is not None and not fnmatchcase(r.get("principal") or "", principal):
            continue
        out.append(r)
    return out


# --- generation ----------------------------------------------------------------------------

def generate_policy(records, *, wildcards: bool = False, wildcard_actions: bool = False,
                    include_denied: bool = True, principal: str | None = None) -> dict:
    """The identity policy that allows exactly the (action, resource) pairs of ``records``.

    Records whose credentials were rejected and actions AWS always allows are left out;
    ``include_denied=False`` keeps only the calls that were allowed, ``principal`` (an ARN,
    ``*`` and ``?`` allowed) only that caller's. ``wildcards=True`` replaces the names of child
    resources (objects of one bucket, indexes of one table) by their common prefix and ``*``
    when a call reached two or more of them; ``wildcard_actions=True`` also turns two or more
    actions of one service and verb on the same resources into ``service:Verb*``.
    Raises ``ValueError`` when no record is left to allow (IAM accepts no empty policy).
    """
    from iamulator.authz import catalog

    pairs: dict[tuple[str, str], tuple[str, str]] = {}
    for r in _relevant(load_decisions(records), principal, include_denied):
        action, resource = r["action"], r.get("resource") or "*"
        if (action.lower(), resource) not in pairs:
            info = catalog.action(action)     # the reference's spelling, whatever the record's
            pairs[action.lower(), resource] = (info.full_name if info else action, resource)
    if not pairs:
        # IAM accepts no policy without statements, and "allow nothing" needs no policy.
        raise ValueError("the decision records hold no authorization check to allow")
    by_resource = _patterns(list(pairs.values()), wildcards)
    if wildcard_actions:
        by_resource = {res: _collapse_actions(actions) for res, actions in by_resource.items()}
    by_actions: dict[frozenset, list[str]] = {}
    for resource, actions in by_resource.items():
        by_actions.setdefault(frozenset(actions), []).append(resource)
    statements = sorted(
        ({"Effect": "Allow", "Action": sorted(actions, key=str.lower), "Resource": sorted(resources)}
         for actions, resources in by_actions.items()),
        key=lambda st: ([a.lower() for a in st["Action"]], st["Resource"]))
    used: set[str] = set()
    for st in statements:
        st["Sid"] = _unique(_sid(st["Action"], st["Resource"]), used)
    return {"Version": VERSION,
            "Statement": [{k: st[k] for k in ("Sid", "Effect", "Action", "Resource")}
                          for st in statements]}


def _patterns(pairs, wildcards: bool) -> dict[str, set[str]]:
    """Resource pattern -> actions, with child names collapsed when asked."""
    by_resource: dict[str, set[str]] = {}
    children: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for action, resource in pairs:
        split = _child_split(action, resource) if wildcards else None
        if split is not None:
            children.setdefault((action.lower(), split[0]), []).append((action, split[1]))
            continue
        by_resource.setdefault(_literal(resource), set()).add(action)
    for (_, parent), names in children.items():
        distinct = sorted({name for _, name in names})
        if len(distinct) == 1:
            pattern = _literal(parent + distinct[0])
        else:
            common = os.path.commonprefix(distinct)
            pattern = _literal(parent + common[:common.rfind("/") + 1]) + "*"
        by_resource.setdefault(pattern, set()).update(action for action, _ in names)
    return by_resource


def _child_split(action: str, resource: str) -> tuple[str, str] | None:
    """(parent ARN prefix, child name) when the catalog says the ARN names a resource inside
    another one (``bucket/key``, ``table/T/index/I``), else None."""
    from iamulator.authz import catalog

    info = catalog.action(action)
    if info is None or resource == "*":
        return None
    best = None
    for res in info.resources:
        rtype = res.type
        names = [v for v in rtype.variables if v not in _SCOPE_VARIABLES]
        if len(names) < 2 or not rtype.template.endswith("${" + names[-1] + "}"):
            continue
        found = rtype.parse(resource)
        if found is not None and (best is None or len(names) > best[0]):
            child = found[names[-1]]
            best = (len(names), (resource[:len(resource) - len(child)], child))
    return best[1] if best else None


def _literal(resource: str) -> str:
    """A recorded resource as a policy pattern matching only itself."""
    if resource == "*":
        return resource
    return _POLICY_SYNTAX.sub(lambda m: _ESCAPES[m.group(0)], resource)


def _collapse_actions(actions: set[str]) -> set[str]:
    by_verb: dict[tuple[str, str], list[str]] = {}
    for action in actions:
        service, _, name = action.partition(":")
        verb = _VERB.match(name)
        by_verb.setdefault((service, verb.group(0) if verb else name), []).append(action)
    out = set()
    for (service, verb), group in by_verb.items():
        out.update([f"{service}:{verb}*"] if len(group) > 1 else group)
    return out


def _sid(actions: list[str], resources: list[str]) -> str:
    """``S3PutObject`` for one action, else the services and resource types: ``S3Object``."""
    services = sorted({a.partition(":")[0].lower() for a in actions})
    head = "".join(_camel(s) for s in services)
    if len(actions) == 1 and not _has_wildcard(actions[0]):
        return head + _camel(actions[0].partition(":")[2])
    if resources == ["*"]:
        return head + "AllResources"
    types = sorted({_resource_type(actions, r) for r in resources} - {None})
    return head + ("".join(_camel(t) for t in types) or "Resources")


def _has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


def _resource_type(actions: list[str], pattern: str) -> str | None:
    """The catalog's name for what the pattern names; the most specific type wins, since a
    bucket's template also matches an object's ARN."""
    from iamulator.authz import catalog

    probe = pattern.replace("${*}", "x").replace("${?}", "x").replace("${$}", "$").replace("*", "x")
    best = None
    for prefix in sorted({a.partition(":")[0].lower() for a in actions}):
        svc = catalog.service(prefix)
        for rtype in svc.resource_types() if svc else ():
            if rtype.parse(probe) is not None and (best is None or len(rtype.variables) > len(best.variables)):
                best = rtype
    return best.key if best else None


def _camel(text: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", text))


def _unique(sid: str, used: set[str]) -> str:
    candidate, n = sid, 1
    while candidate in used:
        n += 1
        candidate = f"{sid}{n}"
    used.add(candidate)
    return candidate


# --- comparing a policy with a run ------------------------------------------------------------

def read_policy(source, kind: str = "identity"):
    """A compiled policy from a dict, JSON text, a compiled policy or a path to a JSON file.

    A policy read from a file is named after it (decisions and traces say which file). Raises
    ``PolicyError`` for an invalid document and ``ValueError`` for a file that cannot be read.
    """
    from iamulator.authz.policy.compiled import CompiledPolicy, compile_policy

    if isinstance(source, (dict, CompiledPolicy)):
        return compile_policy(source, kind)
    if isinstance(source, str) and _looks_like_json(source):
        return compile_policy(source, kind)
    path = os.fspath(source)
    return compile_policy(_read_text(path, "the policy"), kind, name=path)


def policy_diff(policy, records, *, principal: str | None = None) -> dict:
    """What ``policy`` (an identity policy) lacks and grants beyond the calls of ``records``.

    ``missing``: the distinct (action, resource) calls it does not allow, judged by the
    evaluator with each record's ``context_keys_used`` as the request context.
    ``unused``: each (action pattern, resource pattern) of an Allow statement that no allowed
    call matched. ``allowed`` and ``denied`` count the checks (one per record).
    """
    from iamulator.authz.evaluator import statement_applies

    compiled = read_policy(policy)
    allows = [st for st in compiled.statements if st.allow]
    used: set[tuple[int, str, str]] = set()
    missing: dict[tuple[str, str], dict] = {}
    allowed = denied = 0
    seen: dict[tuple, tuple] = {}
    for r in _relevant(load_decisions(records), principal):
        key = _call_key(r)
        outcome = seen.get(key)
        if outcome is None:
            decision = evaluate_record(r, compiled)
            hits: set[tuple[int, str, str]] = set()
            if decision.allowed:
                req = decision._evaluation.req
                for st in allows:
                    if statement_applies(st, req) is not None:
                        hits.update((st.index, a, res) for a in _matching_actions(st, req)
                                    for res in _matching_resources(st, req))
            outcome = seen[key] = (decision.allowed, hits)
        if outcome[0]:
            allowed += 1
            used.update(outcome[1])
        else:
            denied += 1
            resource = r.get("resource") or "*"
            missing.setdefault((r["action"].lower(), resource), {"action": r["action"], "resource": resource})
    unused = [{"sid": st.sid, "index": st.index, "action": a, "resource": res}
              for st in allows for a in _action_texts(st) for res in _resource_texts(st)
              if (st.index, a, res) not in used]
    return {"missing": [missing[k] for k in sorted(missing)], "unused": unused,
            "allowed": allowed, "denied": denied}


def evaluate_record(record: dict, identity_policies):
    """The evaluator's decision for a recorded call under the given identity policies."""
    from iamulator.authz.evaluator import evaluate

    return evaluate(record["action"], record.get("resource") or "*", _judged_principal(record),
                    context=record.get("context_keys_used") or None,
                    identity_policies=identity_policies)


def _judged_principal(record: dict) -> str | None:
    """The caller whose policies are judged. The root user is never limited by identity
    policies and a federated user's session has its own policy, so their calls are judged
    as an IAM user of the same account would make them."""
    from iamulator.authz.principal import FEDERATED_USER, ROOT, parse_principal

    arn = record.get("principal")
    p = parse_principal(arn) if arn else None
    if p is not None and p.kind in (ROOT, FEDERATED_USER) and p.account:
        return f"arn:{p.partition or 'aws'}:iam::{p.account}:user/policy-under-test"
    return arn


def _call_key(record: dict) -> tuple:
    ctx = record.get("context_keys_used") or {}
    return (record["action"].lower(), record.get("resource") or "*", record.get("principal"),
            json.dumps(ctx, sort_keys=True))


def _action_texts(st) -> list[str]:
    if st.not_action:
        return ["NotAction[" + ", ".join(p.text for p in st.actions) + "]"]
    return [p.text for p in st.actions]


def _resource_texts(st) -> list[str]:
    if st.not_resource:
        return ["NotResource[" + ", ".join(p.text for p in st.resources) + "]"]
    return [p.text for p in st.resources or ()] or ["*"]


def _matching_actions(st, req) -> list[str]:
    if st.not_action:
        return _action_texts(st)
    return [p.text for p in st.actions if p.match(req.action_l)]


def _matching_resources(st, req) -> list[str]:
    if st.not_resource or st.resources is None:
        return _resource_texts(st)
    return [p.text for p in st.resources if p.match(req.resource, req.parts, req.resolve)]
