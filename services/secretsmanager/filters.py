"""ListSecrets and BatchGetSecretValue filters.

Filters are ANDed; the values of one filter are ORed, and a value starting with ``!`` excludes
the secrets it matches. ``name``, ``tag-key`` and ``tag-value`` are case-sensitive prefix
matches, ``description`` a case-insensitive prefix match; ``all`` splits the value into words
and wants each word to begin some word of the name, description, tag keys or tag values,
ignoring case. ``primary-region`` and ``owning-service`` describe replicated and managed
secrets, which iamulator does not create, so they match nothing.
"""
from __future__ import annotations

import re

_WORD_BREAK = re.compile(r"[^A-Za-z0-9]+")


def _words(text: str) -> list[str]:
    return [w for w in _WORD_BREAK.split(text.lower()) if w]


def _prefix(value: str, texts, fold: bool) -> bool:
    if fold:
        value = value.lower()
        return any(t.lower().startswith(value) for t in texts)
    return any(t.startswith(value) for t in texts)


def _all_words(value: str, secret) -> bool:
    wanted = _words(value)
    if not wanted:
        return False
    texts = [secret.name, secret.description or ""]
    texts += [t["Key"] for t in secret.tags] + [t.get("Value") or "" for t in secret.tags]
    have = [w for t in texts for w in _words(t)]
    return all(any(h.startswith(w) for h in have) for w in wanted)


def _match(key: str, value: str, secret) -> bool:
    if key == "name":
        return secret.name.startswith(value)
    if key == "description":
        return _prefix(value, [secret.description or ""], fold=True) if secret.description else False
    if key == "tag-key":
        return _prefix(value, [t["Key"] for t in secret.tags], fold=False)
    if key == "tag-value":
        return _prefix(value, [t.get("Value") or "" for t in secret.tags], fold=False)
    if key == "all":
        return _all_words(value, secret)
    return False


def matches(filters, secret) -> bool:
    for f in filters or ():
        key = f.get("Key")
        values = f.get("Values") or []
        positives = [v for v in values if not v.startswith("!")]
        negatives = [v[1:] for v in values if v.startswith("!")]
        if positives and not any(_match(key, v, secret) for v in positives):
            return False
        if any(_match(key, v, secret) for v in negatives):
            return False
    return True
