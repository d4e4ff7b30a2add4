"""PutMetricData's validation: namespaces, data (single values, value/count arrays, statistic
sets), dimensions, units, storage resolution and the accepted time window."""
from __future__ import annotations

import datetime
import math

from iamulator.services.cloudwatch.errors import bad_value, combination, exclusive, invalid_value, missing
from iamulator.services.cloudwatch.metrics import Sample

MAX_METRICS = 1000
MAX_VALUES = 150
MAX_DIMENSIONS = 30
TWO_WEEKS = 14 * 86_400
TWO_HOURS = 2 * 3_600
LIMIT = 2.0 ** 360


def epoch(value) -> float:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.timestamp()
    return float(value)


def check_namespace(namespace) -> str:
    if not namespace:
        raise missing("Namespace")
    if namespace.startswith("AWS/"):
        raise invalid_value("The value AWS/ for parameter Namespace is invalid.")
    if namespace.startswith(":") or any(ord(c) < 32 or ord(c) > 126 for c in namespace):
        raise bad_value(namespace, "Namespace")
    return namespace


def check_dimensions(dimensions, where: str) -> None:
    if len(dimensions) > MAX_DIMENSIONS:
        raise invalid_value(f"The collection {where} must not contain more than {MAX_DIMENSIONS} items.")
    seen = set()
    for i, d in enumerate(dimensions, 1):
        name, value = d.get("Name"), d.get("Value")
        if not name:
            raise missing(f"{where}.member.{i}.Name")
        if value is None:
            raise missing(f"{where}.member.{i}.Value")
        if name.startswith(":") or not name.strip() or any(ord(c) < 32 or ord(c) > 126 for c in name):
            raise bad_value(name, f"{where}.member.{i}.Name")
        if not value.strip() or any(ord(c) < 32 for c in value):
            raise bad_value(value, f"{where}.member.{i}.Value")
        if name in seen:
            raise invalid_value(f"No metric may have duplicate dimension names: {name}")
        seen.add(name)


def _number(value, where: str) -> float:
    if value is None or not math.isfinite(value) or abs(value) > LIMIT:
        raise bad_value(value, where)
    return float(value)


def check_datum(datum: dict, i: int, now: float) -> Sample:
    where = f"MetricData.member.{i}"
    if not datum.get("MetricName"):
        raise missing(f"{where}.MetricName")
    check_dimensions(datum.get("Dimensions") or [], f"{where}.Dimensions")
    value, stats, values = datum.get("Value"), datum.get("StatisticValues"), datum.get("Values")
    if value is not None and stats is not None:
        raise exclusive(f"{where}.Value", f"{where}.StatisticValues")
    if value is not None and values:
        raise exclusive(f"{where}.Value", f"{where}.Values")
    if stats is not None and values:
        raise exclusive(f"{where}.StatisticValues", f"{where}.Values")
    resolution = datum.get("StorageResolution", 60)
    if resolution not in (1, 60):
        raise bad_value(resolution, f"{where}.StorageResolution")
    timestamp = now if datum.get("Timestamp") is None else epoch(datum["Timestamp"])
    if timestamp < now - TWO_WEEKS or timestamp > now + TWO_HOURS:
        raise invalid_value(f"The parameter {where}.Timestamp must specify a time within the past two weeks "
                            "and no more than two hours in the future.")
    unit = datum.get("Unit") or "None"
    if stats is not None:
        for key in ("SampleCount", "Sum", "Minimum", "Maximum"):
            if stats.get(key) is None:
                raise missing(f"{where}.StatisticValues.{key}")
            _number(stats[key], f"{where}.StatisticValues.{key}")
        if stats["SampleCount"] <= 0:
            raise bad_value(stats["SampleCount"], f"{where}.StatisticValues.SampleCount")
        if stats["Minimum"] > stats["Maximum"]:
            raise invalid_value(f"The parameter {where}.StatisticValues.Maximum must be greater than "
                                f"{where}.StatisticValues.Minimum.")
        return Sample(timestamp, unit, resolution,
                      stats=(float(stats["SampleCount"]), float(stats["Sum"]), float(stats["Minimum"]),
                             float(stats["Maximum"])))
    if values:
        if len(values) > MAX_VALUES:
            raise invalid_value(f"The collection {where}.Values must not contain more than {MAX_VALUES} items.")
        counts = datum.get("Counts")
        if counts is None:
            counts = [1.0] * len(values)
        elif len(counts) != len(values):
            raise invalid_value(f"The parameters {where}.Values and {where}.Counts must be of the same size.")
        pairs = []
        for j, (v, c) in enumerate(zip(values, counts), 1):
            v = _number(v, f"{where}.Values.member.{j}")
            c = _number(c, f"{where}.Counts.member.{j}")
            if c < 0:
                raise bad_value(c, f"{where}.Counts.member.{j}")
            if c > 0:
                pairs.append((v, c))
        if not pairs:
            raise invalid_value(f"The parameter {where}.Counts must contain at least one positive count.")
        return Sample(timestamp, unit, resolution, values=pairs)
    if datum.get("Counts"):
        raise combination(f"The parameter {where}.Counts may only be used with {where}.Values.")
    if value is None:
        raise combination(f"At least one of the parameters {where}.Value, {where}.StatisticValues or "
                          f"{where}.Values must be specified.")
    return Sample(timestamp, unit, resolution, values=[(_number(value, f"{where}.Value"), 1.0)])


def check_request(params: dict, now: float) -> list[tuple[dict, Sample]]:
    """(datum, sample) for every datum, all validated before any is stored."""
    check_namespace(params.get("Namespace"))
    data = list(params.get("MetricData") or [])
    for entity in params.get("EntityMetricData") or []:
        data.extend(entity.get("MetricData") or [])
    if not data:
        raise missing("MetricData")
    if len(data) > MAX_METRICS:
        raise invalid_value(f"The collection MetricData must not contain more than {MAX_METRICS} items.")
    return [(d, check_datum(d, i, now)) for i, d in enumerate(data, 1)]
