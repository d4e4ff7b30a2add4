"""Edge cases of each protocol: what real clients send, what they read back, and bad input."""
from __future__ import annotations

import base64
import json
from datetime import datetime, timezone

import pytest

from iamulator.services import protocol as codec
from iamulator.services.errors import AWSError
from iamulator.services.http import Request
from iamulator.services.models import operation_model, service_model
from iamulator.services.protocol import timestamps

from .wire import botocore_parse, botocore_request

UTC = timezone.utc


def _json_request(service, op, body, target=None):
    sm = service_model(service)
    target = target or f"{sm.metadata['targetPrefix']}.{op}"
    return Request("POST", f"https://{service}.us-east-1.amazonaws.com/",
                   {"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.0"},
                   body if isinstance(body, bytes) else json.dumps(body).encode())


def _raises(fn, *args, **kw) -> AWSError:
    with pytest.raises(AWSError) as e:
        fn(*args, **kw)
    return e.value


# --- json ------------------------------------------------------------------------------------

PUT_ITEM = operation_model("dynamodb", "PutItem")


def test_json_decodes_blobs_and_ignores_unknown_and_null_members():
    body = {"TableName": "t", "Item": {"b": {"B": base64.b64encode(b"\x00\xff").decode()}},
            "NotAMember": 1, "ReturnValues": None}
    params = codec.decode(PUT_ITEM, _json_request("dynamodb", "PutItem", body), "json")
    assert params == {"TableName": "t", "Item": {"b": {"B": b"\x00\xff"}}}


@pytest.mark.parametrize("body", [b"{not json", b"[1,2", b"\xff\xfe", b'"just a string"', b"[]"])
def test_json_malformed_body_is_serialization_exception(body):
    err = _raises(codec.decode, PUT_ITEM, _json_request("dynamodb", "PutItem", body), "json")
    assert (err.code, err.status) == ("SerializationException", 400)


@pytest.mark.parametrize("body", [
    {"TableName": 5},                                   # number for a string
    {"TableName": "t", "Item": []},                     # list for a map
    {"TableName": "t", "Item": {"a": "S"}},             # string for a structure
    {"TableName": "t", "Item": {"a": {"B": "***"}}},    # invalid base64
    {"TableName": "t", "Item": {"a": {"BOOL": "true"}}},  # string for a boolean
])
def test_json_wrong_types_are_serialization_exception(body):
    err = _raises(codec.decode, PUT_ITEM, _json_request("dynamodb", "PutItem", body), "json")
    assert (err.code, err.status) == ("SerializationException", 400)


def test_json_empty_body_means_no_params():
    op = operation_model("sqs", "ListQueues")
    assert codec.decode(op, _json_request("sqs", "ListQueues", b""), "json") == {}


def test_json_timestamps_numbers_and_strings():
    op = operation_model("logs", "GetLogEvents")   # startTime is a long, not a timestamp
    assert codec.decode(op, _json_request("logs", "GetLogEvents",
                                          {"logStreamName": "s", "startTime": 5}), "json")["startTime"] == 5
    op = operation_model("cloudwatch", "GetMetricStatistics")
    req = botocore_request(op, {"Namespace": "n", "MetricName": "m", "Period": 60,
                                "StartTime": datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
                                "EndTime": datetime(2024, 1, 2, 4, 4, 5, tzinfo=UTC)}, "json")
    params = codec.decode(op, req, "json")
    assert params["StartTime"] == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_json_result_encoding_and_request_id():
    resp = codec.encode(PUT_ITEM, {"Attributes": {"n": {"N": "1"}, "b": {"B": b"\x01"}}}, "json")
    assert resp.status == 200
    assert resp.headers["Content-Type"] == "application/x-amz-json-1.0"
    assert len(resp.headers["x-amzn-RequestId"]) == 36
    assert json.loads(resp.body) == {"Attributes": {"n": {"N": "1"}, "b": {"B": "AQ=="}}}


