"""Wall-clock time for event times and creation times; tests may replace ``now``."""
import time

now = time.time
