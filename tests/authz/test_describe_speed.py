"""describe() runs on every checked request: once warm it must stay in the microseconds. The bound
is loose (about ten times what it measures on a quiet machine) so that only a real regression,
such as compiling or reading the reference per call, fails it."""
import time

from iamulator.authz.describe import describe

from describe_helpers import make_ctx

CASES = [
    ("s3", "GetObject", {"Bucket": "bucket", "Key": "key"}),
    ("dynamodb", "GetItem", {"TableName": "t", "Key": {"pk": {"S": "a"}}}),
    ("sqs", "SendMessage", {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "MessageBody": "x"}),
    ("ec2", "TerminateInstances", {"InstanceIds": ["i-0123456789abcdef0"]}),
    ("iam", "GetRole", {"RoleName": "r"}),
]


def test_warm_describe_costs_microseconds():
    ctx = make_ctx()
    for service, operation, params in CASES:
        describe(service, operation, params, ctx)       # compile and warm up
        n = 2000
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            for _ in range(n):
                describe(service, operation, params, ctx)
            best = min(best, (time.perf_counter() - start) / n)
        assert best < 60e-6, f"{service}.{operation}: {best * 1e6:.1f} us per call"
