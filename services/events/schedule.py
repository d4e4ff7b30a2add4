"""ScheduleExpression validation: ``rate(value unit)`` and six-field ``cron(...)`` as
EventBridge accepts them. Schedules are stored, not run (``fire_scheduled_rule`` runs one on demand)."""
from __future__ import annotations

import re

from iamulator.services.events.errors import validation

_RATE = re.compile(r"rate\((\d+) (minute|minutes|hour|hours|day|days)\)\Z")
_CRON = re.compile(r"cron\((.*)\)\Z")
_MONTHS = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC"
_DAYS = "SUN|MON|TUE|WED|THU|FRI|SAT"


def _field(value: str, low: int, high: int, names: str | None = None, extra: str = "") -> bool:
    """A cron field: *, values, ranges, lists and increments within [low, high]."""
    token = rf"(?:\d+|{names})" if names else r"\d+"
    element = re.compile(rf"(\*|{token}(?:-{token})?)(?:/\d+)?\Z")
    for part in value.split(","):
        if not element.match(part):
            return False
        for number in re.findall(r"\d+", part.split("/")[0]):
            if not low <= int(number) <= high:
                return False
        if "/" in part and int(part.split("/")[1]) == 0:
            return False
    return True


def _day_of_month(value: str) -> bool:
    if value in ("?", "L", "LW"):
        return True
    if re.fullmatch(r"\d{1,2}W", value):
        return 1 <= int(value[:-1]) <= 31
    return _field(value, 1, 31)


def _day_of_week(value: str) -> bool:
    if value in ("?", "L"):
        return True
    if re.fullmatch(rf"(?:[1-7]|{_DAYS})L", value):
        return True
    if re.fullmatch(rf"(?:[1-7]|{_DAYS})#[1-5]", value):
        return True
    return _field(value, 1, 7, _DAYS)


def _valid_cron(body: str) -> bool:
    fields = body.split()
    if len(fields) != 6:
        return False
    minutes, hours, dom, month, dow, year = fields
    if (dom == "?") == (dow == "?"):
        return False      # exactly one of day-of-month and day-of-week must be '?'
    return (_field(minutes, 0, 59) and _field(hours, 0, 23) and _day_of_month(dom)
            and _field(month, 1, 12, _MONTHS) and _day_of_week(dow) and _field(year, 1970, 2199))


def check(expression: str) -> str:
    m = _RATE.match(expression)
    if m:
        value, unit = int(m.group(1)), m.group(2)
        if value > 0 and (value == 1) == (not unit.endswith("s")):
            return expression
    else:
        m = _CRON.match(expression)
        if m and _valid_cron(m.group(1).upper()):
            return expression
    raise validation("Parameter ScheduleExpression is not valid.")
