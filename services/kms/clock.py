"""Wall-clock time for creation, deletion and rotation dates; tests may replace ``now``."""
import time

now = time.time
