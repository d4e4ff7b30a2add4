"""Finds the service and operation of any request to any service botocore has a model for.

Contract (used by ``server.dispatch``):

``route(request) -> Route``
    ``Route(service, operation, protocol, uri_params, region, signing_name, access_key)``;
    raises ``RoutingError`` (an ``AWSError``) when nothing matches. Its ``service`` and
    ``protocol`` attributes say whose error format to answer in (None when no service is known).

``service_for_event(event_name) -> str | None``
    botocore's service name for the service id its events use (``before-send.{id}.{op}``):
    ``"cloudwatch-logs"`` -> ``"logs"``.

What a request shows is used in this order of trust:
  1. an S3 virtual-hosted bucket in the host (``{bucket}.s3.amazonaws.com``, ``{bucket}.localhost``);
  2. the SigV4 credential scope (signing name, region), from the Authorization header or a
     presigned URL; several services share a signing name, the rest of the request decides;
  3. ``X-Amz-Target: Prefix.Operation`` (json), or the RPCv2 CBOR path
     ``/service/{Prefix}/operation/{Operation}``;
  4. the ``Action`` parameter, in the query or a form body (query, ec2);
  5. the host's endpoint prefix and host prefix (``sqs.us-east-1.amazonaws.com``,
     ``{AccountId}.s3-control...``);
  6. the REST URI templates: method, path and required query keys, the most specific winning
     (see ``routing.operations``).
A REST request with none of 1-5 goes to S3, the one service AWS serves anonymously at any host;
one signed for a signing name no model has is refused.
"""
from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import unquote_to_bytes

from iamulator.services.errors import AWSError
from iamulator.services.routing import credentials, hosts
from iamulator.services.routing.credentials import text
from iamulator.services.routing.catalog import catalog
from iamulator.services.routing.operations import host_labels, table

DEFAULT_REGION = "us-east-1"
CBOR = "smithy-rpc-v2-cbor"

# Signing names that botocore's endpoint rule sets give S3 and S3 Control endpoints beyond the
# models' own "s3" (S3 Express, Object Lambda, Outposts); tests check this against the rule sets.
SIGNING_ALIASES = {
    "s3express": ("s3", "s3control"),
    "s3-object-lambda": ("s3",),
    "s3-outposts": ("s3", "s3control"),
}


class Route(NamedTuple):
    service: str              # botocore name, e.g. "logs"
    operation: str            # e.g. "PutLogEvents"
    protocol: str             # the wire protocol this request speaks
    uri_params: dict          # URI (and host-prefix) labels, values still percent-encoded
    region: str
    signing_name: str         # from the credential scope, else the service's own
    access_key: str | None = None


class RoutingError(AWSError):
    """No service or no operation matched. ``service``/``protocol`` say whose error format
    to answer in; both are None when no service could be told."""

    def __init__(self, code: str, message: str, status: int = 400, *, service: str | None = None,
                 protocol: str | None = None, **fields):
        super().__init__(code, message, status, **fields)
        self.service = service
        self.protocol = protocol


def service_for_event(event_name: str) -> str | None:
    return catalog().by_event_name.get(event_name)


def route(request) -> Route:
    cat = catalog()
    headers = request.headers
    try:
        raw_query = request.raw_query    # splits (and caches) the URL
        host_name = text(request.host)
    except ValueError:                   # urllib refuses it, e.g. an unclosed "[" in the host
        raise RoutingError("InvalidURI", "Couldn't parse the specified URI.", 400) from None
    cred = credentials.from_request(headers, raw_query)
    host = hosts.parse(host_name, cat)
    ctx = _Seen(request, cred, host, cat)

    target = headers.get("x-amz-target")
    if target:
        return _route_target(ctx, text(target).strip())
    smithy = headers.get("smithy-protocol")
    if smithy and text(smithy).lower() == "rpc-v2-cbor" or request.path.startswith("/service/"):
        found = _route_cbor(ctx)
        if found is not None:
            return found
    if ctx.plan.unknown:
        raise _unknown_service(ctx)
    bucket = ctx.bucket()
    # S3 has no Action parameter: with one, "{x}.localhost" was no bucket after all.
    if (bucket is None or host.local_bucket) and ctx.may_be_query():
        action = _param(request, "Action")
        if action is not None:
            return _route_action(ctx, action)
    return _route_rest(ctx, bucket)


class _Plan(NamedTuple):
    """What a (signing name, host's services) pair allows; the same for every such request."""
    candidates: tuple     # services allowed, best first; () when neither tells
    rest: tuple           # those of them that speak a REST protocol
    queryable: bool       # whether an Action parameter may route the request
    s3_signed: bool       # whether a virtual-hosted bucket may be believed
    unknown: bool         # signed for a service no model has, and the host names none


_plans: dict = {}
_PLANS_MAX = 4096