def test_json_special_floats_and_naive_datetimes():
    op = operation_model("cloudwatch", "GetMetricStatistics")
    result = {"Datapoints": [{"Timestamp": datetime(2024, 1, 1, 0, 0, 1, 500000),
                              "Average": float("inf"), "Sum": 2.5}]}
    resp = codec.encode(op, result, "json")
    parsed = botocore_parse(resp, op.output_shape, "json", op)
    point = parsed["Datapoints"][0]
    # Non-finite numbers travel as strings (JSON has no literal for them); botocore's json
    # parser hands the string through as it arrives.
    assert json.loads(resp.body)["Datapoints"][0]["Average"] == "Infinity"
    assert point["Average"] == "Infinity" and point["Sum"] == 2.5
    assert point["Timestamp"] == datetime(2024, 1, 1, 0, 0, 1, 500000, tzinfo=UTC)


def test_json_modeled_error():
    sm = service_model("dynamodb")
    resp = codec.encode_error(sm, AWSError("ResourceNotFoundException", "Requested resource not found"),
                              "json", PUT_ITEM)
    assert resp.status == 400
    assert resp.headers["x-amzn-ErrorType"] == "ResourceNotFoundException"
    assert json.loads(resp.body) == {"__type": "ResourceNotFoundException",
                                     "message": "Requested resource not found"}
    parsed = botocore_parse(resp, PUT_ITEM.output_shape, "json", PUT_ITEM)
    assert parsed["Error"] == {"Code": "ResourceNotFoundException", "Message": "Requested resource not found"}


def test_query_compatible_json_error_header():
    sm = service_model("sqs")
    op = operation_model("sqs", "GetQueueUrl")
    resp = codec.encode_error(sm, AWSError("QueueDoesNotExist", "The specified queue does not exist."),
                              "json", op)
    # The wire code is the shape's error code from the model (botocore 1.43's SQS model names it
    # after the shape; older models said AWS.SimpleQueueService.NonExistentQueue).
    code = sm.shape_for("QueueDoesNotExist").error_code
    assert resp.headers["x-amzn-query-error"] == f"{code};Sender"
    parsed = botocore_parse(resp, op.output_shape, "json", op)
    assert parsed["Error"]["Code"] == code
    assert parsed["Error"]["QueryErrorCode"] == "QueueDoesNotExist"
    assert sm.shape_for_error_code(parsed["Error"]["Code"]).name == "QueueDoesNotExist"
    resp = codec.encode_error(sm, AWSError("InvalidParameterValue", "bad", 400), "json", op)
    assert resp.headers["x-amzn-query-error"] == "InvalidParameterValue;Sender"
    resp = codec.encode_error(sm, AWSError("InternalError", "oops", 500), "json", op)
    assert resp.headers["x-amzn-query-error"] == "InternalError;Receiver"
    assert resp.status == 500


def test_error_shape_trait_decides_status_and_fields():
    sm = service_model("iam")
    op = operation_model("iam", "GetUser")
    resp = codec.encode_error(sm, AWSError("NoSuchEntityException", "The user with name x cannot be found."),
                              "query", op)
    assert resp.status == 404
    parsed = botocore_parse(resp, op.output_shape, "query", op)
    assert parsed["Error"] == {"Type": "Sender", "Code": "NoSuchEntity",
                               "Message": "The user with name x cannot be found."}
    # The wire code works as well as the shape name.
    assert codec.encode_error(sm, AWSError("NoSuchEntity", "m"), "query", op).status == 404


def test_unmodeled_error_keeps_code_and_status():
    sm = service_model("iam")
    op = operation_model("iam", "GetUser")
    resp = codec.encode_error(sm, AWSError("AccessDenied", "User: x is not authorized", 403), "query", op)
    parsed = botocore_parse(resp, op.output_shape, "query", op)
    assert resp.status == 403
    assert parsed["Error"]["Code"] == "AccessDenied"
    assert b"<Type>Sender</Type>" in resp.body
    resp = codec.encode_error(sm, AWSError("ServiceFailure", "boom", 500), "query", op)
    assert b"<Type>Receiver</Type>" in resp.body


# --- query -----------------------------------------------------------------------------------

