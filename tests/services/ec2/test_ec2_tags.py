"""CreateTags, DeleteTags and DescribeTags on instances and the default network."""
import pytest
from botocore.exceptions import ClientError

from ec2_support import error_of, launch


def tags_of(ec2, instance_id):
    instance = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
    return {t["Key"]: t["Value"] for t in instance.get("Tags", [])}


def test_create_and_delete_tags_on_an_instance(ec2):
    instance_id = launch(ec2)["Instances"][0]["InstanceId"]
    ec2.create_tags(Resources=[instance_id], Tags=[{"Key": "Name", "Value": "web"}, {"Key": "env", "Value": "dev"},
                                                   {"Key": "empty", "Value": ""}])
    assert tags_of(ec2, instance_id) == {"Name": "web", "env": "dev", "empty": ""}
    # Overwrite, then delete: by key alone, by matching value, and not by a different value.
    ec2.create_tags(Resources=[instance_id], Tags=[{"Key": "env", "Value": "prod"}])
    ec2.delete_tags(Resources=[instance_id], Tags=[{"Key": "Name"}, {"Key": "env", "Value": "dev"},
                                                   {"Key": "empty", "Value": ""}])
    assert tags_of(ec2, instance_id) == {"env": "prod"}
    ec2.delete_tags(Resources=[instance_id])
    assert tags_of(ec2, instance_id) == {}


def test_tags_feed_instance_filters(ec2):
    a, b = [i["InstanceId"] for i in launch(ec2, 2)["Instances"]]
    ec2.create_tags(Resources=[a], Tags=[{"Key": "role", "Value": "api"}])
    got = ec2.describe_instances(Filters=[{"Name": "tag:role", "Values": ["api"]}])
    assert [i["InstanceId"] for r in got["Reservations"] for i in r["Instances"]] == [a]


def test_tags_on_network_resources(ec2):
    vpc_id = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    subnet_id = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
    group_id = ec2.describe_security_groups()["SecurityGroups"][0]["GroupId"]
    ec2.create_tags(Resources=[vpc_id, subnet_id, group_id], Tags=[{"Key": "team", "Value": "net"}])
    assert ec2.describe_vpcs(Filters=[{"Name": "tag:team", "Values": ["net"]}])["Vpcs"][0]["Tags"] == [
        {"Key": "team", "Value": "net"}]
    assert len(ec2.describe_subnets(Filters=[{"Name": "tag-key", "Values": ["team"]}])["Subnets"]) == 1
    assert ec2.describe_security_groups()["SecurityGroups"][0]["Tags"] == [{"Key": "team", "Value": "net"}]


def test_describe_tags(ec2):
    instance_id = launch(ec2)["Instances"][0]["InstanceId"]
    vpc_id = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    ec2.create_tags(Resources=[instance_id], Tags=[{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "1"}])
    ec2.create_tags(Resources=[vpc_id], Tags=[{"Key": "a", "Value": "v"}])
    every = ec2.describe_tags()["Tags"]
    assert {(t["ResourceId"], t["ResourceType"], t["Key"], t["Value"]) for t in every} == {
        (instance_id, "instance", "a", "1"), (instance_id, "instance", "b", "2"), (vpc_id, "vpc", "a", "v")}
    by_type = ec2.describe_tags(Filters=[{"Name": "resource-type", "Values": ["instance"]}])["Tags"]
    assert [(t["Key"], t["Value"]) for t in by_type] == [("a", "1"), ("b", "2")]
    assert [t["ResourceId"] for t in ec2.describe_tags(Filters=[{"Name": "key", "Values": ["a"]},
                                                                {"Name": "value", "Values": ["v"]}])["Tags"]] \
        == [vpc_id]
    assert ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": ["i-*"]}])["Tags"] == by_type


def test_describe_tags_paginates(ec2):
    instance_id = launch(ec2)["Instances"][0]["InstanceId"]
    ec2.create_tags(Resources=[instance_id], Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(7)])
    pages = list(ec2.get_paginator("describe_tags").paginate(PaginationConfig={"PageSize": 5}))
    assert [len(p["Tags"]) for p in pages] == [5, 2]


@pytest.mark.parametrize("resource, expected", [
    ("i-0123456789abcdef0", ("InvalidInstanceID.NotFound", "The instance ID 'i-0123456789abcdef0' does not exist")),
    ("vpc-0123456789abcdef0", ("InvalidVpcID.NotFound", "The vpc ID 'vpc-0123456789abcdef0' does not exist")),
    ("subnet-0123456789abcdef0", ("InvalidSubnetID.NotFound",
                                  "The subnet ID 'subnet-0123456789abcdef0' does not exist")),
    ("sg-0123456789abcdef0", ("InvalidGroup.NotFound", "The security group 'sg-0123456789abcdef0' does not exist")),
    ("bucket-1", ("InvalidID", "The ID 'bucket-1' is not valid")),
    ("i-1", ("InvalidID", "The ID 'i-1' is not valid")),
])
def test_tagging_unknown_resources(ec2, resource, expected):
    instance_id = launch(ec2)["Instances"][0]["InstanceId"]
    with pytest.raises(ClientError) as exc:
        ec2.create_tags(Resources=[instance_id, resource], Tags=[{"Key": "k", "Value": "v"}])
    assert error_of(exc) == (expected[0], 400, expected[1])
    # Nothing was tagged, not even the resource that exists.
    assert tags_of(ec2, instance_id) == {}


def test_tag_limits(ec2):
    instance_id = launch(ec2)["Instances"][0]["InstanceId"]
    with pytest.raises(ClientError) as exc:
        ec2.create_tags(Resources=[instance_id], Tags=[{"Key": "aws:owner", "Value": "x"}])
    assert error_of(exc) == ("InvalidParameterValue", 400, "Tag keys starting with 'aws:' are reserved for internal use")
    ec2.create_tags(Resources=[instance_id], Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    with pytest.raises(ClientError) as exc:
        ec2.create_tags(Resources=[instance_id], Tags=[{"Key": "one-more", "Value": "v"}])
    assert error_of(exc) == ("TagLimitExceeded", 400, "The maximum number of Tags for a resource has been reached.")


def test_dry_run(ec2):
    instance_id = launch(ec2)["Instances"][0]["InstanceId"]
    with pytest.raises(ClientError) as exc:
        ec2.create_tags(Resources=[instance_id], Tags=[{"Key": "k", "Value": "v"}], DryRun=True)
    assert error_of(exc)[:2] == ("DryRunOperation", 412)
    assert tags_of(ec2, instance_id) == {}
