"""Version labels: which labels SSM accepts (others come back in InvalidLabels)."""
from __future__ import annotations

import re

_LABEL = re.compile(r"[A-Za-z0-9_.\-]{1,100}\Z")
MAX_PER_VERSION = 10


def valid(label: str) -> bool:
    """Letters, digits, ``.-_``, at most 100 characters; not starting with a digit, ``aws`` or ``ssm``."""
    return bool(_LABEL.match(label)) and not label[0].isdigit() and not label.lower().startswith(("aws", "ssm"))
