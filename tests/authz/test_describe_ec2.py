"""EC2's declarations: RunInstances on every resource it uses or creates, tags by id, and the
attributes of stored instances as condition keys."""
import pytest

from iamulator.authz.describe import describe
from iamulator.services.errors import AWSError
from iamulator.services.state import Store

from describe_helpers import ACCOUNT, make_ctx

PREFIX = f"arn:aws:ec2:us-east-1:{ACCOUNT}:"


@pytest.fixture
def store():
    return Store()


def network(store):
    return store.backend("ec2", ACCOUNT, "us-east-1").network


def run(store, operation, params):
    backend = store.backend("ec2", ACCOUNT, "us-east-1")
    return backend.handler(operation)(backend, make_ctx("ec2", store=store), params)


def checks(store, operation, params):
    return describe("ec2", operation, params, make_ctx("ec2", store=store))


def test_run_instances_is_checked_on_every_resource_it_uses_or_creates(store):
    net = network(store)
    subnet = net.default_subnet("us-east-1a")
    group = net.group_named(subnet.vpc_id, "default")
    found = checks(store, "RunInstances", {"ImageId": "ami-12345678", "MinCount": 1, "MaxCount": 2,
                                           "InstanceType": "t3.micro"})
    assert [(c.action, c.resource) for c in found] == [
        ("ec2:RunInstances", PREFIX + "instance/*"),
        ("ec2:RunInstances", "arn:aws:ec2:us-east-1::image/ami-12345678"),
        ("ec2:RunInstances", PREFIX + "network-interface/*"),
        ("ec2:RunInstances", PREFIX + f"security-group/{group.id}"),
        ("ec2:RunInstances", PREFIX + f"subnet/{subnet.id}"),
        ("ec2:RunInstances", PREFIX + "volume/*"),
    ]
    instance, image, interface, sg, sub, volume = found
    assert instance.context["ec2:InstanceType"] == "t3.micro"
    assert instance.context["ec2:AvailabilityZone"] == "us-east-1a"
    assert instance.context["ec2:Tenancy"] == "default"
    assert instance.context["ec2:MetadataHttpTokens"] == "required"
    assert instance.context["ec2:Region"] == "us-east-1"
    assert image.context["ec2:ImageID"] == "ami-12345678"
    assert interface.context["ec2:Subnet"] == PREFIX + f"subnet/{subnet.id}"
    assert interface.context["ec2:Vpc"] == PREFIX + f"vpc/{subnet.vpc_id}"
    assert sg.context["ec2:SecurityGroupID"] == group.id
    assert sub.context["ec2:SubnetID"] == subnet.id
    assert volume.context["ec2:AvailabilityZone"] == "us-east-1a"


def test_run_instances_defaults_and_named_resources(store):
    net = network(store)
    subnet = net.default_subnet("us-east-1b")
    found = checks(store, "RunInstances", {
        "ImageId": "ami-12345678", "MinCount": 1, "MaxCount": 1, "SubnetId": subnet.id,
        "SecurityGroupIds": ["sg-0aaaaaaaaaaaaaaaa", "sg-0bbbbbbbbbbbbbbbb"], "KeyName": "deploy",
        "Placement": {"GroupName": "cluster"}, "IamInstanceProfile": {"Name": "web"}})
    resources = [c.resource for c in found]
    assert PREFIX + "security-group/sg-0aaaaaaaaaaaaaaaa" in resources
    assert PREFIX + "security-group/sg-0bbbbbbbbbbbbbbbb" in resources
    assert PREFIX + "key-pair/deploy" in resources and PREFIX + "placement-group/cluster" in resources
    instance = found[0]
    assert instance.context["ec2:InstanceType"] == "m1.small"         # the backend's default
    assert instance.context["ec2:AvailabilityZone"] == "us-east-1b"
    assert instance.context["ec2:InstanceProfile"] == f"arn:aws:iam::{ACCOUNT}:instance-profile/web"
    assert instance.context["ec2:PlacementGroup"] == PREFIX + "placement-group/cluster"