def test_query_get_request_from_a_browser():
    op = operation_model("ec2", "DescribeInstances")
    req = Request("GET", "http://localhost:5000/?Action=DescribeInstances&InstanceId.1=i-1&"
                  "InstanceId.2=i-2&Filter.1.Name=tag%3AName&Filter.1.Value.1=web", {})
    assert codec.decode(op, req, "ec2") == {
        "InstanceIds": ["i-1", "i-2"], "Filters": [{"Name": "tag:Name", "Values": ["web"]}]}


def test_query_lists_maps_and_nested_structures():
    op = operation_model("sns", "Publish")
    params = {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "m & <x>",
              "MessageAttributes": {"a": {"DataType": "String", "StringValue": "v"},
                                    "b": {"DataType": "Binary", "BinaryValue": b"\x00\x01"}}}
    req = botocore_request(op, params)
    assert b"MessageAttributes.entry.1.Name=a" in req.body
    assert codec.decode(op, req, "query") == params


def test_query_empty_list_marker_and_member_lists():
    op = operation_model("cloudformation", "CreateStack")
    req = botocore_request(op, {"StackName": "s", "Capabilities": [], "Tags": [{"Key": "k", "Value": "v"}]})
    assert codec.decode(op, req, "query") == {
        "StackName": "s", "Capabilities": [], "Tags": [{"Key": "k", "Value": "v"}]}


def test_query_list_indexes_sorted_numerically():
    op = operation_model("ec2", "DescribeInstances")
    pairs = "&".join(f"InstanceId.{i}=i-{i}" for i in (10, 2, 1))
    req = Request("POST", "https://ec2.amazonaws.com/", {"content-type": "application/x-www-form-urlencoded"},
                  f"Action=DescribeInstances&{pairs}".encode())
    assert codec.decode(op, req, "ec2")["InstanceIds"] == ["i-1", "i-2", "i-10"]


@pytest.mark.parametrize("body,code", [
    (b"Action=ListUsers&MaxItems=lots", "InvalidParameterValue"),
    (b"Action=ListUsers&MaxItems.member.1=3", "InvalidParameterValue"),
    (b"Action=ListUsers&Marker=%ff%fe", "InvalidQueryParameter"),
    (b"Action=ListUsers&\xff=1", "InvalidQueryParameter"),
])
def test_query_bad_values(body, code):
    op = operation_model("iam", "ListUsers")
    req = Request("POST", "https://iam.amazonaws.com/",
                  {"content-type": "application/x-www-form-urlencoded"}, body)
    err = _raises(codec.decode, op, req, "query")
    assert (err.code, err.status) == (code, 400)


def test_query_response_shape():
    op = operation_model("sts", "GetCallerIdentity")
    resp = codec.encode(op, {"UserId": "AID", "Account": "123456789012",
                             "Arn": "arn:aws:iam::123456789012:user/u&v"}, "query")
    text = resp.body.decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?><GetCallerIdentityResponse '
                           'xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>')
    assert "<Arn>arn:aws:iam::123456789012:user/u&amp;v</Arn>" in text
    assert f"<RequestId>{resp.headers['x-amzn-RequestId']}</RequestId>" in text
    parsed = botocore_parse(resp, op.output_shape, "query", op)
    assert parsed["Arn"] == "arn:aws:iam::123456789012:user/u&v"
    assert parsed["ResponseMetadata"]["RequestId"] == resp.headers["x-amzn-RequestId"]


def test_ec2_response_and_error_shape():
    op = operation_model("ec2", "DescribeInstances")
    resp = codec.encode(op, {"Reservations": [{"ReservationId": "r-1", "Instances": [
        {"InstanceId": "i-1", "LaunchTime": datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)}]}]}, "ec2")
    text = resp.body.decode()
    assert "<requestId>" in text and "<reservationSet><item><reservationId>r-1</reservationId>" in text
    parsed = botocore_parse(resp, op.output_shape, "ec2", op)
    assert parsed["Reservations"][0]["Instances"][0]["LaunchTime"] == datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    err = codec.encode_error(service_model("ec2"), AWSError("InvalidInstanceID.NotFound",
                             "The instance ID 'i-1' does not exist"), "ec2", op)
    assert err.body.decode().startswith('<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error>'
                                        "<Code>InvalidInstanceID.NotFound</Code>")
    parsed = botocore_parse(err, op.output_shape, "ec2", op)
    assert parsed["Error"]["Code"] == "InvalidInstanceID.NotFound"
    assert parsed["ResponseMetadata"]["RequestId"]


