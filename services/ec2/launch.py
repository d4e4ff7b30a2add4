"""RunInstances: from the request's parameters to a checked launch plan, and from the plan to
each new instance's document."""
from __future__ import annotations

import base64
import binascii
import functools
import secrets

from iamulator.services.ec2 import ids
from iamulator.services.ec2.errors import invalid_combination, invalid_value, missing
from iamulator.services.ec2.instances import STATES, architecture
from iamulator.services.ec2.tags import tags_for
from iamulator.services.errors import AWSError

DEFAULT_INSTANCE_TYPE = "m1.small"
MAX_USER_DATA = 16384
TAGGABLE_AT_LAUNCH = frozenset({"instance", "volume", "network-interface", "spot-instances-request", "elastic-gpu"})
ROOT_DEVICE = "/dev/xvda"


@functools.lru_cache(maxsize=1)
def instance_types() -> frozenset:
    from iamulator.services.models import service_model

    return frozenset(service_model("ec2").shape_for("InstanceType").enum)


class Plan:
    """Everything RunInstances decided before creating anything."""

    __slots__ = ("count", "image_id", "instance_type", "subnet", "groups", "key_name", "tags", "volume_tags",
                 "interface_tags", "user_data", "private_ip", "public_ip", "monitoring", "ebs_optimized",
                 "client_token", "iam_profile", "disable_api_termination", "shutdown_behavior", "metadata",
                 "tenancy", "placement_group")


def plan(params: dict, network, account_id: str) -> Plan:
    p = Plan()
    min_count, max_count = params.get("MinCount"), params.get("MaxCount")
    if min_count is None:
        raise missing("MinCount")
    if max_count is None:
        raise missing("MaxCount")
    if max_count < 1:
        raise invalid_value("Maximum instance count must be greater than zero")
    if min_count < 1:
        raise invalid_value("Minimum instance count must be greater than zero")
    if min_count > max_count:
        raise invalid_combination("The parameter MinCount must be less than or equal to the parameter MaxCount.")

    template = params.get("LaunchTemplate")
    if template:
        # No launch templates exist yet in this emulation, so any named one is unknown.
        if template.get("LaunchTemplateId"):
            raise AWSError("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID "
                           f"{template['LaunchTemplateId']}, does not exist.")
        raise AWSError("InvalidLaunchTemplateName.NotFoundException", "The specified launch template, with "
                       f"template name {template.get('LaunchTemplateName')}, does not exist.")
    image_id = params.get("ImageId")
    if not image_id:
        raise missing("ImageId")
    ids.check_image_id(image_id)
    p.image_id = image_id

    instance_type = params.get("InstanceType") or DEFAULT_INSTANCE_TYPE
    if instance_type not in instance_types():
        raise invalid_value(f"Invalid value '{instance_type}' for InstanceType.")
    p.instance_type = instance_type

    placement = params.get("Placement") or {}
    zone = placement.get("AvailabilityZone")
    if zone and zone not in network.zones:
        raise invalid_value(f"Invalid availability zone: [{zone}]")
    p.tenancy = placement.get("Tenancy") or "default"
    p.placement_group = placement.get("GroupName") or ""

    _plan_network(p, params, network, zone)

    p.count = min(max_count, p.subnet.free_addresses())
    if p.count < min_count:
        raise AWSError("InsufficientFreeAddressesInSubnet", f"There are not enough free addresses in subnet "
                       f"'{p.subnet.id}' to satisfy the requested number of instances.")
    if p.private_ip and p.count > 1:
        raise invalid_combination("Cannot specify a private IP address when launching more than one instance.")

    specs = params.get("TagSpecifications")
    p.tags = tags_for(specs, "instance", TAGGABLE_AT_LAUNCH)
    p.volume_tags = tags_for(specs, "volume", TAGGABLE_AT_LAUNCH)
    p.interface_tags = tags_for(specs, "network-interface", TAGGABLE_AT_LAUNCH)

    user_data = params.get("UserData")
    if user_data:
        try:
            decoded = base64.b64decode(user_data, validate=True)
        except (binascii.Error, ValueError):
            raise invalid_value("Invalid BASE64 encoding of user data.") from None
        if len(decoded) > MAX_USER_DATA:
            raise invalid_value(f"User data is limited to {MAX_USER_DATA} bytes")
    p.user_data = user_data or None

    p.key_name = params.get("KeyName")
    p.monitoring = "enabled" if (params.get("Monitoring") or {}).get("Enabled") else "disabled"
    p.ebs_optimized = bool(params.get("EbsOptimized", False))
    p.client_token = params.get("ClientToken") or ""
    p.disable_api_termination = bool(params.get("DisableApiTermination", False))
    p.shutdown_behavior = params.get("InstanceInitiatedShutdownBehavior") or "stop"
    if p.shutdown_behavior not in ("stop", "terminate"):
        raise invalid_value(f"Invalid value '{p.shutdown_behavior}' for InstanceInitiatedShutdownBehavior.")
    profile = params.get("IamInstanceProfile") or {}
    p.iam_profile = None
    if profile.get("Arn") or profile.get("Name"):
        arn = profile.get("Arn") or f"arn:aws:iam::{account_id}:instance-profile/{profile['Name']}"
        p.iam_profile = {"Arn": arn, "Id": "AIPA" + secrets.token_hex(8).upper()[:17]}
    requested = params.get("MetadataOptions") or {}
    p.metadata = {
        "State": "applied",
        "HttpTokens": requested.get("HttpTokens") or "required",
        "HttpPutResponseHopLimit": requested.get("HttpPutResponseHopLimit") or 2,
        "HttpEndpoint": requested.get("HttpEndpoint") or "enabled",
        "HttpProtocolIpv6": requested.get("HttpProtocolIpv6") or "disabled",
        "InstanceMetadataTags": requested.get("InstanceMetadataTags") or "disabled",
    }
    return p


