"""Older SDKs speak CloudWatch's query protocol (XML answers); the same backend serves them."""
from botocore.awsrequest import HeadersDict, create_request_object, prepare_request_dict
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

from iamulator import mock_aws
from iamulator.server.dispatch import dispatch
from iamulator.services.http import Request
from iamulator.services.models import operation_model

from cloudwatch_support import at


def call(operation: str, params: dict):
    model = operation_model("cloudwatch", operation)
    request_dict = create_serializer("query", include_validation=False).serialize_to_request(params, model)
    prepare_request_dict(request_dict, "https://monitoring.us-east-1.amazonaws.com")
    prepared = create_request_object(request_dict).prepare()
    body = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body or b""
    response = dispatch(Request(prepared.method, prepared.url, dict(prepared.headers.items()), body))
    parsed = create_parser("query").parse({"status_code": response.status, "headers": HeadersDict(response.headers),
                                           "body": response.body}, model.output_shape)
    return response.status, parsed


def test_query_protocol_round_trip(frozen):
    with mock_aws():
        status, _ = call("PutMetricData", {"Namespace": "Legacy", "MetricData": [
            {"MetricName": "Jobs", "Value": 3.0, "Timestamp": at(0), "Dimensions": [{"Name": "Q", "Value": "x"}]}]})
        assert status == 200
        status, listed = call("ListMetrics", {"Namespace": "Legacy"})
        assert listed["Metrics"] == [{"Namespace": "Legacy", "MetricName": "Jobs",
                                      "Dimensions": [{"Name": "Q", "Value": "x"}]}]
        status, stats = call("GetMetricStatistics", {
            "Namespace": "Legacy", "MetricName": "Jobs", "Dimensions": [{"Name": "Q", "Value": "x"}],
            "StartTime": at(-60), "EndTime": at(60), "Period": 60, "Statistics": ["Sum"]})
        assert [p["Sum"] for p in stats["Datapoints"]] == [3.0]
        status, error = call("PutMetricData", {"Namespace": "AWS/Nope", "MetricData": [
            {"MetricName": "Jobs", "Value": 1.0}]})
        assert status == 400
        assert error["Error"]["Code"] == "InvalidParameterValue"
        assert error["Error"]["Message"] == "The value AWS/ for parameter Namespace is invalid."
