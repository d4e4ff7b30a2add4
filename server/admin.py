"""The emulator's own endpoints under ``/_iamulator/``: health, reset, the auth counter, the
decision log and state snapshots. JSON in and out.

Once the server checks anything (auth modes strict, count and soft) every endpoint but health
needs the default account's root user: a SigV4-signed request (any service name in the scope,
e.g. ``iamulator``), verified like any AWS request. Anything else gets a 403 JSON error.
"""
from __future__ import annotations

import itertools
import json

from iamulator.services.http import Request, Response

_JSON = {"Content-Type": "application/json"}


class _Server:
    """What the running server was started with (set by ``server/cli.py``)."""

    def __init__(self):
        self.auth = None              # auth_modes.AuthMode
        self.persistence = None       # persistence.Persistence, with --state-dir
        self.operations = itertools.count()
        self.served = 0

    def count_operation(self, ctx, backend, route) -> None:
        # itertools.count's next() is atomic under the GIL: no lock on the hot path.
        self.served = next(self.operations) + 1


SERVER = _Server()


def _answer(status: int, body) -> Response:
    return Response(status, dict(_JSON), json.dumps(body, default=str, sort_keys=True).encode())


def _error(status: int, code: str, message: str) -> Response:
    return _answer(status, {"error": code, "message": message})


def handle(request: Request) -> Response:
    from iamulator.server.app import ADMIN_PREFIX

    name = request.path.split("?", 1)[0][len(ADMIN_PREFIX):].strip("/")
    methods = _ENDPOINTS.get(name)
    if methods is None:
        return _error(404, "NotFound", f"no such admin endpoint: {ADMIN_PREFIX}{name}")
    fn = methods.get(request.method)
    if fn is None:
        return _error(405, "MethodNotAllowed",
                      f"{ADMIN_PREFIX}{name} answers {', '.join(sorted(methods))}, not {request.method}")
    if name not in _OPEN:
        refused = _refusal(request)
        if refused is not None:
            return refused
    try:
        body = _json_body(request)
    except ValueError as err:
        return _error(400, "InvalidRequest", str(err))
    try:
        return fn(body, request)
    except _BadRequest as err:
        return _error(400, "InvalidRequest", str(err))


class _BadRequest(Exception):
    pass


def _json_body(request: Request) -> dict:
    raw = request.body or b""
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as err:
        raise ValueError(f"the body is not JSON: {err}") from None
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


def _refusal(request: Request) -> Response | None:
    """None when the request may use the admin endpoints, else the 403 to answer."""
    if SERVER.auth is None or not SERVER.auth.checks:
        return None
    from iamulator import settings
    from iamulator.authz import authenticate
    from iamulator.authz.auth_errors import AuthError

    try:
        caller = authenticate.authenticate(request)
    except AuthError as err:
        return _error(403, "AccessDenied", f"admin endpoints need a request signed with the root "
                                           f"credentials of account {settings.DEFAULT_ACCOUNT_ID}: {err}")
    except Exception:   # a malformed Authorization header is the caller's fault
        return _error(403, "AccessDenied", "the request's signature could not be read")
    if not (caller.is_root and caller.account_id == settings.DEFAULT_ACCOUNT_ID):
        return _error(403, "AccessDenied", f"{caller.arn} is not the root user of account "
                                           f"{settings.DEFAULT_ACCOUNT_ID}")
    return None


# -- endpoints -----------------------------------------------------------------------------------


def _health(body, request) -> Response:
    from iamulator import __version__
    from iamulator.authz.gate import GATE

    out = {"status": "running", "version": __version__, "requests": SERVER.served,
           "unchecked_requests": GATE.count,
           "auth": SERVER.auth.as_dict() if SERVER.auth else None,
           "state_dir": SERVER.persistence.directory if SERVER.persistence else None}
    return _answer(200, out)


def _reset(body, request) -> Response:
    from iamulator.services.state import STORE

    STORE.reset()
    if SERVER.persistence is not None:
        SERVER.persistence.wipe()
    return _answer(200, {"reset": True})


def _reset_auth(body, request) -> Response:
    from iamulator.authz.gate import GATE
    from iamulator.server import auth_modes

    mode = body.get("mode")
    if mode is None:
        if "count" in body:
            raise _BadRequest("'count' goes with \"mode\": \"count\"")
        GATE.reset()
    else:
        count = body.get("count")
        if count is not None and (not isinstance(count, int) or isinstance(count, bool)):
            raise _BadRequest("'count' must be a whole number")
        try:
            new = auth_modes.AuthMode(mode, count, "admin endpoint") if isinstance(mode, str) else None
        except ValueError as err:
            raise _BadRequest(str(err)) from None
        if new is None:
            raise _BadRequest("'mode' must be a string")
        new.apply(GATE)
        SERVER.auth = new
    return _answer(200, {"auth": SERVER.auth.as_dict() if SERVER.auth else None})


def _log():
    from iamulator.authz import decision_log

    return decision_log.LOG


def _decisions(body, request) -> Response:
    log = _log()
    denied = request.query.get("denied", ["false"])[-1].lower() in ("1", "true", "yes")
    return _answer(200, {"decisions": log.as_dicts(denied_only=denied)})


def _clear_decisions(body, request) -> Response:
    _log().clear()
    return _answer(200, {"cleared": True})


def _snapshot(body, request) -> Response:
    from iamulator.services.state import STORE

    return _answer(200, {"state": summary(STORE)})


def _save(body, request) -> Response:
    persistence = SERVER.persistence
    if persistence is None:
        return _error(409, "NoStateDir", "the server was started without --state-dir: nothing to save to")
    return _answer(200, {"state_dir": persistence.directory, "files_written": persistence.save()})


def summary(store) -> dict:
    """``{service: {account: {region: {collection: count}}}}``: how many things each backend
    holds, by the name of each non-empty collection it keeps (``buckets``, ``queues``, ...)."""
    out: dict = {}
    for account, region, backend in sorted(store.existing(), key=lambda e: (e[2].name, e[0], e[1])):
        service = backend.name
        counts = {name: len(value) for name, value in vars(backend).items()
                  if not name.startswith("_") and isinstance(value, (dict, list, set)) and value}
        if counts:
            out.setdefault(service, {}).setdefault(account, {})[region] = counts
    return out


_ENDPOINTS = {
    "health": {"GET": _health},
    "reset": {"POST": _reset},
    "reset-auth": {"POST": _reset_auth},
    "decisions": {"GET": _decisions, "DELETE": _clear_decisions},
    "snapshot": {"GET": _snapshot, "POST": _save},
}
#: Endpoints anyone may call whatever the auth mode.
_OPEN = frozenset({"health"})
