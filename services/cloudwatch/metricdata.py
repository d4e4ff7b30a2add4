"""GetMetricData: queries (MetricStat or metric math), their results on the period grid, the
order (ScanBy) and pages of at most MaxDatapoints values."""
from __future__ import annotations

import base64
import re

from iamulator.services.cloudwatch import mathexpr, periods, query
from iamulator.services.cloudwatch.errors import bad_token, bad_value, exclusive, invalid_value, missing, validation
from iamulator.services.cloudwatch.metrics import dims_key
from iamulator.services.cloudwatch.putdata import check_dimensions, epoch

_ID = re.compile(r"[a-z][a-zA-Z0-9_]*\Z")
MAX_QUERIES = 500
DEFAULT_MAX_DATAPOINTS = 100_800


def check_queries(queries: list, where: str = "MetricDataQueries") -> list:
    if not queries:
        raise missing(where)
    if len(queries) > MAX_QUERIES:
        raise invalid_value(f"The collection {where} must not contain more than {MAX_QUERIES} items.")
    seen = set()
    for i, q in enumerate(queries, 1):
        here = f"{where}.member.{i}"
        qid = q.get("Id")
        if not qid:
            raise missing(f"{here}.Id")
        if not _ID.match(qid):
            raise validation(f"Invalid metric data query id {qid}: the first character must be a lowercase "
                             "letter and the others letters, numbers or underscores.")
        if qid in seen:
            raise validation(f"The value {qid} for parameter {here}.Id is duplicated.")
        seen.add(qid)
        stat, expression = q.get("MetricStat"), q.get("Expression")
        if stat and expression:
            raise exclusive(f"{here}.Expression", f"{here}.MetricStat")
        if not stat and not expression:
            raise validation(f"Exactly one of {here}.Expression or {here}.MetricStat must be specified.")
        if stat:
            metric = stat.get("Metric") or {}
            if not metric.get("MetricName"):
                raise missing(f"{here}.MetricStat.Metric.MetricName")
            if not metric.get("Namespace"):
                raise missing(f"{here}.MetricStat.Metric.Namespace")
            check_dimensions(metric.get("Dimensions") or [], f"{here}.MetricStat.Metric.Dimensions")
            periods.check_period(stat.get("Period"), f"{here}.MetricStat.Period")
            if not stat.get("Stat"):
                raise missing(f"{here}.MetricStat.Stat")
            query.check_stat(stat["Stat"], f"{here}.MetricStat.Stat")
        else:
            try:
                q["_parsed"] = mathexpr.parse(expression)
            except mathexpr.MathError as err:
                raise mathexpr.failure(qid, err) from None
            if q.get("Period") is not None:
                periods.check_period(q["Period"], f"{here}.Period")
    return queries


def _order(queries: list) -> list:
    """Queries with every expression after the ones it refers to; cycles and unknown ids refused."""
    by_id = {q["Id"]: q for q in queries}
    done, out, visiting = set(), [], set()

    def visit(q):
        qid = q["Id"]
        if qid in done:
            return
        if qid in visiting:
            raise validation(f"Error in expression {qid}: Circular dependency")
        visiting.add(qid)
        if q.get("Expression"):
            for ref in mathexpr.references(q["_parsed"]):
                if ref not in by_id:
                    raise mathexpr.failure(qid, mathexpr.MathError(f"Unrecognized identifier {ref}"))
                visit(by_id[ref])
        visiting.discard(qid)
        done.add(qid)
        out.append(q)

    for q in queries:
        visit(q)
    return out


