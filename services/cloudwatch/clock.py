"""Wall-clock time for data-point age limits, alarm evaluation and history; tests may replace ``now``."""
import time

now = time.time
