"""What EC2 requests are authorized for, beyond what the Service Authorization Reference says.

RunInstances is authorized once per resource it uses or creates, as AWS documents: the new
instance, network interface and root volume (``instance/*``: their ids do not exist yet), the
image, the subnet (the default one of the zone when none is named), every security group (the
VPC's ``default`` when none is named), and the key pair, placement group and launch template
when named. Tags given at launch also need ``ec2:CreateTags`` with ``ec2:CreateAction``.
CreateTags/DeleteTags name resources of any type by id; the id's prefix says which.
"""
from __future__ import annotations

from iamulator.authz.declarations import NEW, Declarations, act
from iamulator.services.errors import AWSError

# id prefix -> (resource type, ARN variable). Only types whose ARN is built from their id.
_ID_TYPES = {
    "i": ("instance", "InstanceId"),
    "vpc": ("vpc", "VpcId"),
    "subnet": ("subnet", "SubnetId"),
    "sg": ("security-group", "SecurityGroupId"),
    "ami": ("image", "ImageId"),
    "vol": ("volume", "VolumeId"),
    "eni": ("network-interface", "NetworkInterfaceId"),
    "snap": ("snapshot", "SnapshotId"),
    "igw": ("internet-gateway", "InternetGatewayId"),
    "rtb": ("route-table", "RouteTableId"),
    "acl": ("network-acl", "NaclId"),
    "eipalloc": ("elastic-ip", "AllocationId"),
    "lt": ("launch-template", "LaunchTemplateId"),
    "dopt": ("dhcp-options", "DhcpOptionsId"),
    "nat": ("natgateway", "NatGatewayId"),
}
_DEFAULT_INSTANCE_TYPE = "m1.small"     # what the backend launches when none is given


def _backend(r, account: str | None = None):
    key = ("ec2", account or r.ctx.account_id)
    memo = r.memo
    if key not in memo:
        try:
            memo[key] = r.ctx.store.backend("ec2", account or r.ctx.account_id, r.ctx.region)
        except KeyError:
            memo[key] = None
    return memo[key]


def _arn(r, kind: str, resource_id: str | None) -> str | None:
    if not resource_id:
        return None
    from iamulator.authz.partitions import partition_of

    return f"arn:{partition_of(r.ctx.region)}:ec2:{r.ctx.region}:{r.ctx.account_id}:{kind}/{resource_id}"


# -- RunInstances -------------------------------------------------------------------------

class _Launch:
    """Where a launch lands, resolved as the backend will: subnet, zone, VPC, security groups."""

    __slots__ = ("subnet_id", "zone", "vpc_id", "group_ids")


def _launch(r) -> _Launch:
    memo = r.memo
    if "launch" in memo:
        return memo["launch"]
    params = r.params
    found = _Launch()
    interfaces = params.get("NetworkInterfaces") or []
    primary = next((n for n in interfaces if isinstance(n, dict) and n.get("DeviceIndex", 0) == 0), None)
    subnet_id = params.get("SubnetId") or (primary or {}).get("SubnetId")
    group_ids = list(params.get("SecurityGroupIds") or (primary or {}).get("Groups") or ())
    group_names = list(params.get("SecurityGroups") or ())
    zone = (params.get("Placement") or {}).get("AvailabilityZone")
    network = getattr(_backend(r), "network", None)
    subnet = None
    if network is not None:
        subnet = network.subnets.get(subnet_id) if subnet_id else None
        if subnet is None and not subnet_id:
            try:
                subnet = network.default_subnet(zone or network.zones[0])
            except Exception:
                subnet = None
    found.subnet_id = subnet.id if subnet is not None else subnet_id
    found.zone = subnet.zone if subnet is not None else zone
    found.vpc_id = subnet.vpc_id if subnet is not None else None
    for name in group_names:
        group = network.group_named(found.vpc_id, name) if network is not None and found.vpc_id else None
        group_ids.append(group.id if group is not None else name)
    if not group_ids and network is not None and found.vpc_id:
        default = network.group_named(found.vpc_id, "default")
        if default is not None:
            group_ids.append(default.id)
    found.group_ids = group_ids
    memo["launch"] = found
    return found


def _spec_tags(r, resource_type: str) -> dict | None:
    """The tags TagSpecifications give resources of one type."""
    tags = {}
    for spec in r.params.get("TagSpecifications") or ():
        if isinstance(spec, dict) and spec.get("ResourceType") == resource_type:
            for tag in spec.get("Tags") or ():
                if isinstance(tag, dict) and isinstance(tag.get("Key"), str):
                    tags[tag["Key"]] = tag.get("Value", "")
    return tags or None


def _launch_tags(r, resource_type: str | None) -> dict | None:
    return _spec_tags(r, resource_type) if resource_type else None


