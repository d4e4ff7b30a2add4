"""The router: every operation of every botocore service, as botocore's own serializer and
signer build it, must route back to that service and operation; plus S3 addressing styles,
presigned and unsigned requests, the query protocol's Action, errors and garbage."""
from __future__ import annotations

import datetime
import gzip
import os
import re
from urllib.parse import unquote

import boto3
import botocore.session
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import create_request_object, prepare_request_dict
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.serialize import create_serializer
from hypothesis import given, settings, strategies as st

from iamulator.services.errors import AWSError
from iamulator.services.http import Request
from iamulator.services.models import loader, service_model
from iamulator.services.router import SIGNING_ALIASES, Route, RoutingError, route, service_for_event
from iamulator.services.routing import credentials, hosts
from iamulator.services.routing.catalog import catalog

CREDS = Credentials("AKIDEXAMPLE", "secret")
REGION = "eu-west-3"
LOCAL = "http://127.0.0.1:5000"


# --- building requests exactly as a botocore client would ---------------------------------------

def _value(shape, depth=0, greedy=False):
    t = shape.type_name
    if t == "structure":
        if depth > 6:
            return {}
        if shape.is_tagged_union:
            name, member = next(iter(shape.members.items()))
            return {name: _value(member, depth + 1)}
        return {n: _value(shape.members[n], depth + 1) for n in shape.required_members}
    if t == "list":
        return [_value(shape.member, depth + 1)] if depth <= 6 else []
    if t == "map":
        return {}
    if t == "string":
        if shape.enum:
            return shape.enum[0]
        return "a/b c" if greedy else "abc123"
    if t in ("integer", "long", "short", "byte"):
        return 1
    if t in ("float", "double"):
        return 1.5
    if t == "boolean":
        return True
    if t == "timestamp":
        return datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    if t == "blob":
        return b"x"
    return {}


def _minimal_params(op) -> dict:
    shape = op.input_shape
    if shape is None:
        return {}
    greedy = set(re.findall(r"\{([^}]+)\+\}", op.http.get("requestUri", "")))
    params = {}
    for name in shape.required_members:
        member = shape.members[name]
        in_greedy = member.serialization.get("location") == "uri" and member.serialization.get("name", name) in greedy
        params[name] = _value(member, 1, greedy=in_greedy)
    return params


def _client_request(service: str, operation: str, protocol: str, endpoint: str) -> tuple[Request, dict]:
    model = service_model(service)
    op = model.operation_model(operation)
    params = _minimal_params(op)
    serialized = create_serializer(protocol, include_validation=False).serialize_to_request(params, op)
    prepare_request_dict(serialized, endpoint_url=endpoint, context={}, user_agent="test")
    aws_request = create_request_object(serialized)
    SigV4Auth(CREDS, model.signing_name or model.endpoint_prefix, REGION).add_auth(aws_request)
    prepared = aws_request.prepare()
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode()
    elif not isinstance(body, (bytes, bytearray)):
        body = body.read()
    return Request(prepared.method, prepared.url, dict(prepared.headers.items()), body), params


def _sweep(local: bool) -> dict:
    """(service, operation, protocol) -> the Route (or the error) for every operation."""
    results = {}
    for service, info in catalog().services.items():
        endpoint = LOCAL if local else f"https://{info.endpoint_prefix}.{REGION}.amazonaws.com"
        model = service_model(service)
        for protocol in info.protocols:
            for operation in model.operation_names:
                request, params = _client_request(service, operation, protocol, endpoint)
                try:
                    results[(service, operation, protocol)] = (route(request), params)
                except AWSError as err:
                    results[(service, operation, protocol)] = (err, params)
    return results


@pytest.fixture(scope="module")
def aws_sweep():
    return _sweep(local=False)


@pytest.fixture(scope="module")
def local_sweep():
    return _sweep(local=True)


# --- telling a real miss from a request the models make ambiguous ---------------------------------

def _shape_of_path(uri: str) -> tuple:
    path, _, query = uri.partition("?")
    shape = tuple("{+}" if s.endswith("+}") else "{}" if s.startswith("{") else s
                  for s in path.rstrip("/").split("/"))
    return shape, path.endswith("/") and path != "/", tuple(sorted(query.split("&"))) if query else ()


def _ambiguity(expected: tuple, got: Route, local: bool) -> str | None:
    """Why botocore's request for ``expected`` cannot tell it from ``got``, or None if it can."""
    service, operation, protocol = expected
    want = service_model(service).operation_model(operation)
    other_model = service_model(got.service)
    if operation not in other_model.operation_names and got.operation not in other_model.operation_names:
        return None
    have = other_model.operation_model(got.operation)
    a, b = service_model(service), other_model
    same_endpoint = a.endpoint_prefix == b.endpoint_prefix or (
        (want.endpoint or {}).get("hostPrefix", "") + a.endpoint_prefix == b.endpoint_prefix)
    same_signer = (a.signing_name or a.endpoint_prefix) == (b.signing_name or b.endpoint_prefix)
    if not (same_signer if local else same_endpoint):
        return None
    if protocol in ("query", "ec2"):
        if operation == got.operation and a.api_version == b.api_version:
            return f"same Action, API version {a.api_version} and endpoint as {got.service}"
        return None
    if protocol in ("json", "smithy-rpc-v2-cbor"):
        if operation == got.operation and a.metadata.get("targetPrefix") == b.metadata.get("targetPrefix"):
            return f"same target {a.metadata['targetPrefix']}.{operation} as {got.service}"
        return None
    if want.http["method"] != have.http["method"]:
        return None
    if _shape_of_path(want.http["requestUri"]) != _shape_of_path(have.http["requestUri"]):
        return None
    if service != got.service:
        return f"same method and URI template as {got.service}.{got.operation}"
    if want.deprecated and not have.deprecated:
        return f"deprecated alias of {got.operation}"
    if want.static_context_parameters != have.static_context_parameters:
        return f"same request as {got.operation}; only the endpoint botocore picks differs"
    return None


# The sweep's host for this one is "{RequestRoute}.s3.{region}.amazonaws.com", which S3 reads as
# a virtual-hosted bucket; botocore really sends it to s3-object-lambda (tested below).
_SWEEP_HOST_ARTEFACTS = {("s3", "WriteGetObjectResponse", "rest-xml")}


