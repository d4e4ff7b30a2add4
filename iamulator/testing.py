"""Assertions and principals for testing least-privilege policies against the mock.

``assert_denied(call, action=None)`` and ``assert_allowed(call)`` run a call and check how
authorization answered; ``make_principal(policy)`` creates a user or role with exactly that
policy and returns a ``boto3.Session`` acting as it. The pytest plugin serves all three as
fixtures (``assert_denied``, ``assert_allowed``, ``iam_principal``).
"""
from __future__ import annotations

import itertools
import json
import os

#: The codes AWS services answer a denied request with.
ACCESS_DENIED_CODES = frozenset({
    "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError",
    "AuthorizationErrorException", "AccessDeniedFault", "UnauthorizedAccess",
})


def _error_code(err) -> str:
    return (err.response or {}).get("Error", {}).get("Code", "")


def _denied_records() -> list:
    from iamulator.audit import decisions

    return decisions(denied_only=True)


def assert_denied(call, action: str | None = None):
    """Calls ``call()`` and expects an access-denied ``ClientError`` (whatever code the
    service uses for it); with ``action``, the last denied decision must be for that action.
    Returns the ``ClientError``."""
    __tracebackhide__ = True
    from botocore.exceptions import ClientError

    try:
        result = call()
    except ClientError as err:
        code = _error_code(err)
        if code not in ACCESS_DENIED_CODES:
            raise AssertionError(f"expected an access-denied error, got {code}: {err}") from err
        if action is not None:
            denied = _denied_records()
            if not denied:
                raise AssertionError(f"{code} was raised but no denied decision is recorded "
                                     f"(expected one for {action})") from err
            last = denied[-1]
            if (last.action or "").lower() != action.lower():
                raise AssertionError(f"the last denied action is {last.action}, not {action}\n"
                                     f"{last.explain()}") from err
        return err
    hint = ""
    from iamulator.authz.gate import GATE

    if GATE.soft:
        hint = " (soft mode is on: nothing is denied, denials are only logged)"
    elif GATE.count < GATE.limit:
        hint = " (the request was not checked: enable checks with mock_aws(auth=\"strict\") or " \
               "@pytest.mark.iam_enforced)"
    raise AssertionError(f"expected the call to be denied, but it succeeded{hint}: "
                         f"{_short(result)}")


def assert_allowed(call):
    """Calls ``call()`` and returns its result; an access-denied error fails the assertion
    with the decision's full explanation."""
    __tracebackhide__ = True
    from botocore.exceptions import ClientError

    try:
        return call()
    except ClientError as err:
        if _error_code(err) not in ACCESS_DENIED_CODES:
            raise
        denied = _denied_records()
        why = denied[-1].explain() if denied else "(no denied decision is recorded)"
        raise AssertionError(f"expected the call to be allowed, but it was denied: {err}\n\n"
                             f"{why}") from None


def _short(value, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


# --- principals ------------------------------------------------------------------------------

_names = itertools.count(1)


def make_principal(policy=None, kind: str = "user", name: str | None = None, boundary=None,
                   region: str | None = None):
    """A user (with an access key) or a role (trusting the account, assumed through STS)
    in the default account, whose only permissions are ``policy``: an inline policy (dict
    or JSON text) or a managed policy's ARN. ``boundary`` (a document or ARN) becomes its
    permissions boundary. Returns a ``boto3.Session`` acting as it.

    Made directly in the emulated state, as the account's root would: it neither counts
    against the gate's unchecked allowance nor appears in the decision log. A mock must be
    active (it is, inside the ``aws`` fixture)."""
    if kind not in ("user", "role"):
        raise ValueError(f"kind must be 'user' or 'role', not {kind!r}")
    from iamulator.server import inprocess
    from iamulator import settings

    if not inprocess.is_active():
        raise RuntimeError("make_principal needs an active mock (mock_aws or the aws fixture)")
    import boto3

    account = settings.DEFAULT_ACCOUNT_ID
    region = region or os.environ.get("AWS_DEFAULT_REGION") or settings.DEFAULT_REGION
    name = name or f"test-{kind}-{next(_names)}"
    boundary_arn = _managed_policy(f"{name}-boundary", boundary, account) if boundary else None
    if kind == "user":
        extra = {"PermissionsBoundary": boundary_arn} if boundary_arn else {}
        _iam("CreateUser", {"UserName": name, **extra}, account)
        _grant("User", name, policy, account)
        key = _iam("CreateAccessKey", {"UserName": name}, account)["AccessKey"]
        return boto3.Session(aws_access_key_id=key["AccessKeyId"],
                             aws_secret_access_key=key["SecretAccessKey"], region_name=region)
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
        "Action": "sts:AssumeRole"}]}
    extra = {"PermissionsBoundary": boundary_arn} if boundary_arn else {}
    role = _iam("CreateRole", {"RoleName": name, "AssumeRolePolicyDocument": json.dumps(trust),
                               **extra}, account)["Role"]
    _grant("Role", name, policy, account)
    creds = _as_root("sts", "AssumeRole", {"RoleArn": role["Arn"], "RoleSessionName": name},
                     account, region)["Credentials"]
    return boto3.Session(aws_access_key_id=creds["AccessKeyId"],
                         aws_secret_access_key=creds["SecretAccessKey"],
                         aws_session_token=creds["SessionToken"], region_name=region)


def _document(policy) -> str:
    return policy if isinstance(policy, str) else json.dumps(policy)


def _is_arn(policy) -> bool:
    return isinstance(policy, str) and policy.startswith("arn:")


def _grant(entity: str, name: str, policy, account: str) -> None:
    if policy is None:
        return
    if _is_arn(policy):
        _iam(f"Attach{entity}Policy", {f"{entity}Name": name, "PolicyArn": policy}, account)
        return
    _iam(f"Put{entity}Policy", {f"{entity}Name": name, "PolicyName": f"{name}-policy",
                                "PolicyDocument": _document(policy)}, account)


def _managed_policy(name: str, policy, account: str) -> str:
    if _is_arn(policy):
        return policy
    return _iam("CreatePolicy", {"PolicyName": name, "PolicyDocument": _document(policy)},
                account)["Policy"]["Arn"]


def _iam(operation: str, params: dict, account: str) -> dict:
    return _as_root("iam", operation, params, account, "us-east-1")


def _as_root(service: str, operation: str, params: dict, account: str, region: str) -> dict:
    """The backend's operation called as the account's root, past the pipeline."""
    from iamulator.authz import authenticate
    from iamulator.services.base import Context
    from iamulator.services.state import STORE
    from iamulator import settings

    backend = STORE.backend(service, account, "aws-global" if service == "iam" else region)
    ctx = Context(request=None, service=service, operation=operation, protocol="query",
                  account_id=account, region=region, store=STORE,
                  principal=authenticate.attribute(settings.DEFAULT_ACCESS_KEY_ID))
    with backend.lock:
        return backend.handler(operation)(backend, ctx, params)
