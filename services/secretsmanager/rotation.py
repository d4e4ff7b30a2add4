"""Rotation settings: the rules RotateSecret accepts and when the next rotation falls due.

The rotation itself is a Lambda function's work (createSecret, setSecret, testSecret,
finishSecret); see ``backend.Backend.rotate_secret`` for when one is invoked.
"""
from __future__ import annotations

import re

from iamulator.services.secretsmanager.errors import invalid_parameter
from iamulator.services.secretsmanager.secret import DAY, day_of

_RATE = re.compile(r"rate\((\d+) (hour|hours|day|days)\)\Z")
_CRON = re.compile(r"cron\(([^()]+)\)\Z")
_DURATION = re.compile(r"(\d+)h\Z")
HOUR = 3600.0
MIN_RATE_HOURS = 4

STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")


def validate_rules(rules: dict) -> dict:
    """The rules to store, after Secrets Manager's checks."""
    days = rules.get("AutomaticallyAfterDays")
    expression = rules.get("ScheduleExpression")
    duration = rules.get("Duration")
    if days is not None and expression is not None:
        raise invalid_parameter("You can't specify both AutomaticallyAfterDays and ScheduleExpression in "
                                "RotationRules.")
    if expression is not None:
        _check_expression(expression)
    if duration is not None:
        m = _DURATION.match(duration)
        if not m or not 1 <= int(m.group(1)) <= 24:
            raise invalid_parameter(f"The Duration {duration} isn't valid. The rotation window must be between "
                                    "1h and 24h.")
    stored = {}
    if days is not None:
        stored["AutomaticallyAfterDays"] = days
    if expression is not None:
        stored["ScheduleExpression"] = expression
        m = _RATE.match(expression)
        if m and m.group(2).startswith("day"):
            stored["AutomaticallyAfterDays"] = int(m.group(1))
    if duration is not None:
        stored["Duration"] = duration
    return stored


def _check_expression(expression: str) -> None:
    m = _RATE.match(expression)
    if m:
        count = int(m.group(1))
        hours = m.group(2).startswith("hour")
        singular = m.group(2) in ("hour", "day")
        if count < 1 or (count == 1) != singular:
            raise invalid_parameter(f"The schedule expression {expression} isn't valid.")
        if hours and not MIN_RATE_HOURS <= count <= 23:
            raise invalid_parameter(f"The schedule expression {expression} isn't valid. A rate in hours must be "
                                    f"between {MIN_RATE_HOURS} and 23 hours.")
        if not hours and count > 1000:
            raise invalid_parameter(f"The schedule expression {expression} isn't valid. A rate in days must be "
                                    "between 1 and 1000 days.")
        return
    m = _CRON.match(expression)
    if m and len(m.group(1).split()) == 6:
        return
    raise invalid_parameter(f"The schedule expression {expression} isn't valid. Use a rate() or cron() "
                            "expression.")


def next_rotation(rules: dict | None, since: float) -> float | None:
    """When rotation is next due, for schedules given in days or as a rate; None for cron()."""
    if not rules:
        return None
    expression = rules.get("ScheduleExpression")
    if expression is not None:
        m = _RATE.match(expression)
        if m is None:
            return None
        count = int(m.group(1))
        if m.group(2).startswith("hour"):
            return since + count * HOUR
        return day_of(since) + count * DAY
    days = rules.get("AutomaticallyAfterDays")
    return day_of(since) + days * DAY if days else None


class _SecretsManagerService:
    """The caller the rotation function's backend sees: the Secrets Manager service principal."""
    arn = "secretsmanager.amazonaws.com"
    service = "secretsmanager.amazonaws.com"
    user_id = "secretsmanager.amazonaws.com"


def invoker(ctx, lambda_arn: str):
    """A function ``run(secret_arn, token, steps) -> bool`` invoking the rotation function once
    per step, synchronously, through the Lambda backend's own Invoke (True when every step
    succeeded, False at the first failing one); None when there is no Lambda backend to run it,
    in which case the rotation settings are only stored."""
    from iamulator.services import registry

    parts = lambda_arn.split(":")
    if (ctx is None or ctx.store is None or len(parts) < 7 or parts[2] != "lambda"
            or not registry.is_shipped("lambda")):
        return None
    region, account = parts[3], parts[4]
    backend = ctx.store.backend("lambda", account, region)
    handler = backend.handler("Invoke")
    if handler is None:
        return None

    def run(secret_arn: str, token: str, steps) -> bool:
        import json
        import uuid

        from iamulator.services.base import Context

        call = Context(request=getattr(ctx, "request", None), service="lambda", operation="Invoke",
                       protocol="rest-json", account_id=account, region=region, store=ctx.store,
                       principal=_SecretsManagerService())
        rotation_token = str(uuid.uuid4())
        for step in steps:
            event = {"Step": step, "SecretId": secret_arn, "ClientRequestToken": token,
                     "RotationToken": rotation_token}
            params = {"FunctionName": lambda_arn, "InvocationType": "RequestResponse",
                      "Payload": json.dumps(event).encode()}
            with backend.lock:
                out = handler(backend, call, params) or {}
            if out.get("FunctionError"):
                return False
        return True
    return run
