"""One policy statement, validated and compiled for matching."""
from __future__ import annotations

import re

from ..errors import (
    LEGACY, MISSING_ACTIONS, MISSING_EFFECT, MISSING_PRINCIPAL, MISSING_RESOURCES, NEEDS_VENDOR,
    ONE_COLON, PRINCIPAL_NOT_ALLOWED, PROHIBITED_FIELD, RESOURCE_NOT_ARN, SYNTAX, PolicyError,
)
from .conditions import Clause, compile_conditions
from .kinds import FORBIDDEN, REQUIRED, STAR_ONLY, PolicyKind
from .patterns import ArnPattern, glob

_FIELDS = frozenset({"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
                     "Resource", "NotResource", "Condition"})
_RESOURCE_CACHE_LIMIT = 256
_SERVICE = re.compile(r"^[A-Za-z0-9*?_.-]+$")


def _string_list(value, field: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise PolicyError(SYNTAX, detail=f"{field} must be a string or a list of strings")


class ActionPattern:
    """An Action / NotAction entry, matched case-insensitively against ``service:Name``."""

    __slots__ = ("text", "lower", "service", "wild", "match")

    def __init__(self, text: str):
        if text == "*":
            self.service = None
        else:
            if ":" not in text:
                raise PolicyError(NEEDS_VENDOR, detail=f"action {text!r} has no service prefix")
            if text.count(":") > 1:
                raise PolicyError(ONE_COLON, detail=f"action {text!r}")
            service, name = text.split(":")
            if not service or not _SERVICE.match(service) or not name:
                raise PolicyError(NEEDS_VENDOR, detail=f"action {text!r} has no valid service prefix")
            self.service = None if ("*" in service or "?" in service) else service.lower()
        self.text = text
        self.lower = text.lower()
        self.wild = "*" in text or "?" in text
        self.match = glob(self.lower)


class Statement:
    """A compiled statement. ``index`` is its position in the document."""

    __slots__ = ("index", "sid", "allow", "effect", "actions", "not_action", "resources",
                 "not_resource", "principal", "not_principal", "conditions", "raw",
                 "context_keys", "_rcache")

    def __init__(self, raw, index: int, kind: PolicyKind, variables: bool):
        from .principals import PrincipalSpec  # local: keeps the import graph one-way

        if not isinstance(raw, dict):
            raise PolicyError(SYNTAX, detail=f"statement {index} is not an object")
        unknown = set(raw) - _FIELDS
        if unknown:
            raise PolicyError(SYNTAX, detail=f"statement {index} has unknown field(s) {sorted(unknown)}")
        self.raw = raw
        self.index = index

        sid = raw.get("Sid")
        if sid is not None and not isinstance(sid, str):
            raise PolicyError(SYNTAX, detail=f"statement {index}: Sid must be a string")
        self.sid = sid

        if "Effect" not in raw:
            raise PolicyError(MISSING_EFFECT, detail=f"statement {index}")
        effect = raw["Effect"]
        if effect not in ("Allow", "Deny"):
            raise PolicyError(LEGACY, detail=f"statement {index}: Effect must be \"Allow\" or \"Deny\", "
                                             f"not {effect!r}")
        self.effect = effect
        self.allow = effect == "Allow"

        # Principal
        has_p, has_np = "Principal" in raw, "NotPrincipal" in raw
        if has_p and has_np:
            raise PolicyError(SYNTAX, detail=f"statement {index} has both Principal and NotPrincipal")
        if kind.principal == FORBIDDEN and (has_p or has_np):
            raise PolicyError(PRINCIPAL_NOT_ALLOWED, detail=f"statement {index}")
        if kind.principal in (REQUIRED, STAR_ONLY) and not (has_p or has_np):
            raise PolicyError(MISSING_PRINCIPAL, detail=f"statement {index}")
        if has_np and not kind.allows_not_principal:
            raise PolicyError(PROHIBITED_FIELD.format(field="NotPrincipal"), detail=f"statement {index}")
        self.principal = PrincipalSpec(raw["Principal"]) if has_p else None
        self.not_principal = PrincipalSpec(raw["NotPrincipal"]) if has_np else None
        if kind.principal == STAR_ONLY and not (self.principal and self.principal.only_star):
            raise PolicyError(SYNTAX, detail=f"statement {index}: Principal must be \"*\"")

        # Action
        has_a, has_na = "Action" in raw, "NotAction" in raw
        if has_a and has_na:
            raise PolicyError(SYNTAX, detail=f"statement {index} has both Action and NotAction")
        if not (has_a or has_na):
            raise PolicyError(MISSING_ACTIONS, detail=f"statement {index}")
        if has_na and not kind.allows_not_action:
            raise PolicyError(PROHIBITED_FIELD.format(field="NotAction"), detail=f"statement {index}")
        texts = _string_list(raw["Action"] if has_a else raw["NotAction"],
                             "Action" if has_a else "NotAction")
        if not texts:
            raise PolicyError(MISSING_ACTIONS, detail=f"statement {index} lists no actions")
        self.actions = tuple(ActionPattern(t) for t in texts)
        self.not_action = has_na

        # Resource
        has_r, has_nr = "Resource" in raw, "NotResource" in raw
        if has_r and has_nr:
            raise PolicyError(SYNTAX, detail=f"statement {index} has both Resource and NotResource")
        if kind.resource == FORBIDDEN and (has_r or has_nr):
            field = "Resource" if has_r else "NotResource"
            raise PolicyError(PROHIBITED_FIELD.format(field=field), detail=f"statement {index}")
        if kind.resource == REQUIRED and not (has_r or has_nr):
            raise PolicyError(MISSING_RESOURCES, detail=f"statement {index}")
        if has_r or has_nr:
            texts = _string_list(raw["Resource"] if has_r else raw["NotResource"],
                                 "Resource" if has_r else "NotResource")
            if not texts:
                raise PolicyError(MISSING_RESOURCES, detail=f"statement {index} lists no resources")
            for t in texts:
                if not _resource_shape_ok(t):
                    raise PolicyError(RESOURCE_NOT_ARN.format(value=t), detail=f"statement {index}")
            self.resources = tuple(ArnPattern(t, variables) for t in texts)
        else:
            self.resources = None  # trust policies, and resource policies that omit it
        self.not_resource = has_nr
        # Remembered resource matches; only for patterns without policy variables.
        self._rcache = {} if self.resources and not any(p.keys for p in self.resources) else None

        # Condition
        self.conditions: tuple[Clause, ...] = ()
        if "Condition" in raw:
            self.conditions = compile_conditions(raw["Condition"], variables)

        keys: dict[str, str] = {}
        for pat in self.resources or ():
            for k in pat.keys:
                keys.setdefault(k.lower(), k)
        for c in self.conditions:
            keys.setdefault(c.key_l, c.key)
            for k in c.var_keys:
                keys.setdefault(k.lower(), k)
        self.context_keys = tuple(keys.items())

    # -- matching ------------------------------------------------------------------------

    def matches_action(self, action_l: str) -> bool:
        hit = any(p.match(action_l) for p in self.actions)
        return not hit if self.not_action else hit

    def matches_resource(self, resource: str, parts, resolve) -> bool | None:
        """True/False; None when a policy variable in every candidate was unresolvable."""
        pats = self.resources
        if pats is None:
            return True
        cache = self._rcache
        if cache is not None:
            hit = cache.get(resource)
            if hit is not None:
                return hit
        unknown = False
        result = None
        for p in pats:
            r = p.match(resource, parts, resolve)
            if r:
                result = not self.not_resource
                break
            if r is None:
                unknown = True
        if result is None:
            if self.not_resource:
                result = True
            elif unknown:
                return None
            else:
                result = False
        if cache is not None:
            if len(cache) >= _RESOURCE_CACHE_LIMIT:
                cache.clear()
            cache[resource] = result
        return result

    @property
    def label(self) -> str:
        return f"[{self.index}]" + (f" Sid={self.sid}" if self.sid else "")

    def __repr__(self) -> str:
        return f"Statement({self.index}, {self.effect}, sid={self.sid!r})"


def _resource_shape_ok(text: str) -> bool:
    if text == "*" or text.startswith("${"):
        return True
    return text.startswith("arn:") and (text.count(":") >= 5 or text.endswith("*"))
