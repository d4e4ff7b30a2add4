"""The default network: one default VPC, a default subnet per zone, the default security group."""
import re

import boto3
import pytest
from botocore.exceptions import ClientError

from iamulator import mock_aws

from ec2_support import ACCOUNT, REGION, error_of, launch


def test_default_vpc(ec2):
    vpcs = ec2.describe_vpcs()["Vpcs"]
    assert len(vpcs) == 1
    vpc = vpcs[0]
    assert re.fullmatch(r"vpc-[0-9a-f]{17}", vpc["VpcId"])
    assert (vpc["CidrBlock"], vpc["IsDefault"], vpc["State"], vpc["OwnerId"]) == ("172.31.0.0/16", True,
                                                                                  "available", ACCOUNT)
    assert ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"] == vpcs
    assert ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["false"]}])["Vpcs"] == []
    assert ec2.describe_vpcs(VpcIds=[vpc["VpcId"]])["Vpcs"] == vpcs


def test_unknown_vpc(ec2):
    with pytest.raises(ClientError) as exc:
        ec2.describe_vpcs(VpcIds=["vpc-0123456789abcdef0"])
    assert error_of(exc) == ("InvalidVpcID.NotFound", 400, "The vpc ID 'vpc-0123456789abcdef0' does not exist")


def test_default_subnets_one_per_zone(ec2):
    subnets = ec2.describe_subnets()["Subnets"]
    assert [s["AvailabilityZone"] for s in subnets] == [f"us-east-1{z}" for z in "abcdef"]
    assert [s["CidrBlock"] for s in subnets] == [f"172.31.{16 * n}.0/20" for n in range(6)]
    assert [s["AvailabilityZoneId"] for s in subnets] == [f"use1-az{n}" for n in range(1, 7)]
    vpc_id = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    assert all(s["VpcId"] == vpc_id and s["DefaultForAz"] and s["MapPublicIpOnLaunch"] for s in subnets)
    assert subnets[0]["AvailableIpAddressCount"] == 4091
    assert subnets[0]["SubnetArn"] == f"arn:aws:ec2:{REGION}:{ACCOUNT}:subnet/{subnets[0]['SubnetId']}"


def test_subnet_filters_and_free_addresses(ec2):
    subnet = ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": ["us-east-1b"]},
                                           {"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
    assert len(subnet) == 1
    launch(ec2, 3, SubnetId=subnet[0]["SubnetId"])
    again = ec2.describe_subnets(SubnetIds=[subnet[0]["SubnetId"]])["Subnets"][0]
    assert again["AvailableIpAddressCount"] == 4088
    with pytest.raises(ClientError) as exc:
        ec2.describe_subnets(SubnetIds=["subnet-0123456789abcdef0"])
    assert error_of(exc) == ("InvalidSubnetID.NotFound", 400, "The subnet ID 'subnet-0123456789abcdef0' does not exist")


def test_subnets_paginate(ec2):
    first = ec2.describe_subnets(MaxResults=5)
    assert len(first["Subnets"]) == 5
    rest = ec2.describe_subnets(MaxResults=5, NextToken=first["NextToken"])
    assert len(rest["Subnets"]) == 1 and "NextToken" not in rest


def test_default_security_group(ec2):
    groups = ec2.describe_security_groups()["SecurityGroups"]
    assert len(groups) == 1
    group = groups[0]
    assert (group["GroupName"], group["Description"]) == ("default", "default VPC security group")
    assert group["IpPermissions"] == [{"IpProtocol": "-1", "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": [],
                                       "UserIdGroupPairs": [{"GroupId": group["GroupId"], "UserId": ACCOUNT}]}]
    assert group["IpPermissionsEgress"][0]["IpRanges"] == [{"CidrIp": "0.0.0.0/0"}]
    assert ec2.describe_security_groups(GroupNames=["default"])["SecurityGroups"] == groups
    assert ec2.describe_security_groups(GroupIds=[group["GroupId"]])["SecurityGroups"] == groups
    assert ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["def*"]}])["SecurityGroups"] == groups
    # The instances' group is this one.
    assert launch(ec2)["Instances"][0]["SecurityGroups"] == [{"GroupId": group["GroupId"], "GroupName": "default"}]


def test_unknown_security_groups(ec2):
    with pytest.raises(ClientError) as exc:
        ec2.describe_security_groups(GroupIds=["sg-0123456789abcdef0"])
    assert error_of(exc) == ("InvalidGroup.NotFound", 400, "The security group 'sg-0123456789abcdef0' does not exist")
    with pytest.raises(ClientError) as exc:
        ec2.describe_security_groups(GroupNames=["web"])
    code, status, message = error_of(exc)
    assert (code, status) == ("InvalidGroup.NotFound", 400)
    assert re.fullmatch(r"The security group 'web' does not exist in default VPC 'vpc-[0-9a-f]{17}'", message)


def test_availability_zones(ec2):
    zones = ec2.describe_availability_zones()["AvailabilityZones"]
    assert [(z["ZoneName"], z["ZoneId"], z["State"], z["RegionName"]) for z in zones][:2] == [
        ("us-east-1a", "use1-az1", "available", REGION), ("us-east-1b", "use1-az2", "available", REGION)]
    assert [z["ZoneName"] for z in ec2.describe_availability_zones(ZoneNames=["us-east-1c"])["AvailabilityZones"]] \
        == ["us-east-1c"]
    with pytest.raises(ClientError) as exc:
        ec2.describe_availability_zones(ZoneNames=["us-east-1z"])
    assert error_of(exc) == ("InvalidParameterValue", 400, "The zone 'us-east-1z' does not exist.")


@pytest.mark.parametrize("region, count, first_id", [("eu-west-1", 3, "euw1-az1"), ("ap-northeast-1", 3, "apne1-az1"),
                                                     ("us-west-2", 4, "usw2-az1")])
def test_zones_of_other_regions(region, count, first_id):
    with mock_aws():
        zones = boto3.client("ec2", region_name=region).describe_availability_zones()["AvailabilityZones"]
    assert len(zones) == count
    assert zones[0]["ZoneId"] == first_id


def test_each_region_has_its_own_default_vpc():
    with mock_aws():
        east = boto3.client("ec2", region_name="us-east-1").describe_vpcs()["Vpcs"][0]["VpcId"]
        west = boto3.client("ec2", region_name="us-west-2").describe_vpcs()["Vpcs"][0]["VpcId"]
    assert east != west
