"""Instances: the document DescribeInstances returns for each, kept ready between calls, its
state machine, and the filters DescribeInstances accepts over it."""
from __future__ import annotations

import re
from datetime import datetime, timezone

STATE_CODES = {"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48, "stopping": 64, "stopped": 80}
# Frozen once: every instance in a state shares these, and the codec only reads them.
STATES = {name: {"Code": code, "Name": name} for name, code in STATE_CODES.items()}

# Graviton families carry a "g" after the generation digit (m6g, c7gn, t4g...); a1 is the first.
_ARM_FAMILY = re.compile(r"(?:a1|[a-z]+\d[a-z-]*g[a-z-]*)\.")


def architecture(instance_type: str) -> str:
    return "arm64" if _ARM_FAMILY.match(instance_type) else "x86_64"


def iso_millis(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Instance:
    __slots__ = ("doc", "tags", "sequence", "reservation_id", "owner_id", "subnet", "user_data",
                 "terminated_at", "disable_api_termination", "shutdown_behavior")

    def __init__(self, doc: dict, tags: dict, sequence: int, reservation_id: str, owner_id: str, subnet,
                 user_data: str | None, disable_api_termination: bool, shutdown_behavior: str):
        self.doc = doc
        self.tags = tags
        self.sequence = sequence
        self.reservation_id = reservation_id
        self.owner_id = owner_id
        self.subnet = subnet
        self.user_data = user_data
        self.terminated_at: float | None = None
        self.disable_api_termination = disable_api_termination
        self.shutdown_behavior = shutdown_behavior
        self.sync_tags()

    @property
    def id(self) -> str:
        return self.doc["InstanceId"]

    @property
    def state(self) -> str:
        return self.doc["State"]["Name"]

    def set_state(self, name: str) -> None:
        self.doc["State"] = STATES[name]

    def sync_tags(self) -> None:
        if self.tags:
            self.doc["Tags"] = [{"Key": k, "Value": v} for k, v in self.tags.items()]
        else:
            self.doc.pop("Tags", None)


def _group_ids(i):
    return [g["GroupId"] for g in i.doc.get("SecurityGroups", ())]


def _group_names(i):
    return [g["GroupName"] for g in i.doc.get("SecurityGroups", ())]


def _bool(value):
    return None if value is None else ("true" if value else "false")


def _interfaces(field):
    return lambda i: [n[field] for n in i.doc.get("NetworkInterfaces", ()) if field in n]


def _nonempty(value):
    return value or None


GETTERS = {
    "instance-id": lambda i: i.doc["InstanceId"],
    "instance-state-name": lambda i: i.doc["State"]["Name"],
    "instance-state-code": lambda i: str(i.doc["State"]["Code"]),
    "instance-type": lambda i: i.doc["InstanceType"],
    "image-id": lambda i: i.doc["ImageId"],
    "reservation-id": lambda i: i.reservation_id,
    "owner-id": lambda i: i.owner_id,
    "private-ip-address": lambda i: i.doc.get("PrivateIpAddress"),
    "private-dns-name": lambda i: _nonempty(i.doc.get("PrivateDnsName")),
    "ip-address": lambda i: i.doc.get("PublicIpAddress"),
    "dns-name": lambda i: _nonempty(i.doc.get("PublicDnsName")),
    "subnet-id": lambda i: i.doc.get("SubnetId"),
    "vpc-id": lambda i: i.doc.get("VpcId"),
    "availability-zone": lambda i: i.doc["Placement"]["AvailabilityZone"],
    "placement-group-name": lambda i: _nonempty(i.doc["Placement"].get("GroupName")),
    "tenancy": lambda i: i.doc["Placement"].get("Tenancy"),
    "key-name": lambda i: i.doc.get("KeyName"),
    "architecture": lambda i: i.doc.get("Architecture"),
    "hypervisor": lambda i: i.doc.get("Hypervisor"),
    "virtualization-type": lambda i: i.doc.get("VirtualizationType"),
    "root-device-type": lambda i: i.doc.get("RootDeviceType"),
    "root-device-name": lambda i: i.doc.get("RootDeviceName"),
    "ami-launch-index": lambda i: str(i.doc["AmiLaunchIndex"]),
    "launch-index": lambda i: str(i.doc["AmiLaunchIndex"]),
    "launch-time": lambda i: iso_millis(i.doc["LaunchTime"]),
    "instance.group-id": _group_ids,
    "instance.group-name": _group_names,
    "monitoring-state": lambda i: i.doc["Monitoring"]["State"],
    "client-token": lambda i: _nonempty(i.doc.get("ClientToken")),
    "platform-details": lambda i: i.doc.get("PlatformDetails"),
    "usage-operation": lambda i: i.doc.get("UsageOperation"),
    "reason": lambda i: _nonempty(i.doc.get("StateTransitionReason")),
    "state-reason-code": lambda i: i.doc.get("StateReason", {}).get("Code"),
    "state-reason-message": lambda i: i.doc.get("StateReason", {}).get("Message"),
    "ebs-optimized": lambda i: _bool(i.doc.get("EbsOptimized")),
    "source-dest-check": lambda i: _bool(i.doc.get("SourceDestCheck")),
    "iam-instance-profile.arn": lambda i: i.doc.get("IamInstanceProfile", {}).get("Arn"),
    "block-device-mapping.device-name": lambda i: [b["DeviceName"] for b in i.doc.get("BlockDeviceMappings", ())],
    "block-device-mapping.volume-id": lambda i: [b["Ebs"]["VolumeId"] for b in i.doc.get("BlockDeviceMappings", ())],
    "network-interface.network-interface-id": _interfaces("NetworkInterfaceId"),
    "network-interface.subnet-id": _interfaces("SubnetId"),
    "network-interface.vpc-id": _interfaces("VpcId"),
    "network-interface.private-dns-name": _interfaces("PrivateDnsName"),
    "network-interface.mac-address": _interfaces("MacAddress"),
    "network-interface.addresses.private-ip-address": _interfaces("PrivateIpAddress"),
    "metadata-options.http-tokens": lambda i: i.doc["MetadataOptions"]["HttpTokens"],
    "metadata-options.http-endpoint": lambda i: i.doc["MetadataOptions"]["HttpEndpoint"],
}


def now_utc() -> datetime:
    moment = datetime.now(timezone.utc)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
