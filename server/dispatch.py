"""The one request pipeline both front doors share.

route -> decode -> gate (authenticate + authorize once the unchecked allowance is used up)
-> backend operation under the backend's lock -> encode. Every failure leaves as an AWS error in
the request's own protocol; nothing escapes as a Python exception or a bare 500.
"""
from __future__ import annotations

import logging

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


def _authorize(ctx: Context) -> None:
    # Authentication (SigV4 against the identity store) and policy evaluation of live requests
    # are not wired in yet: refusing is honest, letting the request through would not be.
    raise AWSError(
        "NotImplemented",
        "Request authentication is not implemented yet: the initial unchecked action count "
        f"is used up, so {ctx.service}:{ctx.operation} cannot be authorized.",
        501,
    )


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
        params = protocol.decode(op_model, request, route.protocol, route.uri_params)
        ctx = Context(
            request=request, service=route.service, operation=route.operation,
            protocol=route.protocol, account_id=DEFAULT_ACCOUNT_ID, region=route.region,
            store=STORE, uri_params=route.uri_params,
        )
        if GATE.must_check():
            _authorize(ctx)
        if not registry.is_shipped(route.service):
            raise not_implemented(route.service, route.operation)
        backend = STORE.backend(route.service, ctx.account_id, ctx.region)
        handler = backend.handler(route.operation)
        if handler is None:
            raise not_implemented(route.service, route.operation)
        with backend.lock:
            result = handler(backend, ctx, params)
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
