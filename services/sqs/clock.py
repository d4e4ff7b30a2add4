"""Wall-clock time for message timestamps, visibility and retention; tests may replace ``now``."""
import time

now = time.time
