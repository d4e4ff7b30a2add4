"""Per-service operation tables, compiled once from the model when a service is first routed.

For REST services every operation's ``requestUri`` goes into a segment tree per HTTP method:
literal segments, labels (``{Name}``) and greedy labels (``{Key+}``, one or more segments,
possibly followed by more literals). Matching walks the tree, so its cost depends on the path's
length, not on how many operations the service has.

Among the operations whose path matches, the most specific wins, in this order:
  1. the path: literal segments beat labels beat greedy labels, compared left to right;
  2. the query keys the template requires (``?uploads``, ``?list-type=2``): all must be present,
     and more beat fewer;
  3. ``x-id=Operation`` in the query (some SDKs add it to S3 URLs) naming the operation;
  4. the operation's required query-string and header members that the request carries, less
     those it lacks (S3 tells UploadPart from PutObject by ``uploadId`` and ``partNumber``);
  5. the host: an operation's ``hostPrefix`` or S3 endpoint flavour the host matches;
  6. a trailing slash as in the template (``/agents/{id}/`` is not ``/agents/{id}``, though the
     slash is otherwise ignored);
  7. a current operation over a deprecated alias of the same request (GetBucketLifecycle).
"""
from __future__ import annotations

import functools
import re
from urllib.parse import unquote

from iamulator.services.models import loader

_LITERAL, _LABEL, _GREEDY = 3, 2, 1

# S3 endpoint flavours its operations ask for through static context parameters.
_FLAVOUR_PARAMS = {
    "UseS3ExpressControlEndpoint": "s3express-control",
    "UseObjectLambdaEndpoint": "s3-object-lambda",
}


class Terminal:
    """One operation at the end of a path in the tree."""

    __slots__ = ("op", "labels", "query", "hints", "host_prefix", "host_labels", "flavour",
                 "slash", "current")

    def __init__(self, op, labels, query, hints, host_prefix, host_labels, flavour, slash, current):
        self.op = op
        self.labels = labels              # label names in path order
        self.query = query                # required (key, value or None) from the template
        self.hints = hints                # required members: ("q" | "h", wire name)
        self.host_prefix = host_prefix    # compiled hostPrefix pattern, or None
        self.host_labels = host_labels    # whether that pattern has labels to extract
        self.flavour = flavour
        self.slash = slash                # the template ends with "/"
        self.current = current            # not deprecated


class Node:
    __slots__ = ("lit", "label", "greedy", "ends")

    def __init__(self):
        self.lit: dict[str, Node] = {}
        self.label: Node | None = None
        self.greedy: Node | None = None
        self.ends: list[Terminal] = []

    def is_leaf(self) -> bool:
        return not self.lit and self.label is None and self.greedy is None


class ServiceTable:
    __slots__ = ("name", "operations", "trees", "host_patterns")

    def __init__(self, name: str, operations: frozenset, trees: dict, host_patterns: dict):
        self.name = name
        self.operations = operations      # every operation name
        self.trees = trees                # HTTP method -> root Node (REST services)
        self.host_patterns = host_patterns  # operation -> (compiled hostPrefix, has labels)

    def match(self, method: str, segments: list, request, prefix: str = "",
              flavour: str | None = None) -> tuple | None:
        """The best (sort key, Terminal, captured label values) for the request, or None.

        ``segments`` is the path split on "/" after the leading one; ``prefix`` and ``flavour``
        are what the host says (see ``hosts.HostInfo``)."""
        root = self.trees.get(method)
        if root is None:
            return None
        found: list = []
        n = len(segments) - 1 if segments[-1] == "" else len(segments)
        _walk(root, segments, 0, n, (), (), found)
        if not found:
            return None
        raw_query = request.raw_query
        # Parsed once (and cached on the request) only when there is a query at all.
        query = request.query if raw_query else _NO_QUERY
        headers = request.headers
        xid = "x-id=" in raw_query
        slash = len(segments) > 1 and segments[-1] == ""
        best = None
        for node, score, caps in found:
            for t in node.ends:
                if t.query and not query:
                    continue
                key = _rank(t, score, query, headers, xid, prefix, flavour, slash)
                if key is not None and (best is None or key > best[0]):
                    best = (key, t, caps)
        return best

    def path_matches(self, segments: list) -> list[str]:
        """The methods having some operation whose path template fits (for 405 answers)."""
        n = len(segments) - 1 if segments[-1] == "" else len(segments)
        methods = []
        for method, root in self.trees.items():
            found: list = []
            _walk(root, segments, 0, n, (), (), found)
            if found:
                methods.append(method)
        return methods


def _walk(node: Node, segs: list, i: int, n: int, score: tuple, caps: tuple, out: list):
    if i >= n:
        if node.ends:
            out.append((node, score, caps))
        return
    seg = segs[i]
    child = node.lit.get(seg)
    if child is None and "%" in seg and node.lit:
        child = node.lit.get(unquote(seg))     # "%40connections" is "@connections"
    if child is not None:
        _walk(child, segs, i + 1, n, score + (_LITERAL,), caps, out)
    if node.label is not None and seg:
        _walk(node.label, segs, i + 1, n, score + (_LABEL,), caps + (seg,), out)
    g = node.greedy
    if g is not None:
        if g.is_leaf():
            # The usual case, {Key+} last: it takes the rest, a trailing slash included.
            rest = "/".join(segs[i:])
            if g.ends and rest:
                out.append((g, score + (_GREEDY,), caps + (rest,)))
        else:
            for j in range(i + 1, n + 1):
                _walk(g, segs, j, n, score + (_GREEDY,), caps + ("/".join(segs[i:j]),), out)


