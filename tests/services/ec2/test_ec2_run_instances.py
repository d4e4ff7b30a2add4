"""RunInstances: what a launch returns, its defaults and every refused request."""
import re
from datetime import datetime, timedelta, timezone

import boto3
import pytest
from botocore.exceptions import ClientError

from ec2_support import ACCOUNT, AMI, REGION, error_of, launch


def test_a_launch_returns_one_pending_reservation(ec2):
    before = datetime.now(timezone.utc)
    r = launch(ec2, 3)
    assert re.fullmatch(r"r-[0-9a-f]{17}", r["ReservationId"])
    assert r["OwnerId"] == ACCOUNT
    assert r["Groups"] == []
    assert len(r["Instances"]) == 3
    assert [i["AmiLaunchIndex"] for i in r["Instances"]] == [0, 1, 2]
    for i in r["Instances"]:
        assert re.fullmatch(r"i-[0-9a-f]{17}", i["InstanceId"])
        assert i["State"] == {"Code": 0, "Name": "pending"}
        assert i["ImageId"] == AMI
        assert i["InstanceType"] == "m1.small"
        assert i["Placement"]["AvailabilityZone"] == "us-east-1a"
        assert before - timedelta(seconds=1) <= i["LaunchTime"] <= datetime.now(timezone.utc) + timedelta(seconds=1)
        assert i["Architecture"] == "x86_64"
        assert i["RootDeviceType"] == "ebs"
        assert i["Monitoring"] == {"State": "disabled"}
        assert i["PublicDnsName"] == ""
        assert "PublicIpAddress" not in i
        assert "KeyName" not in i
    assert len({i["InstanceId"] for i in r["Instances"]}) == 3


def test_instances_are_running_from_the_next_call(ec2):
    r = launch(ec2)
    described = ec2.describe_instances(InstanceIds=[r["Instances"][0]["InstanceId"]])
    instance = described["Reservations"][0]["Instances"][0]
    assert instance["State"] == {"Code": 16, "Name": "running"}
    # The default subnet hands out public addresses to running instances.
    address = instance["PublicIpAddress"]
    assert instance["PublicDnsName"] == f"ec2-{address.replace('.', '-')}.compute-1.amazonaws.com"
    assert instance["NetworkInterfaces"][0]["Association"]["PublicIp"] == address


def test_waiters_pass_at_once(ec2):
    instance_id = launch(ec2)["Instances"][0]["InstanceId"]
    ec2.get_waiter("instance_running").wait(InstanceIds=[instance_id], WaiterConfig={"Delay": 0, "MaxAttempts": 1})
    ec2.get_waiter("instance_exists").wait(InstanceIds=[instance_id], WaiterConfig={"Delay": 0, "MaxAttempts": 1})
    ec2.terminate_instances(InstanceIds=[instance_id])
    ec2.get_waiter("instance_terminated").wait(InstanceIds=[instance_id],
                                               WaiterConfig={"Delay": 0, "MaxAttempts": 1})


def test_addresses_and_names_in_the_default_vpc(ec2):
    instances = launch(ec2, 2)["Instances"]
    first, second = instances
    assert (first["PrivateIpAddress"], second["PrivateIpAddress"]) == ("172.31.0.4", "172.31.0.5")
    assert first["PrivateDnsName"] == "ip-172-31-0-4.ec2.internal"
    assert first["SubnetId"] == second["SubnetId"]
    assert first["SubnetId"].startswith("subnet-") and first["VpcId"].startswith("vpc-")
    interface = first["NetworkInterfaces"][0]
    assert interface["PrivateIpAddress"] == "172.31.0.4"
    assert interface["SubnetId"] == first["SubnetId"]
    assert interface["OwnerId"] == ACCOUNT
    assert first["SecurityGroups"][0]["GroupName"] == "default"
    assert first["SecurityGroups"] == interface["Groups"]


def test_other_regions_name_hosts_by_region():
    from iamulator import mock_aws

    with mock_aws():
        west = boto3.client("ec2", region_name="eu-west-1")
        instance = launch(west)["Instances"][0]
        assert instance["PrivateDnsName"] == f"ip-{instance['PrivateIpAddress'].replace('.', '-')}" \
                                             ".eu-west-1.compute.internal"
        assert instance["Placement"]["AvailabilityZone"] == "eu-west-1a"
        described = west.describe_instances()["Reservations"][0]["Instances"][0]
        assert described["PublicDnsName"].endswith(".eu-west-1.compute.amazonaws.com")
        # Regions do not share instances.
        assert boto3.client("ec2", region_name=REGION).describe_instances()["Reservations"] == []


