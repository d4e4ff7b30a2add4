"""EC2 operations for one account in one region.

Instances start ``pending`` in RunInstances' answer and are ``running`` from the next call on
(waiters and describe calls see them running at once). TerminateInstances answers
``shutting-down`` and they are ``terminated`` from the next call on; terminated instances stay
listed for an hour, as on AWS.
"""
from __future__ import annotations

import time

from iamulator.services.base import Service
from iamulator.services.ec2 import ids, launch, pagination
from iamulator.services.ec2.errors import dry_run, invalid_combination, not_found
from iamulator.services.ec2.filters import compile_filters, matches
from iamulator.services.ec2.instances import GETTERS, STATES, Instance, now_utc
from iamulator.services.ec2.network import Network
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
        members = [i.doc for i in self.instances.values() if i.reservation_id == reservation_id]
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
            current["Instances"].append(instance.doc)
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


def _by_sequence(instance: Instance) -> int:
    return instance.sequence
