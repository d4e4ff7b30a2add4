"""Wall-clock time for ingestion, retention and the too-old/too-new rules; tests may replace ``now``."""
import time

now = time.time


def millis() -> int:
    return int(now() * 1000)
