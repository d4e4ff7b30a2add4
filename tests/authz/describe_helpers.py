"""Shared by the describe tests: a request context over a fresh store, and representative params
for any operation (generated from the input shape, with realistic values where the format of a
member matters)."""
from __future__ import annotations

from datetime import datetime, timezone

from iamulator.services.base import Context
from iamulator.services.http import Request
from iamulator.services.models import operation_model
from iamulator.services.state import Store

ACCOUNT = "123456789012"
OTHER = "444455556666"
REGION = "us-east-1"


class Principal:
    def __init__(self, arn: str):
        self.arn = arn
        self.account_id = arn.split(":")[4]


def make_ctx(service: str = "s3", operation: str = "", *, account: str = ACCOUNT, region: str = REGION,
             store: Store | None = None, headers: dict | None = None, url: str = "https://example.amazonaws.com/",
             principal=None) -> Context:
    request = Request("POST", url, {"authorization": "AWS4-HMAC-SHA256 Credential=x"} if headers is None else headers)
    return Context(request=request, service=service, operation=operation, protocol="json", account_id=account,
                   region=region, store=store if store is not None else Store(), principal=principal)


# Members whose value must look like the real thing, whatever the operation.
MEMBER_VALUES = {
    ("sqs", "QueueUrl"): f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/sample-queue",
    ("s3", "CopySource"): "source-bucket/source/key.txt",
    ("s3", "Delete"): {"Objects": [{"Key": "a.txt"}, {"Key": "b.txt", "VersionId": "v2"}]},
    ("ec2", "InstanceIds"): ["i-0123456789abcdef0", "i-0fedcba9876543210"],
    ("ec2", "Resources"): ["i-0123456789abcdef0", "sg-0123456789abcdef0"],
    ("ec2", "ImageId"): "ami-0123456789abcdef0",
    ("iam", "PolicyArn"): f"arn:aws:iam::{ACCOUNT}:policy/team/SamplePolicy",
    ("iam", "PolicySourceArn"): f"arn:aws:iam::{ACCOUNT}:user/sample-user",
    ("iam", "AWSServiceName"): "elasticbeanstalk.amazonaws.com",
    ("iam", "DeletionTaskId"): "task/aws-service-role/elasticbeanstalk.amazonaws.com/"
                               "AWSServiceRoleForElasticBeanstalk/0a1b2c3d",
    ("iam", "AccessKeyId"): "AKIAIOSFODNN7EXAMPLE",
    ("sts", "RoleArn"): f"arn:aws:iam::{OTHER}:role/sample-role",
    ("sts", "TargetPrincipal"): OTHER,
    ("dynamodb", "RequestItems"): None,     # per operation below
    ("kms", "KeyId"): "1234abcd-12ab-34cd-56ef-1234567890ab",
    ("kms", "DestinationKeyId"): "0987dcba-09fe-87dc-65ba-ab0987654321",
    ("kms", "AliasName"): "alias/sample",
    ("kms", "TargetKeyId"): "1234abcd-12ab-34cd-56ef-1234567890ab",
    ("logs", "resourceArn"): f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:sample-group",
    ("logs", "logGroupIdentifier"): "sample-group",
    ("secretsmanager", "SecretId"): "sample/secret",
    ("secretsmanager", "SecretIdList"): ["sample/secret-a", "sample/secret-b"],
    ("sns", "SubscriptionArn"): f"arn:aws:sns:{REGION}:{ACCOUNT}:sample-topic:0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9",
    ("lambda", "Role"): f"arn:aws:iam::{ACCOUNT}:role/service-role/sample-role",
    ("lambda", "Arn"): f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:sample-layer:3",
}

