"""PutMetricData's validation and ListMetrics' filters and pages."""
import math

import pytest

from cloudwatch_support import at, error_of, put

ROUTE = [{"Name": "Route", "Value": "/a"}]


def test_put_and_list(cw):
    put(cw, values=[1], dims=ROUTE)
    put(cw, name="Errors", values=[1])
    put(cw, namespace="Other", values=[1], dims=[{"Name": "B", "Value": "2"}, {"Name": "A", "Value": "1"}])
    assert cw.list_metrics()["Metrics"] == [
        {"Namespace": "App", "MetricName": "Errors", "Dimensions": []},
        {"Namespace": "App", "MetricName": "Latency", "Dimensions": ROUTE},
        {"Namespace": "Other", "MetricName": "Latency",
         "Dimensions": [{"Name": "A", "Value": "1"}, {"Name": "B", "Value": "2"}]},
    ]


def test_dimension_order_does_not_make_another_metric(cw):
    put(cw, values=[1], dims=[{"Name": "A", "Value": "1"}, {"Name": "B", "Value": "2"}])
    put(cw, values=[2], dims=[{"Name": "B", "Value": "2"}, {"Name": "A", "Value": "1"}])
    assert len(cw.list_metrics()["Metrics"]) == 1


def test_list_filters(cw):
    put(cw, values=[1], dims=ROUTE)
    put(cw, values=[1], dims=[{"Name": "Route", "Value": "/b"}, {"Name": "Host", "Value": "h"}])
    put(cw, name="Errors", values=[1])
    names = lambda **kw: [(m["MetricName"], len(m["Dimensions"])) for m in cw.list_metrics(**kw)["Metrics"]]
    assert names(MetricName="Errors") == [("Errors", 0)]
    assert names(Namespace="Nope") == []
    assert sorted(names(Dimensions=[{"Name": "Route"}])) == [("Latency", 1), ("Latency", 2)]
    assert names(Dimensions=[{"Name": "Route", "Value": "/b"}]) == [("Latency", 2)]
    assert names(Dimensions=[{"Name": "Host"}, {"Name": "Route", "Value": "/a"}]) == []


def test_recently_active_and_two_week_listing(cw, frozen):
    put(cw, name="Old", values=[1])
    frozen.advance(4 * 3600)
    put(cw, name="New", values=[1])
    assert [m["MetricName"] for m in cw.list_metrics(RecentlyActive="PT3H")["Metrics"]] == ["New"]
    assert [m["MetricName"] for m in cw.list_metrics()["Metrics"]] == ["New", "Old"]
    frozen.advance(14 * 86_400 + 1)
    assert cw.list_metrics()["Metrics"] == []


def test_list_pages_by_500(cw):
    # botocore gzips these bodies (over 10 KB): the codec decodes them.
    for chunk in range(2):
        cw.put_metric_data(Namespace="Many", MetricData=[
            {"MetricName": f"m{chunk * 1000 + i:04d}", "Value": 1.0} for i in range(300)])
    first = cw.list_metrics()
    assert len(first["Metrics"]) == 500 and first["NextToken"]
    second = cw.list_metrics(NextToken=first["NextToken"])
    assert len(second["Metrics"]) == 100 and "NextToken" not in second
    assert len([m for p in cw.get_paginator("list_metrics").paginate() for m in p["Metrics"]]) == 600
    with pytest.raises(cw.exceptions.InvalidNextToken):
        cw.list_metrics(NextToken="garbage")


def test_values_counts_and_statistic_sets(cw):
    cw.put_metric_data(Namespace="App", MetricData=[
        {"MetricName": "A", "Values": [1.0, 2.0], "Counts": [3.0, 1.0], "Timestamp": at(0)},
        {"MetricName": "B", "StatisticValues": {"SampleCount": 4, "Sum": 10, "Minimum": 1, "Maximum": 4},
         "Timestamp": at(0), "Unit": "Count", "StorageResolution": 1},
    ])
    assert len(cw.list_metrics(Namespace="App")["Metrics"]) == 2


