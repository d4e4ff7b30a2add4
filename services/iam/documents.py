"""Policy documents as IAM takes and gives them: validated by the evaluator's parser when
stored, URL-encoded (RFC 3986) when returned, as IAM always returns documents."""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from iamulator.authz import PolicyError, compile_policy, policy_size
from iamulator.authz.policy.kinds import get_kind
from iamulator.services.iam.errors import from_policy_error, limit_exceeded

# The kinds of ``authz.policy.kinds`` for each place IAM stores a document.
INLINE_KINDS = {"user": "inline-user", "group": "inline-group", "role": "inline-role"}


def compile_document(text: str, kind: str, name: str | None = None, entity_name: str | None = None,
                     max_size: int | None = None):
    """The document compiled (validated) as ``kind``, or IAM's error for it."""
    try:
        compiled = compile_policy(text, kind, entity_name=entity_name, max_size=max_size)
    except PolicyError as err:
        raise from_policy_error(err) from None
    return compiled if name is None else compiled.with_name(name)


def check_inline_total(entity_type: str, entity_name: str, existing: dict, policy_name: str, text: str) -> None:
    """IAM's inline quota counts every inline policy of the entity together."""
    kind = get_kind(INLINE_KINDS[entity_type])
    total = policy_size(text)
    for other_name, other in existing.items():
        if other_name != policy_name:
            total += policy_size(other.text)
    if total > kind.max_size:
        raise limit_exceeded(kind.size_message.format(limit=kind.max_size, entity=entity_name))


def encoded(compiled_or_text) -> str:
    text = compiled_or_text if isinstance(compiled_or_text, str) else compiled_or_text.text
    return _quoted(text)


@lru_cache(maxsize=512)
def _quoted(text: str) -> str:
    # Documents are returned far more often than they change, and AWS's own run to 100 KB.
    return quote(text, safe="")
