"""Reading metrics back: GetMetricStatistics' datapoints and the per-period series a MetricStat
of GetMetricData (or an alarm) asks for."""
from __future__ import annotations

from collections import defaultdict

from iamulator.services.cloudwatch import periods, statistics
from iamulator.services.cloudwatch.errors import bad_value, combination, missing
from iamulator.services.cloudwatch.metrics import Series, dims_key
from iamulator.services.cloudwatch.putdata import check_dimensions, epoch


def buckets(series: Series | None, start: float, end: float, period: int, now: float, unit: str | None = None,
            by_unit: bool = False) -> dict:
    """{bucket start: [samples]} (or {(bucket start, unit): [samples]} when ``by_unit``) for the
    samples in [start, end) on the period grid."""
    out = defaultdict(list)
    if series is None:
        return out
    first, count = periods.grid(start, end, period, now)
    for sample in series.between(first, end):
        if unit is not None and sample.unit != unit:
            continue
        index = int((sample.timestamp - first) // period)
        if index < 0 or index >= count:
            continue
        key = first + index * period
        out[(key, sample.unit) if by_unit else key].append(sample)
    return out


def stat_series(series: Series | None, stat: str, start: float, end: float, period: int, now: float,
                unit: str | None = None) -> dict[float, float]:
    """{bucket start: value} for the buckets holding data (and where the statistic is defined)."""
    out = {}
    for key, samples in sorted(buckets(series, start, end, period, now, unit).items()):
        value = statistics.statistic(samples, stat)
        if value is not None:
            out[key] = value
    return out


def check_stat(stat: str, where: str) -> str:
    if stat not in statistics.STANDARD and not statistics.is_valid_extended(stat):
        raise bad_value(stat, where)
    return stat


def get_metric_statistics(all_series: dict, params: dict, now: float) -> dict:
    for name in ("Namespace", "MetricName", "StartTime", "EndTime", "Period"):
        if params.get(name) is None:
            raise missing(name)
    stats = params.get("Statistics") or []
    extended = params.get("ExtendedStatistics") or []
    if not stats and not extended:
        raise combination("Must specify either Statistics or ExtendedStatistics.")
    if stats and extended:
        raise combination("The parameters Statistics and ExtendedStatistics are mutually exclusive and you have "
                          "specified both.")
    for i, stat in enumerate(stats, 1):
        if stat not in statistics.STANDARD:
            raise bad_value(stat, f"Statistics.member.{i}")
    for i, stat in enumerate(extended, 1):
        if not statistics.is_valid_extended(stat):
            raise bad_value(stat, f"ExtendedStatistics.member.{i}")
    dimensions = params.get("Dimensions") or []
    check_dimensions(dimensions, "Dimensions")
    start, end = epoch(params["StartTime"]), epoch(params["EndTime"])
    period = periods.check_period(params["Period"])
    periods.check_window(start, end)
    periods.check_statistics_points(start, end, period)
    series = all_series.get((params["Namespace"], params["MetricName"], dims_key(dimensions)))
    points = []
    for (key, unit), samples in sorted(buckets(series, start, end, period, now, params.get("Unit"),
                                               by_unit=True).items()):
        point = {"Timestamp": key, "Unit": unit}
        if stats:
            summary = statistics.aggregate(samples)
            for stat in stats:
                point[stat] = summary[stat]
        if extended:
            values = {}
            for stat in extended:
                value = statistics.statistic(samples, stat)
                if value is not None:
                    values[stat] = value
            point["ExtendedStatistics"] = values
        points.append(point)
    return {"Label": params["MetricName"], "Datapoints": points}
