"""The policy simulator: SimulatePrincipalPolicy and SimulateCustomPolicy decide each action
with ``iamulator.authz.evaluate`` and report it in IAM's result shape; the context-key
operations list the condition keys the policies use."""
from __future__ import annotations

from iamulator.authz import ALLOWED, EXPLICIT, evaluate
from iamulator.authz.principal import UNKNOWN, RequestPrincipal, account_of
from iamulator.policies import AWS_POLICY_ARN_PREFIX
from iamulator.services.iam.documents import compile_document
from iamulator.services.iam.errors import invalid_input
from iamulator.services.iam.paging import page
from iamulator.services.iam.positions import statement_positions

_DECISIONS = {ALLOWED: "allowed", EXPLICIT: "explicitDeny"}
_SEVERITY = {"allowed": 0, "implicitDeny": 1, "explicitDeny": 2}
_LIST_TYPES = frozenset({"stringList", "numericList", "booleanList", "ipList", "binaryList", "dateList"})


class Source:
    """One policy taking part in a simulation and how the simulator names it."""

    __slots__ = ("label", "policy_id", "policy_type", "compiled")

    def __init__(self, label, policy_id, policy_type, compiled):
        self.label = label
        self.policy_id = policy_id
        self.policy_type = policy_type
        self.compiled = compiled.with_name(label)


class Simulation:
    def __init__(self):
        self.identity: list[Source] = []
        self.boundary: Source | None = None
        self.resource: Source | None = None
        self._by_label: dict[str, Source] = {}

    def add(self, policy_id: str, policy_type: str, compiled, role: str = "identity") -> None:
        source = Source(f"{policy_type}#{len(self._by_label)}#{policy_id}", policy_id, policy_type, compiled)
        self._by_label[source.label] = source
        if role == "identity":
            self.identity.append(source)
        elif role == "boundary":
            self.boundary = source
        else:
            self.resource = source

    def statement_view(self, ref) -> dict:
        source = self._by_label.get(ref.policy_name)
        out = {"SourcePolicyId": source.policy_id if source else ref.policy_name or "",
               "SourcePolicyType": source.policy_type if source else "none"}
        if source is not None:
            positions = statement_positions(source.compiled.text)
            if ref.index < len(positions):
                out["StartPosition"], out["EndPosition"] = positions[ref.index]
        return out


def context_of(entries) -> dict:
    context = {}
    for entry in entries or ():
        values = entry.get("ContextKeyValues") or []
        name = entry.get("ContextKeyName")
        if not name:
            continue
        if entry.get("ContextKeyType") in _LIST_TYPES:
            context[name] = list(values)
        elif values:
            context[name] = values[0]
    return context


def managed_type(arn: str) -> str:
    return "aws-managed" if arn.startswith(AWS_POLICY_ARN_PREFIX) else "user-managed"