def _check_sweep(results: dict, local: bool):
    misses, ambiguous = [], {}
    for key, (got, params) in results.items():
        service, operation, protocol = key
        if isinstance(got, AWSError):
            misses.append((key, f"{got.code}: {got.message}"))
            continue
        if (got.service, got.operation) != (service, operation):
            why = _ambiguity(key, got, local)
            if why is None and not local and key in _SWEEP_HOST_ARTEFACTS:
                why = "sweep host reads as a virtual-hosted bucket"
            if why is None:
                misses.append((key, got))
            else:
                ambiguous[key] = why
            continue
        if got.protocol != protocol or got.region != REGION or got.access_key != "AKIDEXAMPLE":
            misses.append((key, got))
            continue
        op = service_model(service).operation_model(operation)
        for label in re.findall(r"\{([^}+]+)\+?\}", op.http.get("requestUri", "")):
            member = next((n for n, m in op.input_shape.members.items()
                           if m.serialization.get("location") == "uri" and m.serialization.get("name", n) == label), label)
            value = params.get(member)
            if isinstance(value, str) and unquote(got.uri_params.get(label, "")) != value:
                misses.append((key, f"label {label}: {got.uri_params}"))
        host_prefix = (op.endpoint or {}).get("hostPrefix", "")
        for label in re.findall(r"\{([^}]+)\}", host_prefix):
            if got.uri_params.get(label) != params.get(label):
                misses.append((key, f"host label {label}: {got.uri_params}"))
    return misses, ambiguous


def _report(results, ambiguous, title):
    total = len(results)
    exact = total - len(ambiguous)
    by_reason: dict = {}
    for (service, operation, protocol), why in sorted(ambiguous.items()):
        by_reason.setdefault(why.split(" as ")[0].split(" of ")[0], []).append(f"{service}.{operation}")
    print(f"\n{title}: {exact}/{total} operations routed to themselves; "
          f"{len(ambiguous)} inherently ambiguous in the models")
    for reason, ops in by_reason.items():
        print(f"  {reason}: {len(ops)} ({', '.join(ops[:6])}{', ...' if len(ops) > 6 else ''})")


def test_every_operation_of_every_service_routes_from_its_aws_endpoint(aws_sweep):
    misses, ambiguous = _check_sweep(aws_sweep, local=False)
    _report(aws_sweep, ambiguous, "AWS endpoints")
    assert misses == []
    assert len(catalog().services) >= 400
    assert len(aws_sweep) - len(ambiguous) >= 0.985 * len(aws_sweep)
    # Shared endpoints the models cannot tell apart; each entry above was checked to be one.
    services = {s for s, _, _ in ambiguous}
    assert services <= {"docdb", "neptune", "qconnect", "greengrassv2", "pinpoint-sms-voice", "s3", "signer"}


def test_every_operation_routes_from_a_local_endpoint_by_credential_scope(local_sweep):
    misses, ambiguous = _check_sweep(local_sweep, local=True)
    _report(local_sweep, ambiguous, "local endpoint")
    assert misses == []
    assert len(local_sweep) - len(ambiguous) >= 0.985 * len(local_sweep)


def test_sweep_covers_every_protocol_of_multi_protocol_services(aws_sweep):
    assert aws_sweep[("cloudwatch", "PutMetricData", "query")][0].protocol == "query"
    assert aws_sweep[("cloudwatch", "PutMetricData", "json")][0].protocol == "json"
    assert aws_sweep[("cloudwatch", "PutMetricData", "smithy-rpc-v2-cbor")][0].protocol == "smithy-rpc-v2-cbor"


# --- the catalog -----------------------------------------------------------------------------------

def test_catalog_metadata_matches_full_model_loads():
    for name, info in catalog().services.items():
        md = loader().load_service_model(name, "service-2")["metadata"]
        assert info.endpoint_prefix == md["endpointPrefix"], name
        assert info.signing_name == md.get("signingName", md["endpointPrefix"]), name
        assert info.target_prefix == md.get("targetPrefix"), name
        assert info.protocols == tuple(md.get("protocols") or [md["protocol"]]), name
        assert info.api_version == md["apiVersion"], name
        assert info.event_name == service_model(name).service_id.hyphenize(), name


def test_catalog_lists_what_botocore_lists():
    assert sorted(catalog().services) == botocore.session.get_session().get_available_services()


def test_service_for_event_maps_botocore_event_names():
    assert service_for_event("cloudwatch-logs") == "logs"
    assert service_for_event("secrets-manager") == "secretsmanager"
    assert service_for_event("s3") == "s3"
    assert service_for_event("dynamodb") == "dynamodb"
    assert service_for_event("eks") == "eks"
    assert service_for_event("no-such-service") is None


def test_service_for_event_round_trips_every_service():
    for name in catalog().services:
        if name == "sms-voice":
            continue
        assert service_for_event(service_model(name).service_id.hyphenize()) == name
    # Both models carry service id "Pinpoint SMS Voice" and the very same operations.
    assert service_model("sms-voice").service_id.hyphenize() == "pinpoint-sms-voice"
    assert service_for_event("pinpoint-sms-voice") == "pinpoint-sms-voice"


def test_signing_aliases_cover_the_signing_names_of_s3_endpoint_rules():
    data = os.path.join(os.path.dirname(botocore.__file__), "data")
    seen = {}
    for service in ("s3", "s3control"):
        version = loader().determine_latest_version(service, "service-2")
        with gzip.open(os.path.join(data, service, version, "endpoint-rule-set-1.json.gz"), "rt") as f:
            for name in re.findall(r'"signingName"\s*:\s*"([^"]+)"', f.read()):
                seen.setdefault(name, set()).add(service)
    for name, services in seen.items():
        if name != "s3":
            assert services <= set(SIGNING_ALIASES[name]), name


# --- S3: path style and virtual-hosted style ------------------------------------------------------

