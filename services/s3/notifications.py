"""Bucket notification configuration and delivery of object events to SQS, SNS, Lambda and
EventBridge.

PutBucketNotificationConfiguration validates event names, prefix/suffix filters and overlaps
as S3 does, then each destination: it must exist and, once authorization checks are on, its
resource policy must let ``s3.amazonaws.com`` send from this bucket (``aws:SourceArn``,
``aws:SourceAccount``), else ``InvalidArgument`` "Unable to validate the following destination
configurations". Queues and topics get an ``s3:TestEvent`` message on configuration.

``object_event`` is what object operations call after a change; buckets without a
configuration cost one attribute lookup. Deliveries go through the destination service's own
backend with ``s3.amazonaws.com`` as the caller; a destination whose policy no longer admits
S3 (checks on), or that is gone, silently gets nothing, as on AWS.
"""
from __future__ import annotations

import itertools
import json
import logging
import time
import uuid
from datetime import datetime, timezone
from urllib.parse import quote_plus

from iamulator.services import registry
from iamulator.services.base import Context
from iamulator.services.errors import AWSError
from iamulator.services.s3.bucket_index import require_bucket
from iamulator.services.s3.errors import invalid_argument, malformed_xml
from iamulator.services.s3.records import NULL_VERSION, canonical_user_id

log = logging.getLogger("iamulator")

SERVICE = "s3.amazonaws.com"
_KINDS = (  # (configuration list, ARN member, IAM action the destination's policy must allow)
    ("QueueConfigurations", "QueueArn", "sqs:SendMessage"),
    ("TopicConfigurations", "TopicArn", "sns:Publish"),
    ("LambdaFunctionConfigurations", "LambdaFunctionArn", "lambda:InvokeFunction"),
)
_WHAT = {"sqs": "queue", "sns": "topic", "lambda": "function"}
EVENTS = frozenset((
    "s3:TestEvent", "s3:ReducedRedundancyLostObject",
    "s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Post", "s3:ObjectCreated:Copy",
    "s3:ObjectCreated:CompleteMultipartUpload",
    "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete", "s3:ObjectRemoved:DeleteMarkerCreated",
    "s3:ObjectRestore:*", "s3:ObjectRestore:Post", "s3:ObjectRestore:Completed", "s3:ObjectRestore:Delete",
    "s3:Replication:*", "s3:Replication:OperationFailedReplication", "s3:Replication:OperationNotTracked",
    "s3:Replication:OperationMissedThreshold", "s3:Replication:OperationReplicatedAfterThreshold",
    "s3:LifecycleExpiration:*", "s3:LifecycleExpiration:Delete", "s3:LifecycleExpiration:DeleteMarkerCreated",
    "s3:LifecycleTransition", "s3:IntelligentTiering",
    "s3:ObjectTagging:*", "s3:ObjectTagging:Put", "s3:ObjectTagging:Delete", "s3:ObjectAcl:Put",
))
# EventBridge's detail-type for each S3 event family.
_DETAIL_TYPES = {
    "ObjectCreated": "Object Created", "ObjectRemoved": "Object Deleted",
    "ObjectRestore": "Object Restore Initiated", "ObjectTagging:Put": "Object Tags Added",
    "ObjectTagging:Delete": "Object Tags Deleted", "ObjectAcl": "Object ACL Updated",
}
_sequence = itertools.count(time.time_ns())


class _S3Service:
    """The caller destination backends see when S3 delivers: the S3 service principal."""
    user_id = "AIDAS3NOTIFICATIONS"
    arn = SERVICE
    service = SERVICE


S3_PRINCIPAL = _S3Service()


# -- configuration ------------------------------------------------------------------------------

def _filter_rules(config: dict) -> dict[str, str]:
    """{"prefix": ..., "suffix": ...} of a configuration's key filter, validated."""
    rules = (((config.get("Filter") or {}).get("Key") or {}).get("FilterRules")) or []
    out: dict[str, str] = {}
    for rule in rules:
        name = (rule.get("Name") or "").lower()
        if name not in ("prefix", "suffix"):
            raise invalid_argument("filter rule name must be either prefix or suffix", "FilterRule.Name",
                                   rule.get("Name"))
        if name in out:
            raise invalid_argument(f"Cannot specify more than one {name} rule in a filter.", "FilterRule.Name",
                                   rule.get("Name"))
        out[name] = rule.get("Value") or ""
    return out


