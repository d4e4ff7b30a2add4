"""Wall-clock time for creation, access and deletion dates; tests may replace ``now``."""
import time

now = time.time
