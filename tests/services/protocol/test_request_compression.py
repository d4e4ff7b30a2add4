"""Operations the model marks ``requestcompression`` accept gzipped bodies, as botocore sends
them over 10 KiB; other operations (S3 objects with Content-Encoding: gzip) are left alone."""
import gzip

import boto3
import pytest
from botocore.config import Config

from iamulator import mock_aws
from iamulator.services import protocol
from iamulator.services.errors import AWSError
from iamulator.services.http import Request
from iamulator.services.models import operation_model


@mock_aws
def test_large_put_metric_data_is_compressed_by_botocore_and_decoded():
    cw = boto3.client("cloudwatch", region_name="us-east-1",
                      config=Config(request_min_compression_size_bytes=1))
    data = [{"MetricName": f"m{i}", "Value": float(i), "Dimensions": [{"Name": "d", "Value": "x" * 100}]}
            for i in range(200)]
    for start in range(0, 200, 100):
        cw.put_metric_data(Namespace="App", MetricData=data[start:start + 100])
    names = {m["MetricName"] for m in cw.list_metrics(Namespace="App")["Metrics"]}
    assert len(names) == 200


@mock_aws
def test_s3_object_content_encoding_is_not_decompressed():
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="gz-objects")
    payload = gzip.compress(b"hello")
    s3.put_object(Bucket="gz-objects", Key="k", Body=payload, ContentEncoding="gzip")
    got = s3.get_object(Bucket="gz-objects", Key="k")
    assert got["Body"].read() == payload and got["ContentEncoding"] == "gzip"


def test_corrupt_gzip_body_is_a_client_error():
    op = operation_model("cloudwatch", "PutMetricData")
    req = Request("POST", "https://monitoring.us-east-1.amazonaws.com/",
                  {"Content-Encoding": "gzip", "X-Amz-Target": "GraniteServiceVersion20100801.PutMetricData",
                   "Content-Type": "application/x-amz-json-1.0"}, b"not gzip")
    with pytest.raises(AWSError) as exc:
        protocol.decode(op, req, "json")
    assert exc.value.code == "SerializationException" and exc.value.status == 400