S3_CASES = [
    # method, key path ("" = bucket level), query, headers, operation
    ("GET", "", "", {}, "ListObjects"),
    ("GET", "", "list-type=2", {}, "ListObjectsV2"),
    ("GET", "", "list-type=2&prefix=a%2F&delimiter=%2F", {}, "ListObjectsV2"),
    ("GET", "", "uploads", {}, "ListMultipartUploads"),
    ("GET", "", "versions", {}, "ListObjectVersions"),
    ("GET", "", "location", {}, "GetBucketLocation"),
    ("GET", "", "policy", {}, "GetBucketPolicy"),
    ("GET", "", "tagging", {}, "GetBucketTagging"),
    ("GET", "", "versioning", {}, "GetBucketVersioning"),
    ("GET", "", "lifecycle", {}, "GetBucketLifecycleConfiguration"),
    ("GET", "", "notification", {}, "GetBucketNotificationConfiguration"),
    ("GET", "", "analytics", {}, "ListBucketAnalyticsConfigurations"),
    ("GET", "", "analytics&id=a1", {}, "GetBucketAnalyticsConfiguration"),
    ("GET", "", "inventory&id=i", {}, "GetBucketInventoryConfiguration"),
    ("GET", "", "object-lock", {}, "GetObjectLockConfiguration"),
    ("GET", "", "session", {}, "CreateSession"),
    ("HEAD", "", "", {}, "HeadBucket"),
    ("PUT", "", "", {}, "CreateBucket"),
    ("PUT", "", "versioning", {}, "PutBucketVersioning"),
    ("PUT", "", "policy", {}, "PutBucketPolicy"),
    ("PUT", "", "tagging", {}, "PutBucketTagging"),
    ("PUT", "", "lifecycle", {}, "PutBucketLifecycleConfiguration"),
    ("PUT", "", "cors", {}, "PutBucketCors"),
    ("DELETE", "", "", {}, "DeleteBucket"),
    ("DELETE", "", "cors", {}, "DeleteBucketCors"),
    ("DELETE", "", "metrics&id=m", {}, "DeleteBucketMetricsConfiguration"),
    ("POST", "", "delete", {}, "DeleteObjects"),
    ("GET", "/a/b c%2Bd.txt", "", {}, "GetObject"),
    ("GET", "/key", "versionId=3&response-content-type=text%2Fplain", {}, "GetObject"),
    ("GET", "/key", "uploadId=u1", {}, "ListParts"),
    ("GET", "/key", "acl", {}, "GetObjectAcl"),
    ("GET", "/key", "tagging", {}, "GetObjectTagging"),
    ("GET", "/key", "attributes", {"x-amz-object-attributes": "ETag"}, "GetObjectAttributes"),
    ("GET", "/key", "retention", {}, "GetObjectRetention"),
    ("GET", "/key", "legal-hold", {}, "GetObjectLegalHold"),
    ("GET", "/key", "torrent", {}, "GetObjectTorrent"),
    ("HEAD", "/key", "", {}, "HeadObject"),
    ("HEAD", "/dir/key", "partNumber=1", {}, "HeadObject"),
    ("PUT", "/key", "", {}, "PutObject"),
    ("PUT", "/dir/", "", {}, "PutObject"),
    ("PUT", "/key", "", {"x-amz-copy-source": "/src/k"}, "CopyObject"),
    ("PUT", "/key", "partNumber=1&uploadId=u", {}, "UploadPart"),
    ("PUT", "/key", "partNumber=1&uploadId=u", {"x-amz-copy-source": "/src/k"}, "UploadPartCopy"),
    ("PUT", "/key", "acl", {}, "PutObjectAcl"),
    ("PUT", "/key", "tagging", {}, "PutObjectTagging"),
    ("PUT", "/key", "retention", {}, "PutObjectRetention"),
    ("PUT", "/key", "renameObject", {"x-amz-rename-source": "/b/old"}, "RenameObject"),
    ("DELETE", "/key", "", {}, "DeleteObject"),
    ("DELETE", "/key", "uploadId=u", {}, "AbortMultipartUpload"),
    ("DELETE", "/key", "tagging", {}, "DeleteObjectTagging"),
    ("POST", "/key", "uploads", {}, "CreateMultipartUpload"),
    ("POST", "/key", "uploadId=u", {}, "CompleteMultipartUpload"),
    ("POST", "/key", "restore", {}, "RestoreObject"),
    ("POST", "/key", "select&select-type=2", {}, "SelectObjectContent"),
    # SDKs other than botocore add x-id; it names the operation.
    ("GET", "/key", "x-id=GetObject", {}, "GetObject"),
    ("PUT", "/key", "x-id=PutObject", {}, "PutObject"),
    ("GET", "/key", "uploadId=u&x-id=ListParts", {}, "ListParts"),
    ("DELETE", "/key", "uploadId=u&x-id=AbortMultipartUpload", {}, "AbortMultipartUpload"),
]

S3_AUTH = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/{region}/s3/aws4_request, SignedHeaders=host, Signature=00"


def _s3(method, url, headers=None, region="us-east-1", signed=True):
    h = dict(headers or {})
    if signed:
        h["Authorization"] = S3_AUTH.format(region=region)
    return route(Request(method, url, h))


def _expected_params(key_path):
    params = {"Bucket": "my.bucket-1"}
    if key_path:
        params["Key"] = key_path[1:].replace(" ", "%20")
    return params


@pytest.mark.parametrize("method,key,query,headers,operation", S3_CASES)
def test_s3_path_style(method, key, query, headers, operation):
    key = key.replace(" ", "%20")
    url = f"https://s3.us-west-2.amazonaws.com/my.bucket-1{key}" + (f"?{query}" if query else "")
    r = _s3(method, url, headers, region="us-west-2")
    assert (r.service, r.operation, r.protocol, r.region) == ("s3", operation, "rest-xml", "us-west-2")
    assert r.uri_params == _expected_params(key)


@pytest.mark.parametrize("host", [
    "my.bucket-1.s3.amazonaws.com",
    "my.bucket-1.s3.us-west-2.amazonaws.com",
    "my.bucket-1.s3-us-west-2.amazonaws.com",
    "my.bucket-1.s3.dualstack.us-west-2.amazonaws.com",
    "my.bucket-1.s3-accelerate.amazonaws.com",
    "my.bucket-1.s3-accelerate.dualstack.amazonaws.com",
    "my.bucket-1.localhost:5000",
    "my.bucket-1.s3.localhost:4566",
    "my.bucket-1.s3.emulator.internal",
])
@pytest.mark.parametrize("method,key,query,headers,operation", S3_CASES)
def test_s3_virtual_hosted_style(host, method, key, query, headers, operation):
    key = key.replace(" ", "%20")
    url = f"https://{host}{key or '/'}" + (f"?{query}" if query else "")
    r = _s3(method, url, headers, region="us-west-2", signed=host.endswith(".internal"))
    assert (r.service, r.operation, r.protocol) == ("s3", operation, "rest-xml")
    assert r.uri_params == _expected_params(key)


