"""The server's auth modes and the gate settings each one stands for.

``strict``: every request authenticated and authorized from the first one; ``count N``: the first
N requests unchecked, then strict (``INITIAL_NO_AUTH_ACTION_COUNT``); ``off``: nothing checked;
``soft``: every request evaluated and its decisions logged, none denied.
"""
from __future__ import annotations

MODES = ("strict", "count", "off", "soft")


class AuthMode:
    __slots__ = ("name", "count", "source")

    def __init__(self, name: str, count: int | None = None, source: str = "--auth"):
        if name not in MODES:
            raise ValueError(f"unknown auth mode {name!r} (one of: {', '.join(MODES)})")
        if (name == "count") != (count is not None):
            raise ValueError("auth mode 'count' takes a number of requests, the others none")
        if count is not None and count < 0:
            raise ValueError(f"the number of unchecked requests cannot be negative ({count})")
        self.name = name
        self.count = count
        self.source = source

    def apply(self, gate) -> None:
        from iamulator.authz.gate import UNLIMITED

        limit = {"strict": 0, "soft": 0, "off": UNLIMITED}.get(self.name, self.count)
        gate.reset(limit, soft=self.name == "soft")

    @property
    def checks(self) -> bool:
        return self.name != "off"

    def describe(self) -> str:
        """The printed line after ``auth: ``."""
        if self.name == "strict":
            text = "strict (every request authenticated and authorized from the first one)"
        elif self.name == "soft":
            text = "soft (every request evaluated and its decisions logged, none denied)"
        elif self.name == "off":
            text = "off (nothing checked; any credentials are accepted)"
        else:
            text = (f"the first {self.count} requests unchecked, every later one authenticated "
                    "and authorized")
        if self.source == "default":
            text += ", the default"
        elif self.source != "--auth":
            text += f" (from {self.source})"
        return text

    def as_dict(self) -> dict:
        out = {"mode": self.name}
        if self.count is not None:
            out["count"] = self.count
        return out


def parse(words: list[str], source: str = "--auth") -> AuthMode:
    """``["strict"]``, ``["count", "5"]``, ``["off"]``, ``["soft"]``; raises ValueError."""
    if not words:
        raise ValueError("an auth mode is needed (strict, count N, off or soft)")
    name, rest = words[0], words[1:]
    if name == "count":
        if len(rest) != 1 or not rest[0].isdigit():
            raise ValueError("auth mode 'count' takes one whole number: --auth count N")
        return AuthMode(name, int(rest[0]), source)
    if rest:
        raise ValueError(f"auth mode {name!r} takes no argument")
    return AuthMode(name, source=source)


def from_environment() -> AuthMode | None:
    """``INITIAL_NO_AUTH_ACTION_COUNT`` as a mode, or None when unset; raises ValueError."""
    from iamulator import settings

    limit = settings.initial_no_auth_action_count()
    if limit == float("inf"):
        return None
    return AuthMode("count", max(int(limit), 0), "INITIAL_NO_AUTH_ACTION_COUNT")
