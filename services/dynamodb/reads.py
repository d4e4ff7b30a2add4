"""Query and Scan: key ranges, indexes, pagination, filters, projections and counts."""
from __future__ import annotations

import bisect

from iamulator.services.dynamodb import values as V
from iamulator.services.dynamodb.expressions import nodes as n
from iamulator.services.dynamodb.expressions.projection import project
from iamulator.services.dynamodb.tables import Index, Table, scan_token
from iamulator.services.errors import AWSError

INVALID = "One or more parameter values were invalid: "
BAD_START_KEY = "The provided starting key is invalid: The provided key element does not match the schema"
# DynamoDB stops a page after 1 MB of items read.
PAGE_BYTES = 1024 * 1024


def _invalid(message: str) -> AWSError:
    return AWSError("ValidationException", message)


def resolve_index(table: Table, params: dict) -> Index | None:
    name = params.get("IndexName")
    if name is None:
        return None
    index = table.indexes.get(name)
    if index is None:
        raise _invalid(f"The table does not have the specified index: {name}")
    if index.kind == "GSI" and params.get("ConsistentRead"):
        raise _invalid("Consistent reads are not supported on global secondary indexes")
    return index


def check_select(params: dict, index: Index | None, operation: str) -> str:
    select = params.get("Select")
    has_projection = params.get("ProjectionExpression") is not None
    if select is not None and select not in ("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES",
                                             "SPECIFIC_ATTRIBUTES", "COUNT"):
        raise _invalid(f"1 validation error detected: Value '{select}' at 'select' failed to satisfy constraint: "
                       "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, "
                       "ALL_PROJECTED_ATTRIBUTES]")
    if has_projection and select is not None and select != "SPECIFIC_ATTRIBUTES":
        shown = "only the Count" if select == "COUNT" else select
        raise _invalid(f"Cannot specify the ProjectionExpression when choosing to get {shown}")
    if select == "ALL_PROJECTED_ATTRIBUTES" and index is None:
        raise _invalid(f"ALL_PROJECTED_ATTRIBUTES can be used only when {operation} using an IndexName")
    if select == "SPECIFIC_ATTRIBUTES" and not has_projection:
        raise _invalid("Must specify the AttributesToGet or ProjectionExpression when choosing to get "
                       "SPECIFIC_ATTRIBUTES")
    if select == "ALL_ATTRIBUTES" and index is not None and index.kind == "GSI" and index.projection_type != "ALL":
        raise _invalid(INVALID + f"Select type ALL_ATTRIBUTES is not supported for global secondary index "
                                 f"{index.name} because its projection type is not ALL")
    if select is None:
        select = "SPECIFIC_ATTRIBUTES" if has_projection else (
            "ALL_PROJECTED_ATTRIBUTES" if index is not None else "ALL_ATTRIBUTES")
    return select


def index_view(table: Table, index: Index | None, item: dict, select: str) -> dict:
    """What an index holds of an item (all of it for ALL projections or ALL_ATTRIBUTES on an LSI)."""
    if index is None or index.projection_type == "ALL" or select == "ALL_ATTRIBUTES":
        return item
    names = set(table.key_names()) | set(index.key_names())
    if index.projection_type == "INCLUDE":
        names.update(index.non_key)
    return {k: v for k, v in item.items() if k in names}


def _order_key(table: Table, index: Index, item: dict):
    """Position of an item inside an index partition: index sort key, then the table's key."""
    ir = V.key_of(item[index.range_name]) if index.range_name else b""
    hk = V.key_of(item[table.hash_name])
    rk = V.key_of(item[table.range_name]) if table.range_name else b""
    return ir, hk, rk


def _start_key(table: Table, index: Index | None, start: dict):
    """Validates ExclusiveStartKey: the table's key, plus the index's key when reading an index."""
    names = table.key_names() + (index.key_names() if index is not None else ())
    names = tuple(dict.fromkeys(names))
    if len(start) != len(names):
        raise _invalid(BAD_START_KEY)
    out = {}
    for name in names:
        value = start.get(name)
        if value is None:
            raise _invalid(BAD_START_KEY)
        try:
            value = V.validate(value)
        except AWSError as e:
            raise _invalid(f"The provided starting key is invalid: {e.message}") from None
        if table.types[name] not in value:
            raise _invalid(BAD_START_KEY)
        out[name] = value
    return out