def _plan_network(p: Plan, params: dict, network, zone: str | None) -> None:
    interfaces = params.get("NetworkInterfaces") or []
    primary = next((n for n in interfaces if n.get("DeviceIndex", 0) == 0), None)
    subnet_id = params.get("SubnetId")
    group_ids = list(params.get("SecurityGroupIds") or [])
    group_names = list(params.get("SecurityGroups") or [])
    p.private_ip = params.get("PrivateIpAddress")
    p.public_ip = None
    if primary is not None:
        if subnet_id:
            raise invalid_combination("Network interfaces and an instance-level subnet ID may not be specified "
                                      "on the same request")
        if group_ids or group_names:
            raise invalid_combination("Network interfaces and an instance-level security groups may not be "
                                      "specified on the same request")
        if primary.get("NetworkInterfaceId"):
            raise AWSError("InvalidNetworkInterfaceID.NotFound", f"The networkInterface ID "
                           f"'{primary['NetworkInterfaceId']}' does not exist")
        subnet_id = primary.get("SubnetId")
        group_ids = list(primary.get("Groups") or [])
        p.private_ip = primary.get("PrivateIpAddress") or p.private_ip
        p.public_ip = primary.get("AssociatePublicIpAddress")

    if subnet_id:
        subnet = network.subnets.get(subnet_id)
        if subnet is None:
            raise AWSError("InvalidSubnetID.NotFound", f"The subnet ID '{subnet_id}' does not exist")
    else:
        subnet = network.default_subnet(zone or network.zones[0])
    p.subnet = subnet
    if p.public_ip is None:
        p.public_ip = subnet.map_public_ip_on_launch

    if p.private_ip is not None:
        if not subnet.contains(p.private_ip):
            raise invalid_value(f"Address {p.private_ip} does not fall within the subnet's address range")
        if subnet.reserved(p.private_ip):
            raise invalid_value(f"Address {p.private_ip} is in subnet's reserved address range")
        if subnet.in_use(p.private_ip):
            raise AWSError("InvalidIPAddress.InUse", f"Address {p.private_ip} is in use.")

    groups = []
    for group_id in group_ids:
        group = network.security_groups.get(group_id)
        if group is None:
            raise AWSError("InvalidGroup.NotFound", f"The security group '{group_id}' does not exist")
        groups.append(group)
    for name in group_names:
        group = network.group_named(subnet.vpc_id, name)
        if group is None:
            raise AWSError("InvalidGroup.NotFound", f"The security group '{name}' does not exist in VPC "
                           f"'{subnet.vpc_id}'")
        groups.append(group)
    if not groups:
        groups.append(network.group_named(subnet.vpc_id, "default"))
    p.groups = groups