def test_s3_region_comes_from_scope_then_host_then_default():
    assert _s3("GET", "https://b.s3.eu-central-1.amazonaws.com/k", region="ap-south-1").region == "ap-south-1"
    assert _s3("GET", "https://b.s3.eu-central-1.amazonaws.com/k", signed=False).region == "eu-central-1"
    assert _s3("GET", "https://b.s3-eu-west-1.amazonaws.com/k", signed=False).region == "eu-west-1"
    assert _s3("GET", "https://b.s3-external-1.amazonaws.com/k", signed=False).region == "us-east-1"
    assert _s3("GET", "http://localhost:5000/b/k", signed=False).region == "us-east-1"


def test_s3_keys_keep_their_slashes_and_encoding():
    r = _s3("PUT", "http://localhost:5000/bucket/dir//sub/", signed=False)
    assert r.uri_params == {"Bucket": "bucket", "Key": "dir//sub/"}
    r = _s3("GET", "http://localhost:5000/bucket//leading", signed=False)
    assert r.uri_params == {"Bucket": "bucket", "Key": "/leading"}
    r = _s3("GET", "http://localhost:5000/bucket/%E2%82%AC%2F%25zz", signed=False)
    assert r.uri_params == {"Bucket": "bucket", "Key": "%E2%82%AC%2F%25zz"}
    r = _s3("GET", "https://bucket.s3.amazonaws.com/", signed=False)
    assert (r.operation, r.uri_params) == ("ListObjects", {"Bucket": "bucket"})
    r = _s3("GET", "http://localhost:5000/bucket/", signed=False)
    assert (r.operation, r.uri_params) == ("ListObjects", {"Bucket": "bucket"})


def test_s3_service_level():
    assert _s3("GET", "https://s3.amazonaws.com/").operation == "ListBuckets"
    assert _s3("GET", "http://localhost:5000/").operation == "ListBuckets"
    assert _s3("GET", "https://s3express-control.us-west-2.amazonaws.com/").operation == "ListDirectoryBuckets"


def test_s3_wrong_method_is_method_not_allowed():
    with pytest.raises(RoutingError) as e:
        _s3("PATCH", "http://localhost:5000/bucket/key")
    assert (e.value.code, e.value.status, e.value.service, e.value.protocol) == ("MethodNotAllowed", 405, "s3", "rest-xml")
    assert e.value.fields == {"Method": "PATCH", "ResourceType": "OBJECT"}
    assert e.value.headers["Allow"] == "DELETE, GET, HEAD, POST, PUT"
    with pytest.raises(RoutingError) as e:
        _s3("POST", "https://bucket.s3.amazonaws.com/")
    assert (e.value.code, e.value.status, e.value.fields["ResourceType"]) == ("MethodNotAllowed", 405, "BUCKET")
    with pytest.raises(RoutingError) as e:
        _s3("OPTIONS", "http://localhost:5000/")
    assert (e.value.code, e.value.fields["ResourceType"]) == ("MethodNotAllowed", "SERVICE")


def test_s3_control_is_told_from_s3_by_host_or_path():
    auth = {"Authorization": S3_AUTH.format(region="us-east-1"), "x-amz-account-id": "111122223333"}
    for url in ("https://111122223333.s3-control.us-east-1.amazonaws.com/v20180820/accesspoint/ap1",
                "https://111122223333.s3-control.dualstack.us-east-1.amazonaws.com/v20180820/accesspoint/ap1",
                "http://111122223333.localhost:5000/v20180820/accesspoint/ap1",
                "http://111122223333.127.0.0.1:5000/v20180820/accesspoint/ap1"):
        r = route(Request("GET", url, auth))
        assert (r.service, r.operation, r.protocol) == ("s3control", "GetAccessPoint", "rest-xml"), url
        assert r.uri_params == {"name": "ap1", "AccountId": "111122223333"}
        assert r.signing_name == "s3"
    # Without the account id in front of the host the path alone still says S3 Control.
    r = route(Request("GET", "http://localhost:5000/v20180820/accesspoint/ap1", auth))
    assert (r.service, r.operation, r.uri_params) == ("s3control", "GetAccessPoint", {"name": "ap1"})
    # ...but a real bucket at {bucket}.localhost is still S3.
    r = route(Request("GET", "http://photos.localhost:5000/v20180820/cat.jpg", auth))
    assert (r.service, r.operation, r.uri_params) == ("s3", "GetObject", {"Bucket": "photos", "Key": "v20180820/cat.jpg"})


def test_localhost_subdomain_is_not_a_bucket_for_other_signed_services():
    auth = {"Authorization": "AWS4-HMAC-SHA256 Credential=AK/20240101/us-east-1/lambda/aws4_request, Signature=0"}
    r = route(Request("GET", "http://api.localhost:5000/2015-03-31/functions/", auth))
    assert (r.service, r.operation) == ("lambda", "ListFunctions")


# --- what real boto3 clients send ------------------------------------------------------------------

class _Sent(Exception):
    pass


def _sent_by(client, call, **params):
    """The request a real client sends for ``call``, captured before it leaves."""
    captured = {}

    def capture(request, **_):
        body = request.body or b""
        if not isinstance(body, (bytes, bytearray)):
            body = body.read() if hasattr(body, "read") else str(body).encode()
        captured["request"] = Request(request.method, request.url, dict(request.headers.items()), bytes(body))
        raise _Sent()

    client.meta.events.register_first("before-send", capture)
    with pytest.raises(_Sent):
        getattr(client, call)(**params)
    return captured["request"]