def _events_overlap(a: str, b: str) -> bool:
    if a == b:
        return True
    return (a.endswith(":*") and b.startswith(a[:-1])) or (b.endswith(":*") and a.startswith(b[:-1]))


def _overlap(first: dict, second: dict) -> bool:
    if not any(_events_overlap(a, b) for a in first["Events"] for b in second["Events"]):
        return False
    p1, p2 = first["_rules"].get("prefix", ""), second["_rules"].get("prefix", "")
    s1, s2 = first["_rules"].get("suffix", ""), second["_rules"].get("suffix", "")
    return (p1.startswith(p2) or p2.startswith(p1)) and (s1.endswith(s2) or s2.endswith(s1))


def _normalized(config: dict, arn_member: str) -> dict:
    events = config.get("Events") or []
    if not events or not config.get(arn_member):
        raise malformed_xml()
    for event in events:
        if event not in EVENTS:
            raise invalid_argument("The event is not supported for notifications", "Event", event)
    rules = _filter_rules(config)
    out = {"Id": config.get("Id") or str(uuid.uuid4()), arn_member: config[arn_member], "Events": list(events)}
    if rules:
        out["Filter"] = {"Key": {"FilterRules": [{"Name": n.capitalize(), "Value": v} for n, v in rules.items()]}}
    out["_rules"] = rules
    return out


def _checks_on() -> bool:
    """Destination policies are enforced as requests are: not before the unchecked allowance
    is used up, and not in soft mode (which never denies)."""
    from iamulator.authz.gate import GATE, UNLIMITED

    return GATE.limit != UNLIMITED and GATE.count >= GATE.limit and not GATE.soft


def _policy_allows(ctx, action: str, arn: str, bucket) -> bool:
    """Whether the destination's resource policy lets S3 send this bucket's events (always,
    until authorization checks are on)."""
    if not _checks_on():
        return True
    from iamulator.authz import resource_policies
    from iamulator.authz.authorize import compiled
    from iamulator.authz.evaluator import evaluate

    provider = resource_policies.provider(action.split(":", 1)[0])
    try:
        text, owner = provider(ctx, arn) if provider is not None else (None, None)
        policy = compiled(None, text, "resource") if text else None
    except Exception:        # a policy the evaluator cannot read grants nothing
        return False
    if policy is None:
        return False
    context = {"aws:SourceArn": bucket.arn, "aws:SourceAccount": bucket.account_id}
    return evaluate(action, arn, SERVICE, context, resource_policy=policy,
                    resource_account=owner or _arn_parts(arn)[4]).allowed


def _arn_parts(arn: str) -> list[str]:
    parts = arn.split(":", 5)
    return parts if len(parts) == 6 and parts[0] == "arn" else ["", "", "", "", "", ""]


def _destination_exists(ctx, arn: str) -> bool:
    _, _, service, region, account, resource = _arn_parts(arn)
    if not account or not registry.is_shipped(service):
        return False
    backend = ctx.store.backend(service, account, region)
    with backend.lock:
        if service == "sqs":
            queue = backend.queues.get(resource)
            return queue is not None and not queue.fifo
        if service == "sns":
            return arn in backend.topics
        if service == "lambda":
            name = resource.split(":")[1] if resource.startswith("function:") else None
            return name is not None and name in backend.functions
    return False


def _validate_destinations(ctx, bucket, configs: list[tuple[str, str, str]]) -> None:
    failures = {}
    for arn, action, _ in configs:
        service = _arn_parts(arn)[2]
        what = _WHAT.get(service, "destination")
        if _arn_parts(arn)[3] != bucket.region or not _destination_exists(ctx, arn):
            failures[arn] = f"The destination {what} does not exist"
        elif not _policy_allows(ctx, action, arn, bucket):
            failures[arn] = (f"Not authorized to invoke function [{arn}]" if service == "lambda" else
                             f"Permissions on the destination {what} do not allow S3 to publish "
                             "notifications from this bucket")
    if failures:
        fields = {}
        for i, (arn, reason) in enumerate(failures.items(), start=1):
            fields[f"ArgumentName{i}"] = arn
            fields[f"ArgumentValue{i}"] = reason
        raise AWSError("InvalidArgument", "Unable to validate the following destination configurations", 400,
                       **fields)


def _public(config: dict) -> dict:
    return {k: v for k, v in config.items() if not k.startswith("_")}


