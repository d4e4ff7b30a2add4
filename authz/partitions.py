"""Which AWS partition a region belongs to, from botocore's own partition data."""
from __future__ import annotations

import functools
import json
import os
import re


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple:
    import botocore

    path = os.path.join(os.path.dirname(botocore.__file__), "data", "partitions.json")
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return ()
    return tuple((re.compile(p["regionRegex"]), p["id"], frozenset(p.get("regions", {})))
                 for p in data.get("partitions", ()))


@functools.lru_cache(maxsize=256)
def partition_of(region: str | None) -> str:
    """``aws`` for ``us-east-1``, ``aws-cn`` for ``cn-north-1``, ``aws-us-gov`` for ``us-gov-west-1``;
    ``aws`` for anything unknown (``aws-global``, a made-up local region)."""
    if not region:
        return "aws"
    for regex, partition, regions in _patterns():
        if region in regions or regex.match(region):
            return partition
    return "aws"