class Page:
    """Accumulates one page of results while candidate items are fed in order."""

    def __init__(self, table, index, exprs, params, select):
        self.table = table
        self.index = index
        self.exprs = exprs
        self.select = select
        self.limit = params.get("Limit")
        self.items = []
        self.count = 0
        self.scanned = 0
        self.bytes = 0
        self.last = None

    def feed(self, item) -> bool:
        """Takes one candidate; False once the page is full."""
        view = index_view(self.table, self.index, item, self.select)
        self.scanned += 1
        self.bytes += V.item_size(view)
        exprs = self.exprs
        if exprs.filter is None or exprs.matches(exprs.filter, view):
            self.count += 1
            if self.select != "COUNT":
                self.items.append(project(view, exprs.projection) if exprs.projection is not None else view)
        if (self.limit is not None and self.scanned >= self.limit) or self.bytes >= PAGE_BYTES:
            self.last = self.table.key_attributes(item, self.index)
            return False
        return True

    def result(self) -> dict:
        out = {"Count": self.count, "ScannedCount": self.scanned}
        if self.select != "COUNT":
            out["Items"] = self.items
        if self.last is not None:
            out["LastEvaluatedKey"] = self.last
        return out


def _check_limit(params):
    limit = params.get("Limit")
    if limit is not None and limit < 1:
        raise _invalid(f"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: "
                       "Member must have value greater than or equal to 1")


# -- Query --------------------------------------------------------------------------------------
def _key_value(exprs, ref: str, expected: str):
    value = exprs.values[ref]
    if expected not in value:
        raise _invalid(INVALID + "Condition parameter type does not match schema type")
    return value


def _filter_attributes(tree, names: dict, out: set):
    if isinstance(tree, (n.And, n.Or)):
        _filter_attributes(tree.left, names, out)
        _filter_attributes(tree.right, names, out)
    elif isinstance(tree, n.Not):
        _filter_attributes(tree.operand, names, out)
    elif isinstance(tree, n.Path):
        e = tree.elements[0]
        out.add(names.get(e, e) if e[0] == "#" else e)
    elif isinstance(tree, n.Compare):
        _filter_attributes(tree.left, names, out)
        _filter_attributes(tree.right, names, out)
    elif isinstance(tree, n.Between):
        for x in (tree.operand, tree.low, tree.high):
            _filter_attributes(x, names, out)
    elif isinstance(tree, n.In):
        for x in (tree.operand, *tree.choices):
            _filter_attributes(x, names, out)
    elif isinstance(tree, n.Function):
        for x in tree.args:
            _filter_attributes(x, names, out)


def _range_slice(order: list, cond, exprs, expected) -> list:
    """The sorted sort keys of a partition that satisfy a key condition, found by bisection."""
    vals = [V.key_of(_key_value(exprs, ref, expected)) for ref in cond.args]
    op, n_ = cond.op, len(order)
    if op == "=":
        lo, hi = bisect.bisect_left(order, vals[0]), bisect.bisect_right(order, vals[0])
    elif op == "<":
        lo, hi = 0, bisect.bisect_left(order, vals[0])
    elif op == "<=":
        lo, hi = 0, bisect.bisect_right(order, vals[0])
    elif op == ">":
        lo, hi = bisect.bisect_right(order, vals[0]), n_
    elif op == ">=":
        lo, hi = bisect.bisect_left(order, vals[0]), n_
    elif op == "BETWEEN":
        lo, hi = bisect.bisect_left(order, vals[0]), bisect.bisect_right(order, vals[1])
    else:
        lo = hi = bisect.bisect_left(order, vals[0])
        while hi < n_ and order[hi].startswith(vals[0]):
            hi += 1
    return order[lo:hi]


def _range_test(cond, exprs, expected):
    """A predicate on a sort-key value (in ordered form) for one key condition."""
    vals = [V.key_of(_key_value(exprs, ref, expected)) for ref in cond.args]
    op = cond.op
    if op == "=":
        return lambda k: k == vals[0]
    if op == "<":
        return lambda k: k < vals[0]
    if op == "<=":
        return lambda k: k <= vals[0]
    if op == ">":
        return lambda k: k > vals[0]
    if op == ">=":
        return lambda k: k >= vals[0]
    if op == "BETWEEN":
        lo, hi = vals
        return lambda k: lo <= k <= hi
    if expected == "N":
        raise _invalid("Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
                       "operator or function: begins_with, operand type: N")
    prefix = vals[0]
    return lambda k: k.startswith(prefix)


