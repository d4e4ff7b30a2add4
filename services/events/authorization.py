"""What EventBridge requests are authorized for, beyond what the Service Authorization Reference says.

Buses are named by name or ARN (``Name`` for the bus operations, ``EventBusName`` elsewhere, the
default bus when omitted); a bus ARN of another account makes the check cross-account, as
PutEvents to a partner's bus is. Rules are ``rule/<name>`` on the default bus and
``rule/<bus>/<name>`` on a custom one. PutEvents needs ``events:PutEvents`` on each entry's bus
with that entry's ``events:source`` and ``events:detail-type``; PutTargets is checked for each
target with its ``events:TargetArn``; PutRule carries the pattern's sources and detail types.
"""
from __future__ import annotations

import json

from iamulator.authz.declarations import Declarations, act
from iamulator.services.events.names import DEFAULT_BUS, parse_bus_arn

RULE_TYPES = ("rule-on-custom-event-bus", "rule-on-default-event-bus")
BUS_TYPES = ("event-bus",)


def _bus(value):
    """(region, account, name) a name-or-ARN names, or (None, None, name)."""
    if isinstance(value, str) and value.startswith("arn:"):
        parsed = parse_bus_arn(value)
        if parsed is not None:
            return parsed
    return None, None, value or DEFAULT_BUS


def _bus_name(member: str):
    return lambda r: _bus(r.params.get(member))[2]


def _custom_bus(r):
    """The rule's bus name for the custom-bus rule ARN; None on the default bus."""
    name = _bus(r.params.get("EventBusName"))[2]
    return None if name == DEFAULT_BUS else name


def _account(member: str):
    return lambda r: _bus(r.params.get(member))[1]


def _region(member: str):
    return lambda r: _bus(r.params.get(member))[0]


def _pattern_values(key: str):
    def read(r):
        try:
            doc = json.loads(r.params.get("EventPattern") or "{}")
        except ValueError:
            return None
        values = doc.get(key) if isinstance(doc, dict) else None
        found = [v for v in values if isinstance(v, str)] if isinstance(values, list) else []
        return found or None
    return read


def _entry_bus(r):
    return _bus(r.item.get("EventBusName"))


def _resource_context(r, resource_type: str) -> dict | None:
    vars_ = r.vars or {}
    try:
        backend = r.ctx.store.backend("events", vars_.get("Account") or r.ctx.account_id,
                                      vars_.get("Region") or r.ctx.region)
    except KeyError:
        return None
    with backend.lock:
        if resource_type in BUS_TYPES:
            found = backend.buses.get(vars_.get("EventBusName") or DEFAULT_BUS)
        else:
            bus = backend.buses.get(vars_.get("EventBusName") or DEFAULT_BUS)
            found = bus.rules.get(vars_.get("RuleName")) if bus is not None else None
        if found is None:
            return None
        return {"aws:ResourceTag/" + k: v for k, v in found.tags.items()}


auth = Declarations(
    "events",
    variables={"EventBusName": _custom_bus, "RuleName": ["Name", "Rule"],
               "Account": _account("EventBusName"), "Region": _region("EventBusName")},
    keys={"events:creatorAccount": lambda r: r.ctx.account_id},
    resource_context=_resource_context,
    resource_keys=("aws:ResourceTag/${TagKey}",),
)

_BUS_VARS = {"EventBusName": _bus_name("Name"), "Account": _account("Name"), "Region": _region("Name")}
for _operation in ("CreateEventBus", "DeleteEventBus", "DescribeEventBus", "UpdateEventBus"):
    auth.operation(_operation, act(_operation, on=BUS_TYPES, vars=_BUS_VARS))

for _operation in ("DescribeRule", "DeleteRule", "EnableRule", "DisableRule", "RemoveTargets", "ListTargetsByRule"):
    auth.operation(_operation, act(_operation, on=RULE_TYPES))

auth.operation("PutRule", act("PutRule", on=RULE_TYPES, keys={
    "events:source": _pattern_values("source"), "events:detail-type": _pattern_values("detail-type")}))

auth.operation("PutTargets", act("PutTargets", on=RULE_TYPES, each=lambda r: r.params.get("Targets") or [],
                                 keys={"events:TargetArn": lambda r: r.item.get("Arn")}))

auth.operation("PutEvents", act(
    "PutEvents", on=BUS_TYPES, each=lambda r: r.params.get("Entries") or [],
    vars={"EventBusName": lambda r: _entry_bus(r)[2], "Account": lambda r: _entry_bus(r)[1],
          "Region": lambda r: _entry_bus(r)[0]},
    keys={"events:source": lambda r: r.item.get("Source"), "events:detail-type": lambda r: r.item.get("DetailType")}))
