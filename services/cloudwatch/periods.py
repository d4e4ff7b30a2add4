"""Periods and the time grid data is bucketed on."""
from __future__ import annotations

import math

from iamulator.services.cloudwatch.errors import combination, invalid_value, missing

HIGH_RESOLUTION_PERIODS = (1, 5, 10, 20, 30)
MAX_STATISTICS_POINTS = 1440


def check_period(period, where: str = "Period") -> int:
    if period is None:
        raise missing(where)
    if period <= 0 or (period not in HIGH_RESOLUTION_PERIODS and period % 60):
        raise invalid_value(f"The parameter {where} must be 1, 5, 10, 20, 30 or a multiple of 60.")
    return period


def check_window(start: float, end: float) -> None:
    if start >= end:
        raise invalid_value("The parameter StartTime must be less than the parameter EndTime.")


def round_start(start: float, period: int, now: float) -> float:
    """The start of the first bucket: rounded down by the start time's age, as the service does
    (a minute within 15 days, five minutes within 63 days, an hour beyond), or to the second for
    high-resolution periods."""
    if period < 60:
        return math.floor(start)
    age = now - start
    step = 60 if age < 15 * 86_400 else 300 if age < 63 * 86_400 else 3_600
    return math.floor(start / step) * step


def grid(start: float, end: float, period: int, now: float) -> tuple[float, int]:
    """(first bucket start, number of buckets) covering [start, end)."""
    first = round_start(start, period, now)
    return first, max(0, math.ceil((end - first) / period))


def check_statistics_points(start: float, end: float, period: int) -> None:
    points = math.ceil((end - start) / period)
    if points > MAX_STATISTICS_POINTS:
        raise combination(f"You have requested up to {points:,} datapoints, which exceeds the limit of 1,440. "
                          "You may reduce the datapoints requested by increasing Period, or decreasing the time "
                          "range.")

