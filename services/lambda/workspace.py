"""Extracted packages on disk: each function or layer zip is unpacked once per content digest,
under one temporary directory per process (removed at exit), and reused by every invocation
of every version that holds the same code."""
from __future__ import annotations

import atexit
import io
import os
import shutil
import tempfile
import threading
import zipfile

_lock = threading.Lock()
_root: list = []
_ready: dict[str, str] = {}
_extracting: dict[str, threading.Lock] = {}


def _base() -> str:
    if not _root:
        path = tempfile.mkdtemp(prefix="iamulator-lambda-")
        atexit.register(shutil.rmtree, path, True)
        _root.append(path)
    return _root[0]


def directory(code) -> str:
    """The directory holding ``code`` (a ``records.Code`` with a zip) unpacked."""
    key = code.key
    found = _ready.get(key)
    if found is not None and os.path.isdir(found):
        return found
    with _lock:
        base = _base()
        guard = _extracting.setdefault(key, threading.Lock())
    with guard:
        found = _ready.get(key)
        if found is not None and os.path.isdir(found):
            return found
        target = os.path.join(base, key)
        staging = tempfile.mkdtemp(prefix=".unpacking-", dir=base)
        with zipfile.ZipFile(io.BytesIO(code.zip)) as archive:
            # extractall drops absolute paths and ".." parts, so nothing lands outside ``staging``.
            archive.extractall(staging)
        if os.path.isdir(target):
            shutil.rmtree(target, ignore_errors=True)
        os.rename(staging, target)
        _ready[key] = target
        return target


def python_paths(layer_dir: str, runtime: str) -> list[str]:
    """Where a layer's Python code lives, as the runtime puts it on ``sys.path`` from ``/opt``."""
    candidates = [os.path.join(layer_dir, "python"),
                  os.path.join(layer_dir, "python", "lib", runtime, "site-packages")]
    return [p for p in candidates if os.path.isdir(p)]
