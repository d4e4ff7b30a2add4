"""Function policies: AddPermission, RemovePermission and GetPolicy build and keep the resource-based
policy Lambda writes for a function, a version or an alias (each has its own), statement by
statement in Lambda's own layout; ``resource_policy`` hands it to enforcement.

    {"Sid": "sns", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
     "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:...:function:f",
     "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:sns:...:topic"}}}
"""
from __future__ import annotations

import json

from iamulator.authz.partitions import partition_of
from iamulator.services.errors import AWSError

from .errors import conflict, function_not_found, invalid, resource_not_found, revision_mismatch
from .names import LATEST
from .records import Function, new_revision

MAX_POLICY_BYTES = 20480


def principal_element(principal: str, region: str):
    """Lambda's rendering of AddPermission's ``Principal``: ``*``, an account (as its root), an
    ARN, or a service principal."""
    if principal == "*":
        return "*"
    if principal.isdigit() and len(principal) == 12:
        return {"AWS": f"arn:{partition_of(region)}:iam::{principal}:root"}
    if principal.startswith("arn:"):
        return {"AWS": principal}
    if "." in principal:
        return {"Service": principal}
    raise invalid("The provided principal was invalid. Please check the principal and try again.")


def document(statements: list[dict]) -> str:
    return json.dumps({"Version": "2012-10-17", "Id": "default", "Statement": statements}, separators=(",", ":"))


def checked_document(statements: list[dict]) -> str:
    """The policy text, validated as a resource-based policy and within Lambda's size limit."""
    from iamulator.authz import PolicyError, compile_policy

    text = document(statements)
    if len(text.encode("utf-8")) > MAX_POLICY_BYTES:
        raise AWSError("PolicyLengthExceededException",
                       f"The final policy size ({len(text.encode('utf-8'))}) is bigger than the limit "
                       f"({MAX_POLICY_BYTES}).")
    try:
        compile_policy(text, "resource")
    except PolicyError as err:
        if "principal" in err.message.lower():
            raise invalid("The provided principal was invalid. Please check the principal and try again.") from None
        raise invalid(err.message) from None
    return text


def _statement(params: dict, resource: str, region: str) -> dict:
    statement = {"Sid": params["StatementId"], "Effect": "Allow",
                 "Principal": principal_element(params["Principal"], region),
                 "Action": params["Action"], "Resource": resource}
    equals = {}
    if params.get("SourceAccount"):
        equals["AWS:SourceAccount"] = params["SourceAccount"]
    if params.get("EventSourceToken"):
        equals["lambda:EventSourceToken"] = params["EventSourceToken"]
    if params.get("PrincipalOrgID"):
        equals["aws:PrincipalOrgID"] = params["PrincipalOrgID"]
    if params.get("FunctionUrlAuthType"):
        equals["lambda:FunctionUrlAuthType"] = params["FunctionUrlAuthType"]
    if params.get("InvokedViaFunctionUrl") is not None:
        equals["lambda:InvokedViaFunctionUrl"] = "true" if params["InvokedViaFunctionUrl"] else "false"
    condition = {}
    if equals:
        condition["StringEquals"] = equals
    if params.get("SourceArn"):
        condition["ArnLike"] = {"AWS:SourceArn": params["SourceArn"]}
    if condition:
        statement["Condition"] = condition
    return statement


def _target(fn: Function, qualifier: str | None):
    """The version or alias a policy belongs to (its revision id moves with the policy)."""
    if qualifier is None:
        return fn.latest
    found = fn.aliases.get(qualifier) or (fn.versions.get(qualifier) if qualifier != LATEST else None)
    if found is None:
        raise function_not_found(f"{fn.arn}:{qualifier}")
    return found


class PermissionOperations:
    def add_permission(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"], params.get("Qualifier"))
        with self._holding(owner):
            fn = owner._function(owner._unqualified(ref))
            qualifier = ref.qualifier
            if qualifier == LATEST:
                raise invalid("We currently do not support adding policies for $LATEST.")
            target = _target(fn, qualifier)
            if params.get("RevisionId") and params["RevisionId"] != target.revision_id:
                raise revision_mismatch()
            statements = fn.policies.get(qualifier, [])
            sid = params["StatementId"]
            if any(s["Sid"] == sid for s in statements):
                raise conflict(f"The statement id ({sid}) provided already exists. Please provide a new statement "
                               "id, or remove the existing statement.")
            resource = fn.arn if qualifier is None else f"{fn.arn}:{qualifier}"
            statement = _statement(params, resource, fn.region)
            checked_document([*statements, statement])
            fn.policies[qualifier] = [*statements, statement]
            target.revision_id = new_revision()
            return {"Statement": json.dumps(statement, separators=(",", ":"))}

    def remove_permission(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"], params.get("Qualifier"))
        with self._holding(owner):
            fn = owner._function(owner._unqualified(ref))
            qualifier = None if ref.qualifier == LATEST else ref.qualifier
            target = _target(fn, qualifier)
            if params.get("RevisionId") and params["RevisionId"] != target.revision_id:
                raise revision_mismatch()
            statements = fn.policies.get(qualifier)
            if not statements:
                raise resource_not_found("No policy is associated with the given resource.")
            sid = params["StatementId"]
            kept = [s for s in statements if s["Sid"] != sid]
            if len(kept) == len(statements):
                raise resource_not_found(f"Statement {sid} is not found in resource policy.")
            if kept:
                fn.policies[qualifier] = kept
            else:
                del fn.policies[qualifier]
            target.revision_id = new_revision()
            return {}

    def get_policy(self, ctx, params) -> dict:
        owner, ref = self._locate(ctx, params["FunctionName"], params.get("Qualifier"))
        with self._holding(owner):
            fn = owner._function(owner._unqualified(ref))
            qualifier = None if ref.qualifier == LATEST else ref.qualifier
            target = _target(fn, qualifier)
            statements = fn.policies.get(qualifier)
            if not statements:
                raise resource_not_found()
            return {"Policy": document(statements), "RevisionId": target.revision_id}


def resource_policy(ctx, function_arn: str):
    """(the policy document governing ``function_arn`` as JSON text, or None; the function's
    owning account). A qualified ARN (version or alias) has its own policy; ``$LATEST`` and the
    unqualified ARN share the function's."""
    from .names import parse_function

    parts = function_arn.split(":")
    if len(parts) < 7 or parts[2] != "lambda" or parts[5] != "function":
        return None, ctx.account_id
    region, account = parts[3], parts[4]
    ref = parse_function(function_arn, account, region)
    backend = ctx.store.backend("lambda", account, region)
    with backend.lock:
        fn = backend.functions.get(ref.name)
        if fn is None:
            return None, account
        qualifier = None if ref.qualifier == LATEST else ref.qualifier
        statements = fn.policies.get(qualifier)
        return (document(statements) if statements else None), account
