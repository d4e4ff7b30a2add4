"""The decision log: every checked request's authorization decisions, kept for inspection.

The pipeline calls ``record`` once per checked request (after authorization, allowed or
denied) and ``record_authentication_failure`` when a signature or key is rejected. Requests
the gate lets through unchecked are not recorded.

Recording is on the request path, so it only appends the raw objects (caller, checks,
decisions) to a bounded deque; ``DecisionRecord``s, with their messages and JSON form, are
built when someone reads the log. ``LOG`` keeps the last ``IAMULATOR_DECISION_LOG_SIZE``
records (10,000 by default; 0 turns recording off).
"""
from __future__ import annotations

import itertools
import os
import threading
import time
from collections import deque

from . import clock
from .decision import ALLOWED

AUTHENTICATION_FAILED = "AuthenticationFailed"
DEFAULT_SIZE = 10_000

#: Why a check of an action AWS allows whoever asks (``authorize`` decides nothing) passed.
_ALWAYS_ALLOWED_REASON = "AWS allows this action to every authenticated caller"

# One number per recorded request, never reset: request ids, and "records since" queries.
_sequence = itertools.count(1)
_RUN = os.urandom(4).hex()


def request_id(seq: int) -> str:
    """The id shared by the records of request number ``seq``: UUID-shaped, unique in the
    process (a random prefix per process, then the number)."""
    return f"{_RUN}-{seq >> 48 & 0xffff:04x}-4{seq >> 36 & 0xfff:03x}-a{seq >> 24 & 0xfff:03x}-{seq & 0xffffff:012x}"


def _iso(epoch: float) -> str:
    ms = int(epoch * 1000) % 1000
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch)) + f".{ms:03d}Z"


class DecisionRecord:
    """One authorization check (or one rejected authentication) of one request.

    ``decision`` is the evaluator's ``Decision`` (None for rejected credentials and for
    actions AWS always allows); ``statements`` the ``StatementRef``s that decided."""

    __slots__ = ("sequence", "time", "request_id", "service", "operation", "region", "principal",
                 "account", "action", "resource", "result", "enforced", "decided_by",
                 "statements", "decision", "error_code", "_message")

    def __init__(self, sequence, epoch, service, operation, region, principal, account, action,
                 resource, result, enforced, decided_by=None, statements=(), decision=None,
                 message=None, error_code=None):
        self.sequence = sequence
        self.time = _iso(epoch)
        self.request_id = request_id(sequence)
        self.service = service
        self.operation = operation
        self.region = region
        self.principal = principal
        self.account = account
        self.action = action
        self.resource = resource
        self.result = result
        self.enforced = enforced
        self.decided_by = decided_by
        self.statements = tuple(statements)
        self.decision = decision
        self.error_code = error_code
        self._message = message

    @property
    def allowed(self) -> bool:
        return self.result == ALLOWED

    @property
    def denied(self) -> bool:
        return self.result != ALLOWED

    @property
    def message(self) -> str | None:
        """AWS's AccessDenied message (or the authentication error's), None when allowed."""
        if self.decision is not None:
            return self.decision.message
        return self._message

    @property
    def context_keys_used(self) -> dict[str, list[str]]:
        """The context keys (and policy variables) the deciding statements read, with the
        request's values; keys the request lacked are left out."""
        if self.decision is None:
            return {}
        ctx = self.decision._evaluation.req.ctx
        used: dict[str, list[str]] = {}
        for ref in self.statements:
            for key_l, key in ref.statement.context_keys:
                values = ctx.get(key_l)
                if values is not None and key not in used:
                    used[key] = [str(v) for v in values]
        return used

    def explain(self) -> str:
        """The readable trace of the decision: every policy, statement and condition."""
        if self.decision is not None:
            return self.decision.explain()
        head = f"Request: {self.action} on {self.resource or '*'} by {self.principal or 'anonymous'}"
        if self.result == AUTHENTICATION_FAILED:
            return (f"{head}\nDecision: {AUTHENTICATION_FAILED} - the credentials were rejected "
                    f"before any policy was evaluated ({self.error_code}).\nMessage: {self.message}")
        return f"{head}\nDecision: {self.result} - {_ALWAYS_ALLOWED_REASON}"

    def as_dict(self) -> dict:
        return {
            "time": self.time, "request_id": self.request_id, "service": self.service,
            "operation": self.operation, "region": self.region, "principal": self.principal,
            "account": self.account, "action": self.action, "resource": self.resource,
            "result": self.result, "enforced": self.enforced, "decided_by": self.decided_by,
            "statements": [_statement_dict(ref) for ref in self.statements],
            "context_keys_used": self.context_keys_used, "message": self.message,
        }

    def __repr__(self) -> str:
        mode = "" if self.enforced else " (not enforced)"
        return f"<DecisionRecord {self.result}{mode}: {self.action} on {self.resource} by {self.principal}>"


_STATEMENT_FIELDS = ("policy_type", "policy_name", "sid", "index", "effect")


