"""Lambda operations for one account in one region.

A request names its function by name or ARN; an ARN of another account reaches that account's
backend (under that backend's lock only: the caller's lock is set aside meanwhile, see
``locks``). Operations live in mixins by subject; this class holds the state and the lookups
they share.
"""
from __future__ import annotations

from iamulator.services.base import Service
from iamulator.services.constraints import ModelValidated

from .aliases import AliasOperations
from .concurrency import ConcurrencyOperations
from .errors import function_not_found, revision_mismatch
from .functions import FunctionOperations
from .invoke import InvokeOperations
from .layers import LayerOperations
from .names import LATEST, FunctionRef, parse_function
from .permissions import PermissionOperations
from .records import Function, Version
from .tagging import TagOperations
from .versions import VersionOperations


class Backend(ModelValidated, FunctionOperations, VersionOperations, AliasOperations, PermissionOperations,
              LayerOperations, TagOperations, ConcurrencyOperations, InvokeOperations, Service):
    name = "lambda"

    def __init__(self, account_id: str, region: str, store=None):
        super().__init__(account_id, region, store)
        self.functions: dict[str, Function] = {}
        self.layers: dict = {}
        # (role ARN, function name) -> (credentials, expiry): execution-role sessions in use.
        self.role_sessions: dict = {}

    # -- finding functions ------------------------------------------------------------------
    def _owner(self, ctx, account: str) -> "Backend":
        if account == self.account_id or ctx is None or ctx.store is None:
            return self
        return ctx.store.backend(self.name, account, self.region)

    def _locate(self, ctx, identifier: str, qualifier: str | None = None) -> tuple["Backend", FunctionRef]:
        ref = parse_function(identifier, self.account_id, self.region, qualifier)
        return self._owner(ctx, ref.account), ref

    def _function(self, ref: FunctionRef) -> Function:
        fn = self.functions.get(ref.name)
        if fn is None:
            raise function_not_found(ref.arn(ref.qualifier))
        return fn

    def _version_of(self, fn: Function, ref: FunctionRef) -> tuple[Version, str]:
        """The version ``ref``'s qualifier selects (an alias selects its primary version), and
        the ARN it is shown under."""
        qualifier = ref.qualifier
        if qualifier is None:
            return fn.latest, fn.arn
        version = fn.version(qualifier)
        if version is None:
            alias = fn.aliases.get(qualifier)
            if alias is not None:
                version = fn.version(alias.function_version)
        if version is None:
            raise function_not_found(ref.arn(qualifier))
        return version, f"{fn.arn}:{qualifier}"

    def _latest_checked(self, ref: FunctionRef, params: dict) -> tuple[Function, Version]:
        """The function and its $LATEST, which a request that changes it may pin with its
        ``RevisionId``."""
        fn = self._function(self._unqualified(ref))
        latest = fn.latest
        if params.get("RevisionId") and params["RevisionId"] != latest.revision_id:
            raise revision_mismatch()
        return fn, latest

    def _unqualified(self, ref: FunctionRef) -> FunctionRef:
        return ref._replace(qualifier=None) if ref.qualifier is not None else ref

    def _is_latest(self, qualifier: str | None) -> bool:
        return qualifier is None or qualifier == LATEST