_NO_QUERY: dict = {}


def _rank(t: Terminal, score: tuple, query: dict, headers: dict, xid: bool, prefix: str, flavour,
          slash: bool) -> tuple | None:
    for key, value in t.query:
        got = query.get(key)
        if got is None or (value is not None and value not in got):
            return None
    hint = 0
    for where, name in t.hints:
        hint += 1 if name in (headers if where == "h" else query) else -1
    named = 1 if xid and t.op in query.get("x-id", ()) else 0
    host = 0
    if prefix and t.host_prefix is not None and t.host_prefix.match(prefix):
        host = 1
    if flavour is not None and t.flavour == flavour:
        host += 1
    return (score, len(t.query), named, hint, host, t.slash == slash, t.current)


@functools.lru_cache(maxsize=None)
def table(service: str) -> ServiceTable:
    model = loader().load_service_model(service, "service-2")
    metadata = model["metadata"]
    protocols = metadata.get("protocols") or [metadata.get("protocol")]
    rest = any(p in ("rest-json", "rest-xml") for p in protocols)
    shapes = model.get("shapes", {})
    trees: dict[str, Node] = {}
    host_patterns: dict[str, tuple] = {}
    for op, spec in model.get("operations", {}).items():
        host_prefix = (spec.get("endpoint") or {}).get("hostPrefix")
        if host_prefix:
            host_patterns[op] = _host_pattern(host_prefix)
        if rest:
            _add(trees, op, spec, shapes, host_patterns.get(op))
    return ServiceTable(service, frozenset(model.get("operations", {})), trees, host_patterns)


def _add(trees: dict, op: str, spec: dict, shapes: dict, host_pattern):
    http = spec.get("http") or {}
    method = http.get("method", "POST").upper()
    path, _, query = http.get("requestUri", "/").partition("?")
    node = trees.setdefault(method, Node())
    labels = []
    for seg in path.strip("/").split("/") if path.strip("/") else ():
        if seg.startswith("{") and seg.endswith("}"):
            name = seg[1:-1]
            if name.endswith("+"):
                labels.append(name[:-1])
                node.greedy = node.greedy or Node()
                node = node.greedy
            else:
                labels.append(name)
                node.label = node.label or Node()
                node = node.label
        else:
            node = node.lit.setdefault(unquote(seg), Node())
    required_query = []
    for part in query.split("&") if query else ():
        key, eq, value = part.partition("=")
        if key == "x-id":       # some SDKs add it; it names the operation but never decides alone
            continue
        required_query.append((key, value if eq else None))
    flavour = None
    for param, value in (spec.get("staticContextParams") or {}).items():
        if param in _FLAVOUR_PARAMS and (value or {}).get("value") is True:
            flavour = _FLAVOUR_PARAMS[param]
    node.ends.append(Terminal(
        op, tuple(labels), tuple(required_query), _hints(spec, shapes, {k for k, _ in required_query}),
        host_pattern[0] if host_pattern else None, bool(host_pattern and host_pattern[1]),
        flavour, len(path) > 1 and path.endswith("/"), not spec.get("deprecated", False),
    ))


def _hints(spec: dict, shapes: dict, template_keys: set) -> tuple:
    shape = shapes.get((spec.get("input") or {}).get("shape"), {})
    members = shape.get("members", {})
    hints = []
    for name in shape.get("required", ()):
        member = members.get(name, {})
        location = member.get("location")
        wire = member.get("locationName", name)
        if location == "querystring" and wire not in template_keys:
            hints.append(("q", wire))
        elif location == "header":
            hints.append(("h", wire.lower()))
    return tuple(hints)


_HOST_LABEL = re.compile(r"\{([^}]+)\}")


def _host_pattern(host_prefix: str) -> tuple:
    """``{AccountId}.`` -> a pattern capturing AccountId; ``data-`` -> a literal pattern."""
    parts = []
    pos = 0
    labels = False
    for m in _HOST_LABEL.finditer(host_prefix):
        parts.append(re.escape(host_prefix[pos:m.start()]))
        parts.append(f"(?P<{_group(m.group(1))}>[^.]+)")
        labels = True
        pos = m.end()
    parts.append(re.escape(host_prefix[pos:]))
    return re.compile("".join(parts) + r"\Z", re.IGNORECASE), labels


def _group(label: str) -> str:
    # Group names must be identifiers; labels in the models always are, but stay safe.
    return re.sub(r"\W", "_", label)


def host_labels(table_: ServiceTable, op: str, prefix: str) -> dict:
    """The hostPrefix labels of ``op`` read from the host's prefix, e.g. {"AccountId": "1234"}."""
    pattern = table_.host_patterns.get(op)
    if not pattern or not pattern[1] or not prefix:
        return {}
    m = pattern[0].match(prefix)
    return m.groupdict() if m else {}
