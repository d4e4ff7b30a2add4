"""Wall-clock time for LastModifiedDate; tests may replace ``now``."""
import time

now = time.time
