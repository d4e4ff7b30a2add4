"""What a service declares about authorization: only what the reference cannot know.

A service's ``services/<name>/authorization.py`` builds one ``Declarations`` and is imported the
first time ``describe`` needs the service (importing it registers it). Everything not declared is
derived from the reference: action ``<prefix>:<Operation>``, its resource types' ARN templates
filled from params with matching names, its condition keys from the sources given here.

    auth = Declarations("s3", variables={"ObjectName": "Key"}, keys={"s3:prefix": "Prefix"})
    auth.operation("ListObjectsV2", act("ListBucket"))
    auth.operation("HeadObject", act("GetObject"))
    auth.operation("DeleteObjects", act("DeleteObject", each=lambda r: r.params["Delete"]["Objects"],
                                        vars={"ObjectName": lambda r: r.item["Key"]}))
    sts.operation("GetCallerIdentity", ALWAYS_ALLOWED)

A *source* is a top-level param name (``"Key"``) or a function of the call (``lambda r: ...``)
where ``r`` has ``params``, ``ctx``, ``action`` (the action being described), ``item`` (the
current element of ``each``), ``vars`` (the resource's ARN variables once filled), ``account``
(the resource's owner once known) and ``memo`` (a dict shared by every source of one
``describe`` call, for lookups worth doing once). A source answering None means "not in this
request".
"""
from __future__ import annotations

import importlib
import threading
from typing import Any, Callable, Iterable

__all__ = ["Declarations", "act", "Act", "NEW", "ALWAYS_ALLOWED", "declarations_for", "registered"]


class _Marker:
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self):
        return self.name


#: A variable naming a resource the request itself creates (an instance RunInstances launches):
#: AWS authorizes such requests on the ARN with ``*`` in place of the id it has not assigned yet.
NEW = _Marker("NEW")

#: The operation needs no authorization at all (``sts:GetCallerIdentity``: AWS always allows it).
ALWAYS_ALLOWED = _Marker("ALWAYS_ALLOWED")

Source = Any   # str | Callable[[call], Any] | NEW


class Act:
    """One IAM action an operation needs, and how to name its resource(s)."""

    __slots__ = ("action", "on", "vars", "each", "when", "keys", "tags", "arn", "note")

    def __init__(self, action: str, on=None, vars=None, each=None, when=None, keys=None, tags=None,
                 arn=None, note: str = ""):
        self.action = action
        self.arn = arn
        self.on = (on,) if isinstance(on, str) else tuple(on or ())
        self.vars = vars or {}
        self.each = each
        self.when = when
        self.keys = keys or {}
        self.tags = tags
        self.note = note

    def __repr__(self):
        return f"act({self.action!r})"


def act(action: str, *, on: str | Iterable[str] | None = None, vars: dict | None = None,
        each: Callable | None = None, when: Callable | None = None, keys: dict | None = None,
        tags: Callable | None = None, arn: Callable | None = None, note: str = "") -> Act:
    """``action``: ``"ListBucket"`` (the service's own prefix) or ``"kms:Decrypt"``.

    ``on``: the resource type(s) to authorize on, in preference order (default: the action's
    types in the reference, the most specific that the request fills). ``on="*"`` says the
    request names no resource of the action's types, all of which are optional (CloudWatch's
    PutMetricData and its datasets), so AWS authorizes it on ``*``; actions without resource
    types need no declaration for that.
    ``vars``: ARN variable -> source, overriding the service's and the automatic ones.
    ``each``: function of the call returning the elements to authorize one check each for.
    ``when``: function of the call; the action is needed only when it answers true.
    ``keys``: condition key -> source, for this action only (kept even where the reference does
    not list the key).
    ``tags``: function of the call returning the request's tags for this action (a dict).
    ``arn``: function of the call returning the resource's whole ARN when the request names it
    in a way no template fills (IAM's ``PolicySourceArn``, "the caller" when ``UserName`` is
    omitted); when it answers None the templates are used as usual.
    ``note``: one line for the documentation table.
    """
    return Act(action, on, vars, each, when, keys, tags, arn, note)


class Declarations:
    """One service's declarations; constructing it registers it under the botocore name."""

    def __init__(self, service: str, *, variables: dict | None = None, keys: dict | None = None,
                 owner: Callable | None = None, resource_context: Callable | None = None,
                 resource_keys: Iterable[str] = (), request_tags: Callable | None = None):
        """``variables``: ARN variable -> source (or list of sources, tried in order) for every
        operation. ``keys``: condition key -> source for every operation; each applies only where
        the reference lists the key for the action or its resource type.
        ``owner(r)``: the account owning the resource in ``r.vars``, for ARNs without an account
        (S3 buckets). ``resource_context(r, resource_type)``: condition keys read from the stored
        resource (``aws:ResourceTag/...``, ``s3:ExistingObjectTag/...``, ``ec2:InstanceType``),
        called only where the reference lists one of ``resource_keys`` (which also documents it).
        ``request_tags(r, resource_type)``: the tags a request carries, when the generic reading
        of a ``Tags``/``tags`` member does not fit.
        """
        self.service = service
        self.variables = dict(variables or {})
        self.keys = dict(keys or {})
        self.owner = owner
        self.resource_context = resource_context
        self.resource_keys = tuple(resource_keys)
        self.request_tags = request_tags
        self.operations: dict[str, tuple] = {}
        _register(self)

    def operation(self, name: str, *acts) -> "Declarations":
        """Declare what ``name`` is authorized for: one or more ``act(...)`` (an action name
        alone is taken as ``act(name)``), or ``ALWAYS_ALLOWED``."""
        if not acts:
            raise ValueError(f"{self.service}.{name}: declare at least one action or ALWAYS_ALLOWED")
        if any(a is ALWAYS_ALLOWED for a in acts):
            if len(acts) != 1:
                raise ValueError(f"{self.service}.{name}: ALWAYS_ALLOWED stands alone")
            self.operations[name] = (ALWAYS_ALLOWED,)
        else:
            self.operations[name] = tuple(a if isinstance(a, Act) else act(a) for a in acts)
        return self


_registry: dict[str, Declarations] = {}
_looked_for: set[str] = set()
_lock = threading.Lock()


def _register(decl: Declarations) -> None:
    _registry[decl.service] = decl
    # Plans compiled before these declarations existed are stale.
    from iamulator.authz import describe

    describe.forget(decl.service)


def registered() -> dict[str, Declarations]:
    return dict(_registry)


def declarations_for(service: str) -> Declarations | None:
    """The service's declarations, importing ``iamulator.services.<name>.authorization`` the first
    time (by name: authz has no import-time dependency on any service)."""
    decl = _registry.get(service)
    if decl is None and service not in _looked_for:
        with _lock:
            if service not in _looked_for:
                _looked_for.add(service)
                module = f"iamulator.services.{service.replace('-', '_')}.authorization"
                try:
                    importlib.import_module(module)
                except ModuleNotFoundError as err:
                    if err.name not in (module, module.rpartition(".")[0]):
                        raise
        decl = _registry.get(service)
    return decl