# --- rest-xml (S3) ---------------------------------------------------------------------------

def test_s3_greedy_key_keeps_slashes_and_special_characters():
    op = operation_model("s3", "GetObject")
    key = "dir one/sub+dir/~file%20name?x=1 é.txt"
    req = botocore_request(op, {"Bucket": "b", "Key": key, "Range": "bytes=0-1"})
    labels = codec.match_uri(op.http["requestUri"], req.path)
    params = codec.decode(op, req, "rest-xml", labels)
    assert params == {"Bucket": "b", "Key": key, "Range": "bytes=0-1"}
    # The router may key a greedy label with its "+".
    assert codec.decode(op, req, "rest-xml", {"Bucket": "b", "Key+": labels["Key"]})["Key"] == key
    # With no labels at all the codec matches the template itself.
    assert codec.decode(op, req, "rest-xml")["Key"] == key


def test_s3_xml_body_with_namespace_and_list():
    op = operation_model("s3", "PutBucketTagging")
    params = {"Bucket": "b", "Tagging": {"TagSet": [{"Key": "a", "Value": "1 & 2"}, {"Key": "b", "Value": ""}]}}
    req = botocore_request(op, params)
    assert b'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"' in req.body
    decoded = codec.decode(op, req, "rest-xml", {"Bucket": "b"})
    assert decoded["Tagging"] == params["Tagging"]


def test_s3_xml_attribute_grantee_both_ways():
    op = operation_model("s3", "PutBucketAcl")
    grants = [{"Grantee": {"Type": "CanonicalUser", "ID": "abc"}, "Permission": "READ"},
              {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"},
               "Permission": "WRITE"}]
    params = {"Bucket": "b", "AccessControlPolicy": {"Grants": grants, "Owner": {"ID": "abc"}}}
    decoded = codec.decode(op, botocore_request(op, params), "rest-xml", {"Bucket": "b"})
    assert decoded["AccessControlPolicy"] == params["AccessControlPolicy"]
    out = operation_model("s3", "GetBucketAcl")
    resp = codec.encode(out, {"Owner": {"ID": "abc"}, "Grants": grants}, "rest-xml")
    text = resp.body.decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?><AccessControlPolicy '
                           'xmlns="http://s3.amazonaws.com/doc/2006-03-01/">')
    assert ('<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:type="CanonicalUser">') in text
    parsed = botocore_parse(resp, out.output_shape, "rest-xml", out)
    assert parsed["Grants"] == grants


@pytest.mark.parametrize("body", [b"<Tagging><TagSet>", b"not xml", b"<a></b>"])
def test_s3_malformed_xml(body):
    op = operation_model("s3", "PutBucketTagging")
    req = Request("PUT", "https://b.s3.amazonaws.com/?tagging", {}, body)
    err = _raises(codec.decode, op, req, "rest-xml", {"Bucket": "b"})
    assert (err.code, err.status) == ("MalformedXML", 400)
    assert err.message == ("The XML you provided was not well-formed or did not validate "
                           "against our published schema")


def test_s3_bad_typed_values_are_invalid_argument():
    op = operation_model("s3", "ListObjectsV2")
    req = Request("GET", "https://s3.amazonaws.com/b?list-type=2&max-keys=ten", {})
    err = _raises(codec.decode, op, req, "rest-xml", {"Bucket": "b"})
    assert (err.code, err.status) == ("InvalidArgument", 400)
    op = operation_model("s3", "PutObject")
    req = Request("PUT", "https://s3.amazonaws.com/b/k", {"expires": "someday"}, b"x")
    assert _raises(codec.decode, op, req, "rest-xml", {"Bucket": "b", "Key": "k"}).code == "InvalidArgument"