def _instance_profile(r) -> str | None:
    profile = r.params.get("IamInstanceProfile") or {}
    if profile.get("Arn"):
        return profile["Arn"]
    if profile.get("Name"):
        from iamulator.authz.partitions import partition_of

        return f"arn:{partition_of(r.ctx.region)}:iam::{r.ctx.account_id}:instance-profile/{profile['Name']}"
    return None


def _metadata(member: str, default=None):
    return lambda r: (r.params.get("MetadataOptions") or {}).get(member, default)


_VPC = lambda r: _arn(r, "vpc", _launch(r).vpc_id)    # noqa: E731
_ZONE = lambda r: _launch(r).zone                      # noqa: E731

_INSTANCE_KEYS = {
    "ec2:InstanceType": lambda r: r.params.get("InstanceType") or _DEFAULT_INSTANCE_TYPE,
    "ec2:AvailabilityZone": _ZONE,
    "ec2:Tenancy": lambda r: (r.params.get("Placement") or {}).get("Tenancy") or "default",
    "ec2:EbsOptimized": lambda r: bool(r.params.get("EbsOptimized", False)),
    "ec2:InstanceProfile": _instance_profile,
    "ec2:PlacementGroup": lambda r: _arn(r, "placement-group", (r.params.get("Placement") or {}).get("GroupName")),
    "ec2:RootDeviceType": lambda r: "ebs",
    "ec2:InstanceMarketType": lambda r: (r.params.get("InstanceMarketOptions") or {}).get("MarketType") or "on-demand",
    "ec2:MetadataHttpTokens": _metadata("HttpTokens", "required"),
    "ec2:MetadataHttpEndpoint": _metadata("HttpEndpoint", "enabled"),
    "ec2:MetadataHttpPutResponseHopLimit": _metadata("HttpPutResponseHopLimit", 2),
    "ec2:InstanceMetadataTags": _metadata("InstanceMetadataTags", "disabled"),
}


_TYPE_VARS = {"instance": "InstanceId", "volume": "VolumeId", "network-interface": "NetworkInterfaceId"}


def _tags_given(resource_type: str):
    return lambda r: bool(_spec_tags(r, resource_type))


def _create_tags_at_launch(resource_type: str) -> object:
    return act("CreateTags", on=resource_type, when=_tags_given(resource_type),
               vars={_TYPE_VARS[resource_type]: NEW}, keys={"ec2:CreateAction": lambda r: "RunInstances"},
               tags=lambda r, t=resource_type: _spec_tags(r, t), note=f"when {resource_type} tags are given")



# -- existing resources -------------------------------------------------------------------

def _find(r, resource_type: str):
    vars_ = r.vars or {}
    backend = _backend(r, vars_.get("Account"))
    if backend is None:
        return None
    if resource_type == "instance":
        return backend.instances.get(vars_.get("InstanceId"))
    network = backend.network
    if resource_type == "subnet":
        return network.subnets.get(vars_.get("SubnetId"))
    if resource_type == "security-group":
        return network.security_groups.get(vars_.get("SecurityGroupId"))
    if resource_type == "vpc":
        return network.vpcs.get(vars_.get("VpcId"))
    return None


def _resource_context(r, resource_type: str) -> dict | None:
    found = _find(r, resource_type)
    if found is None:
        return None
    out = {}
    for k, v in found.tags.items():
        out["aws:ResourceTag/" + k] = v
        out["ec2:ResourceTag/" + k] = v
    if resource_type == "instance":
        doc = found.doc
        placement = doc.get("Placement") or {}
        metadata = doc.get("MetadataOptions") or {}
        out.update({
            "ec2:InstanceID": doc.get("InstanceId"),
            "ec2:InstanceType": doc.get("InstanceType"),
            "ec2:AvailabilityZone": placement.get("AvailabilityZone"),
            "ec2:Tenancy": placement.get("Tenancy"),
            "ec2:PlacementGroup": _arn(r, "placement-group", placement.get("GroupName")),
            "ec2:EbsOptimized": doc.get("EbsOptimized"),
            "ec2:RootDeviceType": doc.get("RootDeviceType"),
            "ec2:InstanceProfile": (doc.get("IamInstanceProfile") or {}).get("Arn"),
            "ec2:MetadataHttpTokens": metadata.get("HttpTokens"),
            "ec2:MetadataHttpEndpoint": metadata.get("HttpEndpoint"),
            "ec2:MetadataHttpPutResponseHopLimit": metadata.get("HttpPutResponseHopLimit"),
            "ec2:InstanceMetadataTags": metadata.get("InstanceMetadataTags"),
            "ec2:InstanceMarketType": "on-demand",
        })
    elif resource_type == "subnet":
        out.update({"ec2:SubnetID": found.id, "ec2:AvailabilityZone": found.zone,
                    "ec2:Vpc": _arn(r, "vpc", found.vpc_id)})
    elif resource_type == "security-group":
        out.update({"ec2:SecurityGroupID": found.id, "ec2:Vpc": _arn(r, "vpc", found.vpc_id)})
    return out