_SESSION = boto3.session.Session(aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")


def _client(service, config=None, region_name="eu-west-1", **kw):
    # One session for all: each new one would load botocore's data files again.
    return _SESSION.client(service, region_name=region_name,
                           config=config or Config(retries={"max_attempts": 0}), **kw)


@pytest.mark.parametrize("service,call,params,operation", [
    ("s3", "list_buckets", {}, "ListBuckets"),
    ("s3", "get_object", {"Bucket": "bkt", "Key": "a/b.txt"}, "GetObject"),
    ("s3", "put_object", {"Bucket": "bkt", "Key": "a/b.txt", "Body": b"x"}, "PutObject"),
    ("s3", "list_objects_v2", {"Bucket": "bkt"}, "ListObjectsV2"),
    ("s3", "list_objects", {"Bucket": "bkt"}, "ListObjects"),
    ("s3", "delete_objects", {"Bucket": "bkt", "Delete": {"Objects": [{"Key": "k"}]}}, "DeleteObjects"),
    ("s3", "list_directory_buckets", {}, "ListDirectoryBuckets"),
    ("s3", "write_get_object_response", {"RequestRoute": "route1", "RequestToken": "t"}, "WriteGetObjectResponse"),
    ("s3control", "list_access_points", {"AccountId": "111122223333"}, "ListAccessPoints"),
    ("dynamodb", "list_tables", {}, "ListTables"),
    ("sqs", "list_queues", {}, "ListQueues"),
    ("sts", "get_caller_identity", {}, "GetCallerIdentity"),
    ("iam", "list_users", {}, "ListUsers"),
    ("ec2", "describe_instances", {}, "DescribeInstances"),
    ("logs", "describe_log_groups", {}, "DescribeLogGroups"),
    ("lambda", "list_functions", {}, "ListFunctions"),
    ("cloudwatch", "list_metrics", {}, "ListMetrics"),
    ("secretsmanager", "list_secrets", {}, "ListSecrets"),
    ("sns", "list_topics", {}, "ListTopics"),
    ("kms", "list_keys", {}, "ListKeys"),
    ("route53", "list_hosted_zones", {}, "ListHostedZones"),
    ("apigateway", "get_rest_apis", {}, "GetRestApis"),
    ("apigatewayv2", "get_apis", {}, "GetApis"),
    ("elbv2", "describe_load_balancers", {}, "DescribeLoadBalancers"),
    ("elb", "describe_load_balancers", {}, "DescribeLoadBalancers"),
    ("rds", "describe_db_instances", {}, "DescribeDBInstances"),
    ("sagemaker-runtime", "invoke_endpoint", {"EndpointName": "e", "Body": b"{}"}, "InvokeEndpoint"),
    ("servicediscovery", "discover_instances", {"NamespaceName": "n", "ServiceName": "s"}, "DiscoverInstances"),
    ("iotsitewise", "list_assets", {}, "ListAssets"),
])
@pytest.mark.parametrize("endpoint", [None, "http://localhost:5000", "http://127.0.0.1:5000"])
def test_real_boto3_clients(service, call, params, operation, endpoint):
    if endpoint and service == "s3" and call in ("write_get_object_response", "list_directory_buckets"):
        pytest.skip("botocore sends these to special endpoints only on AWS hosts")
    kw = {"endpoint_url": endpoint} if endpoint else {}
    request = _sent_by(_client(service, **kw), call, **params)
    r = route(request)
    assert (r.service, r.operation) == (service, operation), request.url
    # IAM and Route 53 are global: at AWS botocore signs them for us-east-1.
    assert r.region == ("us-east-1" if service in ("iam", "route53") and not endpoint else "eu-west-1")
    assert r.access_key == "AKIDEXAMPLE"
    if service == "s3control":
        assert r.uri_params["AccountId"] == "111122223333"


@pytest.mark.parametrize("endpoint", ["https://abc123.execute-api.eu-west-1.amazonaws.com/prod",
                                      "http://localhost:5000/prod", "http://localhost:5000"])
def test_endpoint_urls_with_a_base_path(endpoint):
    # API Gateway's management API is called at the stage's URL; AWS strips the stage.
    client = _client("apigatewaymanagementapi", endpoint_url=endpoint)
    request = _sent_by(client, "post_to_connection", ConnectionId="conn=1", Data=b"x")
    r = route(request)
    assert (r.service, r.operation, r.signing_name) == ("apigatewaymanagementapi", "PostToConnection", "execute-api")
    assert r.uri_params == {"connectionId": "conn%3D1"}


def test_percent_encoded_literal_segments():
    auth = {"Authorization": "AWS4-HMAC-SHA256 Credential=AK/20240101/us-east-1/execute-api/aws4_request, Signature=0"}
    r = route(Request("DELETE", "http://localhost:5000/%40connections/c1", auth))
    assert (r.service, r.operation, r.uri_params) == ("apigatewaymanagementapi", "DeleteConnection",
                                                      {"connectionId": "c1"})


def test_botocore_s3_virtual_host_keys():
    request = _sent_by(_client("s3"), "get_object", Bucket="bkt", Key="dir/a b+c.txt")
    assert request.host == "bkt.s3.eu-west-1.amazonaws.com"
    r = route(request)
    assert r.uri_params == {"Bucket": "bkt", "Key": "dir/a%20b%2Bc.txt"}


# --- presigned and unsigned ------------------------------------------------------------------------

def test_presigned_sigv2_url_from_boto3():
    url = _client("s3", region_name="us-east-1").generate_presigned_url(
        "get_object", Params={"Bucket": "mybucket", "Key": "a/b c.txt"})
    assert "AWSAccessKeyId=" in url and "X-Amz-Credential" not in url
    r = route(Request("GET", url, {}))
    assert (r.service, r.operation, r.access_key) == ("s3", "GetObject", "AKIDEXAMPLE")
    assert r.uri_params == {"Bucket": "mybucket", "Key": "a/b%20c.txt"}


@pytest.mark.parametrize("endpoint", [None, "http://localhost:5000"])
def test_presigned_sigv4_url_from_boto3(endpoint):
    kw = {"endpoint_url": endpoint} if endpoint else {}
    client = _client("s3", region_name="ap-northeast-1", config=Config(signature_version="s3v4"), **kw)
    url = client.generate_presigned_url("put_object", Params={"Bucket": "mybucket", "Key": "k1"})
    assert "X-Amz-Credential=" in url
    r = route(Request("PUT", url, {}))
    assert (r.service, r.operation, r.region, r.signing_name, r.access_key) == (
        "s3", "PutObject", "ap-northeast-1", "s3", "AKIDEXAMPLE")
    url = client.generate_presigned_url("list_objects_v2", Params={"Bucket": "mybucket"})
    assert route(Request("GET", url, {})).operation == "ListObjectsV2"


def test_presigned_query_protocol_url_from_boto3():
    url = _client("sts", region_name="eu-north-1").generate_presigned_url("get_caller_identity")
    r = route(Request("GET", url, {}))
    assert (r.service, r.operation, r.protocol, r.region, r.access_key) == (
        "sts", "GetCallerIdentity", "query", "eu-north-1", "AKIDEXAMPLE")


def test_unsigned_rest_requests_default_to_s3():
    r = route(Request("GET", "http://localhost:5000/somebucket/some/key", {}))
    assert (r.service, r.operation, r.signing_name, r.access_key) == ("s3", "GetObject", "s3", None)
    r = route(Request("GET", "http://127.0.0.1:5000/2015-03-31/functions/", {}))
    assert (r.service, r.operation) == ("s3", "GetObject")


def test_unsigned_requests_to_aws_hosts_use_the_host():
    r = route(Request("GET", "https://lambda.us-west-1.amazonaws.com/2015-03-31/functions/", {}))
    assert (r.service, r.operation, r.region) == ("lambda", "ListFunctions", "us-west-1")
    r = route(Request("POST", "https://dynamodb.eu-west-1.amazonaws.com/",
                      {"X-Amz-Target": "DynamoDB_20120810.ListTables"}, b"{}"))
    assert (r.service, r.operation, r.protocol, r.region) == ("dynamodb", "ListTables", "json", "eu-west-1")
    r = route(Request("GET", "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08", {}))
    assert (r.service, r.operation, r.protocol, r.region) == ("iam", "ListUsers", "query", "us-east-1")


def test_unsigned_target_header_names_the_service():
    r = route(Request("POST", "http://localhost:5000/", {"X-Amz-Target": "Logs_20140328.PutLogEvents"}, b"{}"))
    assert (r.service, r.operation, r.protocol) == ("logs", "PutLogEvents", "json")
    r = route(Request("POST", "http://localhost:5000/", {"X-Amz-Target": "AmazonSQS.ReceiveMessage"}, b"{}"))
    assert (r.service, r.operation) == ("sqs", "ReceiveMessage")


# --- the query protocol ----------------------------------------------------------------------------

FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}