def test_launch_options_are_reflected(ec2):
    r = launch(ec2, InstanceType="t4g.nano", KeyName="deployer", Placement={"AvailabilityZone": "us-east-1c"},
               Monitoring={"Enabled": True}, EbsOptimized=True, ClientToken="tok-1",
               IamInstanceProfile={"Name": "web"}, MetadataOptions={"HttpTokens": "optional"},
               TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web-1"},
                                                                        {"Key": "env", "Value": ""}]},
                                  {"ResourceType": "volume", "Tags": [{"Key": "v", "Value": "1"}]}])
    i = r["Instances"][0]
    assert i["InstanceType"] == "t4g.nano"
    assert i["Architecture"] == "arm64"
    assert i["KeyName"] == "deployer"
    assert i["Placement"]["AvailabilityZone"] == "us-east-1c"
    assert i["PrivateIpAddress"].startswith("172.31.32.")
    assert i["Monitoring"] == {"State": "enabled"}
    assert i["EbsOptimized"] is True
    assert i["ClientToken"] == "tok-1"
    assert i["IamInstanceProfile"]["Arn"] == f"arn:aws:iam::{ACCOUNT}:instance-profile/web"
    assert i["MetadataOptions"]["HttpTokens"] == "optional"
    assert i["Tags"] == [{"Key": "Name", "Value": "web-1"}, {"Key": "env", "Value": ""}]


def test_client_token_makes_launches_idempotent(ec2):
    first = launch(ec2, 2, ClientToken="same")
    again = launch(ec2, 2, ClientToken="same")
    assert again["ReservationId"] == first["ReservationId"]
    assert [i["InstanceId"] for i in again["Instances"]] == [i["InstanceId"] for i in first["Instances"]]
    assert sum(len(r["Instances"]) for r in ec2.describe_instances()["Reservations"]) == 2


def test_max_count_is_launched_when_capacity_allows(ec2):
    r = ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=4)
    assert len(r["Instances"]) == 4


def test_user_data_is_accepted(ec2):
    launch(ec2, UserData="#!/bin/bash\necho hi")   # boto3 base64-encodes it
    launch(ec2, UserData="x" * 16384)


def test_user_data_too_long(ec2):
    with pytest.raises(ClientError) as exc:
        launch(ec2, UserData="x" * 16385)
    assert error_of(exc) == ("InvalidParameterValue", 400, "User data is limited to 16384 bytes")


def test_private_ip_address_in_the_subnet(ec2):
    subnet = launch(ec2)["Instances"][0]["SubnetId"]
    i = launch(ec2, SubnetId=subnet, PrivateIpAddress="172.31.5.9")["Instances"][0]
    assert i["PrivateIpAddress"] == "172.31.5.9"
    with pytest.raises(ClientError) as exc:
        launch(ec2, SubnetId=subnet, PrivateIpAddress="172.31.5.9")
    assert error_of(exc) == ("InvalidIPAddress.InUse", 400, "Address 172.31.5.9 is in use.")
    with pytest.raises(ClientError) as exc:
        launch(ec2, SubnetId=subnet, PrivateIpAddress="10.0.0.5")
    assert error_of(exc) == ("InvalidParameterValue", 400,
                             "Address 10.0.0.5 does not fall within the subnet's address range")
    with pytest.raises(ClientError) as exc:
        launch(ec2, SubnetId=subnet, PrivateIpAddress="172.31.0.1")
    assert error_of(exc) == ("InvalidParameterValue", 400, "Address 172.31.0.1 is in subnet's reserved address range")


def test_network_interface_specification(ec2):
    subnet = launch(ec2, Placement={"AvailabilityZone": "us-east-1b"})["Instances"][0]["SubnetId"]
    i = launch(ec2, NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet, "AssociatePublicIpAddress": False}])[
        "Instances"][0]
    assert i["SubnetId"] == subnet
    described = ec2.describe_instances(InstanceIds=[i["InstanceId"]])["Reservations"][0]["Instances"][0]
    assert "PublicIpAddress" not in described
    with pytest.raises(ClientError) as exc:
        launch(ec2, SubnetId=subnet, NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet}])
    assert error_of(exc) == ("InvalidParameterCombination", 400, "Network interfaces and an instance-level subnet "
                                                                 "ID may not be specified on the same request")


def test_default_security_group_by_id_and_name(ec2):
    group = launch(ec2)["Instances"][0]["SecurityGroups"][0]
    by_id = launch(ec2, SecurityGroupIds=[group["GroupId"]])["Instances"][0]
    by_name = launch(ec2, SecurityGroups=["default"])["Instances"][0]
    assert by_id["SecurityGroups"] == by_name["SecurityGroups"] == [group]


@pytest.mark.parametrize("kwargs, expected", [
    ({"MinCount": 1, "MaxCount": 0}, ("InvalidParameterValue", "Maximum instance count must be greater than zero")),
    ({"MinCount": 0, "MaxCount": 1}, ("InvalidParameterValue", "Minimum instance count must be greater than zero")),
    ({"MinCount": 3, "MaxCount": 2}, ("InvalidParameterCombination",
                                      "The parameter MinCount must be less than or equal to the parameter MaxCount.")),
])
def test_counts_are_validated(ec2, kwargs, expected):
    with pytest.raises(ClientError) as exc:
        ec2.run_instances(ImageId=AMI, **kwargs)
    assert error_of(exc) == (expected[0], 400, expected[1])
    assert ec2.describe_instances()["Reservations"] == []