OPERATION_VALUES = {
    ("dynamodb", "BatchWriteItem"): {"RequestItems": {
        "orders": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}],
        f"arn:aws:dynamodb:eu-west-1:{OTHER}:table/shared": [{"DeleteRequest": {"Key": {"pk": {"S": "b"}}}}]}},
    ("dynamodb", "BatchGetItem"): {"RequestItems": {"orders": {"Keys": [{"pk": {"S": "a"}}]}}},
    ("dynamodb", "TagResource"): {"ResourceArn": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"},
    ("dynamodb", "UntagResource"): {"ResourceArn": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"},
    ("dynamodb", "ListTagsOfResource"): {"ResourceArn": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"},
    ("dynamodb", "TransactGetItems"): {"TransactItems": [{"Get": {"TableName": "orders", "Key": {"pk": {"S": "a"}}}}]},
    ("dynamodb", "TransactWriteItems"): {"TransactItems": [
        {"Put": {"TableName": "orders", "Item": {"pk": {"S": "a"}}}},
        {"Update": {"TableName": "orders", "Key": {"pk": {"S": "b"}}, "UpdateExpression": "SET v = :v"}},
        {"Delete": {"TableName": "orders", "Key": {"pk": {"S": "c"}}}},
        {"ConditionCheck": {"TableName": "orders", "Key": {"pk": {"S": "d"}}, "ConditionExpression": "v > :v"}}]},
    ("dynamodb", "ExecuteStatement"): {"Statement": "SELECT * FROM \"orders\" WHERE pk = 'a'"},
    ("dynamodb", "ExecuteTransaction"): {"TransactStatements": [
        {"Statement": "UPDATE \"orders\" SET v = 1 WHERE pk = 'a'"}]},
    ("dynamodb", "BatchExecuteStatement"): {"Statements": [
        {"Statement": "INSERT INTO \"orders\" VALUE {'pk': 'a'}"}, {"Statement": "DELETE FROM orders WHERE pk = 'b'"}]},
    ("dynamodbstreams", "GetRecords"): {
        "ShardIterator": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders/stream/2026-01-01T00:00:00.000|1|e30="},
    ("kms", "TagResource"): {"KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"},
}


def _sample(shape, name: str, depth: int = 0):
    kind = shape.type_name
    if kind == "string":
        if shape.enum:
            return shape.enum[0]
        return "sample-" + name.lower()
    if kind in ("integer", "long"):
        return 1
    if kind in ("float", "double"):
        return 1.0
    if kind == "boolean":
        return True
    if kind == "blob":
        return b"sample"
    if kind == "timestamp":
        return datetime(2030, 1, 1, tzinfo=timezone.utc)
    if depth > 4:
        return None
    if kind == "list":
        item = _sample(shape.member, name, depth + 1)
        return [] if item is None else [item]
    if kind == "map":
        value = _sample(shape.value, name, depth + 1)
        return {} if value is None else {"sample-key": value}
    if kind == "structure":
        out = {}
        for member in shape.required_members:
            value = _sample(shape.members[member], member, depth + 1)
            if value is not None:
                out[member] = value
        return out
    return None


def representative_params(service: str, operation: str, members=(), prepared: dict | None = None) -> dict:
    """Required members, plus ``members`` (those the operation's plan reads), with sample values."""
    shape = operation_model(service, operation).input_shape
    prepared = prepared or {}
    params: dict = {}
    if shape is None:
        return params
    wanted = list(shape.required_members) + [m for m in members if m in shape.members] + \
        [m for m in prepared if m in shape.members]
    for member in wanted:
        if member in prepared:
            params[member] = prepared[member]
        elif isinstance(members, dict) and members.get(member) and (service, member) not in MEMBER_VALUES:
            params[member] = members[member]
        elif (service, member) in MEMBER_VALUES and MEMBER_VALUES[(service, member)] is not None:
            params[member] = MEMBER_VALUES[(service, member)]
        else:
            value = _sample(shape.members[member], member)
            if value is not None:
                params[member] = value
    params.update(OPERATION_VALUES.get((service, operation), {}))
    return params


def _run(ctx, service: str, operation: str, params: dict) -> dict:
    backend = ctx.store.backend(service, ctx.account_id, ctx.region)
    return backend.handler(operation)(backend, ctx, params) or {}


def prepare(service: str, ctx) -> dict:
    """Create the state some operations name and must find (a KMS key and alias, an IAM access
    key); returns member values naming it."""
    if service == "kms":
        key_id = _run(ctx, "kms", "CreateKey", {})["KeyMetadata"]["KeyId"]
        other = _run(ctx, "kms", "CreateKey", {})["KeyMetadata"]["KeyId"]
        _run(ctx, "kms", "CreateAlias", {"AliasName": "alias/sample", "TargetKeyId": key_id})
        blob = _run(ctx, "kms", "Encrypt", {"KeyId": key_id, "Plaintext": b"secret"})["CiphertextBlob"]
        return {"KeyId": key_id, "TargetKeyId": other, "SourceKeyId": key_id, "DestinationKeyId": other,
                "CiphertextBlob": blob}
    if service == "iam":
        _run(ctx, "iam", "CreateUser", {"UserName": "tester", "Path": "/team/"})
        key = _run(ctx, "iam", "CreateAccessKey", {"UserName": "tester"})["AccessKey"]["AccessKeyId"]
        return {"AccessKeyId": key}
    return {}


def plan_members(p) -> dict:
    """The members a compiled plan fills ARN variables from, each with a sample value when the
    member holds a whole ARN (built from the resource type's template), else None."""
    names: dict = {}
    for a in p.acts:
        for cand in a.candidates:
            for member in cand.members.values():
                names.setdefault(member, None)
            if cand.arn_member and cand.arn_member not in names:
                sample = {v: f"sample-{v.lower()}" for v in cand.rtype.variables}
                sample.update(Partition="aws", Region=REGION, Account=ACCOUNT)
                names[cand.arn_member] = cand.format.format_map(sample)
    return names