class NotificationOperations:
    def put_bucket_notification_configuration(self, ctx, params):
        bucket = require_bucket(ctx, params)
        given = params.get("NotificationConfiguration") or {}
        stored: dict = {}
        every = []
        destinations = []
        for kind, arn_member, action in _KINDS:
            configs = [_normalized(c, arn_member) for c in given.get(kind) or []]
            if configs:
                stored[kind] = configs
            every += configs
            destinations += [(c[arn_member], action, kind) for c in configs]
        for i, first in enumerate(every):
            for second in every[i + 1:]:
                if _overlap(first, second):
                    raise invalid_argument("Configurations overlap. Configurations on the same bucket cannot "
                                           "share a common event type.", "Event", None)
        ids = [c["Id"] for c in every]
        if len(ids) != len(set(ids)):
            raise invalid_argument("Same ID used for multiple configurations", "Id", None)
        if not params.get("SkipDestinationValidation"):
            _validate_destinations(ctx, bucket, destinations)
        if given.get("EventBridgeConfiguration") is not None:
            stored["EventBridgeConfiguration"] = {}
        bucket.notification = stored or None
        _send_test_events(ctx, bucket, destinations)
        return {}

    def get_bucket_notification_configuration(self, ctx, params):
        bucket = require_bucket(ctx, params)
        stored = getattr(bucket, "notification", None) or {}
        out = {}
        for kind, _, _ in _KINDS:
            if stored.get(kind):
                out[kind] = [_public(c) for c in stored[kind]]
        if "EventBridgeConfiguration" in stored:
            out["EventBridgeConfiguration"] = {}
        return out


# -- delivery -----------------------------------------------------------------------------------

def _now_text() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _request_id() -> str:
    return uuid.uuid4().hex[:16].upper()


def _send_test_events(ctx, bucket, destinations) -> None:
    seen = set()
    for arn, action, kind in destinations:
        if kind == "LambdaFunctionConfigurations" or arn in seen:
            continue
        seen.add(arn)
        body = json.dumps({"Service": "Amazon S3", "Event": "s3:TestEvent", "Time": _now_text(),
                           "Bucket": bucket.name, "RequestId": _request_id(), "HostId": uuid.uuid4().hex})
        _deliver(ctx, bucket, arn, action, body)


def _matches(config: dict, event: str, key: str) -> bool:
    if not any(e == event or (e.endswith(":*") and event.startswith(e[:-1])) for e in config["Events"]):
        return False
    rules = config["_rules"]
    return key.startswith(rules.get("prefix", "")) and key.endswith(rules.get("suffix", ""))


def _principal_id(ctx) -> str:
    principal = getattr(ctx, "principal", None)
    user_id = getattr(principal, "user_id", None)
    return f"AWS:{user_id}" if user_id else canonical_user_id(ctx.account_id)


def _object_fields(key: str, obj, sequencer: str) -> dict:
    out = {"key": quote_plus(key, safe="/")}
    if obj is not None and not obj.delete_marker:
        out["size"] = obj.size
        out["eTag"] = obj.etag.strip('"')
    if obj is not None and obj.version_id != NULL_VERSION:
        out["versionId"] = obj.version_id
    out["sequencer"] = sequencer
    return out


def _record(ctx, bucket, event_name: str, config_id: str, s3_object: dict, when: str, request_id: str) -> dict:
    return {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": bucket.region,
        "eventTime": when,
        "eventName": event_name,
        "userIdentity": {"principalId": _principal_id(ctx)},
        "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {"x-amz-request-id": request_id, "x-amz-id-2": uuid.uuid4().hex},
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": config_id,
            "bucket": {"name": bucket.name, "ownerIdentity": {"principalId": canonical_user_id(bucket.account_id)},
                       "arn": bucket.arn},
            "object": s3_object,
        },
    }


