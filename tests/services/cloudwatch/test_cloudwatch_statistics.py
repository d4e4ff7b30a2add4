"""GetMetricStatistics: period buckets, statistics, percentiles, units, limits."""
import pytest

from cloudwatch_support import MINUTE_START, at, epoch, error_of, put

ROUTE = [{"Name": "Route", "Value": "/a"}]


def stats(cw, start=-600, end=600, period=60, **kw):
    kw.setdefault("Statistics", ["SampleCount", "Sum", "Average", "Minimum", "Maximum"])
    if "ExtendedStatistics" in kw and not kw["Statistics"]:
        del kw["Statistics"]
    out = cw.get_metric_statistics(Namespace="App", MetricName="Latency", Dimensions=ROUTE, StartTime=at(start),
                                   EndTime=at(end), Period=period, **kw)
    return out


def test_buckets_by_period(cw):
    put(cw, values=[1, 3], dims=ROUTE, offset=-200)     # 22:10:00 minute
    put(cw, values=[10], dims=ROUTE, offset=0)          # 22:13:00 minute
    out = stats(cw)
    assert out["Label"] == "Latency"
    assert [(epoch(p["Timestamp"]) - MINUTE_START, p["SampleCount"], p["Sum"], p["Average"], p["Minimum"],
             p["Maximum"], p["Unit"]) for p in out["Datapoints"]] == [
        (-180.0, 2.0, 4.0, 2.0, 1.0, 3.0, "None"),
        (0.0, 1.0, 10.0, 10.0, 10.0, 10.0, "None"),
    ]
    five = stats(cw, start=-580, end=20, period=300)["Datapoints"]
    assert [(epoch(p["Timestamp"]) - MINUTE_START, p["SampleCount"]) for p in five] == [(-300.0, 2.0), (0.0, 1.0)]


def test_only_asked_statistics_and_exact_dimensions(cw):
    put(cw, values=[5], dims=ROUTE)
    put(cw, values=[7], dims=ROUTE + [{"Name": "Host", "Value": "h"}])
    (point,) = stats(cw, Statistics=["Maximum"])["Datapoints"]
    assert set(point) == {"Timestamp", "Maximum", "Unit"} and point["Maximum"] == 5.0
    assert cw.get_metric_statistics(Namespace="App", MetricName="Latency", StartTime=at(-60), EndTime=at(60),
                                    Period=60, Statistics=["Sum"])["Datapoints"] == []


def test_percentiles(cw):
    cw.put_metric_data(Namespace="App", MetricData=[
        {"MetricName": "Latency", "Dimensions": ROUTE, "Timestamp": at(0), "Values": [float(v) for v in range(1, 101)]}])
    (point,) = stats(cw, Statistics=[], ExtendedStatistics=["p50", "p90", "p99.9", "p100", "tm90", "IQM",
                                                            "PR(:50)", "TC(10%:20%)"])["Datapoints"]
    assert point["ExtendedStatistics"] == {"p50": 50.0, "p90": 90.0, "p99.9": 100.0, "p100": 100.0,
                                           "tm90": 45.5, "IQM": 50.5, "PR(:50)": 50.0, "TC(10%:20%)": 10.0}


def test_values_with_counts_and_statistic_sets(cw):
    cw.put_metric_data(Namespace="App", MetricData=[
        {"MetricName": "Latency", "Dimensions": ROUTE, "Timestamp": at(0), "Values": [1.0, 10.0], "Counts": [3, 1]},
        {"MetricName": "Latency", "Dimensions": ROUTE, "Timestamp": at(1),
         "StatisticValues": {"SampleCount": 2, "Sum": 40, "Minimum": 15, "Maximum": 25}}])
    (point,) = stats(cw)["Datapoints"]
    assert (point["SampleCount"], point["Sum"], point["Minimum"], point["Maximum"]) == (6.0, 53.0, 1.0, 25.0)
    # A statistic set describing several different values gives no percentiles.
    (point,) = stats(cw, Statistics=[], ExtendedStatistics=["p50"])["Datapoints"]
    assert point["ExtendedStatistics"] == {}


def test_units_split_datapoints_and_filter(cw):
    put(cw, values=[1], dims=ROUTE, Unit="Seconds")
    put(cw, values=[1000], dims=ROUTE, Unit="Milliseconds")
    assert sorted(p["Unit"] for p in stats(cw)["Datapoints"]) == ["Milliseconds", "Seconds"]
    (point,) = stats(cw, Unit="Seconds")["Datapoints"]
    assert point["Sum"] == 1.0


def test_high_resolution_periods(cw):
    put(cw, values=[1], dims=ROUTE, offset=0, StorageResolution=1)
    put(cw, values=[2], dims=ROUTE, offset=12, StorageResolution=1)
    points = stats(cw, start=-30, end=30, period=10, Statistics=["Sum"])["Datapoints"]
    assert [(epoch(p["Timestamp"]) - MINUTE_START - 20, p["Sum"]) for p in points] == [(0.0, 1.0), (10.0, 2.0)]


@pytest.mark.parametrize("kwargs, code, message", [
    ({"Period": 90}, "InvalidParameterValue", "The parameter Period must be 1, 5, 10, 20, 30 or a multiple of 60."),
    ({"Period": 7}, "InvalidParameterValue", "The parameter Period must be 1, 5, 10, 20, 30 or a multiple of 60."),
    ({"StartTime": at(60), "EndTime": at(0)}, "InvalidParameterValue",
     "The parameter StartTime must be less than the parameter EndTime."),
    ({"StartTime": at(0), "EndTime": at(0)}, "InvalidParameterValue",
     "The parameter StartTime must be less than the parameter EndTime."),
    ({"StartTime": at(-86_400 * 2), "EndTime": at(0), "Period": 60}, "InvalidParameterCombination",
     "You have requested up to 2,880 datapoints, which exceeds the limit of 1,440. You may reduce the datapoints "
     "requested by increasing Period, or decreasing the time range."),
    ({"Statistics": ["Median"]}, "InvalidParameterValue", "The value Median for parameter Statistics.member.1 is "
                                                         "invalid."),
    ({"Statistics": [], "ExtendedStatistics": ["p101"]}, "InvalidParameterValue",
     "The value p101 for parameter ExtendedStatistics.member.1 is invalid."),
    ({"Statistics": []}, "InvalidParameterCombination", "Must specify either Statistics or ExtendedStatistics."),
    ({"ExtendedStatistics": ["p90"]}, "InvalidParameterCombination",
     "The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both."),
])
def test_errors(cw, kwargs, code, message):
    base = {"Namespace": "App", "MetricName": "Latency", "StartTime": at(-60), "EndTime": at(60), "Period": 60,
            "Statistics": ["Sum"]}
    base.update(kwargs)
    if not base["Statistics"]:
        del base["Statistics"]
    with pytest.raises(cw.exceptions.ClientError) as exc:
        cw.get_metric_statistics(**base)
    assert error_of(exc) == (code, 400, message)
