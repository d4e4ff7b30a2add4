"""Metric filters and subscription filters: validated and stored on their log group.

Metric filters also publish to CloudWatch as events arrive (see ``metric_points``); subscription
filters are stored only: nothing is delivered to their destinations.
"""
from __future__ import annotations

import re

from iamulator.services.errors import AWSError
from iamulator.services.logs import clock
from iamulator.services.logs.errors import constraint, invalid
from iamulator.services.logs.groups import LogGroup
from iamulator.services.logs.names import check_length
from iamulator.services.logs.patterns import compile_pattern

MAX_SUBSCRIPTION_FILTERS = 2
MAX_METRIC_FILTERS = 100
_FILTER_NAME = re.compile(r"[^:*]*\Z")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?\Z")
_SELECTOR = re.compile(r"\$[.\w\[\]]+\Z")


def limit_exceeded() -> AWSError:
    return AWSError("LimitExceededException", "Resource limit exceeded.")


def check_filter_name(name: str) -> None:
    check_length(name, "filterName")
    if not _FILTER_NAME.match(name):
        raise constraint(name, "filterName", "satisfy regular expression pattern: [^:*]*")


def check_pattern(text: str | None) -> str:
    text = text or ""
    if len(text) > 1024:
        raise constraint(text, "filterPattern", "have length less than or equal to 1024")
    compile_pattern(text)
    return text


def put_subscription(group: LogGroup, params: dict) -> None:
    name = params["filterName"]
    check_filter_name(name)
    pattern = check_pattern(params.get("filterPattern"))
    destination = params.get("destinationArn") or ""
    if not destination.startswith("arn:"):
        raise invalid(f"Invalid destinationArn: {destination}")
    distribution = params.get("distribution") or "ByLogStream"
    if name not in group.subscription_filters and len(group.subscription_filters) >= MAX_SUBSCRIPTION_FILTERS:
        raise limit_exceeded()
    existing = group.subscription_filters.get(name)
    entry = {
        "filterName": name,
        "logGroupName": group.name,
        "filterPattern": pattern,
        "destinationArn": destination,
        "distribution": distribution,
        "applyOnTransformedLogs": bool(params.get("applyOnTransformedLogs")),
        "creationTime": existing["creationTime"] if existing else clock.millis(),
    }
    if params.get("roleArn"):
        entry["roleArn"] = params["roleArn"]
    group.subscription_filters[name] = entry


def check_transformation(t: dict) -> dict:
    value = t.get("metricValue", "")
    if not (_NUMBER.match(value) or _SELECTOR.match(value)):
        raise invalid(f"Invalid metric value: {value}. The metric value must be a number or a "
                      "$-prefixed field selector.")
    dimensions = t.get("dimensions") or {}
    if len(dimensions) > 3:
        raise constraint("{...}", "metricTransformations.1.member.dimensions",
                         "have length less than or equal to 3")
    if dimensions and t.get("defaultValue") is not None:
        raise invalid("You cannot use default values with dimensions.")
    for key, selector in dimensions.items():
        if not _SELECTOR.match(selector):
            raise invalid(f"Invalid dimension value for {key}: {selector}. Dimension values must be "
                          "$-prefixed field selectors.")
    return {k: v for k, v in t.items() if v is not None}


def put_metric(group: LogGroup, params: dict) -> None:
    name = params["filterName"]
    check_filter_name(name)
    pattern = check_pattern(params.get("filterPattern"))
    transformations = [check_transformation(t) for t in params.get("metricTransformations") or []]
    if len(transformations) != 1:
        raise constraint("[...]", "metricTransformations", "have length less than or equal to 1")
    if name not in group.metric_filters and len(group.metric_filters) >= MAX_METRIC_FILTERS:
        raise limit_exceeded()
    existing = group.metric_filters.get(name)
    group.metric_filters[name] = {
        "filterName": name,
        "filterPattern": pattern,
        "metricTransformations": transformations,
        "creationTime": existing["creationTime"] if existing else clock.millis(),
        "logGroupName": group.name,
        "applyOnTransformedLogs": bool(params.get("applyOnTransformedLogs")),
    }


def _number(value):
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def metric_points(group: LogGroup, events: list) -> list[dict]:
    """The data points the group's metric filters make of newly stored events, each
    ``{"namespace", "name", "value", "timestamp" (ms), "dimensions", "unit"}``."""
    points = []
    for f in group.metric_filters.values():
        pattern = compile_pattern(f["filterPattern"])
        t = f["metricTransformations"][0]
        matched_any = False
        for event in events:
            if not pattern.matches(event.message):
                continue
            matched_any = True
            raw = t["metricValue"]
            value = _number(raw) if not raw.startswith("$") else _number(pattern.value(event.message, raw))
            if value is None:
                continue
            dimensions = {}
            for key, selector in (t.get("dimensions") or {}).items():
                found = pattern.value(event.message, selector)
                if found is not None:
                    dimensions[key] = str(found)
            points.append({"namespace": t["metricNamespace"], "name": t["metricName"], "value": value,
                           "timestamp": event.timestamp, "dimensions": dimensions, "unit": t.get("unit")})
        if not matched_any and t.get("defaultValue") is not None and events:
            points.append({"namespace": t["metricNamespace"], "name": t["metricName"],
                           "value": float(t["defaultValue"]), "timestamp": events[-1].timestamp,
                           "dimensions": {}, "unit": t.get("unit")})
    return points


def test_metric_filter(pattern_text: str, messages: list[str]) -> list[dict]:
    pattern = compile_pattern(check_pattern(pattern_text))
    out = []
    for number, message in enumerate(messages, 1):
        if not pattern.matches(message):
            continue
        out.append({"eventNumber": number, "eventMessage": message, "extractedValues": pattern.fields(message)})
    return out