def test_s3_list_objects_response():
    op = operation_model("s3", "ListObjectsV2")
    result = {"Name": "b", "Prefix": "", "KeyCount": 1, "MaxKeys": 1000, "IsTruncated": False,
              "Contents": [{"Key": "a<b>", "Size": 3, "ETag": '"abc"',
                            "LastModified": datetime(2024, 1, 1, 12, 0, 0), "StorageClass": "STANDARD"}],
              "CommonPrefixes": [{"Prefix": "p/"}]}
    resp = codec.encode(op, result, "rest-xml")
    text = resp.body.decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?><ListBucketResult '
                           'xmlns="http://s3.amazonaws.com/doc/2006-03-01/">')
    assert "<LastModified>2024-01-01T12:00:00.000Z</LastModified>" in text
    assert "<Key>a&lt;b&gt;</Key>" in text
    assert resp.headers["Content-Type"] == "application/xml"
    assert len(resp.headers["x-amz-request-id"]) == 16 and resp.headers["x-amz-id-2"]
    parsed = botocore_parse(resp, op.output_shape, "rest-xml", op)
    assert parsed["Contents"][0]["Key"] == "a<b>"
    assert parsed["CommonPrefixes"] == [{"Prefix": "p/"}]
    assert parsed["ResponseMetadata"]["RequestId"] == resp.headers["x-amz-request-id"]


def test_s3_get_object_headers_body_and_status_override():
    op = operation_model("s3", "GetObject")
    result = {"Body": b"partial", "ContentType": "text/plain", "ContentLength": 7,
              "ContentRange": "bytes 0-6/20", "ETag": '"e"', "Metadata": {"color": "blue"},
              "LastModified": datetime(2024, 2, 3, 4, 5, 6, tzinfo=UTC)}
    resp = codec.encode(op, result, "rest-xml", status=206, extra_headers={"Accept-Ranges": "bytes"})
    assert resp.status == 206 and resp.body == b"partial"
    assert resp.headers["Content-Type"] == "text/plain"
    assert resp.headers["x-amz-meta-color"] == "blue"
    assert resp.headers["Last-Modified"] == "Sat, 03 Feb 2024 04:05:06 GMT"
    assert resp.headers["Accept-Ranges"] == "bytes"
    head = operation_model("s3", "HeadObject")
    resp = codec.encode(head, {"ContentLength": 20, "ETag": '"e"'}, "rest-xml",
                        request=Request("HEAD", "https://s3.amazonaws.com/b/k", {}))
    assert resp.body == b"" and resp.headers["Content-Length"] == "20"


def test_s3_errors_plain_and_head():
    sm = service_model("s3")
    op = operation_model("s3", "GetObject")
    resp = codec.encode_error(sm, AWSError("NoSuchKey", "The specified key does not exist.", 404, Key="k"),
                              "rest-xml", op)
    text = resp.body.decode()
    assert resp.status == 404
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code>'
                           "<Message>The specified key does not exist.</Message><Key>k</Key>"
                           f"<RequestId>{resp.headers['x-amz-request-id']}</RequestId>")
    parsed = botocore_parse(resp, op.output_shape, "rest-xml", op)
    assert parsed["Error"] == {"Code": "NoSuchKey", "Message": "The specified key does not exist.", "Key": "k"}
    head = operation_model("s3", "HeadObject")
    resp = codec.encode_error(sm, AWSError("NoSuchKey", "The specified key does not exist.", 404), "rest-xml", head)
    assert resp.body == b"" and resp.status == 404
    assert botocore_parse(resp, head.output_shape, "rest-xml", head)["Error"]["Code"] == "404"


def test_s3_get_bucket_location_root_text():
    op = operation_model("s3", "GetBucketLocation")
    assert codec.encode(op, {"LocationConstraint": "eu-west-1"}, "rest-xml").body == (
        b'<?xml version="1.0" encoding="UTF-8"?><LocationConstraint '
        b'xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>')
    assert codec.encode(op, {}, "rest-xml").body.endswith(b"></LocationConstraint>")


def test_route53_error_envelope():
    sm = service_model("route53")
    op = operation_model("route53", "GetHostedZone")
    resp = codec.encode_error(sm, AWSError("NoSuchHostedZone", "No hosted zone found with ID: Z1"), "rest-xml", op)
    assert resp.status == 404
    assert b'<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type>' in resp.body
    parsed = botocore_parse(resp, op.output_shape, "rest-xml", op)
    assert parsed["Error"]["Code"] == "NoSuchHostedZone"


