"""Routing an event: the rules of the receiving bus that match it, and delivery to their targets.

Each bus is read under its own backend's lock and delivery happens with no lock held, so buses
of different accounts forwarding to each other can never wait on each other.
"""
from __future__ import annotations

import collections
import time

from iamulator.services.events import delivery, transform
from iamulator.services.events.names import parse_bus_arn
from iamulator.services.events.putevents import event_time_ms

MAX_RECORDS = 1000


def new_log() -> collections.deque:
    return collections.deque(maxlen=MAX_RECORDS)


def matching(store, region: str, account: str, bus_name: str, event: dict):
    """(the bus owner's backend, [(rule, target), ...]) or None when there is no such bus."""
    backend = store.backend("events", account, region)
    with backend.lock:
        bus = backend.buses.get(bus_name)
        if bus is None:
            return None
        found = [(rule, dict(target)) for rule in bus.rules.values() if rule.matches(event)
                 for target in rule.targets.values()]
    return backend, found


def deliver(store, request, backend, matched: list, event: dict, event_text: str, hops: int = 0) -> None:
    """Sends the event to every matched target and records each attempt on ``backend``."""
    ingestion = str(int(time.time() * 1000))
    timestamp_ms = event_time_ms(event)
    for rule, target in matched:
        arn = target["Arn"]
        bus = parse_bus_arn(arn)
        if bus is not None:
            status, error = forward(store, request, bus, event, event_text, hops)
            body = event_text
        else:
            body = transform.target_input(target, event, event_text, rule, ingestion)
            status, error = delivery.send(store, request, target, body, event, timestamp_ms)
        backend.deliveries.append({"EventId": event["id"], "RuleArn": rule.arn, "TargetId": target["Id"],
                                   "TargetArn": arn, "Input": body, "Status": status, "Error": error})


def forward(store, request, bus: tuple, event: dict, event_text: str, hops: int) -> tuple[str, str | None]:
    if hops >= delivery.MAX_BUS_HOPS:
        return "failed", "The event has been forwarded between event buses too many times."
    region, account, name = bus
    found = matching(store, region, account, name, event)
    if found is None:
        return "failed", f"ResourceNotFoundException: Event bus {name} does not exist."
    backend, matched = found
    deliver(store, request, backend, matched, event, event_text, hops + 1)
    return "delivered", None
