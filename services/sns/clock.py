"""Wall-clock time for message timestamps and FIFO deduplication; tests may replace ``now``."""
import time

now = time.time
