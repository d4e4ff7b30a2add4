"""Whatever a client sends to an implemented operation, the answer is a result or an AWS error
with a 4xx status: never a crash (500)."""
import random

import pytest
from botocore.exceptions import ClientError

from iamulator.services import coverage
from iamulator.services.models import service_model

OPERATIONS = coverage.implemented("iam")
_STRINGS = ["", "a", "alice", "/", "/a/", "*", "{}", "arn:aws:iam::123456789012:user/alice",
            "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::123456789012:policy/p", "v1", "v0",
            "AKIAAAAAAAAAAAAAAAAA", '{"Version":"2012-10-17","Statement":[]}',
            '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}',
            "\u00e9\u4e2d", "x" * 300, "Active", "All", "User", "s3:GetObject", "a b", "%00"]


def _value(shape, rng, depth=0):
    kind = shape.type_name
    if kind == "structure":
        if depth > 3:
            return {}
        return {name: _value(member, rng, depth + 1) for name, member in shape.members.items()
                if rng.random() < 0.7}
    if kind == "list":
        return [_value(shape.member, rng, depth + 1) for _ in range(rng.choice([0, 1, 2]))]
    if kind == "map":
        return {rng.choice(_STRINGS): _value(shape.value, rng, depth + 1)}
    if kind in ("integer", "long"):
        return rng.choice([-1, 0, 1, 5, 3600, 50000, 2 ** 31])
    if kind == "boolean":
        return rng.choice([True, False])
    if kind == "timestamp":
        return "2020-01-01T00:00:00Z"
    if shape.enum and rng.random() < 0.6:
        return rng.choice(shape.enum)
    return rng.choice(_STRINGS)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_random_input_never_crashes(raw_iam, operation):
    rng = random.Random(operation)
    model = service_model("iam").operation_model(operation)
    method = getattr(raw_iam, __import__("botocore").xform_name(operation))
    raw_iam.create_user(UserName="alice")
    raw_iam.create_policy(PolicyName="p", PolicyDocument='{"Version":"2012-10-17","Statement":'
                                                         '{"Effect":"Allow","Action":"*","Resource":"*"}}')
    for _ in range(25):
        params = _value(model.input_shape, rng) if model.input_shape is not None else {}
        try:
            method(**params)
        except ClientError as err:
            status = err.response["ResponseMetadata"]["HTTPStatusCode"]
            assert status < 500, (operation, params, err.response["Error"])
