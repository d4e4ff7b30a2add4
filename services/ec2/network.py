"""The network every account starts with in a region: a default VPC (172.31.0.0/16), one
default subnet per Availability Zone (a /20 each, public IPs on launch) and the VPC's
``default`` security group. Instances draw their addresses from here."""
from __future__ import annotations

import ipaddress
import random

from iamulator.services.ec2.ids import new_id

DEFAULT_VPC_CIDR = "172.31.0.0/16"
# Availability Zones per region where AWS has more than the usual three.
_ZONE_LETTERS = {"us-east-1": "abcdef", "us-west-2": "abcd", "ap-northeast-1": "acd"}
# AWS keeps the first four addresses and the last one of every subnet.
_RESERVED_LOW, _RESERVED_HIGH = 4, 1


_DIRECTIONS = {"east": "e", "west": "w", "north": "n", "south": "s", "central": "c", "northeast": "ne",
               "southeast": "se", "northwest": "nw", "southwest": "sw"}


def zones(region: str) -> list[str]:
    return [region + letter for letter in _ZONE_LETTERS.get(region, "abc")]


def zone_id(region: str, index: int) -> str:
    """AWS's account-independent zone id, e.g. ``use1-az1`` for the first zone of us-east-1."""
    parts = region.split("-")
    short = parts[0] + "".join(_DIRECTIONS.get(p, p[:1]) for p in parts[1:-1]) + parts[-1]
    return f"{short}-az{index + 1}"


class Vpc:
    def __init__(self, vpc_id: str, cidr: str, is_default: bool):
        self.id = vpc_id
        self.cidr = cidr
        self.is_default = is_default
        self.dhcp_options_id = new_id("dopt")
        self.association_id = new_id("vpc-cidr-assoc")
        self.tags: dict[str, str] = {}


class Subnet:
    def __init__(self, subnet_id: str, vpc_id: str, cidr: str, zone: str, default_for_az: bool):
        self.id = subnet_id
        self.vpc_id = vpc_id
        self.network = ipaddress.IPv4Network(cidr)
        self.zone = zone
        self.default_for_az = default_for_az
        self.map_public_ip_on_launch = default_for_az
        self.tags: dict[str, str] = {}
        self._used: set[int] = set()
        self._first = int(self.network.network_address) + _RESERVED_LOW
        self._last = int(self.network.broadcast_address) - _RESERVED_HIGH
        self._next = self._first

    def contains(self, address: str) -> bool:
        try:
            return ipaddress.IPv4Address(address) in self.network
        except ValueError:
            return False

    def reserved(self, address: str) -> bool:
        value = int(ipaddress.IPv4Address(address))
        return not self._first <= value <= self._last

    def in_use(self, address: str) -> bool:
        return int(ipaddress.IPv4Address(address)) in self._used

    def allocate(self, address: str | None = None) -> str | None:
        """The requested address or the lowest free one; None when the subnet is full."""
        if address is not None:
            self._used.add(int(ipaddress.IPv4Address(address)))
            return address
        size = self._last - self._first + 1
        if len(self._used) >= size:
            return None
        # Hands out addresses in order, wrapping round to reuse released ones.
        candidate = self._next
        while candidate in self._used:
            candidate = candidate + 1 if candidate < self._last else self._first
        self._used.add(candidate)
        self._next = candidate + 1 if candidate < self._last else self._first
        return str(ipaddress.IPv4Address(candidate))

    def free_addresses(self) -> int:
        return self._last - self._first + 1 - len(self._used)

    def release(self, address: str | None) -> None:
        if address:
            self._used.discard(int(ipaddress.IPv4Address(address)))


class SecurityGroup:
    def __init__(self, group_id: str, name: str, vpc_id: str, description: str):
        self.id = group_id
        self.name = name
        self.vpc_id = vpc_id
        self.description = description
        self.tags: dict[str, str] = {}


class Network:
    def __init__(self, region: str, owner_id: str):
        self.region = region
        self.owner_id = owner_id
        self.zones = zones(region)
        vpc = Vpc(new_id("vpc"), DEFAULT_VPC_CIDR, True)
        self.vpcs = {vpc.id: vpc}
        self.default_vpc = vpc
        self.subnets: dict[str, Subnet] = {}
        base = ipaddress.IPv4Network(DEFAULT_VPC_CIDR)
        for zone, cidr in zip(self.zones, base.subnets(new_prefix=20)):
            subnet = Subnet(new_id("subnet"), vpc.id, str(cidr), zone, True)
            self.subnets[subnet.id] = subnet
        group = SecurityGroup(new_id("sg"), "default", vpc.id, "default VPC security group")
        self.security_groups = {group.id: group}
        self._public_used: set[str] = set()

    def default_subnet(self, zone: str) -> Subnet:
        for subnet in self.subnets.values():
            if subnet.zone == zone and subnet.default_for_az:
                return subnet
        raise LookupError(zone)

    def group_named(self, vpc_id: str, name: str) -> SecurityGroup | None:
        for group in self.security_groups.values():
            if group.vpc_id == vpc_id and group.name == name:
                return group
        return None

    def allocate_public_ip(self) -> str:
        while True:
            address = f"54.{random.randint(64, 254)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
            if address not in self._public_used:
                self._public_used.add(address)
                return address

    def release_public_ip(self, address: str | None) -> None:
        if address:
            self._public_used.discard(address)

    def private_dns_name(self, address: str) -> str:
        host = "ip-" + address.replace(".", "-")
        if self.region == "us-east-1":
            return f"{host}.ec2.internal"
        return f"{host}.{self.region}.compute.internal"

    def public_dns_name(self, address: str) -> str:
        host = "ec2-" + address.replace(".", "-")
        if self.region == "us-east-1":
            return f"{host}.compute-1.amazonaws.com"
        return f"{host}.{self.region}.compute.amazonaws.com"