def _statement_dict(ref) -> dict:
    full = ref.as_dict()
    return {k: full[k] for k in _STATEMENT_FIELDS}


# --- raw entries and their records ---------------------------------------------------------------
# An entry is a list: [sequence, epoch, kind, service, operation, region, payload..., built].
# The last slot caches the records once built, so reading the log twice builds them once.

_CHECKS = 0
_AUTH_FAILURE = 1


def _build_checks(entry) -> list:
    seq, epoch, _kind, service, operation, region, (principal, account), checks, decisions, enforced, _ = entry
    from .authorize import ALWAYS_ALLOWED

    out = []
    remaining = iter(decisions)
    for action, resource in checks:
        if action.lower() in ALWAYS_ALLOWED:
            out.append(DecisionRecord(seq, epoch, service, operation, region, principal, account,
                                      action, resource or "*", ALLOWED, True))
            continue
        d = next(remaining, None)
        if d is None:       # the request was denied before this check was evaluated
            break
        out.append(DecisionRecord(
            seq, epoch, service, operation, region, principal, account, action,
            resource or "*", d.result, d.allowed or enforced, d.decided_by,
            d.statements, d))
    return out


def _build_auth_failure(entry) -> list:
    seq, epoch, _kind, service, operation, region, principal, account, code, message, enforced, _ = entry
    from .catalog import iam_prefix

    action = f"{iam_prefix(service) or service}:{operation}"
    return [DecisionRecord(seq, epoch, service, operation, region, principal, account, action,
                           None, AUTHENTICATION_FAILED, enforced, message=message,
                           error_code=code)]


_BUILDERS = {_CHECKS: _build_checks, _AUTH_FAILURE: _build_auth_failure}


def _records_of(entry) -> list:
    built = entry[-1]
    if built is None:
        built = _BUILDERS[entry[2]](entry)
        entry[-1] = built
    return built


class DecisionLog:
    """The last ``size`` records, oldest dropped first. Appending is lock-free (a deque's
    append is atomic); the lock orders readers with ``clear``."""

    def __init__(self, size: int = DEFAULT_SIZE):
        self._lock = threading.Lock()
        self.resize(size)

    def resize(self, size: int) -> None:
        if not isinstance(size, int) or size < 0:
            raise ValueError(f"the decision log size must be a whole number >= 0, not {size!r}")
        with self._lock:
            self.size = size
            # One entry per request, and a request makes at least one record: ``size``
            # entries always cover the last ``size`` records.
            self._entries = deque(getattr(self, "_entries", ()), maxlen=size or 1)
            self.append = self._entries.append if size else _discard

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def records(self, denied_only: bool = False, since: int = 0) -> list[DecisionRecord]:
        """Records oldest first; ``since``: only those of requests numbered ``since`` or later
        (``mark()`` gives the number the next request will get)."""
        with self._lock:
            entries = list(self._entries)
        out = []
        for entry in entries:
            if entry[0] >= since:
                out.extend(_records_of(entry))
        if len(out) > self.size:
            out = out[len(out) - self.size:]
        if denied_only:
            out = [r for r in out if r.result != ALLOWED]
        return out

    def as_dicts(self, denied_only: bool = False) -> list[dict]:
        return [r.as_dict() for r in self.records(denied_only)]

    def __len__(self) -> int:
        return len(self.records())


def _discard(_entry) -> None:
    pass


def mark() -> int:
    """A request number no earlier request has: ``LOG.records(since=mark())`` taken later
    gives what was recorded in between (numbers are never reused, gaps do no harm)."""
    return next(_sequence)


def _initial_size() -> int:
    from iamulator import settings

    return settings.decision_log_size()


LOG = DecisionLog(_initial_size())


def record(ctx, caller, checks, decisions, denied) -> None:
    """``decisions`` in the order of ``checks``; ``denied`` the ``Denied`` raised, if any.
    Without ``denied``, a denial in ``decisions`` was let through by soft mode."""
    # Only strings and the decisions are kept: a retained caller or check would hold the whole
    # request (its parameters, headers and body) alive, and ten thousand of those make every
    # garbage collection slower.
    LOG.append([next(_sequence), clock.now(), _CHECKS, ctx.service, ctx.operation, ctx.region,
                (caller.arn if not caller.anonymous else None, caller.account_id),
                [(c.action, c.resource) for c in checks], decisions, denied is not None, None])


def record_authentication_failure(ctx, access_key, code: str, message: str) -> None:
    """A request whose credentials were rejected (``code`` as the service words it)."""
    from . import authenticate
    from .gate import GATE

    creds = authenticate.lookup(access_key) if access_key else None
    principal = creds.principal_arn if creds is not None else None
    account = creds.account_id if creds is not None else None
    LOG.append([next(_sequence), clock.now(), _AUTH_FAILURE, ctx.service, ctx.operation,
                ctx.region, principal, account, code, message, not GATE.soft, None])
