"""Wall-clock time for LastModified, layer CreatedDate and invocation logs; tests may replace ``now``."""
import time
from datetime import datetime, timezone

now = time.time


def timestamp(seconds: float | None = None) -> str:
    """Lambda's own timestamp format: ``2024-05-01T12:00:00.000+0000``."""
    moment = datetime.fromtimestamp(now() if seconds is None else seconds, timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"
