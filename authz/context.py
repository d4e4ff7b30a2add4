"""The request context: condition keys and their values.

Keys are case-insensitive, so the context is stored under lowercased keys. Every value
becomes a tuple of strings: a single value is a 1-tuple, a multivalued key (a list) keeps
all its values, and booleans and numbers take AWS's string form (True -> "true").
"""
from __future__ import annotations

from .policy.conditions import to_text
from .principal import RequestPrincipal


def normalize_context(context) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """(values by lowercased key, original spelling by lowercased key)."""
    values: dict[str, tuple[str, ...]] = {}
    spelling: dict[str, str] = {}
    if not context:
        return values, spelling
    for key, value in context.items():
        if not isinstance(key, str):
            raise TypeError(f"context keys must be strings, not {type(key).__name__}")
        if value is None:
            continue
        kl = key.lower()
        if type(value) is str:
            values[kl] = (value,)
        elif isinstance(value, (list, tuple, set, frozenset)):
            items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
            values[kl] = tuple(to_text(v) for v in items)
        else:
            values[kl] = (to_text(value),)
        spelling[kl] = key
    return values, spelling


def principal_keys(p: RequestPrincipal) -> tuple[tuple[str, str, str], ...]:
    """The global keys AWS derives from the caller: (lowercased key, key, value)."""
    items: list[tuple[str, str | None]] = []
    if p.external:
        if p.kind == "service":
            items += [("aws:PrincipalServiceName", p.arn), ("aws:PrincipalIsAWSService", "true")]
    else:
        items += [("aws:PrincipalArn", p.role_arn if p.kind == "assumed-role" else p.arn),
                  ("aws:PrincipalAccount", p.account),
                  ("aws:PrincipalType", p.type_label),
                  ("aws:PrincipalIsAWSService", "false")]
        if p.kind == "user":
            items.append(("aws:username", p.name))
    return tuple((k.lower(), k, v) for k, v in items if v is not None)


def add_principal_keys(values: dict, spelling: dict, p: RequestPrincipal) -> None:
    """Add the caller-derived global keys the caller did not supply."""
    for kl, key, value in p.context_keys:
        if kl not in values:
            values[kl] = (value,)
            spelling[kl] = key
