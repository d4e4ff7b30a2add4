"""The regular-expression subset filter patterns accept between ``%`` signs."""
from __future__ import annotations

import re

from iamulator.services.logs.errors import invalid

# Parentheses (sub-patterns) are refused by the service; everything else maps onto Python's re.
_REFUSED = set("()")


def compile_regex(body: str):
    if not body:
        raise invalid("Invalid regex pattern: the expression between % signs is empty.")
    bad = sorted(set(body) & _REFUSED)
    if bad:
        raise invalid(f"Invalid character(s) in regex pattern: {''.join(bad)}")
    try:
        return re.compile(body)
    except re.error as err:
        raise invalid(f"Invalid regex pattern: {err}") from None
