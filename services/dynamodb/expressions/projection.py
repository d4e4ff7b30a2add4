"""Applies a projection (a list of resolved document paths) to an item.

Paths are merged into a tree first so that several paths into one map or list produce one
nested result, list elements keeping their index order as DynamoDB returns them.
"""
from __future__ import annotations

_LEAF = True


def path_tree(paths) -> dict:
    tree: dict = {}
    for p in paths:
        node = tree
        for e in p[:-1]:
            node = node.setdefault(e, {})
        node[p[-1]] = _LEAF
    return tree


def _walk(value: dict, sub: dict):
    if "M" in value:
        m = value["M"]
        out = {}
        for key, child in sub.items():
            if isinstance(key, int) or key not in m:
                continue
            r = m[key] if child is _LEAF else _walk(m[key], child)
            if r is not None:
                out[key] = r
        return {"M": out} if out else None
    if "L" in value:
        seq = value["L"]
        out = []
        for idx in sorted(k for k in sub if isinstance(k, int)):
            if idx < len(seq):
                child = sub[idx]
                r = seq[idx] if child is _LEAF else _walk(seq[idx], child)
                if r is not None:
                    out.append(r)
        return {"L": out} if out else None
    return None


def project(item: dict, tree: dict) -> dict:
    out = {}
    for name, child in tree.items():
        v = item.get(name)
        if v is None:
            continue
        if child is _LEAF:
            out[name] = v
        else:
            r = _walk(v, child)
            if r is not None:
                out[name] = r
    return out
