"""Stored metric data: one series per (namespace, metric name, dimension set), each a time-ordered
list of samples as they were put (single values, value/count pairs, or statistic sets)."""
from __future__ import annotations

import bisect


def dims_key(dimensions) -> tuple:
    """A dimension set as a sorted tuple of (name, value): the order dimensions are given in does
    not make a different metric."""
    return tuple(sorted((d["Name"], d["Value"]) for d in dimensions or ()))


class Sample:
    """One datum of PutMetricData. ``values`` is a list of (value, count) when raw values were
    sent; ``stats`` is (sample_count, sum, minimum, maximum) for a statistic set."""

    __slots__ = ("timestamp", "values", "stats", "unit", "resolution")

    def __init__(self, timestamp: float, unit: str, resolution: int, values=None, stats=None):
        self.timestamp = timestamp
        self.values = values
        self.stats = stats
        self.unit = unit
        self.resolution = resolution

    def summary(self) -> tuple[float, float, float, float]:
        if self.stats is not None:
            return self.stats
        count = sum(c for _, c in self.values)
        total = sum(v * c for v, c in self.values)
        return count, total, min(v for v, _ in self.values), max(v for v, _ in self.values)

    def raw(self):
        """(value, count) pairs usable for percentiles, or None when only a statistic set was sent
        (usable still when it describes one value: a sample count of 1 or equal min and max)."""
        if self.values is not None:
            return self.values
        count, _, low, high = self.stats
        if count == 1 or low == high:
            return [(low, count)]
        return None


class Series:
    def __init__(self, namespace: str, name: str, dimensions: tuple):
        self.namespace = namespace
        self.name = name
        self.dimensions = dimensions
        self.samples: list[Sample] = []
        self._times: list[float] = []
        self.last_put = 0.0              # wall-clock time of the latest PutMetricData
        self.high_resolution = False

    def add(self, sample: Sample, now: float) -> None:
        t = sample.timestamp
        if not self._times or t >= self._times[-1]:
            self._times.append(t)
            self.samples.append(sample)
        else:
            at = bisect.bisect_right(self._times, t)
            self._times.insert(at, t)
            self.samples.insert(at, sample)
        self.last_put = now
        if sample.resolution == 1:
            self.high_resolution = True

    def between(self, start: float, end: float) -> list[Sample]:
        lo = bisect.bisect_left(self._times, start)
        hi = bisect.bisect_left(self._times, end)
        return self.samples[lo:hi]

    def metric(self) -> dict:
        return {"Namespace": self.namespace, "MetricName": self.name,
                "Dimensions": [{"Name": n, "Value": v} for n, v in self.dimensions]}