def instance_doc(p: Plan, network, instance_id: str, launch_index: int, launched_at, private_ip: str) -> dict:
    subnet = p.subnet
    groups = [{"GroupId": g.id, "GroupName": g.name} for g in p.groups]
    private_dns = network.private_dns_name(private_ip)
    mac = "0e:" + ":".join(secrets.token_hex(5)[i:i + 2] for i in range(0, 10, 2))
    interface = {
        "Attachment": {"AttachTime": launched_at, "AttachmentId": ids.new_id("eni-attach"),
                       "DeleteOnTermination": True, "DeviceIndex": 0, "Status": "attached", "NetworkCardIndex": 0},
        "Description": "",
        "Groups": groups,
        "Ipv6Addresses": [],
        "MacAddress": mac,
        "NetworkInterfaceId": ids.new_id("eni"),
        "OwnerId": network.owner_id,
        "PrivateDnsName": private_dns,
        "PrivateIpAddress": private_ip,
        "PrivateIpAddresses": [{"Primary": True, "PrivateDnsName": private_dns, "PrivateIpAddress": private_ip}],
        "SourceDestCheck": True,
        "Status": "in-use",
        "SubnetId": subnet.id,
        "VpcId": subnet.vpc_id,
        "InterfaceType": "interface",
    }
    placement = {"AvailabilityZone": subnet.zone, "GroupName": p.placement_group, "Tenancy": p.tenancy}
    doc = {
        "AmiLaunchIndex": launch_index,
        "ImageId": p.image_id,
        "InstanceId": instance_id,
        "InstanceType": p.instance_type,
        "LaunchTime": launched_at,
        "Monitoring": {"State": p.monitoring},
        "Placement": placement,
        "PrivateDnsName": private_dns,
        "PrivateIpAddress": private_ip,
        "ProductCodes": [],
        "PublicDnsName": "",
        "State": STATES["pending"],
        "StateTransitionReason": "",
        "SubnetId": subnet.id,
        "VpcId": subnet.vpc_id,
        "Architecture": architecture(p.instance_type),
        "BlockDeviceMappings": [{"DeviceName": ROOT_DEVICE, "Ebs": {
            "AttachTime": launched_at, "DeleteOnTermination": True, "Status": "attached",
            "VolumeId": ids.new_id("vol")}}],
        "ClientToken": p.client_token,
        "EbsOptimized": p.ebs_optimized,
        "EnaSupport": True,
        "Hypervisor": "xen",
        "NetworkInterfaces": [interface],
        "RootDeviceName": ROOT_DEVICE,
        "RootDeviceType": "ebs",
        "SecurityGroups": groups,
        "SourceDestCheck": True,
        "VirtualizationType": "hvm",
        "CpuOptions": {"CoreCount": 1, "ThreadsPerCore": 1},
        "CapacityReservationSpecification": {"CapacityReservationPreference": "open"},
        "HibernationOptions": {"Configured": False},
        "MetadataOptions": dict(p.metadata),
        "EnclaveOptions": {"Enabled": False},
        "PlatformDetails": "Linux/UNIX",
        "UsageOperation": "RunInstances",
        "UsageOperationUpdateTime": launched_at,
        "PrivateDnsNameOptions": {"HostnameType": "ip-name", "EnableResourceNameDnsARecord": False,
                                  "EnableResourceNameDnsAAAARecord": False},
        "MaintenanceOptions": {"AutoRecovery": "default"},
        "CurrentInstanceBootMode": "legacy-bios",
    }
    if p.key_name:
        doc["KeyName"] = p.key_name
    if p.iam_profile:
        doc["IamInstanceProfile"] = dict(p.iam_profile)
    return doc