def _plan(cat, signing_name: str | None, hosted: tuple) -> _Plan:
    key = (signing_name, hosted)
    plan = _plans.get(key)
    if plan is None:
        signed = ()
        if signing_name:
            signed = cat.by_signing_name.get(signing_name, ()) + SIGNING_ALIASES.get(signing_name, ())
        if signed and hosted:
            cands = tuple(s for s in signed if s in hosted) or signed
        else:
            cands = signed or hosted
        services = cat.services
        plan = _Plan(
            cands,
            tuple(s for s in cands if services[s].rest_protocol),
            not cands or any(services[s].query_protocol for s in cands),
            not signing_name or "s3" in signed,
            bool(signing_name) and not cands,
        )
        if len(_plans) >= _PLANS_MAX:      # signing names come from requests: stay bounded
            _plans.clear()
        _plans[key] = plan
    return plan


class _Seen:
    """What the request shows about its service, worked out once per request."""

    __slots__ = ("request", "cred", "host", "cat", "plan")

    def __init__(self, request, cred, host, cat):
        self.request = request
        self.cred = cred
        self.host = host
        self.cat = cat
        self.plan = _plan(cat, cred.signing_name, host.services)

    @property
    def region(self) -> str:
        return self.cred.region or self.host.region or DEFAULT_REGION

    def candidates(self) -> tuple:
        return self.plan.candidates

    def bucket(self) -> str | None:
        """The virtual-hosted bucket, unless the signature says the request is for another
        service (``sqs.localhost`` is a bucket only to an unsigned or S3-signed request)."""
        if self.host.bucket is None or not self.plan.s3_signed:
            return None
        return self.host.bucket

    def may_be_query(self) -> bool:
        return self.plan.queryable

    def route(self, service: str, operation: str, protocol: str, params: dict) -> Route:
        signing = self.cred.signing_name or self.cat.services[service].signing_name
        return Route(service, operation, protocol, params, self.region, signing, self.cred.access_key)

    def describe(self) -> str:
        r = self.request
        seen = [f"{r.method} {text(r.host) or '(no host)'}{r.path}"]
        if self.cred.signing_name:
            seen.append(f"signing name {self.cred.signing_name!r}")
        if r.headers.get("x-amz-target"):
            seen.append(f"X-Amz-Target {text(r.headers['x-amz-target'])!r}")
        return ", ".join(seen)


# --- json and rpc-v2-cbor: the service's target prefix names it, the rest the operation ----------

def _route_target(ctx: _Seen, target: str) -> Route:
    prefix, _, operation = target.rpartition(".")
    return _by_prefix(ctx, prefix, operation, "json", f"X-Amz-Target {target!r}")


def _route_cbor(ctx: _Seen) -> Route | None:
    parts = ctx.request.path.split("/")
    if len(parts) != 5 or parts[1] != "service" or parts[3] != "operation":
        if ctx.request.headers.get("smithy-protocol"):
            return _no_operation(ctx, ctx.candidates(), ctx.request.path, CBOR)
        return None
    if parts[2] not in ctx.cat.by_target_prefix and not ctx.request.headers.get("smithy-protocol"):
        return None
    return _by_prefix(ctx, parts[2], parts[4], CBOR, ctx.request.path)


def _by_prefix(ctx: _Seen, prefix: str, operation: str, protocol: str, shown: str) -> Route:
    services = ctx.cat.services
    named = tuple(s for s in ctx.cat.by_target_prefix.get(prefix, ()) if protocol in services[s].protocols)
    cands = ctx.candidates()
    if named and cands:
        named = tuple(s for s in named if s in cands) or named
    if not named:
        speaking = tuple(s for s in cands if protocol in services[s].protocols)
        if speaking:
            return _no_operation(ctx, speaking, shown, protocol)
        raise _unknown_service(ctx)
    for service in named:
        if operation in table(service).operations:
            return ctx.route(service, operation, protocol, _host_params(ctx, service, operation))
    return _no_operation(ctx, named, shown, protocol)


# --- query and ec2: the Action parameter ----------------------------------------------------------

_FORM = "application/x-www-form-urlencoded"


def _param(request, name: str) -> str | None:
    """A query-protocol parameter from the URL's query or a form-encoded body."""
    if name + "=" in request.raw_query:
        values = request.query.get(name)
        if values:
            return values[0]
    if request.method == "POST" and text(request.headers.get("content-type")).startswith(_FORM):
        body = request.body
        if isinstance(body, str):
            body = body.encode("utf-8", "replace")
        if isinstance(body, (bytes, bytearray)):
            m = _form_pattern(name).search(body)
            if m:
                raw = m.group(1).replace(b"+", b" ")
                return unquote_to_bytes(raw).decode("utf-8", "replace")
    return None


_FORM_PATTERNS: dict[str, re.Pattern] = {}


def _form_pattern(name: str) -> re.Pattern:
    p = _FORM_PATTERNS.get(name)
    if p is None:
        p = _FORM_PATTERNS[name] = re.compile(rb"(?:^|&)" + re.escape(name.encode()) + rb"=([^&]*)")
    return p


