"""Compiling a policy document once: parse, validate, index statements by action.

``compile_policy`` keeps an LRU cache keyed by the document's JSON text and kind, so the
same document stored on many users compiles once. A compiled policy is immutable; naming
it (``with_name``) gives a new handle on the same compiled statements.

The action index: exact action names go in a dict, patterns with a literal service
prefix (``s3:Get*``) in a list per service, and ``*``-service patterns and ``NotAction``
statements in a catch-all list. The candidate statements for an action are computed on
first use and remembered, so evaluating a policy costs one dict lookup plus the work on
the statements that can actually apply; statements for other actions cost nothing.
"""
from __future__ import annotations

import json
from functools import lru_cache

from ..errors import LEGACY, ORG_REQUIREMENTS, SYNTAX, SID_NOT_ALNUM, SID_NOT_UNIQUE, PolicyError
from .kinds import PolicyKind, get_kind
from .statement import Statement

VERSIONS = ("2012-10-17", "2008-10-17")
_TOP_FIELDS = frozenset({"Version", "Id", "Statement"})
_CANDIDATE_CACHE_LIMIT = 4096


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _load(text: str):
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise PolicyError(SYNTAX, detail=f"not valid JSON: {exc}") from None


def _strip_whitespace(text: str) -> int:
    """Characters in a JSON text, not counting white space outside strings."""
    count = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            count += 1
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch in " \t\r\n":
            continue
        else:
            count += 1
            if ch == '"':
                in_string = True
    return count


def policy_size(document, counts_whitespace: bool = False) -> int:
    """A document's size as IAM counts it (white space excluded) or as sent."""
    if isinstance(document, CompiledPolicy):
        document = document.text
    if isinstance(document, str):
        return len(document) if counts_whitespace else _strip_whitespace(document)
    return len(json.dumps(document, separators=(",", ":"), ensure_ascii=False))


class _Core:
    """The compiled, shareable part of a policy: statements and the action index."""

    __slots__ = ("kind", "version", "statements", "text", "doc_id", "_exact", "_by_service",
                 "_wild", "_cache", "variables", "context_free")

    def __init__(self, text: str, kind: PolicyKind):
        self.kind = kind
        self.text = text
        doc = _load(text)
        if not isinstance(doc, dict):
            raise PolicyError(SYNTAX, detail="a policy document must be a JSON object")
        unknown = set(doc) - _TOP_FIELDS
        if unknown:
            raise PolicyError(SYNTAX, detail=f"unknown top-level field(s) {sorted(unknown)}")
        version = doc.get("Version")
        if version is not None and version not in VERSIONS:
            raise PolicyError(LEGACY, detail=f"Version must be one of {list(VERSIONS)}, not {version!r}")
        if kind.version_required and version != kind.version_required:
            raise PolicyError(SYNTAX, detail=f"Version must be {kind.version_required!r}")
        self.version = version
        doc_id = doc.get("Id")
        if doc_id is not None and not isinstance(doc_id, str):
            raise PolicyError(SYNTAX, detail="Id must be a string")
        self.doc_id = doc_id
        if "Statement" not in doc:
            raise PolicyError(SYNTAX, detail="the document has no Statement")
        raw = doc["Statement"]
        if isinstance(raw, dict):
            raw = [raw]
        if not isinstance(raw, list) or not raw:
            raise PolicyError(SYNTAX, detail="Statement must be an object or a non-empty list of objects")
        # Policy variables exist only in the 2012-10-17 language; elsewhere ${...} is text.
        self.variables = version == "2012-10-17"
        statements = tuple(Statement(s, i, kind, self.variables) for i, s in enumerate(raw))
        if kind.iam_sid_rules:
            seen = set()
            for st in statements:
                if st.sid is None:
                    continue
                if not st.sid.isascii() or not (st.sid.isalnum() or st.sid == ""):
                    raise PolicyError(SID_NOT_ALNUM, detail=f"statement {st.index}: {st.sid!r}")
                if st.sid in seen:
                    raise PolicyError(SID_NOT_UNIQUE, detail=f"Sid {st.sid!r} appears twice")
                seen.add(st.sid)
        self.statements = statements
        # No statement reads the request context (no condition, no policy variable): the
        # policy's verdict then depends only on action, resource and principal.
        self.context_free = not any(st.context_keys for st in statements)
        self._index()

    def _index(self) -> None:
        exact: dict[str, list] = {}
        by_service: dict[str, list] = {}
        wild: list = []
        for st in self.statements:
            if st.not_action:
                wild.append(st)
                continue
            for p in st.actions:
                if not p.wild:
                    exact.setdefault(p.lower, []).append(st)
                elif p.service is not None:
                    by_service.setdefault(p.service, []).append(st)
                else:
                    wild.append(st)
        self._exact = exact
        self._by_service = by_service
        self._wild = wild
        self._cache: dict[str, tuple] = {}

    def candidates(self, action_l: str) -> tuple:
        """Statements whose Action / NotAction covers the action, in document order."""
        found = self._cache.get(action_l)
        if found is None:
            found = self._lookup(action_l)
        return found[0]

    def split_candidates(self, action_l: str) -> tuple[tuple, tuple]:
        """(Deny statements, Allow statements) covering the action."""
        found = self._cache.get(action_l)
        if found is None:
            found = self._lookup(action_l)
        return found[1], found[2]

    def _lookup(self, action_l: str) -> tuple:
        service = action_l.split(":", 1)[0]
        hits = {}
        for st in self._exact.get(action_l, ()):
            hits[st.index] = st
        for st in self._by_service.get(service, ()):
            if st.index not in hits and st.matches_action(action_l):
                hits[st.index] = st
        for st in self._wild:
            if st.index not in hits and st.matches_action(action_l):
                hits[st.index] = st
        ordered = tuple(hits[i] for i in sorted(hits))
        found = (ordered, tuple(st for st in ordered if not st.allow),
                 tuple(st for st in ordered if st.allow))
        if len(self._cache) >= _CANDIDATE_CACHE_LIMIT:
            self._cache.clear()
        self._cache[action_l] = found
        return found


