"""The one request pipeline both front doors share.

route -> decode -> gate (authenticate + authorize once the unchecked allowance is used up)
-> backend operation under the backend's lock -> encode. Every failure leaves as an AWS error in
the request's own protocol; nothing escapes as a Python exception or a bare 500.
"""
from __future__ import annotations

import logging

from iamulator import settings
from iamulator.authz import authenticate as authn
from iamulator.authz import decision_log, identity
from iamulator.authz.auth_errors import AuthError, wire
from iamulator.authz.authorize import Check, Denied, authorize
from iamulator.authz.caller import Caller
from iamulator.authz.gate import GATE
from iamulator.services import protocol, registry, router
from iamulator.services.base import Context
from iamulator.services.errors import AWSError, not_implemented
from iamulator.services.http import Request, Response
from iamulator.services.models import operation_model, service_model
from iamulator.services.state import STORE

__all__ = ["dispatch", "Request", "Response"]

log = logging.getLogger("iamulator")

DEFAULT_ACCOUNT_ID = "123456789012"

#: ``observer(ctx, backend, route)`` called after every successful operation, still under the
#: backend's lock (persistence uses it to save what changed before the answer leaves).
AFTER_OPERATION: list = []


def _identify(ctx: Context, route, request: Request, smodel, checked: bool):
    """Who sent the request: the caller whose checks authorization will evaluate, or None
    when nothing is to be checked. Runs before the request is decoded, as in AWS, where a
    request with bad credentials is refused for them whatever else is wrong with it.

    Unchecked requests still act as their access key's principal (in its account), so that
    GetCallerIdentity and IAM GetUser answer as the caller. Checked ones must carry a valid
    signature; failures answer in the service's own error format."""
    if not _wired:
        _wire_identity()
    if not checked:
        caller = authn.attribute(route.access_key)
        ctx.principal = caller
        ctx.account_id = caller.account_id
        _record_use(caller, route)
        return None
    if (route.service, route.operation) in UNSIGNED_OPERATIONS:
        # Called with an identity provider's token instead of AWS credentials: the backend
        # evaluates the role's trust policy with the provider as the caller.
        ctx.principal = Caller(None, authenticated=True)
        return None
    fam, _, s3_signing = _auth_family(route.service, route.protocol, smodel)
    try:
        caller = authn.authenticate(request, s3=s3_signing)
    except AuthError as err:
        code, message, status, fields = wire(err, fam)
        decision_log.record_authentication_failure(ctx, route.access_key, code, message)
        if not GATE.soft:
            raise AWSError(code, message, status, **fields) from None
        # Soft mode denies nothing: the request goes on as its access key's principal.
        caller = authn.attribute(route.access_key)
    ctx.principal = caller
    if caller.account_id:
        ctx.account_id = caller.account_id
        _record_use(caller, route)
    return caller


def _authorize(ctx: Context, route, request: Request, params: dict, smodel, caller) -> None:
    """Policy evaluation for every check ``describe`` finds for the decoded request; a denial
    answers as the service's AccessDenied."""
    checks = _describe(route, params, ctx)
    try:
        authorize(ctx, caller, checks, request, ctx.region, GATE.soft)
    except Denied as denied:
        from iamulator.authz import denial

        fam, shapes, _ = _auth_family(route.service, route.protocol, smodel)
        decision_log.record(ctx, caller, checks, caller.decisions, denied)
        code, status = denial.flavour(fam, shapes)
        raise AWSError(code, denial.message(fam, denied, route.service), status) from None
    decision_log.record(ctx, caller, checks, caller.decisions, None)


#: Operations AWS serves without a signature (boto3 sends them unsigned).
UNSIGNED_OPERATIONS = frozenset({("sts", "AssumeRoleWithWebIdentity"), ("sts", "AssumeRoleWithSAML")})


def _record_use(caller, route) -> None:
    """IAM's GetAccessKeyLastUsed and RoleLastUsed report the requests keys make."""
    creds = caller.credentials
    if creds is None or creds.access_key_id == settings.DEFAULT_ACCESS_KEY_ID:
        return
    record = getattr(identity.source(), "record_use", None)
    if record is not None:
        record(creds, route.signing_name, route.region)