def _route_action(ctx: _Seen, action: str) -> Route:
    services = ctx.cat.services
    cands = ctx.candidates()
    pool = tuple(s for s in cands if services[s].query_protocol) if cands else ctx.cat.query_services
    version = _param(ctx.request, "Version")
    if version and len(pool) > 1:
        # elb and elbv2 share signing name and endpoint; only their API version tells them apart.
        pool = tuple(s for s in pool if services[s].api_version == version) or pool
    if ctx.cred.access_key is None:
        key = _param(ctx.request, "AWSAccessKeyId")      # SigV2 signed form
        if key:
            ctx.cred = ctx.cred._replace(access_key=key)
    for service in pool:
        if action in table(service).operations:
            return ctx.route(service, action, services[service].query_protocol,
                             _host_params(ctx, service, action))
    if not pool:
        raise _unknown_service(ctx)
    first = pool[0]
    protocol = services[first].query_protocol
    if not action:
        raise RoutingError("MissingAction", "The request must contain the parameter Action.", 400,
                           service=first, protocol=protocol)
    raise RoutingError("InvalidAction", f"The action {action} is not valid for this web service.",
                       400, service=first, protocol=protocol)


# --- REST: URI templates --------------------------------------------------------------------------

def _route_rest(ctx: _Seen, bucket: str | None) -> Route:
    services = ctx.cat.services
    cands = ctx.candidates() or ("s3",)
    rest = ctx.plan.rest if ctx.plan.candidates else ("s3",)
    if not rest and bucket is None:
        first = services[cands[0]]
        if first.query_protocol and "json" not in first.protocols:
            raise RoutingError("MissingAction", "The request must contain the parameter Action.", 400,
                               service=first.name, protocol=first.query_protocol)
        return _no_operation(ctx, cands, ctx.request.path, None)
    request = ctx.request
    path = request.path
    segments = path[1:].split("/") if path.startswith("/") else path.split("/")
    host = ctx.host
    if bucket is None:
        attempts = [(s, segments) for s in rest]
    else:
        attempts = [("s3", [bucket] + segments)]
        if host.local_bucket:
            # "{x}.localhost" is a bucket only if no other signed service's path fits better
            # (S3 Control signs as "s3" too, and botocore puts the account id before the host).
            attempts += [(s, segments) for s in rest if s != "s3"]
    best = _best(attempts, request, host)
    if best is None and bucket is None and len(segments) > 1 and rest != ("s3",):
        # An endpoint URL with a base path, e.g. API Gateway's "https://{id}.execute-api.
        # {region}.amazonaws.com/{stage}" for the management API: try without its first segment.
        best = _best([(s, segs[1:]) for s, segs in attempts if s != "s3"], request, host)
    if best is None:
        return _no_rest_operation(ctx, attempts[0][0], attempts[0][1])
    (_, terminal, captures), service = best
    params = dict(zip(terminal.labels, captures))
    if terminal.host_labels:
        params.update(host_labels(table(service), terminal.op, host.prefix))
    return ctx.route(service, terminal.op, services[service].rest_protocol, params)


def _best(attempts: list, request, host):
    best = None
    for service, segs in attempts:
        found = table(service).match(request.method, segs, request, host.prefix, host.flavour)
        if found is not None and (best is None or found[0] > best[0][0]):
            best = (found, service)
    return best


def _no_rest_operation(ctx: _Seen, service: str, segments: list):
    method = ctx.request.method
    if service == "s3":
        allowed = table("s3").path_matches(segments)
        real = [s for s in segments if s]
        kind = "SERVICE" if not real else "BUCKET" if len(real) == 1 else "OBJECT"
        raise RoutingError("MethodNotAllowed", "The specified method is not allowed against this resource.",
                           405, service="s3", protocol="rest-xml", Method=method, ResourceType=kind,
                           headers={"Allow": ", ".join(sorted(allowed))} if allowed else None)
    return _no_operation(ctx, (service,), f"{method} {ctx.request.path}", None)


# --- shared -----------------------------------------------------------------------------------------

def _host_params(ctx: _Seen, service: str, operation: str) -> dict:
    prefix = ctx.host.prefix
    if not prefix:
        return {}
    return host_labels(table(service), operation, prefix)


def _no_operation(ctx: _Seen, services: tuple, shown: str, protocol: str | None):
    if not services:
        raise _unknown_service(ctx)
    info = ctx.cat.services[services[0]]
    protocol = protocol or info.rest_protocol or ("json" if "json" in info.protocols else info.protocols[0])
    if protocol in ("query", "ec2"):
        raise RoutingError("InvalidAction", f"The action {shown} is not valid for this web service.", 400,
                           service=info.name, protocol=protocol)
    status = 404 if protocol in ("rest-json", "rest-xml") else 400
    raise RoutingError("UnknownOperationException",
                       f"No operation of {info.service_id} matches {shown}.", status,
                       service=info.name, protocol=protocol)


def _unknown_service(ctx: _Seen) -> RoutingError:
    return RoutingError("UnknownService", f"No AWS service matches this request ({ctx.describe()}).", 400)