@pytest.mark.parametrize("kwargs, expected", [
    ({"ImageId": "ami-xyz"}, ("InvalidAMIID.Malformed", 'Invalid id: "ami-xyz" (expecting "ami-...")')),
    ({"ImageId": "image-12345678"}, ("InvalidAMIID.Malformed", 'Invalid id: "image-12345678" (expecting "ami-...")')),
    ({"InstanceType": "m1.huge"}, ("InvalidParameterValue", "Invalid value 'm1.huge' for InstanceType.")),
    ({"Placement": {"AvailabilityZone": "us-east-1z"}}, ("InvalidParameterValue",
                                                         "Invalid availability zone: [us-east-1z]")),
    ({"SubnetId": "subnet-12345678"}, ("InvalidSubnetID.NotFound", "The subnet ID 'subnet-12345678' does not exist")),
    ({"SecurityGroupIds": ["sg-12345678"]}, ("InvalidGroup.NotFound",
                                            "The security group 'sg-12345678' does not exist")),
    ({"TagSpecifications": [{"ResourceType": "vpc", "Tags": [{"Key": "k", "Value": "v"}]}]},
     ("InvalidParameterValue", "'vpc' is not a valid taggable resource type for this operation.")),
    ({"TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "aws:x", "Value": "v"}]}]},
     ("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use")),
    ({"TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "k" * 129, "Value": "v"}]}]},
     ("InvalidParameterValue", "Tag key exceeds the maximum length of 128 characters")),
    ({"TagSpecifications": [{"ResourceType": "instance",
                             "Tags": [{"Key": f"k{i}", "Value": "v"} for i in range(51)]}]},
     ("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.")),
    ({"InstanceInitiatedShutdownBehavior": "explode"},
     ("InvalidParameterValue", "Invalid value 'explode' for InstanceInitiatedShutdownBehavior.")),
    ({"LaunchTemplate": {"LaunchTemplateId": "lt-0123456789abcdef0"}},
     ("InvalidLaunchTemplateId.NotFound",
      "The specified launch template, with template ID lt-0123456789abcdef0, does not exist.")),
])
def test_refused_launches(ec2, kwargs, expected):
    kwargs.setdefault("ImageId", AMI)
    with pytest.raises(ClientError) as exc:
        ec2.run_instances(MinCount=1, MaxCount=1, **kwargs)
    assert error_of(exc) == (expected[0], 400, expected[1])
    assert ec2.describe_instances()["Reservations"] == []


def test_image_id_is_required_without_a_template(ec2):
    with pytest.raises(ClientError) as exc:
        ec2.run_instances(MinCount=1, MaxCount=1)
    assert error_of(exc) == ("MissingParameter", 400, "The request must contain the parameter ImageId")


def test_unknown_security_group_name(ec2):
    with pytest.raises(ClientError) as exc:
        launch(ec2, SecurityGroups=["web"])
    code, status, message = error_of(exc)
    assert (code, status) == ("InvalidGroup.NotFound", 400)
    assert re.fullmatch(r"The security group 'web' does not exist in VPC 'vpc-[0-9a-f]{17}'", message)


def test_dry_run(ec2):
    with pytest.raises(ClientError) as exc:
        launch(ec2, DryRun=True)
    assert error_of(exc) == ("DryRunOperation", 412, "Request would have succeeded, but DryRun flag is set.")
    assert ec2.describe_instances()["Reservations"] == []
    # A dry run of a bad request reports the problem, not success.
    with pytest.raises(ClientError) as exc:
        launch(ec2, DryRun=True, ImageId="nope")
    assert error_of(exc)[0] == "InvalidAMIID.Malformed"


def test_disable_api_termination_protects_the_instance(ec2):
    instance_id = launch(ec2, DisableApiTermination=True)["Instances"][0]["InstanceId"]
    with pytest.raises(ClientError) as exc:
        ec2.terminate_instances(InstanceIds=[instance_id])
    assert error_of(exc) == ("OperationNotPermitted", 400,
                             f"The instance '{instance_id}' may not be terminated. Modify its "
                             "'disableApiTermination' instance attribute and try again.")


def test_boto3_resource_api(ec2):
    resource = boto3.resource("ec2", region_name=REGION)
    created = resource.create_instances(ImageId=AMI, MinCount=2, MaxCount=2)
    assert len(created) == 2
    assert {i.id for i in resource.instances.all()} == {i.id for i in created}
    created[0].reload()
    assert created[0].state["Name"] == "running"
    created[0].terminate()
    created[0].reload()
    assert created[0].state["Name"] == "terminated"
    running = resource.instances.filter(Filters=[{"Name": "instance-state-name", "Values": ["running"]}])
    assert [i.id for i in running] == [created[1].id]
