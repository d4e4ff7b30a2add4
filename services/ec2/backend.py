"""EC2 operations for one account in one region.

Instances start ``pending`` in RunInstances' answer and are ``running`` from the next call on
(waiters and describe calls see them running at once). TerminateInstances answers
``shutting-down`` and they are ``terminated`` from the next call on; terminated instances stay
listed for an hour, as on AWS.
"""
from __future__ import annotations

import time
from types import SimpleNamespace

from iamulator.services.base import Service
from iamulator.services.ec2 import ids, launch, pagination, resources, tagging
from iamulator.services.ec2.errors import dry_run, invalid_combination, invalid_value, not_found
from iamulator.services.ec2.filters import compile_filters, matches
from iamulator.services.ec2.instances import GETTERS, STATES, Instance, now_utc
from iamulator.services.ec2.network import Network, zone_id
from iamulator.services.ec2.tags import MAX_TAGS, check_tag
from iamulator.services.errors import AWSError

TERMINATED_VISIBLE_FOR = 3600.0


class Backend(Service):
    name = "ec2"

    def __init__(self, account_id: str, region: str, store=None):
        super().__init__(account_id, region, store)
        self.network = Network(region, account_id)
        self.instances: dict[str, Instance] = {}      # in launch order
        self._sequence = 0
        self._client_tokens: dict[str, str] = {}      # ClientToken -> reservation id

    # -- instances ----------------------------------------------------------------------
    def run_instances(self, ctx, params) -> dict:
        plan = launch.plan(params, self.network, self.account_id)
        if params.get("DryRun"):
            raise dry_run()
        if plan.client_token and plan.client_token in self._client_tokens:
            # Idempotent retry: the reservation the token first produced.
            return self._reservation(self._client_tokens[plan.client_token])
        reservation_id = ids.new_id("r")
        launched_at = now_utc()
        created = []
        for index in range(plan.count):
            address = plan.subnet.allocate(plan.private_ip)
            instance_id = ids.new_id("i")
            doc = launch.instance_doc(plan, self.network, instance_id, index, launched_at, address)
            self._sequence += 1
            instance = Instance(doc, dict(plan.tags), self._sequence, reservation_id, self.account_id, plan.subnet,
                                plan.user_data, plan.disable_api_termination, plan.shutdown_behavior)
            self.instances[instance_id] = instance
            created.append(instance)
        if plan.client_token:
            self._client_tokens[plan.client_token] = reservation_id
        answer = {"ReservationId": reservation_id, "OwnerId": self.account_id, "Groups": [],
                  "Instances": [dict(i.doc) for i in created]}
        for instance in created:
            self._start(instance, plan.public_ip)
        return answer

    def _start(self, instance: Instance, public_ip: bool) -> None:
        instance.set_state("running")
        if public_ip:
            address = self.network.allocate_public_ip()
            dns = self.network.public_dns_name(address)
            instance.doc["PublicIpAddress"] = address
            instance.doc["PublicDnsName"] = dns
            association = {"IpOwnerId": "amazon", "PublicDnsName": dns, "PublicIp": address}
            # New dicts, not edits: RunInstances' answer shares the launch-time ones.
            instance.doc["NetworkInterfaces"] = [
                dict(n, Association=association,
                     PrivateIpAddresses=[dict(a, Association=association) for a in n["PrivateIpAddresses"]])
                for n in instance.doc["NetworkInterfaces"]]

    def _reservation(self, reservation_id: str) -> dict:
        members = [dict(i.doc) for i in self.instances.values() if i.reservation_id == reservation_id]
        return {"ReservationId": reservation_id, "OwnerId": self.account_id, "Groups": [], "Instances": members}

    def describe_instances(self, ctx, params) -> dict:
        wanted = params.get("InstanceIds") or []
        max_results = params.get("MaxResults")
        if wanted and max_results is not None:
            raise invalid_combination("The parameter instancesSet cannot be used with the parameter maxResults")
        pagination.check_max_results(max_results)
        compiled = compile_filters(params.get("Filters"), GETTERS)
        if params.get("DryRun"):
            raise dry_run()
        self._forget_old_terminated()
        candidates = self._lookup(wanted) if wanted else list(self.instances.values())
        selected = [i for i in candidates if matches(i, compiled)] if compiled else candidates
        shown, token = pagination.page(selected, _by_sequence, max_results, params.get("NextToken"))
        reservations = []
        current = None
        for instance in shown:
            if current is None or current["ReservationId"] != instance.reservation_id:
                current = {"ReservationId": instance.reservation_id, "OwnerId": instance.owner_id, "Groups": [],
                           "Instances": []}
                reservations.append(current)
            # A copy: the codec encodes after the lock is released, while other calls may
            # replace this instance's fields.
            current["Instances"].append(dict(instance.doc))
        out = {"Reservations": reservations}
        if token:
            out["NextToken"] = token
        return out

    def terminate_instances(self, ctx, params) -> dict:
        targets = self._lookup(params.get("InstanceIds") or [], keep_order=True)
        for instance in targets:
            if instance.disable_api_termination and instance.state != "terminated":
                raise AWSError("OperationNotPermitted", f"The instance '{instance.id}' may not be terminated. "
                               "Modify its 'disableApiTermination' instance attribute and try again.")
        if params.get("DryRun"):
            raise dry_run()
        changes = []
        for instance in targets:
            previous = instance.doc["State"]
            if instance.state == "terminated":
                changes.append({"InstanceId": instance.id, "CurrentState": previous, "PreviousState": previous})
                continue
            changes.append({"InstanceId": instance.id, "CurrentState": STATES["shutting-down"],
                            "PreviousState": previous})
            self._terminate(instance)
        return {"TerminatingInstances": changes}

    def _terminate(self, instance: Instance) -> None:
        doc = instance.doc
        moment = now_utc()
        instance.set_state("terminated")
        instance.terminated_at = time.time()
        doc["StateTransitionReason"] = f"User initiated ({moment:%Y-%m-%d %H:%M:%S} GMT)"
        doc["StateReason"] = {"Code": "Client.UserInitiatedShutdown",
                              "Message": "Client.UserInitiatedShutdown: User initiated shutdown"}
        # A terminated instance gives back its addresses and leaves its subnet.
        instance.subnet.release(doc.pop("PrivateIpAddress", None))
        self.network.release_public_ip(doc.pop("PublicIpAddress", None))
        for key in ("SubnetId", "VpcId"):
            doc.pop(key, None)
        doc["PrivateDnsName"] = ""
        doc["PublicDnsName"] = ""
        doc["NetworkInterfaces"] = []
        doc["SecurityGroups"] = []
        doc["BlockDeviceMappings"] = []

    def stop_instances(self, ctx, params) -> dict:
        targets = self._lookup(params.get("InstanceIds") or [], keep_order=True)
        for instance in targets:
            if instance.state in ("terminated", "shutting-down"):
                raise AWSError("IncorrectInstanceState", f"This instance '{instance.id}' is not in a state from "
                               "which it can be stopped.")
        if params.get("DryRun"):
            raise dry_run()
        changes = []
        for instance in targets:
            previous = instance.doc["State"]
            if instance.state in ("stopped", "stopping"):
                changes.append({"InstanceId": instance.id, "CurrentState": STATES["stopped"],
                                "PreviousState": previous})
                instance.set_state("stopped")
                continue
            changes.append({"InstanceId": instance.id, "CurrentState": STATES["stopping"], "PreviousState": previous})
            self._stop(instance)
        return {"StoppingInstances": changes}

    def _stop(self, instance: Instance) -> None:
        doc = instance.doc
        instance.set_state("stopped")
        doc["StateTransitionReason"] = f"User initiated ({now_utc():%Y-%m-%d %H:%M:%S} GMT)"
        doc["StateReason"] = {"Code": "Client.UserInitiatedShutdown",
                              "Message": "Client.UserInitiatedShutdown: User initiated shutdown"}
        # A stopped instance keeps its private address but gives back its public one.
        self.network.release_public_ip(doc.pop("PublicIpAddress", None))
        doc["PublicDnsName"] = ""
        doc["NetworkInterfaces"] = [
            {k: v for k, v in n.items() if k != "Association"} | {
                "PrivateIpAddresses": [{k: v for k, v in a.items() if k != "Association"}
                                       for a in n["PrivateIpAddresses"]]}
            for n in doc["NetworkInterfaces"]]

    def start_instances(self, ctx, params) -> dict:
        targets = self._lookup(params.get("InstanceIds") or [], keep_order=True)
        for instance in targets:
            if instance.state in ("terminated", "shutting-down"):
                raise AWSError("IncorrectInstanceState", f"The instance '{instance.id}' is not in a state from "
                               "which it can be started.")
        if params.get("DryRun"):
            raise dry_run()
        changes = []
        for instance in targets:
            previous = instance.doc["State"]
            if instance.state in ("running", "pending"):
                changes.append({"InstanceId": instance.id, "CurrentState": STATES["running"],
                                "PreviousState": previous})
                continue
            changes.append({"InstanceId": instance.id, "CurrentState": STATES["pending"], "PreviousState": previous})
            instance.doc["StateTransitionReason"] = ""
            instance.doc.pop("StateReason", None)
            self._start(instance, instance.subnet.map_public_ip_on_launch)
        return {"StartingInstances": changes}

    def _forget_old_terminated(self) -> None:
        cutoff = time.time() - TERMINATED_VISIBLE_FOR
        stale = [k for k, i in self.instances.items() if i.terminated_at is not None and i.terminated_at < cutoff]
        for key in stale:
            del self.instances[key]

    def _lookup(self, instance_ids, keep_order: bool = False) -> list[Instance]:
        """The instances named, checking ids as EC2 does: malformed first, then unknown."""
        for instance_id in instance_ids:
            ids.check_instance_id(instance_id)
        unknown = [i for i in dict.fromkeys(instance_ids) if i not in self.instances]
        if unknown:
            raise not_found("InvalidInstanceID.NotFound", "instance", unknown)
        found = [self.instances[i] for i in dict.fromkeys(instance_ids)]
        return found if keep_order else sorted(found, key=_by_sequence)


    # -- the default network -----------------------------------------------------------
    def _describe(self, params: dict, items: list, ids_key: str, registry: dict, missing, getters: dict,
                  render, result_key: str) -> dict:
        """The shared shape of EC2's Describe operations over one resource type."""
        wanted = params.get(ids_key) or []
        max_results = params.get("MaxResults")
        pagination.check_max_results(max_results)
        compiled = compile_filters(params.get("Filters"), {**getters, "owner-id": lambda _: self.account_id})
        if params.get("DryRun"):
            raise dry_run()
        if wanted:
            unknown = [i for i in dict.fromkeys(wanted) if i not in registry]
            if unknown:
                raise missing(unknown)
            chosen = set(wanted)
            items = [item for item in items if item.id in chosen]
        positions = {id(item): n for n, item in enumerate(items)}
        selected = [item for item in items if matches(item, compiled)]
        shown, token = pagination.page(selected, lambda item: positions[id(item)], max_results,
                                       params.get("NextToken"))
        out = {result_key: [render(item) for item in shown]}
        if token:
            out["NextToken"] = token
        return out

    def describe_vpcs(self, ctx, params) -> dict:
        vpcs = self.network.vpcs
        return self._describe(params, list(vpcs.values()), "VpcIds", vpcs,
                              lambda unknown: not_found("InvalidVpcID.NotFound", "vpc", unknown),
                              resources.VPC_GETTERS, lambda v: resources.vpc_doc(v, self.account_id), "Vpcs")

    def describe_subnets(self, ctx, params) -> dict:
        subnets = self.network.subnets
        return self._describe(params, list(subnets.values()), "SubnetIds", subnets,
                              lambda unknown: not_found("InvalidSubnetID.NotFound", "subnet", unknown),
                              resources.SUBNET_GETTERS, lambda s: resources.subnet_doc(s, self.network), "Subnets")

    def describe_security_groups(self, ctx, params) -> dict:
        groups = self.network.security_groups
        items = list(groups.values())
        names = params.get("GroupNames") or []
        if names:
            default_vpc = self.network.default_vpc.id
            for name in names:
                if self.network.group_named(default_vpc, name) is None:
                    raise AWSError("InvalidGroup.NotFound", f"The security group '{name}' does not exist in "
                                   f"default VPC '{default_vpc}'")
            items = [g for g in items if g.vpc_id == default_vpc and g.name in names]

        def missing(unknown):
            return AWSError("InvalidGroup.NotFound", f"The security group '{unknown[0]}' does not exist")

        return self._describe(params, items, "GroupIds", groups, missing, resources.SECURITY_GROUP_GETTERS,
                              lambda g: resources.security_group_doc(g, self.network), "SecurityGroups")

    def describe_availability_zones(self, ctx, params) -> dict:
        network = self.network
        zones = [SimpleNamespace(name=z, zone_id=zone_id(network.region, n), region=network.region, tags={})
                 for n, z in enumerate(network.zones)]
        for name in params.get("ZoneNames") or ():
            if name not in network.zones:
                raise invalid_value(f"The zone '{name}' does not exist.")
        wanted_names = set(params.get("ZoneNames") or ()) | {z.name for z in zones
                                                              if z.zone_id in set(params.get("ZoneIds") or ())}
        if wanted_names:
            zones = [z for z in zones if z.name in wanted_names]
        compiled = compile_filters(params.get("Filters"), resources.ZONE_GETTERS)
        if params.get("DryRun"):
            raise dry_run()
        return {"AvailabilityZones": [resources.zone_doc(network, z.name) for z in zones if matches(z, compiled)]}

    # -- tags ---------------------------------------------------------------------------
    def _taggable(self) -> dict:
        return {"i": self.instances, "vpc": self.network.vpcs, "subnet": self.network.subnets,
                "sg": self.network.security_groups}

    def create_tags(self, ctx, params) -> dict:
        targets = tagging.resolve(params.get("Resources") or [], self._taggable())
        tags = {}
        for tag in params.get("Tags") or ():
            key, value = tag.get("Key"), tag.get("Value") or ""
            check_tag(key, value)
            tags[key] = value
        for _kind, _rid, resource in targets:
            if len({**resource.tags, **tags}) > MAX_TAGS:
                raise AWSError("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.")
        if params.get("DryRun"):
            raise dry_run()
        for _kind, _rid, resource in targets:
            resource.tags.update(tags)
            if isinstance(resource, Instance):
                resource.sync_tags()
        return {}

    def delete_tags(self, ctx, params) -> dict:
        targets = tagging.resolve(params.get("Resources") or [], self._taggable())
        if params.get("DryRun"):
            raise dry_run()
        requested = params.get("Tags")
        for _kind, _rid, resource in targets:
            if requested is None:
                resource.tags.clear()
            for tag in requested or ():
                key = tag.get("Key")
                # A given value (even "") deletes the tag only when it matches.
                if "Value" in tag and resource.tags.get(key) != tag["Value"]:
                    continue
                resource.tags.pop(key, None)
            if isinstance(resource, Instance):
                resource.sync_tags()
        return {}

    def describe_tags(self, ctx, params) -> dict:
        max_results = params.get("MaxResults")
        pagination.check_max_results(max_results)
        compiled = compile_filters(params.get("Filters"), tagging.TAG_GETTERS)
        if params.get("DryRun"):
            raise dry_run()
        self._forget_old_terminated()
        entries = []
        for prefix, registry in self._taggable().items():
            kind = tagging.KINDS[prefix][0]
            for resource_id, resource in registry.items():
                for key, value in resource.tags.items():
                    entries.append(tagging.TagEntry(kind, resource_id, key, value, resource.tags))
        entries.sort(key=lambda e: (e.doc["ResourceId"], e.doc["Key"]))
        selected = [e for e in entries if matches(e, compiled)]
        positions = {id(e): n for n, e in enumerate(selected)}
        shown, token = pagination.page(selected, lambda e: positions[id(e)], max_results, params.get("NextToken"))
        out = {"Tags": [e.doc for e in shown]}
        if token:
            out["NextToken"] = token
        return out


def _by_sequence(instance: Instance) -> int:
    return instance.sequence
