"""Event buses and the rules on them."""
from __future__ import annotations

from iamulator.services.events import clock
from iamulator.services.events.names import DEFAULT_BUS, bus_arn, rule_arn
from iamulator.services.events.patterns import compile_pattern


class Rule:
    def __init__(self, bus: "EventBus", name: str):
        self.bus = bus
        self.name = name
        self.arn = rule_arn(bus.region, bus.account, bus.name, name)
        self.pattern: str | None = None
        self.schedule: str | None = None
        self.state = "ENABLED"
        self.description: str | None = None
        self.role_arn: str | None = None
        self.targets: dict[str, dict] = {}     # in the order they were added
        self.tags: dict[str, str] = {}

    @property
    def enabled(self) -> bool:
        return self.state != "DISABLED"

    def matches(self, event: dict) -> bool:
        return self.enabled and self.pattern is not None and compile_pattern(self.pattern).matches(event)

    def describe(self) -> dict:
        out = {"Name": self.name, "Arn": self.arn, "State": self.state, "EventBusName": self.bus.name,
               "CreatedBy": self.bus.account}
        for key, value in (("EventPattern", self.pattern), ("ScheduleExpression", self.schedule),
                           ("Description", self.description), ("RoleArn", self.role_arn)):
            if value is not None:
                out[key] = value
        return out


class EventBus:
    def __init__(self, name: str, account: str, region: str, description: str | None = None):
        self.name = name
        self.account = account
        self.region = region
        self.arn = bus_arn(region, account, name)
        self.description = description
        self.kms_key = None
        self.dead_letter = None
        self.log_config = None
        self.policy: dict | None = None
        self.created = self.modified = clock.now()
        self.rules: dict[str, Rule] = {}
        self.tags: dict[str, str] = {}

    @property
    def is_default(self) -> bool:
        return self.name == DEFAULT_BUS

    def describe(self, listing: bool = False) -> dict:
        import json

        out = {"Name": self.name, "Arn": self.arn, "CreationTime": self.created, "LastModifiedTime": self.modified}
        if self.description is not None:
            out["Description"] = self.description
        if self.policy is not None:
            out["Policy"] = json.dumps(self.policy)
        if not listing:
            if self.kms_key is not None:
                out["KmsKeyIdentifier"] = self.kms_key
            if self.dead_letter is not None:
                out["DeadLetterConfig"] = self.dead_letter
            if self.log_config is not None:
                out["LogConfig"] = self.log_config
        return out