class SimulationOperations:
    def simulate_principal_policy(self, ctx, params) -> dict:
        source_arn = params["PolicySourceArn"]
        sim = Simulation()
        entity, kind = self._simulation_source(source_arn)
        self._add_entity_policies(sim, entity, kind)
        if kind in ("user", "role") and entity.boundary:
            sim.add(entity.boundary.rsplit("/", 1)[-1], managed_type(entity.boundary),
                    self.policy_document(entity.boundary), role="boundary")
        caller = params.get("CallerArn")
        principal = caller or (entity.arn if kind in ("user", "role") else
                               RequestPrincipal(entity.arn, UNKNOWN, account=self.account_id))
        context = context_of(params.get("ContextEntries"))
        if kind == "user" and not caller:
            context.setdefault("aws:userid", entity.unique_id)
        return self._simulate(sim, params, principal, context)

    def simulate_custom_policy(self, ctx, params) -> dict:
        sim = Simulation()
        caller = params.get("CallerArn")
        # Without a caller the simulated principal is nobody in particular of this account:
        # keys that would describe it are reported missing rather than invented.
        principal = caller or RequestPrincipal(None, UNKNOWN, account=self.account_id)
        return self._simulate(sim, params, principal, context_of(params.get("ContextEntries")),
                              auto_context=bool(caller))

    def _simulation_source(self, arn: str):
        parts = arn.split(":", 5)
        if len(parts) != 6 or parts[0] != "arn" or parts[2] != "iam":
            raise invalid_input(f"Invalid ARN: {arn}")
        resource = parts[5]
        kind = resource.split("/", 1)[0]
        name = resource.rsplit("/", 1)[-1]
        if parts[4] != self.account_id or kind not in ("user", "group", "role") or "/" not in resource:
            raise invalid_input(f"Invalid ARN: {arn}")
        return getattr(self, kind)(name), kind

    def _add_entity_policies(self, sim: Simulation, entity, kind: str) -> None:
        for name, doc in entity.inline.items():
            sim.add(name, kind, doc)
        for arn in entity.attached:
            sim.add(arn.rsplit("/", 1)[-1], managed_type(arn), self.policy_document(arn))
        if kind == "user":
            for group in entity.groups.values():
                for name, doc in group.inline.items():
                    sim.add(name, "group", doc)
                for arn in group.attached:
                    sim.add(arn.rsplit("/", 1)[-1], managed_type(arn), self.policy_document(arn))

    def _simulate(self, sim: Simulation, params, principal, context: dict, auto_context: bool = True) -> dict:
        for n, text in enumerate(params.get("PolicyInputList") or (), 1):
            sim.add(f"PolicyInputList.{n}", "none", compile_document(text, "identity", max_size=0))
        boundaries = params.get("PermissionsBoundaryPolicyInputList") or ()
        if len(boundaries) > 1:
            raise invalid_input("Only one permissions boundary policy can be simulated at a time.")
        if boundaries:
            sim.add("PermissionsBoundaryPolicyInputList.1", "none",
                    compile_document(boundaries[0], "boundary", max_size=0), role="boundary")
        if params.get("ResourcePolicy"):
            sim.add("ResourcePolicy", "resource", compile_document(params["ResourcePolicy"], "resource"),
                    role="resource")
        owner = params.get("ResourceOwner")
        resource_account = account_of(owner) if owner else None
        resources = params.get("ResourceArns") or []
        results = [self._simulate_action(sim, action, resources, principal, context, resource_account,
                                         auto_context)
                   for action in params["ActionNames"]]
        return page(results, params, None, "EvaluationResults")

    def _simulate_action(self, sim, action, resources, principal, context, resource_account, auto_context):
        identity = [s.compiled for s in sim.identity]
        boundary = sim.boundary.compiled if sim.boundary else None
        resource_policy = sim.resource.compiled if sim.resource else None

        def one(resource: str) -> dict:
            d = evaluate(action, resource, principal, context, identity_policies=identity,
                         resource_policy=resource_policy, resource_account=resource_account,
                         permissions_boundary=boundary, auto_context=auto_context)
            out = {"EvalResourceName": resource, "EvalDecision": _DECISIONS.get(d.result, "implicitDeny"),
                   "MatchedStatements": [sim.statement_view(ref) for ref in d.statements],
                   "MissingContextValues": list(d.missing_context_keys)}
            if boundary is not None:
                within = evaluate(action, resource, principal, context, identity_policies=[boundary],
                                  auto_context=auto_context)
                out["PermissionsBoundaryDecisionDetail"] = {"AllowedByPermissionsBoundary": within.allowed}
            return out

        if not resources:
            result = one("*")
            result["EvalActionName"] = action
            return result
        per_resource = [one(r) for r in resources]
        decision = max((r["EvalDecision"] for r in per_resource), key=_SEVERITY.__getitem__)
        matched = []
        for r in per_resource:
            if r["EvalDecision"] == decision:
                matched.extend(m for m in r["MatchedStatements"] if m not in matched)
        result = {"EvalActionName": action,
                  "EvalResourceName": resources[0] if len(resources) == 1 else "*",
                  "EvalDecision": decision, "MatchedStatements": matched, "MissingContextValues": [],
                  "EvalDecisionDetails": {},
                  "ResourceSpecificResults": [
                      {"EvalResourceName": r["EvalResourceName"], "EvalResourceDecision": r["EvalDecision"],
                       "MatchedStatements": r["MatchedStatements"],
                       "MissingContextValues": r["MissingContextValues"],
                       **({"PermissionsBoundaryDecisionDetail": r["PermissionsBoundaryDecisionDetail"]}
                          if "PermissionsBoundaryDecisionDetail" in r else {})}
                      for r in per_resource]}
        if boundary is not None:
            result["PermissionsBoundaryDecisionDetail"] = {
                "AllowedByPermissionsBoundary": all(r["PermissionsBoundaryDecisionDetail"]["AllowedByPermissionsBoundary"]
                                                    for r in per_resource)}
        return result

    # -- context keys ----------------------------------------------------------------------
    def get_context_keys_for_custom_policy(self, ctx, params) -> dict:
        docs = [compile_document(t, "identity", max_size=0) for t in params["PolicyInputList"]]
        return {"ContextKeyNames": _context_keys(docs)}

    def get_context_keys_for_principal_policy(self, ctx, params) -> dict:
        sim = Simulation()
        entity, kind = self._simulation_source(params["PolicySourceArn"])
        self._add_entity_policies(sim, entity, kind)
        docs = [s.compiled for s in sim.identity]
        docs += [compile_document(t, "identity", max_size=0) for t in params.get("PolicyInputList") or ()]
        return {"ContextKeyNames": _context_keys(docs)}


def _context_keys(docs) -> list[str]:
    found: dict[str, str] = {}
    for doc in docs:
        for st in doc.statements:
            for lower, key in st.context_keys:
                found.setdefault(lower, key)
    return sorted(found.values(), key=str.lower)
