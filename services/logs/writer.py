"""Writing logs from inside the emulator (no HTTP, no PutLogEvents limits): Lambda's invocation
logs, EventBridge's log-group targets; and the resource policy lookup for enforcement."""
from __future__ import annotations

import datetime
import math
import uuid

from iamulator.services.logs import clock
from iamulator.services.logs.groups import LogEvent, LogStream


def write_events(store, account: str, region: str, group_name: str, stream_name: str, messages) -> None:
    """Appends ``messages`` (text, or ``(timestamp_ms, text)`` pairs) to a stream, creating the
    group and stream when missing, as AWS services do when they log on a caller's behalf.

    Takes the logs backend's lock; callers holding another backend's lock are fine (logs never
    calls into other services while holding its own, except to publish metric-filter points).
    """
    backend = store.backend("logs", account, region)
    with backend.lock:
        group = backend.ensure_group(group_name)
        stream = group.streams.get(stream_name)
        if stream is None:
            stream = group.streams[stream_name] = LogStream(group, stream_name)
        now = clock.millis()
        stored = []
        for item in messages:
            timestamp, text = item if isinstance(item, tuple) else (now, item)
            if not text:
                continue
            event = LogEvent(int(timestamp), backend.next_seq(), now, text, stream)
            stream.add(event)
            stored.append(event)
        if stored:
            stream.uploads += 1
            if group.metric_filters:
                from iamulator.services.logs.filters import metric_points
                backend._publish_metrics(None, metric_points(group, stored))


def invocation_stream_name(version: str = "$LATEST") -> str:
    today = datetime.datetime.fromtimestamp(clock.now(), datetime.timezone.utc)
    return f"{today:%Y/%m/%d}/[{version}]{uuid.uuid4().hex}"


def write_invocation_logs(store, account: str, region: str, function_name: str, lines, *,
                          request_id: str | None = None, version: str = "$LATEST",
                          duration_ms: float | None = None, memory_mb: int = 128,
                          stream_name: str | None = None) -> str:
    """Logs one Lambda invocation to ``/aws/lambda/<function_name>``, in a stream of its own
    unless ``stream_name`` names one; returns the stream's name.

    With ``request_id`` the function's ``lines`` are framed by the START, END and REPORT lines the
    Lambda runtime writes.
    """
    stream_name = stream_name or invocation_stream_name(version)
    messages = []
    if request_id:
        messages.append(f"START RequestId: {request_id} Version: {version}")
    messages.extend(line if line.endswith("\n") else line + "\n" for line in lines if line)
    if request_id:
        duration = 1.0 if duration_ms is None else float(duration_ms)
        messages.append(f"END RequestId: {request_id}")
        messages.append(f"REPORT RequestId: {request_id}\tDuration: {duration:.2f} ms\t"
                        f"Billed Duration: {max(1, math.ceil(duration))} ms\tMemory Size: {memory_mb} MB\t"
                        f"Max Memory Used: {min(memory_mb, 64)} MB\t")
    write_events(store, account, region, f"/aws/lambda/{function_name}", stream_name, messages)
    return stream_name


def resource_policy(ctx, resource_arn: str):
    """(the resource policy document governing a log group or stream ARN, or None; its owner)."""
    from iamulator.services.logs import policies

    parts = resource_arn.split(":")
    if len(parts) < 7 or parts[2] != "logs":
        return None, ctx.account_id
    account, region = parts[4], parts[3]
    group_name = parts[6]
    group_arn = ":".join(parts[:7])
    backend = ctx.store.backend("logs", account, region)
    with backend.lock:
        if group_name not in backend.groups:
            return None, account
        return policies.governing(backend.policies, group_arn), account
