"""A Lambda-style handler: each SQS message announces an upload; the handler stores the file
in S3 and its metadata in DynamoDB."""
import json
import os

import boto3


def handler(event, context):
    bucket = os.environ["UPLOAD_BUCKET"]
    table = boto3.resource("dynamodb").Table(os.environ["UPLOAD_TABLE"])
    s3 = boto3.client("s3")
    stored = []
    for message in event["Records"]:
        upload = json.loads(message["body"])
        key = f"uploads/{upload['id']}.txt"
        s3.put_object(Bucket=bucket, Key=key, Body=upload["content"].encode())
        table.put_item(Item={"id": upload["id"], "key": key, "size": len(upload["content"])})
        stored.append(key)
    return {"stored": stored}