class CompiledPolicy:
    """An immutable, validated policy. ``name`` (a policy name or ARN) labels decisions."""

    __slots__ = ("_core", "name")

    def __init__(self, core: _Core, name: str | None = None):
        self._core = core
        self.name = name

    @property
    def kind(self) -> str:
        return self._core.kind.name

    @property
    def version(self) -> str | None:
        return self._core.version

    @property
    def statements(self) -> tuple[Statement, ...]:
        return self._core.statements

    @property
    def text(self) -> str:
        """The JSON text the policy was compiled from."""
        return self._core.text

    @property
    def document(self) -> dict:
        """A fresh copy of the parsed document."""
        return json.loads(self._core.text)

    def with_name(self, name: str | None) -> "CompiledPolicy":
        return CompiledPolicy(self._core, name)

    def candidates(self, action: str) -> tuple[Statement, ...]:
        return self._core.candidates(action.lower())

    def __setattr__(self, key, value):
        if hasattr(self, "_core") and hasattr(self, "name"):
            raise AttributeError("CompiledPolicy is immutable; use with_name()")
        object.__setattr__(self, key, value)

    def __repr__(self) -> str:
        label = f" {self.name!r}" if self.name else ""
        return f"<CompiledPolicy{label} kind={self.kind} statements={len(self.statements)}>"


def _check_size(text: str, kind: PolicyKind, max_size: int | None, entity_name: str | None) -> None:
    limit = kind.max_size if max_size is None else max_size
    if not limit:
        return
    size = policy_size(text, kind.counts_whitespace)
    if size > limit:
        message = kind.size_message.format(limit=limit, entity=entity_name or "")
        raise PolicyError(message.strip() or f"Policy size {size} exceeds {limit}",
                          code=kind.size_code, detail=f"the document is {size} characters")


@lru_cache(maxsize=1024)
def _compile_text(text: str, kind_name: str, max_size: int | None,
                  entity_name: str | None) -> CompiledPolicy:
    kind = get_kind(kind_name)
    _check_size(text, kind, max_size, entity_name)
    try:
        core = _Core(text, kind)
    except PolicyError as err:
        if kind.organizations:
            # Organizations reports every grammar problem with one sentence.
            raise PolicyError(ORG_REQUIREMENTS, code=kind.error_code,
                              detail=err.detail or err.message) from None
        if err.code == "MalformedPolicyDocument" and kind.error_code != err.code:
            raise PolicyError(err.message, code=kind.error_code, detail=err.detail) from None
        raise
    return CompiledPolicy(core)


def compile_policy(document, kind: str = "identity", name: str | None = None, *,
                   max_size: int | None = None, entity_name: str | None = None) -> CompiledPolicy:
    """Parse and validate a policy once.

    ``document`` is a dict, a JSON string, an already compiled policy, or a
    ``(name_or_arn, document)`` pair. ``kind`` chooses the rules and size quota
    (identity, inline-user, inline-role, inline-group, boundary, session, trust, resource,
    key, scp, rcp); ``max_size`` overrides the quota and ``entity_name`` fills in the
    user/role/group name of IAM's inline-policy quota message.
    """
    if is_named_pair(document):
        name = name if name is not None else document[0]
        document = document[1]
    k = get_kind(kind)
    if isinstance(document, CompiledPolicy):
        if document._core.kind.family == k.family and max_size is None:
            return document if name is None or name == document.name else document.with_name(name)
        text = document.text
        name = name if name is not None else document.name
    elif isinstance(document, str):
        text = document
    elif isinstance(document, dict):
        try:
            text = json.dumps(document, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError, RecursionError) as exc:
            raise PolicyError(SYNTAX, code=k.error_code if not k.organizations else k.error_code,
                              detail=f"document is not JSON-serialisable: {exc}") from None
    else:
        raise PolicyError(SYNTAX, code=k.error_code,
                          detail=f"a policy must be a dict or JSON text, not {type(document).__name__}")
    compiled = _compile_text(text, k.name, max_size, entity_name)
    return compiled if name is None else compiled.with_name(name)


def is_named_pair(arg) -> bool:
    """A ``(name_or_arn, document)`` pair, as opposed to a tuple of two documents."""
    return (isinstance(arg, tuple) and len(arg) == 2
            and (arg[0] is None or (isinstance(arg[0], str) and not arg[0].lstrip().startswith("{")))
            and isinstance(arg[1], (dict, str, CompiledPolicy)))


def clear_cache() -> None:
    _compile_text.cache_clear()
