"""REST request URIs: matching a model's ``requestUri`` template against a request path.

``/{Bucket}/{Key+}?uploads`` -> labels ``Bucket`` (one segment) and ``Key`` (greedy, spans
slashes); the ``?...`` part names query keys the request must carry.
"""
from __future__ import annotations

import functools
import re
from urllib.parse import parse_qsl


@functools.lru_cache(maxsize=4096)
def compile_template(template: str):
    """(path regex, label names, required query {name: value-or-None})."""
    path, _, query = template.partition("?")
    pattern = []
    labels = []
    pos = 0
    for m in re.finditer(r"\{([^}]+)\}", path):
        pattern.append(re.escape(path[pos:m.start()]))
        name = m.group(1)
        if name.endswith("+"):
            name = name[:-1]
            pattern.append(f"(?P<{_group(name, len(labels))}>.+)")
        else:
            pattern.append(f"(?P<{_group(name, len(labels))}>[^/]+)")
        labels.append(name)
        pos = m.end()
    pattern.append(re.escape(path[pos:]))
    regex = re.compile("".join(pattern) + "/?$" if not path.endswith("/") else "".join(pattern) + "$")
    required = {k: (v if v else None) for k, v in parse_qsl(query, keep_blank_values=True)}
    return regex, tuple(labels), required


def _group(name: str, index: int) -> str:
    return f"g{index}_" + re.sub(r"\W", "_", name)


def literal_query_keys(template: str) -> frozenset:
    return frozenset(compile_template(template)[2])


def match_uri(template: str, path: str, query: dict | None = None) -> dict | None:
    """The labels of ``template`` in ``path`` (values still percent-encoded), or None when the
    path (or a required query key, when ``query`` is given) does not match."""
    regex, labels, required = compile_template(template)
    m = regex.match(path)
    if m is None:
        return None
    if query is not None:
        for key, value in required.items():
            if key not in query:
                return None
            if value is not None and value not in query[key]:
                return None
    values = m.groups()
    return dict(zip(labels, values))
