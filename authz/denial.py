"""How each service family says "access denied", and EC2's encoded authorization message.

* S3 and other REST-XML services, query services: ``AccessDenied``, 403;
* json services: ``AccessDeniedException``, 400 (DynamoDB, KMS, CloudWatch Logs...); json
  services that keep their query-era codes (SQS): ``AccessDenied``, 403;
* rest-json services: ``AccessDeniedException``, 403;
* EC2: ``UnauthorizedOperation``, 403, "You are not authorized to perform this operation.
  User: ... Encoded authorization failure message: ...", which STS
  ``DecodeAuthorizationMessage`` turns back into the decision's JSON.

When the service's model has its own AccessDenied error shape (SNS's
``AuthorizationErrorException``, CloudWatch Logs' ``AccessDeniedException``...) the codec
renders that shape; the message is always the evaluator's AWS wording.

The encoded message is self-contained (compressed JSON, base64): decoding needs no state.
"""
from __future__ import annotations

import base64
import json
import zlib

MODEL_SHAPES = ("AccessDeniedException", "AccessDenied", "AuthorizationErrorException")


def flavour(fam: str, error_shapes=()) -> tuple[str, int]:
    """(code, HTTP status) of the family's AccessDenied; ``error_shapes`` are the names of
    the service's modeled errors."""
    for name in MODEL_SHAPES:
        if name in error_shapes:
            if fam == "json":
                return name, 400
            return name, 403
    if fam == "ec2":
        return "UnauthorizedOperation", 403
    if fam == "json":
        return "AccessDeniedException", 400
    if fam == "rest-json":
        return "AccessDeniedException", 403
    return "AccessDenied", 403


def message(fam: str, denied, service: str | None = None) -> str:
    d = denied.decision
    if fam == "ec2":
        return ("You are not authorized to perform this operation. " + d.message
                + ". Encoded authorization failure message: " + encode(denied))
    return service_wording(d.message, service or fam, denied.check.action, denied.check.resource)


def service_wording(text: str, service: str, action: str, resource: str | None) -> str:
    """The evaluator's message as the service words it: S3 puts the resource ARN in double
    quotes; SQS names the action in lower case (``sqs:sendmessage``)."""
    if service == "s3" and resource and resource != "*":
        return text.replace(f" on resource: {resource}", f' on resource: "{resource}"', 1)
    if service == "sqs":
        return text.replace(action, action.lower())
    return text


def encode(denied) -> str:
    d, caller, check = denied.decision, denied.caller, denied.check
    doc = {
        "allowed": False,
        "explicitDeny": d.explicit_deny,
        "matchedStatements": {"items": [_statement(s) for s in d.statements]},
        "failures": {"items": []},
        "context": {
            "principal": {"id": caller.user_id, "arn": caller.arn} if not caller.anonymous else {},
            "action": check.action,
            "resource": check.resource or "*",
            "conditions": {"items": [
                {"key": k, "values": {"items": [{"value": v} for v in (val if isinstance(val, (list, tuple)) else [val])]}}
                for k, val in sorted((denied.context or {}).items()) if val is not None]},
        },
    }
    if caller.credentials is not None and caller.kind == "user":
        doc["context"]["principal"]["name"] = caller.arn.rsplit("/", 1)[-1]
    raw = json.dumps(doc, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def _statement(ref) -> dict:
    return {"statementId": ref.sid or "", "effect": ref.effect, "policyType": ref.policy_type,
            "policyName": ref.policy_name or ""}


def decode(text: str) -> str | None:
    """The decision JSON an encoded message carries, or None when it is not one of ours."""
    try:
        padded = text.strip() + "=" * (-len(text.strip()) % 4)
        raw = zlib.decompress(base64.urlsafe_b64decode(padded.encode("ascii")))
        doc = json.loads(raw)
    except (ValueError, zlib.error, UnicodeError):
        return None
    if not isinstance(doc, dict) or "allowed" not in doc:
        return None
    return json.dumps(doc, separators=(",", ":"))