# -- tags by id -----------------------------------------------------------------------------

def _tagged_ids(r) -> list:
    ids = r.params.get("Resources") or ()
    for resource_id in ids:
        prefix = resource_id.split("-", 1)[0] if isinstance(resource_id, str) else ""
        if prefix not in _ID_TYPES:
            raise AWSError("InvalidID", f"The ID '{resource_id}' is not valid")
    return list(ids)


def _id_of(prefix: str):
    return lambda r: r.item if r.item.split("-", 1)[0] == prefix else None


_TAG_TARGETS = tuple(t for t, _ in _ID_TYPES.values())
_TAG_VARS = {var: _id_of(prefix) for prefix, (_, var) in _ID_TYPES.items()}


def _tag_list(r) -> dict | None:
    """CreateTags' and DeleteTags' ``Tags``; a DeleteTags key given without a value is None."""
    tags = r.params.get("Tags")
    if not isinstance(tags, list):
        return None
    return {t["Key"]: t.get("Value") for t in tags if isinstance(t, dict) and isinstance(t.get("Key"), str)}


auth = Declarations(
    "ec2",
    keys={"ec2:Region": lambda r: r.ctx.region},
    resource_context=_resource_context,
    resource_keys=("aws:ResourceTag/${TagKey}", "ec2:ResourceTag/${TagKey}", "ec2:InstanceID", "ec2:InstanceType",
                   "ec2:AvailabilityZone", "ec2:Tenancy", "ec2:PlacementGroup", "ec2:EbsOptimized",
                   "ec2:RootDeviceType", "ec2:InstanceProfile", "ec2:MetadataHttpTokens", "ec2:MetadataHttpEndpoint",
                   "ec2:MetadataHttpPutResponseHopLimit", "ec2:InstanceMetadataTags", "ec2:InstanceMarketType",
                   "ec2:SubnetID", "ec2:SecurityGroupID", "ec2:Vpc"),
    request_tags=_launch_tags,
)

auth.operation(
    "RunInstances",
    act("RunInstances", on="instance", vars={"InstanceId": NEW}, keys=_INSTANCE_KEYS),
    act("RunInstances", on="image", keys={"ec2:ImageID": "ImageId", "ec2:ImageType": lambda r: "machine",
                                          "ec2:RootDeviceType": lambda r: "ebs"}),
    act("RunInstances", on="network-interface", vars={"NetworkInterfaceId": NEW},
        keys={"ec2:Subnet": lambda r: _arn(r, "subnet", _launch(r).subnet_id), "ec2:Vpc": _VPC,
              "ec2:AvailabilityZone": _ZONE}),
    act("RunInstances", on="security-group", each=lambda r: _launch(r).group_ids,
        vars={"SecurityGroupId": lambda r: r.item}),
    act("RunInstances", on="subnet", vars={"SubnetId": lambda r: _launch(r).subnet_id}),
    act("RunInstances", on="volume", vars={"VolumeId": NEW}, keys={"ec2:AvailabilityZone": _ZONE}),
    act("RunInstances", on="key-pair", when=lambda r: bool(r.params.get("KeyName")),
        vars={"KeyPairName": "KeyName"}, keys={"ec2:KeyPairName": "KeyName"}, note="when KeyName is given"),
    act("RunInstances", on="placement-group", when=lambda r: bool((r.params.get("Placement") or {}).get("GroupName")),
        vars={"PlacementGroupName": lambda r: r.params["Placement"]["GroupName"]},
        keys={"ec2:PlacementGroupName": lambda r: r.params["Placement"]["GroupName"]},
        note="when a placement group is given"),
    act("RunInstances", on="launch-template",
        when=lambda r: bool((r.params.get("LaunchTemplate") or {}).get("LaunchTemplateId")),
        vars={"LaunchTemplateId": lambda r: r.params["LaunchTemplate"]["LaunchTemplateId"]},
        note="when a launch template id is given"),
    _create_tags_at_launch("instance"),
    _create_tags_at_launch("volume"),
    _create_tags_at_launch("network-interface"),
)
auth.operation("CreateTags", act("CreateTags", on=_TAG_TARGETS, each=_tagged_ids, vars=_TAG_VARS, tags=_tag_list))
auth.operation("DeleteTags", act("DeleteTags", on=_TAG_TARGETS, each=_tagged_ids, vars=_TAG_VARS, tags=_tag_list))
