"""Statistics of a period's samples: SampleCount, Sum, Average, Minimum, Maximum, and the
extended ones: percentiles ``pNN`` and the trimmed/winsorized family ``tmNN``, ``wmNN``,
``tcNN``, ``tsNN`` and their ranges ``TM(a%:b%)``, ``WM(..)``, ``TC(..)``, ``TS(..)``, ``PR(..)``."""
from __future__ import annotations

import math
import re

from iamulator.services.cloudwatch.metrics import Sample

STANDARD = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
_PERCENTILE = re.compile(r"(p|tm|wm|tc|ts)(\d{1,2}(?:\.\d{1,10})?|100(?:\.0{1,10})?)\Z")
_RANGE = re.compile(r"(TM|WM|TC|TS|PR)\(([^:]*):([^)]*)\)\Z", re.IGNORECASE)
_BOUND = re.compile(r"(\d+(?:\.\d+)?)(%?)\Z")


def parse_extended(stat: str):
    """A function of (sorted expanded values) -> value for a valid extended statistic, else None."""
    if stat == "IQM":
        stat = "TM(25%:75%)"
    m = _PERCENTILE.match(stat)
    if m:
        kind, number = m.group(1), float(m.group(2))
        if number > 100:
            return None
        if kind == "p":
            return lambda values: _percentile(values, number)
        return _trimmed(kind, 0.0, number)
    m = _RANGE.match(stat)
    if m:
        kind = m.group(1).lower()
        low, high = m.group(2).strip(), m.group(3).strip()
        low_b = _bound(low) if low else (0.0, True)
        high_b = _bound(high) if high else (100.0, True)
        if low_b is None or high_b is None:
            return None
        if kind == "pr":
            # PR bounds are values, not percentages.
            if low_b[1] and low or high_b[1] and high:
                return None
            lo = -math.inf if not low else low_b[0]
            hi = math.inf if not high else high_b[0]
            return lambda values: sum(1 for v in values if lo < v <= hi) / len(values) * 100 if values else None
        if not (low_b[1] or not low) or not (high_b[1] or not high):
            return None
        if low_b[0] > high_b[0] or high_b[0] > 100:
            return None
        return _trimmed(kind, low_b[0], high_b[0])
    return None


def _bound(text: str):
    m = _BOUND.match(text)
    if m is None:
        return None
    return float(m.group(1)), m.group(2) == "%"


def _percentile(values: list[float], p: float):
    if not values:
        return None
    if p <= 0:
        return values[0]
    rank = math.ceil(p / 100 * len(values))
    return values[min(len(values), max(rank, 1)) - 1]


def _trimmed(kind: str, low: float, high: float):
    def compute(values: list[float]):
        if not values:
            return None
        lo_value = _percentile(values, low) if low > 0 else values[0]
        hi_value = _percentile(values, high)
        if kind in ("tm", "tc", "ts"):
            kept = [v for v in values if (low == 0 or v > lo_value) and v <= hi_value]
            if not kept:
                return None
            if kind == "tm":
                return sum(kept) / len(kept)
            if kind == "tc":
                return float(len(kept))
            return float(sum(kept))
        clamped = [min(max(v, lo_value), hi_value) for v in values]     # wm: winsorized mean
        return sum(clamped) / len(clamped)
    return compute


def is_valid_extended(stat: str) -> bool:
    return parse_extended(stat) is not None


def aggregate(samples: list[Sample]) -> dict:
    """The five standard statistics of the samples."""
    count = total = 0.0
    low, high = math.inf, -math.inf
    for s in samples:
        c, t, mn, mx = s.summary()
        count += c
        total += t
        low = min(low, mn)
        high = max(high, mx)
    return {"SampleCount": count, "Sum": total, "Average": total / count if count else 0.0,
            "Minimum": low, "Maximum": high}


def expanded(samples: list[Sample]):
    """Every raw value, sorted (counts expanded), or None when some sample has no raw values or
    a value is negative (the service offers no percentiles then)."""
    values = []
    append = values.append
    for s in samples:
        raw = s.values if s.values is not None else s.raw()
        if raw is None:
            return None
        for value, count in raw:
            if count == 1.0:
                append(value)
            else:
                values.extend([value] * max(int(round(count)), 1))
    if values and min(values) < 0:
        return None
    values.sort()
    return values


def statistic(samples: list[Sample], stat: str):
    """One statistic (standard or extended) of the samples, or None when it cannot be computed."""
    if not samples:
        return None
    if stat in STANDARD:
        return aggregate(samples)[stat]
    fn = parse_extended(stat)
    if fn is None:
        return None
    values = expanded(samples)
    return fn(values) if values else None