# --- rest-json -------------------------------------------------------------------------------

def test_rest_json_labels_query_headers_and_payload():
    op = operation_model("lambda", "Invoke")
    req = botocore_request(op, {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:f",
                                "InvocationType": "Event", "Payload": b'{"a": 1}', "Qualifier": "$LATEST"})
    params = codec.decode(op, req, "rest-json", codec.match_uri(op.http["requestUri"], req.path))
    assert params == {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:f",
                      "InvocationType": "Event", "Payload": b'{"a": 1}', "Qualifier": "$LATEST"}
    resp = codec.encode(op, {"StatusCode": 202, "Payload": b""}, "rest-json")
    assert resp.status == 202


def test_rest_json_querystring_map_takes_the_remaining_parameters():
    op = operation_model("apigateway", "GetExport")
    req = botocore_request(op, {"restApiId": "a", "stageName": "s", "exportType": "swagger",
                                "parameters": {"extensions": "integrations", "other": "x"}})
    params = codec.decode(op, req, "rest-json", codec.match_uri(op.http["requestUri"], req.path))
    assert params["parameters"] == {"extensions": "integrations", "other": "x"}


def test_rest_json_jsonvalue_headers():
    op = operation_model("lex-runtime", "PostContent")
    params = {"botName": "b", "botAlias": "a", "userId": "u", "contentType": "text/plain; charset=utf-8",
              "inputStream": b"hi", "sessionAttributes": {"k": "v"}}
    req = botocore_request(op, params)
    decoded = codec.decode(op, req, "rest-json", codec.match_uri(op.http["requestUri"], req.path))
    assert decoded["sessionAttributes"] == {"k": "v"}
    resp = codec.encode(op, {"sessionAttributes": {"x": [1, 2]}, "audioStream": b"..."}, "rest-json")
    parsed = botocore_parse(resp, op.output_shape, "rest-json", op)
    assert parsed["sessionAttributes"] == {"x": [1, 2]}


def test_rest_json_header_lists_with_quotes():
    op = operation_model("s3", "GetObjectAttributes")
    req = Request("GET", "https://s3.amazonaws.com/b/k?attributes",
                  {"x-amz-object-attributes": 'ETag, "Object,Parts", Checksum'}, b"")
    params = codec.decode(op, req, "rest-xml", {"Bucket": "b", "Key": "k"})
    assert params["ObjectAttributes"] == ["ETag", "Object,Parts", "Checksum"]


def test_rest_json_errors():
    sm = service_model("lambda")
    op = operation_model("lambda", "GetFunction")
    resp = codec.encode_error(sm, AWSError("ResourceNotFoundException", "Function not found: f", Type="User"),
                              "rest-json", op)
    assert resp.status == 404
    assert resp.headers["x-amzn-ErrorType"] == "ResourceNotFoundException"
    body = json.loads(resp.body)
    assert body["Message"] == "Function not found: f"
    parsed = botocore_parse(resp, op.output_shape, "rest-json", op)
    assert parsed["Error"]["Code"] == "ResourceNotFoundException"
    assert parsed["Error"]["Message"] == "Function not found: f"


def test_rest_json_malformed_body():
    op = operation_model("lambda", "CreateFunction")
    req = Request("POST", "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions",
                  {"content-type": "application/json"}, b"{oops")
    err = _raises(codec.decode, op, req, "rest-json", {})
    assert (err.code, err.status) == ("SerializationException", 400)
    req = Request("POST", "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions",
                  {"content-type": "application/json"}, b'{"FunctionName": ["x"]}')
    assert _raises(codec.decode, op, req, "rest-json", {}).code == "SerializationException"


def test_event_stream_response_reads_back():
    op = operation_model("bedrock-runtime", "ConverseStream")
    events = [{"messageStart": {"role": "assistant"}},
              {"contentBlockDelta": {"delta": {"text": "Hello"}, "contentBlockIndex": 0}},
              {"messageStop": {"stopReason": "end_turn"}}]
    resp = codec.encode(op, {"stream": events}, "rest-json")
    assert resp.headers["Content-Type"] == "application/vnd.amazon.eventstream"
    parsed = botocore_parse(resp, op.output_shape, "rest-json", op)
    assert parsed["stream"] == events


