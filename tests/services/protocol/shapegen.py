"""Deterministic values for any botocore shape, within the model's constraints where easy.

Values are chosen so that the wire cannot legitimately change them: whole-second UTC
timestamps, binary-exact floats, non-empty collections, UTF-8 blobs, ASCII in headers.
"""
from __future__ import annotations

import random
import string
from datetime import datetime, timedelta, timezone

_BODY_CHARS = string.ascii_letters + string.digits + " -_.&<>'\"/=+:é漢"
_SAFE_CHARS = string.ascii_letters + string.digits
_LABEL_CHARS = string.ascii_letters + string.digits + "-._~ +%/"


class ShapeGen:
    def __init__(self, seed, max_depth: int = 4):
        self.rng = random.Random(seed)
        self.max_depth = max_depth

    # --- scalars ---------------------------------------------------------------------------
    def string(self, shape, chars=_BODY_CHARS):
        enum = shape.enum
        if enum:
            return self.rng.choice(enum)
        lo = max(1, int(shape.metadata.get("min", 1) or 1))
        hi = int(shape.metadata.get("max", 12) or 12)
        hi = max(lo, min(hi, lo + 11))
        n = self.rng.randint(lo, hi)
        return "".join(self.rng.choice(chars) for _ in range(n)).strip() or "x" * lo

    def integer(self, shape):
        lo = shape.metadata.get("min")
        hi = shape.metadata.get("max")
        lo = int(lo) if lo is not None else 0
        hi = int(hi) if hi is not None else lo + 1000
        if hi < lo:
            hi = lo
        return self.rng.randint(lo, min(hi, lo + 100000))

    def value(self, shape, depth=0, where="body"):
        t = shape.type_name
        if t == "structure":
            return self.structure(shape, depth, where)
        if t == "list":
            n = self.rng.randint(1, 2) if depth < self.max_depth else 1
            lo = shape.metadata.get("min")
            if lo:
                n = max(n, min(int(lo), 3))
            return [self.value(shape.member, depth + 1, where) for _ in range(n)]
        if t == "map":
            n = self.rng.randint(1, 2)
            out = {}
            key_chars = "abcdefghijklmnopqrstuvwxyz0123456789" if where == "header" else _SAFE_CHARS
            for _ in range(n):
                out[self.string(shape.key, key_chars)] = self.value(shape.value, depth + 1, where)
            return out
        if t in ("string", "character"):
            if shape.serialization.get("jsonvalue") and where == "header":
                return {"k": [1, "two", True]}
            if where in ("header", "hostlabel"):
                return self.string(shape, _SAFE_CHARS)
            if where == "uri":
                return self.string(shape, _LABEL_CHARS).strip("/ ") or "x"
            return self.string(shape)
        if t in ("integer", "long", "short", "byte"):
            return self.integer(shape)
        if t in ("float", "double"):
            return self.rng.randint(0, 4000) / 4
        if t == "boolean":
            return self.rng.random() < 0.5
        if t == "blob":
            return "".join(self.rng.choice(_SAFE_CHARS) for _ in range(self.rng.randint(1, 9))).encode()
        if t == "timestamp":
            return datetime(2021, 3, 4, 5, 6, 7, tzinfo=timezone.utc) + timedelta(
                seconds=self.rng.randint(0, 10 ** 8))
        return "x"

    def events(self, stream_shape):
        """A list of 1-2 events of an event-stream union (exception events left out)."""
        names = [n for n, m in stream_shape.members.items() if not m.metadata.get("exception")]
        out = []
        for _ in range(self.rng.randint(1, 2) if names else 0):
            name = self.rng.choice(names)
            event = self.structure(stream_shape.members[name], depth=1, events=True)
            out.append({name: event})
        return out

    def structure(self, shape, depth=0, where="body", skip=(), events=False):
        if shape.is_document_type:
            return {"doc": [1, "a", {"b": None}]}
        members = [(n, m) for n, m in shape.members.items() if n not in skip]
        if shape.is_tagged_union:
            candidates = [(n, m) for n, m in members if not m.serialization.get("eventstream")]
            if not candidates:
                return {}
            name, member = self.rng.choice(candidates)
            return {name: self.value(member, depth + 1, where)}
        out = {}
        required = set(shape.required_members)
        for name, member in members:
            ser = member.serialization
            if ser.get("eventstream"):
                if depth == 0:
                    out[name] = self.events(member)
                continue
            if not events and (ser.get("eventpayload") or ser.get("eventheader")):
                continue
            if depth == 0:
                location = ser.get("location")
                here = ser.get("hostLabel") and "hostlabel" or location or "body"
            else:
                here = where
            if name in required or (depth < self.max_depth and self.rng.random() < 0.6):
                out[name] = self.value(member, depth + 1, here)
        return out