def evaluate(all_series: dict, queries: list, start: float, end: float, now: float):
    """({id: series}, {id: label}, {id: [(label, series), ...]} for expressions giving several
    series) for every query, expressions included."""
    stat_periods = [q["MetricStat"]["Period"] for q in queries if q.get("MetricStat")]
    default_period = min(stat_periods) if stat_periods else 60
    results, labels, arrays, stat_ids = {}, {}, {}, []
    for q in _order(queries):
        qid = q["Id"]
        if q.get("MetricStat"):
            stat = q["MetricStat"]
            metric = stat["Metric"]
            series = all_series.get((metric["Namespace"], metric["MetricName"], dims_key(metric.get("Dimensions"))))
            results[qid] = query.stat_series(series, stat["Stat"], start, end, stat["Period"], now, stat.get("Unit"))
            labels[qid] = q.get("Label") or metric["MetricName"]
            stat_ids.append(qid)
            continue
        period = q.get("Period") or default_period
        first, count = periods.grid(start, end, period, now)
        grid = [first + i * period for i in range(count)]
        evaluator = mathexpr.Evaluator(results, labels, stat_ids, grid, period)
        try:
            value = evaluator.eval(q["_parsed"])
        except mathexpr.MathError as err:
            raise mathexpr.failure(qid, err) from None
        if isinstance(value, mathexpr.Array):
            results[qid] = value[0][1] if len(value) == 1 else {}
            if len(value) != 1:
                arrays[qid] = value
        elif isinstance(value, dict):
            results[qid] = value
        else:
            stamps = sorted(set().union(*(results[i].keys() for i in stat_ids))) if stat_ids else grid
            results[qid] = {t: value for t in stamps}
        labels[qid] = q.get("Label") or qid
    return results, labels, arrays


def _page_token(position: int) -> str:
    return base64.urlsafe_b64encode(f"datapoints:{position}".encode()).decode()


def _position(token: str) -> int:
    try:
        kind, position = base64.urlsafe_b64decode(token.encode()).decode().split(":")
        if kind != "datapoints":
            raise ValueError(kind)
        return int(position)
    except (ValueError, UnicodeDecodeError):
        raise bad_token() from None


def get_metric_data(all_series: dict, params: dict, now: float) -> dict:
    queries = check_queries([dict(q) for q in params.get("MetricDataQueries") or []])
    for name in ("StartTime", "EndTime"):
        if params.get(name) is None:
            raise missing(name)
    start, end = epoch(params["StartTime"]), epoch(params["EndTime"])
    periods.check_window(start, end)
    scan = params.get("ScanBy") or "TimestampDescending"
    if scan not in ("TimestampDescending", "TimestampAscending"):
        raise bad_value(scan, "ScanBy")
    limit = params.get("MaxDatapoints") or DEFAULT_MAX_DATAPOINTS
    if limit < 1:
        raise bad_value(limit, "MaxDatapoints")
    results, labels, arrays = evaluate(all_series, queries, start, end, now)
    outputs = []
    for q in queries:
        if not q.get("ReturnData", True):
            continue
        qid = q["Id"]
        members = arrays.get(qid)
        pairs = [(label, series) for label, series in members] if members else [(labels[qid], results[qid])]
        for label, series in pairs:
            stamps = sorted(series, reverse=scan == "TimestampDescending")
            outputs.append({"Id": qid, "Label": q.get("Label") or label, "points": [(t, series[t]) for t in stamps]})
    skip = _position(params["NextToken"]) if params.get("NextToken") else 0
    budget = limit
    position = 0
    out, next_token = [], None
    for result in outputs:
        points = result["points"]
        begin = min(max(skip - position, 0), len(points))
        position += len(points)
        taken = points[begin:begin + budget] if budget > 0 else []
        budget -= len(taken)
        complete = begin + len(taken) == len(points)
        if not complete and next_token is None:
            next_token = _page_token(position - len(points) + begin + len(taken))
        out.append({"Id": result["Id"], "Label": result["Label"],
                    "Timestamps": [t for t, _ in taken], "Values": [v for _, v in taken],
                    "StatusCode": "Complete" if complete else "PartialData", "Messages": []})
    response = {"MetricDataResults": out, "Messages": []}
    if next_token:
        response["NextToken"] = next_token
    return response