# --- protocol detection ----------------------------------------------------------------------

def test_detect_protocol():
    cw = service_model("cloudwatch")
    json_req = Request("POST", "https://monitoring.us-east-1.amazonaws.com/",
                       {"x-amz-target": "GraniteServiceVersion20100801.ListMetrics",
                        "content-type": "application/x-amz-json-1.0"}, b"{}")
    form_req = Request("POST", "https://monitoring.us-east-1.amazonaws.com/",
                       {"content-type": "application/x-www-form-urlencoded; charset=utf-8"},
                       b"Action=ListMetrics&Version=2010-08-01")
    get_req = Request("GET", "https://monitoring.us-east-1.amazonaws.com/?Action=ListMetrics", {})
    assert codec.detect_protocol(cw, json_req) == "json"
    assert codec.detect_protocol(cw, form_req) == "query"
    assert codec.detect_protocol(cw, get_req) == "query"
    cbor_req = Request("POST", "https://monitoring.us-east-1.amazonaws.com/service/x/operation/ListMetrics",
                       {"smithy-protocol": "rpc-v2-cbor", "content-type": "application/cbor"}, b"\xa0")
    err = _raises(codec.detect_protocol, cw, cbor_req)
    assert (err.code, err.status) == ("UnsupportedProtocol", 415)
    assert codec.detect_protocol(service_model("s3"), get_req) == "rest-xml"
    assert codec.detect_protocol(service_model("ec2"), get_req) == "ec2"
    assert codec.detect_protocol(service_model("dynamodb"), json_req) == "json"


def test_cloudwatch_both_protocols_decode_the_same():
    op = operation_model("cloudwatch", "PutMetricData")
    params = {"Namespace": "app", "MetricData": [
        {"MetricName": "m", "Value": 1.5, "Dimensions": [{"Name": "d", "Value": "v"}],
         "Timestamp": datetime(2024, 1, 1, tzinfo=UTC)}]}
    for proto in ("query", "json"):
        req = botocore_request(op, params, proto)
        assert codec.detect_protocol(op.service_model, req) == proto
        assert codec.decode(op, req, proto) == params


# --- timestamps ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["2024-01-02T03:04:05Z", "2024-01-02T03:04:05.000Z",
                                  "2024-01-02T03:04:05.000000000Z", "2024-01-02T05:04:05+02:00",
                                  "Tue, 02 Jan 2024 03:04:05 GMT", "1704164645", "1704164645.0"])
def test_timestamp_parse_forms(text):
    assert timestamps.parse(text) == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "yesterday", "2024-13-45T00:00:00Z", "1e400"])
def test_timestamp_parse_rejects(text):
    with pytest.raises(timestamps.TimestampError):
        timestamps.parse(text)


def test_timestamp_renderings():
    dt = datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    assert timestamps.iso8601(dt) == "2024-01-02T03:04:05.678Z"
    assert timestamps.rfc822(dt) == "Tue, 02 Jan 2024 03:04:05 GMT"
    assert timestamps.unix(dt) == 1704164645.678
    assert timestamps.unix(datetime(2024, 1, 2, 3, 4, 5)) == 1704164645
    assert timestamps.iso8601(1704164645) == "2024-01-02T03:04:05.000Z"


def test_unknown_protocol_is_an_aws_error():
    err = _raises(codec.decode, PUT_ITEM, _json_request("dynamodb", "PutItem", {}), "smithy-rpc-v2-cbor")
    assert err.status == 415


def test_bytes_header_values_as_botocore_prepares_them():
    op = operation_model("s3", "PutObject")
    req = Request("PUT", "https://s3.amazonaws.com/b/k",
                  {"content-type": b"text/plain", "x-amz-meta-a": b"1",
                   "x-amz-content-sha256": b"UNSIGNED-PAYLOAD"}, b"data")
    params = codec.decode(op, req, "rest-xml", {"Bucket": "b", "Key": "k"})
    assert params["ContentType"] == "text/plain" and params["Metadata"] == {"a": "1"}
    assert req.headers["content-type"] == "text/plain"
