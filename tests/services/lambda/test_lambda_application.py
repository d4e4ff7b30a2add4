"""An application as it would run on AWS: a function archiving orders to S3 and DynamoDB with a
least-privilege execution role, deployed and invoked through boto3, every request checked."""
import io
import json
import zipfile

import boto3
import pytest

from iamulator import mock_aws, set_initial_no_auth_action_count

from lambda_support import ACCOUNT, LAMBDA_TRUST, REGION

ARCHIVER = '''
import json, os
import boto3

s3 = boto3.client("s3")
table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def handler(event, context):
    order = event["order"]
    s3.put_object(Bucket=os.environ["BUCKET"], Key=f"orders/{order['id']}.json", Body=json.dumps(order))
    table.put_item(Item={"pk": order["id"], "total": order["total"]})
    return {"archived": order["id"], "by": context.function_name}
'''


def policy(*statements) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


S3_WRITE = {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::order-archive/orders/*"}
TABLE_WRITE = {"Effect": "Allow", "Action": "dynamodb:PutItem",
               "Resource": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"}


def package(source: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("archiver.py", source)
    return buf.getvalue()


def deploy() -> str:
    """What a deployment script does, with the account's root credentials."""
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="order-archive")
    boto3.client("dynamodb", region_name=REGION).create_table(
        TableName="orders", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    iam = boto3.client("iam", region_name=REGION)
    role = iam.create_role(RoleName="order-archiver", AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName="order-archiver", PolicyName="archive", PolicyDocument=policy(S3_WRITE, TABLE_WRITE))
    lam = boto3.client("lambda", region_name=REGION)
    lam.create_function(FunctionName="archive-order", Runtime="python3.12", Role=role,
                        Handler="archiver.handler", Code={"ZipFile": package(ARCHIVER)}, Timeout=30,
                        Environment={"Variables": {"BUCKET": "order-archive", "TABLE": "orders"}})
    return role


@pytest.fixture
def app():
    with mock_aws(), set_initial_no_auth_action_count(0):
        deploy()
        yield boto3.client("lambda", region_name=REGION)


def archive(lam, order: dict) -> tuple[str | None, dict]:
    out = lam.invoke(FunctionName="archive-order", Payload=json.dumps({"order": order}))
    return out.get("FunctionError"), json.load(out["Payload"])


def test_the_function_does_its_job_with_least_privilege(app):
    error, body = archive(app, {"id": "o-1", "total": 30})
    assert (error, body) == (None, {"archived": "o-1", "by": "archive-order"})
    stored = boto3.client("s3", region_name=REGION).get_object(Bucket="order-archive", Key="orders/o-1.json")
    assert json.loads(stored["Body"].read()) == {"id": "o-1", "total": 30}
    item = boto3.client("dynamodb", region_name=REGION).get_item(TableName="orders", Key={"pk": {"S": "o-1"}})
    assert item["Item"] == {"pk": {"S": "o-1"}, "total": {"N": "30"}}


def test_a_missing_permission_is_access_denied_inside_the_function(app):
    iam = boto3.client("iam", region_name=REGION)
    iam.put_role_policy(RoleName="order-archiver", PolicyName="archive", PolicyDocument=policy(S3_WRITE))
    error, body = archive(app, {"id": "o-2", "total": 5})
    assert error == "Unhandled" and body["errorType"] == "ClientError"
    assert body["errorMessage"] == (
        "An error occurred (AccessDeniedException) when calling the PutItem operation: User: "
        f"arn:aws:sts::{ACCOUNT}:assumed-role/order-archiver/archive-order is not authorized to perform: "
        f"dynamodb:PutItem on resource: arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders because no "
        "identity-based policy allows the dynamodb:PutItem action")
    # The S3 write before it was allowed, and happened.
    s3 = boto3.client("s3", region_name=REGION)
    assert s3.get_object(Bucket="order-archive", Key="orders/o-2.json")["ContentLength"] > 0


def test_a_caller_without_lambda_permission_cannot_invoke(app):
    iam = boto3.client("iam", region_name=REGION)
    iam.create_user(UserName="ops")
    iam.put_user_policy(UserName="ops", PolicyName="read", PolicyDocument=policy(
        {"Effect": "Allow", "Action": "lambda:GetFunction", "Resource": "*"}))
    key = iam.create_access_key(UserName="ops")["AccessKey"]
    ops = boto3.client("lambda", region_name=REGION, aws_access_key_id=key["AccessKeyId"],
                       aws_secret_access_key=key["SecretAccessKey"])
    assert ops.get_function(FunctionName="archive-order")["Configuration"]["Handler"] == "archiver.handler"
    with pytest.raises(ops.exceptions.ClientError) as exc:
        ops.invoke(FunctionName="archive-order", Payload=b"{}")
    err = exc.value.response["Error"]
    assert (err["Code"], exc.value.response["ResponseMetadata"]["HTTPStatusCode"]) == ("AccessDeniedException", 403)
    assert err["Message"] == (f"User: arn:aws:iam::{ACCOUNT}:user/ops is not authorized to perform: "
                              f"lambda:InvokeFunction on resource: arn:aws:lambda:{REGION}:{ACCOUNT}:function:"
                              "archive-order because no identity-based policy allows the lambda:InvokeFunction "
                              "action")
