"""How the network resources (VPCs, subnets, security groups, zones) are described, and the
filters their Describe operations accept."""
from __future__ import annotations

from iamulator.services.ec2.network import zone_id
from iamulator.services.ec2.tags import tag_list


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _with_tags(doc: dict, tags: dict) -> dict:
    if tags:
        doc["Tags"] = tag_list(tags)
    return doc


def vpc_doc(vpc, owner_id: str) -> dict:
    return _with_tags({
        "CidrBlock": vpc.cidr,
        "DhcpOptionsId": vpc.dhcp_options_id,
        "State": "available",
        "VpcId": vpc.id,
        "OwnerId": owner_id,
        "InstanceTenancy": "default",
        "CidrBlockAssociationSet": [{"AssociationId": vpc.association_id, "CidrBlock": vpc.cidr,
                                     "CidrBlockState": {"State": "associated"}}],
        "IsDefault": vpc.is_default,
    }, vpc.tags)


def subnet_doc(subnet, network) -> dict:
    index = network.zones.index(subnet.zone)
    return _with_tags({
        "AvailabilityZone": subnet.zone,
        "AvailabilityZoneId": zone_id(network.region, index),
        "AvailableIpAddressCount": subnet.free_addresses(),
        "CidrBlock": str(subnet.network),
        "DefaultForAz": subnet.default_for_az,
        "MapPublicIpOnLaunch": subnet.map_public_ip_on_launch,
        "State": "available",
        "SubnetId": subnet.id,
        "VpcId": subnet.vpc_id,
        "OwnerId": network.owner_id,
        "AssignIpv6AddressOnCreation": False,
        "Ipv6CidrBlockAssociationSet": [],
        "SubnetArn": f"arn:aws:ec2:{network.region}:{network.owner_id}:subnet/{subnet.id}",
        "EnableDns64": False,
        "Ipv6Native": False,
        "PrivateDnsNameOptionsOnLaunch": {"HostnameType": "ip-name", "EnableResourceNameDnsARecord": False,
                                          "EnableResourceNameDnsAAAARecord": False},
    }, subnet.tags)


def security_group_doc(group, network) -> dict:
    empty = {"IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": []}
    ingress = []
    if group.name == "default":
        # A VPC's default group lets its members talk to each other.
        ingress.append({"IpProtocol": "-1", **empty,
                        "UserIdGroupPairs": [{"GroupId": group.id, "UserId": network.owner_id}]})
    egress = [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": [],
               "UserIdGroupPairs": []}]
    return _with_tags({
        "Description": group.description,
        "GroupName": group.name,
        "IpPermissions": ingress,
        "OwnerId": network.owner_id,
        "GroupId": group.id,
        "IpPermissionsEgress": egress,
        "VpcId": group.vpc_id,
        "SecurityGroupArn": f"arn:aws:ec2:{network.region}:{network.owner_id}:security-group/{group.id}",
    }, group.tags)


def zone_doc(network, zone: str) -> dict:
    return {
        "OptInStatus": "opt-in-not-required",
        "Messages": [],
        "RegionName": network.region,
        "ZoneName": zone,
        "ZoneId": zone_id(network.region, network.zones.index(zone)),
        "GroupName": network.region,
        "NetworkBorderGroup": network.region,
        "ZoneType": "availability-zone",
        "State": "available",
    }


VPC_GETTERS = {
    "vpc-id": lambda v: v.id,
    "cidr": lambda v: v.cidr,
    "cidr-block-association.cidr-block": lambda v: v.cidr,
    "is-default": lambda v: _bool(v.is_default),
    "state": lambda v: "available",
    "dhcp-options-id": lambda v: v.dhcp_options_id,
}

SUBNET_GETTERS = {
    "subnet-id": lambda s: s.id,
    "vpc-id": lambda s: s.vpc_id,
    "availability-zone": lambda s: s.zone,
    "cidr-block": lambda s: str(s.network),
    "cidr": lambda s: str(s.network),
    "default-for-az": lambda s: _bool(s.default_for_az),
    "defaultForAz": lambda s: _bool(s.default_for_az),
    "map-public-ip-on-launch": lambda s: _bool(s.map_public_ip_on_launch),
    "state": lambda s: "available",
}

SECURITY_GROUP_GETTERS = {
    "group-id": lambda g: g.id,
    "group-name": lambda g: g.name,
    "vpc-id": lambda g: g.vpc_id,
    "description": lambda g: g.description,
}

ZONE_GETTERS = {
    "zone-name": lambda z: z.name,
    "zone-id": lambda z: z.zone_id,
    "region-name": lambda z: z.region,
    "state": lambda z: "available",
    "zone-type": lambda z: "availability-zone",
}