@pytest.mark.parametrize("query,service,protocol", [
    ("Action=DescribeInstances", "ec2", "ec2"),
    ("Action=GetCallerIdentity", "sts", "query"),
    ("Action=ListUsers", "iam", "query"),
    ("Action=ListTopics", "sns", "query"),
    ("Action=DescribeStacks&Version=2010-05-15", "cloudformation", "query"),
    ("Action=CreateLoadBalancer&Version=2015-12-01", "elbv2", "query"),
    ("Action=CreateLoadBalancer&Version=2012-06-01", "elb", "query"),
    ("Action=CreateDBCluster&Version=2014-10-31", "rds", "query"),
    ("Action=ListMetrics&Version=2010-08-01", "cloudwatch", "query"),
])
def test_action_only_browser_get(query, service, protocol):
    r = route(Request("GET", f"http://localhost:5000/?{query}", {}))
    assert (r.service, r.operation, r.protocol, r.access_key) == (service, query.split("&")[0][7:], protocol, None)


def test_action_beats_a_guessed_local_bucket():
    r = route(Request("GET", "http://sts.localhost:5000/?Action=GetCallerIdentity", {}))
    assert (r.service, r.operation) == ("sts", "GetCallerIdentity")
    r = route(Request("POST", "http://queue.localhost:5000/", FORM, b"Action=ListQueues"))
    assert (r.service, r.operation, r.protocol) == ("sqs", "ListQueues", "query")
    # At a real S3 host it stays a bucket.
    r = route(Request("GET", "https://sts.s3.amazonaws.com/?Action=GetCallerIdentity", {}))
    assert (r.service, r.operation, r.uri_params) == ("s3", "ListObjects", {"Bucket": "sts"})


def test_action_in_form_body_with_scope():
    auth = {"Authorization": "AWS4-HMAC-SHA256 Credential=AK/20240101/eu-west-2/sqs/aws4_request, Signature=0", **FORM}
    r = route(Request("POST", "http://localhost:5000/", auth, b"Action=SendMessage&QueueUrl=x&MessageBody=hi+there"))
    # SQS's model is JSON now, but it is flagged query-compatible: older SDKs still send this.
    assert (r.service, r.operation, r.protocol, r.region, r.access_key) == ("sqs", "SendMessage", "query", "eu-west-2", "AK")
    auth["Authorization"] = auth["Authorization"].replace("/sqs/", "/monitoring/")
    r = route(Request("POST", "http://localhost:5000/", auth, b"Action=PutMetricData&Namespace=n&Version=2010-08-01"))
    assert (r.service, r.operation, r.protocol) == ("cloudwatch", "PutMetricData", "query")


def test_sigv2_signed_query_form():
    r = route(Request("POST", "https://sdb.amazonaws.com/", FORM,
                      b"Action=ListDomains&AWSAccessKeyId=AKV2&SignatureVersion=2&Signature=x"))
    assert (r.service, r.operation, r.access_key) == ("sdb", "ListDomains", "AKV2")


def test_invalid_and_missing_action():
    with pytest.raises(RoutingError) as e:
        route(Request("POST", "https://sts.amazonaws.com/", FORM, b"Action=Bogus&Version=2011-06-15"))
    assert (e.value.code, e.value.status, e.value.service, e.value.protocol) == ("InvalidAction", 400, "sts", "query")
    assert e.value.message == "The action Bogus is not valid for this web service."
    with pytest.raises(RoutingError) as e:
        route(Request("GET", "https://ec2.us-east-1.amazonaws.com/?Action=NoSuchThing", {}))
    assert (e.value.code, e.value.service, e.value.protocol) == ("InvalidAction", "ec2", "ec2")
    with pytest.raises(RoutingError) as e:
        route(Request("POST", "https://iam.amazonaws.com/", FORM, b"Version=2010-05-08"))
    assert (e.value.code, e.value.status, e.value.service) == ("MissingAction", 400, "iam")
    with pytest.raises(RoutingError) as e:
        route(Request("GET", "http://localhost:5000/?Action=Bogus", {}))
    assert e.value.code == "InvalidAction"


# --- json and cbor ---------------------------------------------------------------------------------

def test_unknown_target_operation():
    with pytest.raises(RoutingError) as e:
        route(Request("POST", "https://dynamodb.us-east-1.amazonaws.com/",
                      {"X-Amz-Target": "DynamoDB_20120810.Explode"}, b"{}"))
    assert (e.value.code, e.value.status, e.value.service, e.value.protocol) == (
        "UnknownOperationException", 400, "dynamodb", "json")
    # An unknown prefix at a known service's host is that service's unknown operation.
    with pytest.raises(RoutingError) as e:
        route(Request("POST", "https://dynamodb.us-east-1.amazonaws.com/", {"X-Amz-Target": "Nope.ListTables"}, b"{}"))
    assert (e.value.code, e.value.service) == ("UnknownOperationException", "dynamodb")
    with pytest.raises(RoutingError) as e:
        route(Request("POST", "http://localhost:5000/", {"X-Amz-Target": "Nope.ListTables"}, b"{}"))
    assert (e.value.code, e.value.status, e.value.service) == ("UnknownService", 400, None)
    assert "Nope.ListTables" in e.value.message


