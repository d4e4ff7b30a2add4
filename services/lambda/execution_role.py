"""The execution role: Lambda must be able to assume it (it exists in IAM and its trust policy
lets ``lambda.amazonaws.com`` call sts:AssumeRole), and an invocation runs with temporary
credentials of a session of it named after the function, issued by the STS backend."""
from __future__ import annotations

from iamulator.services.base import Context

from .errors import invalid

SERVICE = "lambda.amazonaws.com"
# Credentials are reused across invocations while they have this long left, as an execution
# environment keeps its own.
_REFRESH_MARGIN = 300.0


class LambdaService:
    """The caller STS sees when Lambda assumes an execution role."""
    arn = SERVICE
    user_id = SERVICE
    account_id = None
    session = None
    authenticated = False


def cannot_assume():
    return invalid("The role defined for the function cannot be assumed by Lambda.")


def _role(store, role_arn: str):
    parts = role_arn.split(":", 5)
    if len(parts) != 6 or not parts[5].startswith("role/"):
        return None
    iam = store.backend("iam", parts[4], "aws-global")
    role = iam.roles.get(parts[5].rsplit("/", 1)[-1].lower())
    return role if role is not None and role.arn == role_arn else None


def check_assumable(store, role_arn: str, function_arn: str) -> None:
    """Refuses a role Lambda could not assume for the function ``function_arn``."""
    from iamulator.authz import evaluate

    role = _role(store, role_arn)
    if role is None:
        raise cannot_assume()
    account = role_arn.split(":")[4]
    context = {"aws:SourceAccount": function_arn.split(":")[4], "aws:SourceArn": function_arn}
    decision = evaluate("sts:AssumeRole", role.arn, SERVICE, context, resource_policy=role.trust,
                        resource_account=account, resource_policy_required=True)
    if not decision.allowed:
        raise cannot_assume()


def credentials(backend, store, role_arn: str, function_name: str, function_arn: str) -> dict:
    """``{AccessKeyId, SecretAccessKey, SessionToken}`` of a session of the role, reused from
    ``backend``'s cache while fresh; the trust policy is checked again, since it may have changed."""
    from iamulator.authz import clock

    check_assumable(store, role_arn, function_arn)
    now = clock.now()      # STS's own clock, which decides when the session expires
    key = (role_arn, function_name)
    cached = backend.role_sessions.get(key)
    if cached is not None and cached[1] - now > _REFRESH_MARGIN:
        return cached[0]
    account = role_arn.split(":")[4]
    sts = store.backend("sts", account, "aws-global")
    call = Context(request=None, service="sts", operation="AssumeRole", protocol="query", account_id=account,
                   region=backend.region, store=store, principal=LambdaService())
    # STS wants session names of two characters at least; Lambda's own sessions have no such
    # floor, so a one-letter function gets a padded session name here.
    session_name = function_name if len(function_name) > 1 else function_name + "_"
    with sts.lock:
        issued = sts.assume_role(call, {"RoleArn": role_arn, "RoleSessionName": session_name})["Credentials"]
    creds = {k: issued[k] for k in ("AccessKeyId", "SecretAccessKey", "SessionToken")}
    backend.role_sessions[key] = (creds, issued["Expiration"].timestamp())
    return creds
