"""Running a schedule rule on demand: the emulator keeps schedules but has no clock running them."""
from __future__ import annotations

import datetime
import json
import uuid

from iamulator.services.events import clock, routing
from iamulator.services.events.errors import rule_not_found
from iamulator.services.events.names import DEFAULT_BUS


def fire_scheduled_rule(store, account: str, region: str, rule_name: str, bus_name: str = DEFAULT_BUS) -> str:
    """Delivers the "Scheduled Event" a schedule rule sends when it fires, now; returns its id."""
    backend = store.backend("events", account, region)
    with backend.lock:
        bus = backend.buses.get(bus_name)
        rule = bus.rules.get(rule_name) if bus is not None else None
        if rule is None:
            raise rule_not_found(rule_name, bus_name)
        event = {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event",
                 "source": "aws.events", "account": account,
                 "time": datetime.datetime.fromtimestamp(clock.now(), datetime.timezone.utc).strftime(
                     "%Y-%m-%dT%H:%M:%SZ"),
                 "region": region, "resources": [rule.arn], "detail": {}}
        matched = [(rule, dict(t)) for t in rule.targets.values()] if rule.enabled else []
    routing.deliver(store, None, backend, matched, event, json.dumps(event, separators=(",", ":")))
    return event["id"]