def query(table: Table, params: dict, exprs) -> dict:
    _check_limit(params)
    index = resolve_index(table, params)
    select = check_select(params, index, "Querying")
    if exprs.key_conditions is None:
        raise _invalid("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
    hash_name = index.hash_name if index else table.hash_name
    range_name = index.range_name if index else table.range_name
    conds = exprs.key_conditions
    if hash_name not in conds:
        raise _invalid(f"Query condition missed key schema element: {hash_name}")
    others = [a for a in conds if a != hash_name]
    if others and (range_name is None or others != [range_name]):
        if range_name is not None and len(conds) == 2:
            raise _invalid(f"Query condition missed key schema element: {range_name}")
        raise _invalid("Query key condition not supported")
    if conds[hash_name].op != "=":
        raise _invalid("Query key condition not supported")
    hash_value = _key_value(exprs, conds[hash_name].args[0], table.types[hash_name])
    range_test = None
    if range_name is not None and range_name in conds:
        range_test = _range_test(conds[range_name], exprs, table.types[range_name])
    if exprs.filter is not None:
        used: set = set()
        _filter_attributes(exprs.filter, exprs.evaluator.names, used)
        for key_name in (hash_name, range_name) if range_name else (hash_name,):
            if key_name in used:
                raise _invalid("Filter Expression can only contain non-primary key attributes: "
                               f"Primary key attribute: {key_name}")

    start = params.get("ExclusiveStartKey")
    if start is not None:
        start = _start_key(table, index, start)
        if not V.equal(start[hash_name], hash_value):
            raise _invalid("The provided starting key is outside query boundaries based on provided conditions")
    forward = params.get("ScanIndexForward", True)
    page = Page(table, index, exprs, params, select)
    hk = V.key_of(hash_value)

    if index is None:
        partition = table.partitions.get(hk)
        if partition is not None:
            order = partition.order
            if range_name is None:
                keys = list(order)
            else:
                keys = order if range_test is None else _range_slice(order, conds[range_name], exprs,
                                                                      table.types[range_name])
            if start is not None and range_name is not None:
                sk = V.key_of(start[range_name])
                keys = keys[bisect.bisect_right(keys, sk):] if forward else keys[:bisect.bisect_left(keys, sk)]
            elif start is not None:
                keys = []
            for rk in (keys if forward else reversed(keys)):
                if not page.feed(partition.items[rk]):
                    break
        return page.result()

    candidates = []
    source = (table.partitions.get(hk).items.values() if index.kind == "LSI" and hk in table.partitions
              else () if index.kind == "LSI" else table.iter_items())
    for item in source:
        hv = item.get(hash_name)
        if hv is None or (range_name is not None and range_name not in item):
            continue
        if not V.equal(hv, hash_value):
            continue
        if range_test is not None and not range_test(V.key_of(item[range_name])):
            continue
        candidates.append((_order_key(table, index, item), item))
    candidates.sort(key=lambda c: c[0], reverse=not forward)
    if start is not None:
        pos = _order_key(table, index, start)
        candidates = [c for c in candidates if (c[0] > pos if forward else c[0] < pos)]
    for _, item in candidates:
        if not page.feed(item):
            break
    return page.result()


# -- Scan ---------------------------------------------------------------------------------------
def scan(table: Table, params: dict, exprs) -> dict:
    _check_limit(params)
    segment, total = params.get("Segment"), params.get("TotalSegments")
    if segment is not None and total is None:
        raise _invalid("The TotalSegments parameter is required but was not present in the request when "
                       "Segment parameter is present")
    if total is not None:
        if segment is None:
            raise _invalid("The Segment parameter is required but was not present in the request when "
                           "parameter TotalSegments is present")
        if total < 1 or total > 1000000:
            raise _invalid(f"1 validation error detected: Value '{total}' at 'totalSegments' failed to satisfy "
                           "constraint: Member must have value less than or equal to 1000000")
        if segment >= total:
            raise _invalid("The Segment parameter is zero-based and must be less than parameter TotalSegments: "
                           f"Segment: {segment} is not less than TotalSegments: {total}")
    index = resolve_index(table, params)
    select = check_select(params, index, "Scanning")
    page = Page(table, index, exprs, params, select)
    start = params.get("ExclusiveStartKey")
    if start is not None:
        start = _start_key(table, index, start)

    if index is not None:
        names = index.key_names()
        candidates = [(scan_token(V.key_of(item[index.hash_name])), _order_key(table, index, item), item)
                      for item in table.iter_items() if all(k in item for k in names)]
        candidates.sort(key=lambda c: (c[0], c[1]))
        if total is not None:
            candidates = [c for c in candidates if _segment_of(c[0], total) == segment]
        if start is not None:
            pos = (scan_token(V.key_of(start[index.hash_name])), _order_key(table, index, start))
            candidates = [c for c in candidates if (c[0], c[1]) > pos]
        for _, _, item in candidates:
            if not page.feed(item):
                break
        return page.result()

    order = table.scan_order()
    i = 0
    start_rk = None
    if start is not None:
        hk = V.key_of(start[table.hash_name])
        token = scan_token(hk)
        i = bisect.bisect_left(order, (token, hk))
        if i < len(order) and order[i][1] == hk and table.range_name is not None:
            start_rk = V.key_of(start[table.range_name])
        elif i < len(order) and order[i][1] == hk:
            i += 1
    for token, hk in order[i:]:
        if total is not None and _segment_of(token, total) != segment:
            start_rk = None
            continue
        partition = table.partitions[hk]
        keys = partition.order
        if start_rk is not None:
            keys = keys[bisect.bisect_right(keys, start_rk):]
            start_rk = None
        full = False
        for rk in keys:
            if not page.feed(partition.items[rk]):
                full = True
                break
        if full:
            break
    return page.result()


def _segment_of(token: bytes, total: int) -> int:
    return (int.from_bytes(token[:8], "big") * total) >> 64
