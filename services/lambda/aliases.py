"""Aliases: CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases. An alias names one
version and may route a share of its traffic to one other published version (RoutingConfig),
which Invoke honours."""
from __future__ import annotations

from .errors import conflict, function_not_found, invalid, resource_not_found, revision_mismatch, validation
from .names import LATEST
from .pagination import page
from .records import Alias, Function, new_revision


def _check_version(fn: Function, number: str) -> None:
    if fn.version(number) is None:
        raise function_not_found(f"{fn.arn}:{number}")


def _check_routing(fn: Function, primary: str, routing: dict | None) -> dict | None:
    weights = (routing or {}).get("AdditionalVersionWeights") or {}
    if not weights:
        return None
    if primary == LATEST:
        raise invalid("$LATEST is not supported for an alias pointing to more than 1 version")
    if len(weights) > 1:
        raise invalid("Number of items in AdditionalVersionWeights cannot be greater than 1")
    for number, weight in weights.items():
        # The model's float bounds are not among those the shared model checks read.
        if not 0.0 <= weight <= 1.0:
            bound = "less than or equal to 1.0" if weight > 1.0 else "greater than or equal to 0.0"
            raise validation(f"Value '{weight}' at 'routingConfig.additionalVersionWeights.{number}' failed to "
                             f"satisfy constraint: Member must have value {bound}")
        if number == primary:
            raise invalid(f"Invalid function version {number}. Function version {number} is already included "
                          "in routing configuration.")
        if number == LATEST or number not in fn.versions:
            raise invalid(f"Invalid function version {number}. Only published versions can be used in "
                          "routing configuration.")
    return {k: float(v) for k, v in weights.items()}


class AliasOperations:
    def _alias(self, fn: Function, name: str) -> Alias:
        alias = fn.aliases.get(name)
        if alias is None:
            raise resource_not_found(f"Cannot find alias arn: {fn.arn}:{name}")
        return alias

    def create_alias(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"])
        with self._holding(owner):
            fn = owner._function(owner._unqualified(ref))
            name = params["Name"]
            if name in fn.aliases:
                raise conflict(f"Alias already exists: {fn.arn}:{name}")
            number = params["FunctionVersion"]
            _check_version(fn, number)
            routing = _check_routing(fn, number, params.get("RoutingConfig"))
            alias = Alias(name, f"{fn.arn}:{name}", number, params.get("Description") or "", routing)
            fn.aliases[name] = alias
            return alias.view()

    def get_alias(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"])
        with self._holding(owner):
            fn = owner._function(owner._unqualified(ref))
            return owner._alias(fn, params["Name"]).view()

    def update_alias(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"])
        with self._holding(owner):
            fn = owner._function(owner._unqualified(ref))
            alias = owner._alias(fn, params["Name"])
            if params.get("RevisionId") and params["RevisionId"] != alias.revision_id:
                raise revision_mismatch()
            number = params.get("FunctionVersion") or alias.function_version
            _check_version(fn, number)
            # Kept weights must still make sense with a new primary version.
            weights = params["RoutingConfig"] if "RoutingConfig" in params else \
                {"AdditionalVersionWeights": alias.routing}
            routing = _check_routing(fn, number, weights)
            alias.function_version = number
            alias.routing = routing
            if params.get("Description") is not None:
                alias.description = params["Description"]
            alias.revision_id = new_revision()
            return alias.view()

    def delete_alias(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"])
        with self._holding(owner):
            fn = owner._function(owner._unqualified(ref))
            if fn.aliases.pop(params["Name"], None) is not None:
                fn.policies.pop(params["Name"], None)
            return {}

    def list_aliases(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"])
        with self._holding(owner):
            fn = owner._function(owner._unqualified(ref))
            wanted = params.get("FunctionVersion")
            aliases = [fn.aliases[n] for n in sorted(fn.aliases)
                       if wanted is None or fn.aliases[n].function_version == wanted]
            chosen, marker = page(aliases, [a.name for a in aliases], params.get("Marker"), params.get("MaxItems"))
            out: dict = {"Aliases": [a.view() for a in chosen]}
            if marker:
                out["NextMarker"] = marker
            return out
