"""Shared helpers for the authz tests: accounts, principals and a checking helper."""
from __future__ import annotations

from iamulator.authz import evaluate

ACCT = "111122223333"
OTHER = "444455556666"
USER = f"arn:aws:iam::{ACCT}:user/alice"
ROLE = f"arn:aws:iam::{ACCT}:role/app"
SESSION = f"arn:aws:sts::{ACCT}:assumed-role/app/sess"
ROOT = f"arn:aws:iam::{ACCT}:root"
OTHER_USER = f"arn:aws:iam::{OTHER}:user/bob"
OTHER_ROLE = f"arn:aws:iam::{OTHER}:role/partner"
OTHER_SESSION = f"arn:aws:sts::{OTHER}:assumed-role/partner/s1"
BUCKET = "arn:aws:s3:::bucket"
OBJ = "arn:aws:s3:::bucket/key.txt"


def doc(*statements, version="2012-10-17"):
    d = {"Statement": list(statements)}
    if version is not None:
        d["Version"] = version
    return d


def allow(action="*", resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action="*", resource="*", **extra):
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def rallow(principal, action="*", resource="*", **extra):
    return {"Effect": "Allow", "Principal": principal, "Action": action, "Resource": resource, **extra}


def rdeny(principal, action="*", resource="*", **extra):
    return {"Effect": "Deny", "Principal": principal, "Action": action, "Resource": resource, **extra}


def denied_message(principal, action, resource, explicit, phrase, arn=None):
    """AWS's AccessDenied wording, written out independently of the implementation."""
    who = principal or "anonymous"
    on = f" on resource: {resource}" if resource and resource != "*" else ""
    if explicit:
        tail = f" with an explicit deny in {phrase}" + (f": {arn}" if arn else "")
    else:
        tail = f" because no {phrase} allows the {action} action"
    return f"User: {who} is not authorized to perform: {action}{on}{tail}"


EXPLICIT_PHRASE = {
    "identity": "an identity-based policy", "resource": "a resource-based policy",
    "boundary": "a permissions boundary", "session": "a session policy",
    "scp": "a service control policy", "rcp": "a resource control policy",
}
IMPLICIT_PHRASE = {
    "identity": "identity-based policy", "resource": "resource-based policy",
    "boundary": "permissions boundary", "session": "session policy",
    "scp": "service control policy", "rcp": "resource control policy",
}


def check(decision, result, decided_by=None, arn=None):
    """Assert the result and, for denials, who decided and AWS's exact message."""
    assert decision.result == result, decision.explain()
    assert decision.allowed == (result == "Allowed")
    if result == "Allowed":
        assert decision.message is None
        if decided_by is not None:
            assert decision.decided_by == decided_by
        return
    assert decision.decided_by == decided_by, decision.explain()
    explicit = result == "ExplicitlyDenied"
    phrase = (EXPLICIT_PHRASE if explicit else IMPLICIT_PHRASE)[decided_by]
    expected = denied_message(decision.principal, decision.action, decision.resource,
                              explicit, phrase, arn)
    assert decision.message == expected
