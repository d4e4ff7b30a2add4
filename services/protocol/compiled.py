"""Per-shape compiled functions, built once and reused.

Codecs turn each botocore shape into a small closure the first time it is seen. The closures are
kept on the botocore model objects themselves (which the model cache keeps alive), so a request
costs one attribute lookup before running straight-line code.
"""
from __future__ import annotations

import threading

_LOCK = threading.RLock()


class BadInput(ValueError):
    """Raised by compiled decoders; each protocol turns it into the AWS error its service sends."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def per_model(obj, key: str, build):
    """``build()`` once per botocore model object (operation or service model)."""
    cache = obj.__dict__
    value = cache.get(key)
    if value is None:
        with _LOCK:
            value = cache.get(key)
            if value is None:
                value = build()
                cache[key] = value
    return value


def shape_key(shape) -> tuple:
    """Shapes are re-created per reference, with member-level traits merged in: a name alone
    does not identify how a shape is written, its serialization traits do."""
    ser = shape.serialization
    return (shape.name, shape.type_name, repr(sorted(ser.items())) if ser else "")


def memoized(memo: dict, shape, build, extra=None):
    """``build(shape)`` once per distinct shape (and ``extra`` context) in ``memo``; recursive
    shapes see a forwarder until their own build finishes."""
    key = shape_key(shape) if extra is None else (shape_key(shape), extra)
    fn = memo.get(key)
    if fn is not None:
        return fn
    cell = []

    def forward(*args):
        return cell[0](*args)

    memo[key] = forward
    try:
        real = build(shape)
    except BaseException:
        del memo[key]
        raise
    cell.append(real)
    memo[key] = real
    return real


def service_memo(service_model, name: str) -> dict:
    return per_model(service_model, "_iamulator_memo_" + name, dict)
