"""A first look at iamulator: emulated S3, SQS, DynamoDB, EC2 and STS in-process, no network.

    pip install -e '.[dev]' && python examples/quickstart.py
"""
import boto3

from iamulator import mock_aws


@mock_aws
def main():
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="quickstart")
    s3.put_object(Bucket="quickstart", Key="hello.txt", Body=b"hello, world")
    body = s3.get_object(Bucket="quickstart", Key="hello.txt")["Body"].read()
    print("s3:", body.decode())

    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="job-1")
    print("sqs:", sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"])

    ddb = boto3.resource("dynamodb", region_name="us-east-1")
    table = ddb.create_table(TableName="users", BillingMode="PAY_PER_REQUEST",
                             KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                             AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
    table.put_item(Item={"id": "u1", "name": "Alice"})
    print("dynamodb:", table.get_item(Key={"id": "u1"})["Item"])

    ec2 = boto3.client("ec2", region_name="us-west-1")
    ec2.run_instances(ImageId="ami-1234abcd", MinCount=2, MaxCount=2)
    instances = ec2.describe_instances()["Reservations"][0]["Instances"]
    print("ec2:", [i["InstanceId"] for i in instances])

    print("sts:", boto3.client("sts", region_name="us-east-1").get_caller_identity()["Arn"])


if __name__ == "__main__":
    main()