def test_tags_at_launch_also_need_create_tags_with_the_create_action(store):
    found = checks(store, "RunInstances", {"ImageId": "ami-12345678", "MinCount": 1, "MaxCount": 1,
                                           "TagSpecifications": [
                                               {"ResourceType": "instance", "Tags": [{"Key": "env", "Value": "dev"}]},
                                               {"ResourceType": "volume", "Tags": [{"Key": "bk", "Value": "daily"}]}]})
    instance = found[0]
    assert instance.context["aws:RequestTag/env"] == "dev" and instance.context["aws:TagKeys"] == ["env"]
    volume = next(c for c in found if c.resource.endswith("volume/*") and c.action == "ec2:RunInstances")
    assert volume.context["aws:RequestTag/bk"] == "daily"
    tagging = [c for c in found if c.action == "ec2:CreateTags"]
    assert [c.resource for c in tagging] == [PREFIX + "instance/*", PREFIX + "volume/*"]
    assert all(c.context["ec2:CreateAction"] == "RunInstances" for c in tagging)
    assert tagging[0].context["aws:RequestTag/env"] == "dev"


def test_instance_operations_are_per_instance_with_its_stored_attributes(store):
    launched = run(store, "RunInstances", {"ImageId": "ami-12345678", "MinCount": 2, "MaxCount": 2,
                                           "InstanceType": "t3.small", "TagSpecifications": [
                                               {"ResourceType": "instance", "Tags": [{"Key": "env", "Value": "prod"}]}]})
    ids = [i["InstanceId"] for i in launched["Instances"]]
    for operation in ("TerminateInstances", "StopInstances", "StartInstances"):
        found = checks(store, operation, {"InstanceIds": ids})
        assert [(c.action, c.resource) for c in found] == [(f"ec2:{operation}", PREFIX + f"instance/{i}") for i in ids]
        context = found[0].context
        assert context["aws:ResourceTag/env"] == "prod" and context["ec2:ResourceTag/env"] == "prod"
        assert context["ec2:InstanceType"] == "t3.small"
        assert context["ec2:InstanceID"] == ids[0]
    unknown = checks(store, "TerminateInstances", {"InstanceIds": ["i-0123456789abcdef0"]})[0]
    assert "ec2:InstanceType" not in unknown.context


def test_describe_operations_are_on_star_with_the_region(store):
    for operation in ("DescribeInstances", "DescribeVpcs", "DescribeSubnets", "DescribeSecurityGroups",
                      "DescribeTags", "DescribeAvailabilityZones"):
        [check] = checks(store, operation, {})
        assert (check.action, check.resource, dict(check.context)) == \
            (f"ec2:{operation}", "*", {"ec2:Region": "us-east-1"})


def test_create_and_delete_tags_name_resources_by_id(store):
    subnet = network(store).default_subnet("us-east-1a")
    found = checks(store, "CreateTags", {"Resources": ["i-0123456789abcdef0", subnet.id, "vpc-0123456789abcdef0"],
                                         "Tags": [{"Key": "team", "Value": "red"}]})
    assert [c.resource for c in found] == [PREFIX + "instance/i-0123456789abcdef0", PREFIX + f"subnet/{subnet.id}",
                                           PREFIX + "vpc/vpc-0123456789abcdef0"]
    assert found[0].context["aws:RequestTag/team"] == "red" and found[0].context["aws:TagKeys"] == ["team"]
    assert "ec2:CreateAction" not in found[0].context
    [delete] = checks(store, "DeleteTags", {"Resources": ["i-0123456789abcdef0"],
                                            "Tags": [{"Key": "team"}, {"Key": "env", "Value": "dev"}]})
    assert delete.action == "ec2:DeleteTags"
    assert delete.context["aws:TagKeys"] == ["team", "env"]
    assert "aws:RequestTag/team" not in delete.context and delete.context["aws:RequestTag/env"] == "dev"


def test_an_id_of_no_known_type_is_ec2s_own_error(store):
    with pytest.raises(AWSError) as err:
        checks(store, "CreateTags", {"Resources": ["bogus-123"], "Tags": []})
    assert (err.value.code, err.value.message) == ("InvalidID", "The ID 'bogus-123' is not valid")
