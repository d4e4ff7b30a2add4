"""The global condition keys AWS fills for every request, from the caller and the request.

From the caller: ``aws:userid``, ``aws:PrincipalTag/*``, and for temporary credentials
``aws:TokenIssueTime``, ``aws:MultiFactorAuthPresent`` / ``aws:MultiFactorAuthAge``,
``aws:SourceIdentity``, ``aws:FederatedProvider``. (``aws:PrincipalArn`` — the role ARN
for role sessions —, ``aws:PrincipalAccount``, ``aws:PrincipalType`` and ``aws:username``
are derived by the evaluator from the principal.)

From the request: ``aws:SourceIp`` (the client address the front door saw; in-process
requests come from 127.0.0.1), ``aws:SecureTransport``, ``aws:CurrentTime``,
``aws:EpochTime``, ``aws:RequestedRegion``, ``aws:UserAgent``.

Per check, ``describe`` adds the service's keys and ``aws:RequestTag/*``,
``aws:TagKeys``, ``aws:ResourceTag/*``.
"""
from __future__ import annotations

import time

from . import clock

IN_PROCESS_ADDRESS = "127.0.0.1"

_times: list = [None, None, None]      # second, CurrentTime, EpochTime: one format per second


def _now_keys() -> tuple[str, str]:
    second = int(clock.now())
    if _times[0] != second:
        _times[1] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(second))
        _times[2] = str(second)
        _times[0] = second
    return _times[1], _times[2]


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def build(caller, request, region: str, principal_tags: dict | None = None) -> dict:
    """The request-wide context for ``caller`` making ``request`` in ``region``."""
    current, epoch = _now_keys()
    ctx = {
        "aws:CurrentTime": current,
        "aws:EpochTime": epoch,
        "aws:RequestedRegion": region,
        "aws:SourceIp": getattr(request, "remote_addr", None) or IN_PROCESS_ADDRESS,
        "aws:SecureTransport": "true" if request.url.startswith("https:") else "false",
        "aws:ViaAWSService": "false",
    }
    agent = request.headers.get("user-agent")
    if agent:
        ctx["aws:UserAgent"] = agent
    if caller.anonymous:
        return ctx
    ctx["aws:userid"] = caller.user_id
    session = caller.session
    if session is not None:
        ctx["aws:TokenIssueTime"] = _iso(session.issued_at)
        ctx["aws:MultiFactorAuthPresent"] = "true" if session.mfa else "false"
        if session.mfa and session.mfa_authenticated_at is not None:
            ctx["aws:MultiFactorAuthAge"] = str(int(clock.now() - session.mfa_authenticated_at))
        if session.source_identity:
            ctx["aws:SourceIdentity"] = session.source_identity
        if session.federated_provider:
            ctx["aws:FederatedProvider"] = session.federated_provider
    if principal_tags:
        for key, value in principal_tags.items():
            ctx[f"aws:PrincipalTag/{key}"] = value
    return ctx