def test_json_service_without_target():
    auth = {"Authorization": "AWS4-HMAC-SHA256 Credential=AK/20240101/us-east-1/dynamodb/aws4_request, Signature=0"}
    with pytest.raises(RoutingError) as e:
        route(Request("POST", "http://localhost:5000/", auth, b"{}"))
    assert (e.value.code, e.value.status, e.value.service, e.value.protocol) == (
        "UnknownOperationException", 400, "dynamodb", "json")


def test_rpc_v2_cbor_path():
    headers = {"smithy-protocol": "rpc-v2-cbor", "Content-Type": "application/cbor"}
    r = route(Request("POST", "http://localhost:5000/service/GraniteServiceVersion20100801/operation/ListMetrics",
                      headers, b"\xa0"))
    assert (r.service, r.operation, r.protocol) == ("cloudwatch", "ListMetrics", "smithy-rpc-v2-cbor")
    with pytest.raises(RoutingError) as e:
        route(Request("POST", "http://localhost:5000/service/GraniteServiceVersion20100801/operation/Nope", headers))
    assert (e.value.code, e.value.service, e.value.protocol) == ("UnknownOperationException", "cloudwatch",
                                                                 "smithy-rpc-v2-cbor")


def test_rest_json_unknown_path():
    auth = {"Authorization": "AWS4-HMAC-SHA256 Credential=AK/20240101/us-east-1/lambda/aws4_request, Signature=0"}
    with pytest.raises(RoutingError) as e:
        route(Request("GET", "http://localhost:5000/2015-03-31/nothing-here", auth))
    assert (e.value.code, e.value.status, e.value.service, e.value.protocol) == (
        "UnknownOperationException", 404, "lambda", "rest-json")


def test_unknown_signing_name_is_unknown_service():
    auth = {"Authorization": "AWS4-HMAC-SHA256 Credential=AK/20240101/us-east-1/nosuchsvc/aws4_request, Signature=0"}
    with pytest.raises(RoutingError) as e:
        route(Request("GET", "http://localhost:5000/x", auth))
    assert (e.value.code, e.value.status, e.value.service) == ("UnknownService", 400, None)
    assert "nosuchsvc" in e.value.message


def test_host_prefix_labels_and_literals():
    auth = "AWS4-HMAC-SHA256 Credential=AK/20240101/us-east-1/{}/aws4_request, Signature=0"
    r = route(Request("POST", "https://mygraph.neptune-graph.us-east-1.amazonaws.com/queries",
                      {"Authorization": auth.format("neptune-graph")}, b"{}"))
    assert (r.service, r.operation, r.uri_params) == ("neptune-graph", "ExecuteQuery", {"graphIdentifier": "mygraph"})
    r = route(Request("POST", "https://data-servicediscovery.us-east-1.amazonaws.com/",
                      {"X-Amz-Target": "Route53AutoNaming_v20170314.DiscoverInstances"}, b"{}"))
    assert (r.service, r.operation, r.uri_params) == ("servicediscovery", "DiscoverInstances", {})


# --- parsing pieces --------------------------------------------------------------------------------

@pytest.mark.parametrize("host,services,region,bucket,prefix", [
    ("sqs.us-east-1.amazonaws.com", ("sqs",), "us-east-1", None, ""),
    ("sqs.us-east-1.amazonaws.com:443", ("sqs",), "us-east-1", None, ""),
    ("dynamodb.eu-west-1.amazonaws.com", ("dynamodb",), "eu-west-1", None, ""),
    ("sts.amazonaws.com", ("sts",), None, None, ""),
    ("iam.amazonaws.com", ("iam",), None, None, ""),
    ("runtime.sagemaker.us-west-2.amazonaws.com", ("sagemaker-runtime",), "us-west-2", None, ""),
    ("ec2.cn-north-1.amazonaws.com.cn", ("ec2",), "cn-north-1", None, ""),
    ("ec2.us-gov-west-1.amazonaws.com", ("ec2",), "us-gov-west-1", None, ""),
    ("dynamodb-fips.us-east-1.amazonaws.com", ("dynamodb",), "us-east-1", None, ""),
    ("sqs.us-east-1.api.aws", ("sqs",), "us-east-1", None, ""),
    ("management.deadline.us-east-1.amazonaws.com", ("deadline",), "us-east-1", None, "management."),
    ("workflows-omics.us-east-1.amazonaws.com", ("omics",), "us-east-1", None, "workflows-"),
    ("control-storage-omics.us-east-1.amazonaws.com", ("omics",), "us-east-1", None, "control-storage-"),
    ("bkt.s3.amazonaws.com", ("s3",), None, "bkt", ""),
    ("a.b.c.s3.us-east-2.amazonaws.com", ("s3",), "us-east-2", "a.b.c", ""),
    ("bkt.s3-eu-west-1.amazonaws.com", ("s3",), "eu-west-1", "bkt", ""),
    ("s3.amazonaws.com", ("s3",), None, None, ""),
    ("bkt--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.amazonaws.com", ("s3",), "us-west-2", "bkt--usw2-az1--x-s3", ""),
    ("r1.s3-object-lambda.us-east-1.amazonaws.com", ("s3",), "us-east-1", None, "r1."),
    ("localhost:5000", (), None, None, ""),
    ("127.0.0.1:5000", (), None, None, ""),
    ("api.127.0.0.1:5000", (), None, None, "api."),
    ("bkt.s3.localhost", ("s3",), None, "bkt", ""),
    ("bkt.localhost:5000", (), None, "bkt", "bkt."),
    ("[::1]:5000", (), None, None, ""),
    ("", (), None, None, ""),
    ("example.com", (), None, None, ""),
    ("nosuch.us-east-1.amazonaws.com", (), "us-east-1", None, ""),
])
def test_host_parsing(host, services, region, bucket, prefix):
    info = hosts.parse(host, catalog())
    assert (info.services, info.region, info.bucket, info.prefix) == (services, region, bucket, prefix)


