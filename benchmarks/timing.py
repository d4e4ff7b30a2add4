"""Timing shared by the benchmark scripts (run as ``python benchmarks/<script>.py``, so this
folder is on the import path)."""
import statistics
import time


def median_us(fn, iterations: int) -> float:
    """The median time of one ``fn()`` in microseconds, after a short warm-up."""
    for _ in range(max(5, iterations // 10)):
        fn()
    samples = []
    for _ in range(iterations):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1e6
