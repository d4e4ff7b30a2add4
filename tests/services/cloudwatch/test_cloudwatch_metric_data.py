"""GetMetricData: MetricStat queries, metric math, ScanBy, labels, pages, errors."""
import pytest

from cloudwatch_support import MINUTE_START, at, epoch, error_of, put

A = [{"Name": "Host", "Value": "a"}]
B = [{"Name": "Host", "Value": "b"}]


def stat(qid, dims, stat="Sum", period=60, **extra):
    return {"Id": qid, "MetricStat": {"Metric": {"Namespace": "App", "MetricName": "Requests", "Dimensions": dims},
                                      "Period": period, "Stat": stat}, **extra}


@pytest.fixture
def data(cw):
    for offset, a, b in ((-120, 1, 10), (-60, 2, 20), (0, 3, 30)):
        put(cw, name="Requests", values=[a], dims=A, offset=offset)
        put(cw, name="Requests", values=[b], dims=B, offset=offset)
    put(cw, name="Requests", values=[40], dims=B, offset=-180)


def results(cw, queries, start=-300, end=60, **kw):
    out = cw.get_metric_data(MetricDataQueries=queries, StartTime=at(start), EndTime=at(end), **kw)
    return {r["Id"]: [(epoch(t) - MINUTE_START, v) for t, v in zip(r["Timestamps"], r["Values"])]
            for r in out["MetricDataResults"]}, out


def test_metric_stat_newest_first_by_default(cw, data):
    got, out = results(cw, [stat("a", A)])
    assert got["a"] == [(0.0, 3.0), (-60.0, 2.0), (-120.0, 1.0)]
    (result,) = out["MetricDataResults"]
    assert (result["Label"], result["StatusCode"]) == ("Requests", "Complete")
    got, _ = results(cw, [stat("a", A)], ScanBy="TimestampAscending")
    assert got["a"] == [(-120.0, 1.0), (-60.0, 2.0), (0.0, 3.0)]


def test_arithmetic_and_functions(cw, data):
    queries = [stat("a", A, ReturnData=False), stat("b", B, ReturnData=False),
               {"Id": "total", "Expression": "a + b", "Label": "All hosts"},
               {"Id": "share", "Expression": "100 * a / (a + b)"},
               {"Id": "summed", "Expression": "SUM([a, b])"},
               {"Id": "avg", "Expression": "AVG(b)"},
               {"Id": "metrics", "Expression": "MAX(METRICS())"},
               {"Id": "filled", "Expression": "FILL(a, 0)"},
               {"Id": "nested", "Expression": "total * 2"}]
    got, out = results(cw, queries, ScanBy="TimestampAscending")
    assert set(got) == {"total", "share", "summed", "avg", "metrics", "filled", "nested"}
    assert got["total"] == [(-120.0, 11.0), (-60.0, 22.0), (0.0, 33.0)]
    assert [round(v, 4) for _, v in got["share"]] == [9.0909] * 3
    assert got["summed"] == [(-180.0, 40.0), (-120.0, 11.0), (-60.0, 22.0), (0.0, 33.0)]
    assert got["metrics"] == [(-180.0, 40.0), (-120.0, 10.0), (-60.0, 20.0), (0.0, 30.0)]
    assert got["avg"] == [(t, 25.0) for t in (-180.0, -120.0, -60.0, 0.0)]
    # The grid runs from the start rounded down to the minute to the last period starting before the end.
    assert got["filled"] == [(-300.0, 0.0), (-240.0, 0.0), (-180.0, 0.0), (-120.0, 1.0), (-60.0, 2.0), (0.0, 3.0),
                             (60.0, 0.0)]
    assert got["nested"] == [(-120.0, 22.0), (-60.0, 44.0), (0.0, 66.0)]
    labels = {r["Id"]: r["Label"] for r in out["MetricDataResults"]}
    assert labels["total"] == "All hosts" and labels["share"] == "share"


def test_pages_by_max_datapoints(cw, data):
    queries = [stat("a", A), stat("b", B)]
    first = cw.get_metric_data(MetricDataQueries=queries, StartTime=at(-300), EndTime=at(60), MaxDatapoints=5)
    assert [(r["Id"], len(r["Values"]), r["StatusCode"]) for r in first["MetricDataResults"]] == [
        ("a", 3, "Complete"), ("b", 2, "PartialData")]
    second = cw.get_metric_data(MetricDataQueries=queries, StartTime=at(-300), EndTime=at(60), MaxDatapoints=5,
                                NextToken=first["NextToken"])
    assert [(r["Id"], r["Values"], r["StatusCode"]) for r in second["MetricDataResults"]] == [
        ("a", [], "Complete"), ("b", [10.0, 40.0], "Complete")]
    assert "NextToken" not in second
    pages = cw.get_paginator("get_metric_data").paginate(MetricDataQueries=queries, StartTime=at(-300),
                                                          EndTime=at(60), PaginationConfig={"PageSize": 2})
    assert sum(len(r["Values"]) for p in pages for r in p["MetricDataResults"]) == 7
    with pytest.raises(cw.exceptions.InvalidNextToken):
        cw.get_metric_data(MetricDataQueries=queries, StartTime=at(-300), EndTime=at(60), NextToken="x")


def test_percentile_stat_and_unknown_metric(cw):
    cw.put_metric_data(Namespace="App", MetricData=[
        {"MetricName": "Requests", "Dimensions": A, "Timestamp": at(0), "Values": [float(v) for v in range(1, 11)]}])
    got, _ = results(cw, [stat("p", A, stat="p90"), stat("none", B)])
    assert got == {"p": [(0.0, 9.0)], "none": []}


@pytest.mark.parametrize("queries, code, message", [
    ([stat("A1", A)], "ValidationError", "Invalid metric data query id A1: the first character must be a lowercase "
                                         "letter and the others letters, numbers or underscores."),
    ([stat("a", A), stat("a", B)], "ValidationError",
     "The value a for parameter MetricDataQueries.member.2.Id is duplicated."),
    ([{"Id": "e", "Expression": "a +"}], "ValidationError", "Error in expression e: Expected more input but found "
                                                            "end of input"),
    ([{"Id": "e", "Expression": "nope * 2"}], "ValidationError", "Error in expression e: Unrecognized identifier nope"),
    ([{"Id": "e", "Expression": "f"}, {"Id": "f", "Expression": "e"}], "ValidationError",
     "Error in expression e: Circular dependency"),
    ([{"Id": "e", "Expression": "BOGUS(1)"}], "ValidationError", "Error in expression e: Unknown function BOGUS"),
    ([{"Id": "e"}], "ValidationError", "Exactly one of MetricDataQueries.member.1.Expression or "
                                       "MetricDataQueries.member.1.MetricStat must be specified."),
    ([stat("a", A, stat="Median")], "InvalidParameterValue",
     "The value Median for parameter MetricDataQueries.member.1.MetricStat.Stat is invalid."),
    ([stat("a", A, period=45)], "InvalidParameterValue",
     "The parameter MetricDataQueries.member.1.MetricStat.Period must be 1, 5, 10, 20, 30 or a multiple of 60."),
])
def test_errors(cw, queries, code, message):
    with pytest.raises(cw.exceptions.ClientError) as exc:
        cw.get_metric_data(MetricDataQueries=queries, StartTime=at(-300), EndTime=at(60))
    assert error_of(exc) == (code, 400, message)


def test_window_error(cw):
    with pytest.raises(cw.exceptions.InvalidParameterValueException):
        cw.get_metric_data(MetricDataQueries=[stat("a", A)], StartTime=at(60), EndTime=at(-60))