def test_reserved_namespace(cw):
    with pytest.raises(cw.exceptions.InvalidParameterValueException) as exc:
        put(cw, namespace="AWS/EC2", values=[1])
    assert error_of(exc) == ("InvalidParameterValue", 400, "The value AWS/ for parameter Namespace is invalid.")


@pytest.mark.parametrize("datum, code, message", [
    ({"Value": 1.0, "StatisticValues": {"SampleCount": 1, "Sum": 1, "Minimum": 1, "Maximum": 1}},
     "InvalidParameterCombination", "The parameters MetricData.member.1.Value and MetricData.member.1."
                                    "StatisticValues are mutually exclusive and you have specified both."),
    ({"Value": 1.0, "Values": [1.0]}, "InvalidParameterCombination",
     "The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you "
     "have specified both."),
    ({"Values": [1.0, 2.0], "Counts": [1.0]}, "InvalidParameterValue",
     "The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size."),
    ({"Value": math.nan}, "InvalidParameterValue", "The value nan for parameter MetricData.member.1.Value is invalid."),
    ({"Value": math.inf}, "InvalidParameterValue", "The value inf for parameter MetricData.member.1.Value is invalid."),
    ({"Value": 2.0 ** 361}, "InvalidParameterValue",
     f"The value {2.0 ** 361} for parameter MetricData.member.1.Value is invalid."),
    ({"Value": 1.0, "StorageResolution": 30}, "InvalidParameterValue",
     "The value 30 for parameter MetricData.member.1.StorageResolution is invalid."),
    ({}, "InvalidParameterCombination", "At least one of the parameters MetricData.member.1.Value, "
                                        "MetricData.member.1.StatisticValues or MetricData.member.1.Values must be "
                                        "specified."),
    ({"StatisticValues": {"SampleCount": 2, "Sum": 1, "Minimum": 5, "Maximum": 1}}, "InvalidParameterValue",
     "The parameter MetricData.member.1.StatisticValues.Maximum must be greater than "
     "MetricData.member.1.StatisticValues.Minimum."),
    ({"Values": [float(i) for i in range(151)]}, "InvalidParameterValue",
     "The collection MetricData.member.1.Values must not contain more than 150 items."),
    ({"Value": 1.0, "Timestamp": at(-15 * 86_400)}, "InvalidParameterValue",
     "The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks and no more than "
     "two hours in the future."),
    ({"Value": 1.0, "Timestamp": at(3 * 3_600)}, "InvalidParameterValue",
     "The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks and no more than "
     "two hours in the future."),
    ({"Value": 1.0, "Dimensions": [{"Name": "A", "Value": "1"}, {"Name": "A", "Value": "2"}]},
     "InvalidParameterValue", "No metric may have duplicate dimension names: A"),
    ({"Value": 1.0, "Dimensions": [{"Name": ":x", "Value": "1"}]}, "InvalidParameterValue",
     "The value :x for parameter MetricData.member.1.Dimensions.member.1.Name is invalid."),
    ({"Value": 1.0, "Dimensions": [{"Name": f"d{i}", "Value": "v"} for i in range(31)]}, "InvalidParameterValue",
     "The collection MetricData.member.1.Dimensions must not contain more than 30 items."),
])
def test_invalid_data(cw, datum, code, message):
    with pytest.raises(cw.exceptions.ClientError) as exc:
        cw.put_metric_data(Namespace="App", MetricData=[{"MetricName": "m", **datum}])
    assert error_of(exc) == (code, 400, message)
    assert cw.list_metrics()["Metrics"] == []


def test_one_bad_datum_stores_nothing(cw):
    with pytest.raises(cw.exceptions.InvalidParameterValueException):
        cw.put_metric_data(Namespace="App", MetricData=[{"MetricName": "ok", "Value": 1.0},
                                                        {"MetricName": "bad", "Value": math.nan}])
    assert cw.list_metrics()["Metrics"] == []


def test_too_many_data(cw):
    with pytest.raises(cw.exceptions.InvalidParameterValueException) as exc:
        cw.put_metric_data(Namespace="App", MetricData=[{"MetricName": "m", "Value": 1.0}] * 1001)
    assert error_of(exc)[2] == "The collection MetricData must not contain more than 1000 items."