_families: dict = {}


def _auth_family(service: str, proto: str, smodel) -> tuple:
    """(error family, names of the model's error shapes, whether it signs S3's way: the path
    as sent, SigV2 accepted), once per service and protocol."""
    key = (service, proto)
    found = _families.get(key)
    if found is None:
        from iamulator.authz.auth_errors import family

        found = (family(service, proto, "awsQueryCompatible" in smodel.metadata),
                 frozenset(shape.name for shape in smodel.error_shapes),
                 service == "s3" or smodel.signature_version == "s3v4")
        _families[key] = found
    return found


def _describe(route, params: dict, ctx: Context) -> list:
    from iamulator.authz.describe import IncompleteRequest, UndeclaredOperation, describe

    try:
        return describe(route.service, route.operation, params, ctx)
    except IncompleteRequest:
        # The resource is not named, so no specific ARN can be checked; checking on "*"
        # only lets through callers whose policies grant the action on every resource,
        # never one whose grant is scoped to particular ARNs.
        pass
    except UndeclaredOperation:
        log.warning("no authorization declared for %s.%s: checking it on *", route.service,
                    route.operation)
    from iamulator.authz.catalog import iam_prefix

    return [Check(f"{iam_prefix(route.service) or route.signing_name}:{route.operation}")]


_wired: list = []


def _wire_identity() -> None:
    """Temporary credentials STS issued are found by access key like any other."""
    if _wired:
        return
    from iamulator.services.iam import identity as iam_identity
    from iamulator.services.sts import sessions

    if identity.source() is None:
        iam_identity.install()
    authn.add_lookup(sessions.lookup)
    _wired.append(True)


def dispatch(request: Request) -> Response:
    try:
        route = router.route(request)
    except router.RoutingError as err:
        # Answer in the service's own error format when the request showed which service.
        if err.service and err.protocol:
            return protocol.encode_error(service_model(err.service), err, err.protocol)
        return _bare_error(err)
    except AWSError as err:
        return _bare_error(err)
    except Exception:  # a router bug must still answer in AWS's shape
        log.exception("routing failed for %r", request)
        return _bare_error(AWSError("InternalFailure", "The request could not be routed.", 500))

    smodel = service_model(route.service)
    op_model = None
    try:
        op_model = operation_model(route.service, route.operation)
        ctx = Context(
            request=request, service=route.service, operation=route.operation,
            protocol=route.protocol, account_id=DEFAULT_ACCOUNT_ID, region=route.region,
            store=STORE, uri_params=route.uri_params,
        )
        caller = _identify(ctx, route, request, smodel, GATE.must_check())
        params = protocol.decode(op_model, request, route.protocol, route.uri_params)
        if caller is not None:
            _authorize(ctx, route, request, params, smodel, caller)
        if not registry.is_shipped(route.service):
            raise not_implemented(route.service, route.operation)
        backend = STORE.backend(route.service, ctx.account_id, ctx.region)
        handler = backend.handler(route.operation)
        if handler is None:
            raise not_implemented(route.service, route.operation)
        with backend.lock:
            result = handler(backend, ctx, params)
            for observer in AFTER_OPERATION:
                observer(ctx, backend, route)
        return protocol.encode(op_model, result or {}, route.protocol,
                               status=ctx.status, extra_headers=ctx.extra_headers, request=request)
    except AWSError as err:
        return protocol.encode_error(smodel, err, route.protocol, op_model)
    except Exception:
        log.exception("%s.%s failed", route.service, route.operation)
        err = AWSError("InternalFailure", f"{route.service}:{route.operation} failed inside iamulator.", 500)
        return protocol.encode_error(smodel, err, route.protocol, op_model)


def _bare_error(err: AWSError) -> Response:
    """An error for a request no service could be found for: a plain XML error body, the
    format most AWS front ends use before a service is known."""
    from xml.sax.saxutils import escape

    body = (f"<ErrorResponse><Error><Code>{escape(err.code)}</Code>"
            f"<Message>{escape(err.message)}</Message></Error></ErrorResponse>").encode()
    return Response(err.status, {"Content-Type": "text/xml", **err.headers}, body)