def object_event(ctx, bucket, event_name: str, obj=None, key: str | None = None) -> None:
    """Called by object operations after a change (``event_name`` as S3 names it, e.g.
    ``ObjectCreated:Put``, ``ObjectRemoved:DeleteMarkerCreated``): delivers it to the
    destinations the bucket's notification configuration selects."""
    stored = getattr(bucket, "notification", None)
    if not stored:
        return
    key = obj.key if obj is not None else key
    if key is None:
        return
    if obj is None and event_name.endswith("DeleteMarkerCreated"):
        # The marker just stored is the key's newest version; the event names its id.
        history = bucket.versions.get(key)
        obj = history[-1] if history and history[-1].delete_marker else None
    full_name = "s3:" + event_name
    sequencer = f"{next(_sequence):018X}"
    s3_object = _object_fields(key, obj, sequencer)
    when, request_id = _now_text(), _request_id()
    for kind, arn_member, action in _KINDS:
        for config in stored.get(kind) or ():
            if _matches(config, full_name, key):
                record = _record(ctx, bucket, event_name, config["Id"], s3_object, when, request_id)
                _deliver(ctx, bucket, config[arn_member], action, json.dumps({"Records": [record]}))
    if "EventBridgeConfiguration" in stored:
        _to_event_bus(ctx, bucket, event_name, key, obj, sequencer, request_id, when)


def _deliver(ctx, bucket, arn: str, action: str, body: str) -> None:
    """Sends one message; failures are logged, never raised to the object operation."""
    if ctx is None or ctx.store is None or not _policy_allows(ctx, action, arn, bucket):
        return
    _, _, service, region, account, resource = _arn_parts(arn)
    if not account or not registry.is_shipped(service):
        return
    backend = ctx.store.backend(service, account, region)
    as_s3 = Context(request=getattr(ctx, "request", None), service=service, operation="", protocol="",
                    account_id=account, region=region, store=ctx.store, principal=S3_PRINCIPAL)
    try:
        if service == "sqs":
            as_s3.operation = "SendMessage"
            with backend.lock:
                if resource in backend.queues:
                    backend.send_message(as_s3, {"QueueUrl": f"https://sqs.{region}.amazonaws.com/{account}/"
                                                             f"{resource}", "MessageBody": body})
        elif service == "sns":
            as_s3.operation = "Publish"
            backend.publish(as_s3, {"TopicArn": arn, "Message": body, "Subject": "Amazon S3 Notification"})
        elif service == "lambda":
            as_s3.operation = "Invoke"
            handler = backend.handler("Invoke")
            if handler is not None:
                with backend.lock:
                    handler(backend, as_s3, {"FunctionName": arn, "InvocationType": "Event",
                                             "Payload": body.encode("utf-8")})
    except AWSError as err:
        log.info("S3 could not deliver an event of %s to %s: %s", bucket.name, arn, err.message)
    except Exception:   # a fault in another backend must not fail the object operation
        log.exception("S3 could not deliver an event of %s to %s", bucket.name, arn)


def _detail_type(event_name: str) -> str | None:
    return _DETAIL_TYPES.get(event_name) or _DETAIL_TYPES.get(event_name.split(":", 1)[0]) \
        or _DETAIL_TYPES.get(event_name.rsplit(":", 1)[0])


def _to_event_bus(ctx, bucket, event_name, key, obj, sequencer, request_id, when) -> None:
    detail_type = _detail_type(event_name)
    if detail_type is None or not registry.is_shipped("events"):
        return
    from iamulator.services.events import routing

    s3_object = {"key": key}
    if obj is not None and not obj.delete_marker:
        s3_object.update({"size": obj.size, "etag": obj.etag.strip('"')})
    if obj is not None and obj.version_id != NULL_VERSION:
        s3_object["version-id"] = obj.version_id
    s3_object["sequencer"] = sequencer
    detail = {"version": "0", "bucket": {"name": bucket.name}, "object": s3_object, "request-id": request_id,
              "requester": ctx.account_id, "source-ip-address": "127.0.0.1", "reason": ctx.operation}
    if event_name.startswith("ObjectRemoved"):
        detail["deletion-type"] = ("Delete Marker Created" if event_name.endswith("DeleteMarkerCreated")
                                   else "Permanently Deleted")
    event = {"version": "0", "id": str(uuid.uuid4()), "detail-type": detail_type, "source": "aws.s3",
             "account": bucket.account_id, "time": when[:19] + "Z", "region": bucket.region,
             "resources": [bucket.arn], "detail": detail}
    try:
        found = routing.matching(ctx.store, bucket.region, bucket.account_id, "default", event)
        if found is not None:
            backend, matched = found
            routing.deliver(ctx.store, getattr(ctx, "request", None), backend, matched, event,
                            json.dumps(event, separators=(",", ":")))
    except Exception:   # a fault in EventBridge must not fail the object operation
        log.exception("S3 could not send an event of %s to EventBridge", bucket.name)