@pytest.mark.parametrize("headers,query,expected", [
    ({"authorization": "AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/sqs/aws4_request, SignedHeaders=host, Signature=ab"},
     "", ("AKID", "eu-west-1", "sqs")),
    ({"authorization": "AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/sqs/aws4_request,SignedHeaders=host,Signature=ab"},
     "", ("AKID", "eu-west-1", "sqs")),
    ({"authorization": "AWS4-ECDSA-P256-SHA256 Credential=AKID/20240101/s3/aws4_request, Signature=ab",
      "x-amz-region-set": "us-west-2,us-east-1"}, "", ("AKID", "us-west-2", "s3")),
    ({"authorization": "AWS4-ECDSA-P256-SHA256 Credential=AKID/20240101/s3/aws4_request, Signature=ab",
      "x-amz-region-set": "*"}, "", ("AKID", None, "s3")),
    ({"authorization": "AWS AKV2:c2lnbmF0dXJl"}, "", ("AKV2", None, None)),
    ({}, "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKQ%2F20240101%2Fap-south-1%2Fs3%2Faws4_request", ("AKQ", "ap-south-1", "s3")),
    ({}, "AWSAccessKeyId=AKV2Q&Signature=x&Expires=1", ("AKV2Q", None, None)),
    ({"authorization": "Bearer token"}, "", (None, None, None)),
    ({"authorization": "AWS4-HMAC-SHA256 Credential="}, "", (None, None, None)),
    ({"authorization": "AWS4-HMAC-SHA256 Credential=a/b/c/d/e/f/g"}, "", ("a", None, None)),
    ({}, "", (None, None, None)),
])
def test_credential_parsing(headers, query, expected):
    assert tuple(credentials.from_request(headers, query)) == expected


# --- garbage never crashes -------------------------------------------------------------------------

GARBAGE = [
    ("GET", "http:///", {}, b""),
    ("GET", "http://localhost:5000", {"Host": ""}, b""),
    ("GET", "http://localhost:5000/%zz/%", {}, b""),
    ("GET", "http://localhost:5000/b/\udcff\u20ac", {}, b""),
    ("POST", "http://localhost:5000/", {"Content-Type": "application/x-www-form-urlencoded"}, b"Action=\xff\xfe%ZZ"),
    ("POST", "http://localhost:5000/", {"X-Amz-Target": ""}, b""),
    ("POST", "http://localhost:5000/", {"X-Amz-Target": "."}, b""),
    ("POST", "http://localhost:5000/", {"X-Amz-Target": "NoDot"}, b""),
    ("POST", "http://localhost:5000/", {"smithy-protocol": "rpc-v2-cbor"}, b""),
    ("POST", "http://localhost:5000/service//operation/", {"smithy-protocol": "rpc-v2-cbor"}, b""),
    ("GET", "http://localhost:5000/?Action=", {}, b""),
    ("GET", "http://localhost:5000/?X-Amz-Credential=%%%&AWSAccessKeyId=", {}, b""),
    ("GET", "http://localhost:5000/", {"Authorization": "AWS4-HMAC-SHA256 Credential=////"}, b""),
    ("GET", "http://localhost:5000/", {"Host": "[::1"}, b""),
    ("GET", "http://localhost:5000/", {"Host": "...amazonaws.com"}, b""),
    ("GET", "http://localhost:5000/", {"Host": "\u00e9\u00e9.s3.amazonaws.com"}, b""),
    ("BREW", "http://localhost:5000/pot", {}, b""),
    ("GET", "relative/path", {}, b""),
    ("GET", "http://[::1/x", {}, b""),
]


@pytest.mark.parametrize("method,url,headers,body", GARBAGE)
def test_garbage_routes_or_raises_aws_error(method, url, headers, body):
    try:
        r = route(Request(method, url, headers, body))
    except AWSError as err:
        assert 400 <= err.status < 500
    else:
        assert isinstance(r, Route)


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
_header_names = st.sampled_from(["authorization", "x-amz-target", "host", "content-type", "smithy-protocol",
                                 "x-amz-copy-source", "x-amz-region-set"])


@settings(max_examples=400, deadline=None)
@given(method=st.sampled_from(["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH", "OPTIONS", "X"]),
       host=_text, path=st.text(max_size=40), query=st.text(max_size=40),
       headers=st.dictionaries(_header_names, _text, max_size=4), body=st.binary(max_size=40))
def test_fuzzed_requests_never_crash(method, host, path, query, headers, body):
    url = f"http://{host}/{path}?{query}"
    try:
        r = route(Request(method, url, headers, body))
    except AWSError as err:
        assert 400 <= err.status < 500
    else:
        assert isinstance(r, Route)


# --- speed -----------------------------------------------------------------------------------------

TYPICAL = {
    "s3 GetObject": ("GET", "https://s3.us-east-1.amazonaws.com/bucket/some/key.txt",
                     {"Authorization": S3_AUTH.format(region="us-east-1")}, b""),
    "dynamodb PutItem": ("POST", "https://dynamodb.us-east-1.amazonaws.com/",
                         {"X-Amz-Target": "DynamoDB_20120810.PutItem",
                          "Authorization": S3_AUTH.format(region="us-east-1").replace("/s3/", "/dynamodb/")}, b"{}"),
    "sqs SendMessage": ("POST", "http://localhost:5000/",
                        {"X-Amz-Target": "AmazonSQS.SendMessage",
                         "Authorization": S3_AUTH.format(region="us-east-1").replace("/s3/", "/sqs/")}, b"{}"),
    "sts GetCallerIdentity": ("POST", "https://sts.amazonaws.com/",
                              {**FORM, "Authorization": S3_AUTH.format(region="us-east-1").replace("/s3/", "/sts/")},
                              b"Action=GetCallerIdentity&Version=2011-06-15"),
}


def test_warm_routing_is_fast():
    import time
    for name, (method, url, headers, body) in TYPICAL.items():
        best = float("inf")
        for _ in range(5):
            requests = [Request(method, url, headers, body) for _ in range(500)]
            start = time.perf_counter()
            for r in requests:
                route(r)
            best = min(best, (time.perf_counter() - start) / len(requests))
        # About 4-8 us on a developer machine; the bound leaves room for a busy CI box.
        assert best < 40e-6, f"{name}: {best * 1e6:.1f} us"


def test_first_use_is_cheap():
    import subprocess
    import sys
    code = (
        "import time, botocore.loaders, botocore.model\n"
        "t = time.perf_counter()\n"
        "from iamulator.services.router import route\n"
        "from iamulator.services.http import Request\n"
        "route(Request('GET', 'https://s3.amazonaws.com/b/k', {}))\n"
        "print(time.perf_counter() - t)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # Catalog of every service plus S3's model and table: about 60 ms on a developer machine.
    assert float(out.stdout) < 0.5
