"""The event bus policy lookup the enforcement layer uses."""
from __future__ import annotations

import json

from iamulator.services.events.names import parse_bus_arn


def resource_policy(ctx, resource_arn: str):
    """(the event bus policy document governing ``resource_arn`` as JSON text, or None; the owner)."""
    parsed = parse_bus_arn(resource_arn)
    if parsed is None:
        parts = resource_arn.split(":")
        return None, parts[4] if len(parts) > 4 and parts[4] else ctx.account_id
    region, account, name = parsed
    backend = ctx.store.backend("events", account, region)
    with backend.lock:
        bus = backend.buses.get(name)
        return (json.dumps(bus.policy) if bus is not None and bus.policy else None), account
