"""EventBridge for one account in one region: event buses and their policies, rules, targets,
PutEvents with delivery to matching rules' targets, TestEventPattern, and tags."""
from __future__ import annotations

import base64
import json
import re

from iamulator.services.base import Service
from iamulator.services.errors import AWSError
from iamulator.services.events import clock, permissions, putevents, routing, schedule, transform
from iamulator.services.events.buses import EventBus, Rule
from iamulator.services.events.errors import (bus_not_found, constraint, not_found, rule_not_found,
                                              validation)
from iamulator.services.events.names import (DEFAULT_BUS, bus_reference, check_bus_name, check_rule_name,
                                             parse_bus_arn)
from iamulator.services.events.patterns import compile_pattern
from iamulator.services.locks import released

MAX_TARGETS = 5
MAX_TARGETS_PER_REQUEST = 10
MAX_PATTERN = 4096
MAX_TAGS = 50
_TARGET_ID = re.compile(r"[\.\-_A-Za-z0-9]{1,64}\Z")
_TARGET_ARN = re.compile(r"arn:aws[\w-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+\Z")
_EVENT_FIELDS = ("id", "account", "source", "time", "region", "detail-type")


def _token(position: int) -> str:
    return base64.urlsafe_b64encode(f"position:{position}".encode()).decode()


def _page(items: list, params: dict, high: int = 100) -> tuple[list, str | None]:
    limit = params.get("Limit")
    if limit is not None and not 1 <= limit <= high:
        raise constraint(limit, "limit", f"have value less than or equal to {high}" if limit > high
                         else "have value greater than or equal to 1")
    start = 0
    if params.get("NextToken"):
        try:
            kind, value = base64.urlsafe_b64decode(params["NextToken"].encode()).decode().split(":")
            if kind != "position":
                raise ValueError(kind)
            start = int(value)
        except (ValueError, UnicodeDecodeError):
            raise validation("The provided NextToken is not valid.") from None
    end = len(items) if limit is None else start + limit
    return items[start:end], (_token(end) if end < len(items) else None)


class Backend(Service):
    name = "events"

    def __init__(self, account_id: str, region: str, store=None):
        super().__init__(account_id, region, store)
        self.buses: dict[str, EventBus] = {DEFAULT_BUS: EventBus(DEFAULT_BUS, account_id, region)}
        self.deliveries = routing.new_log()

    # -- finding ----------------------------------------------------------------------------
    def _bus(self, value: str | None, param: str = "EventBusName") -> EventBus:
        region, account, name = bus_reference(value, self.region, self.account_id, param)
        bus = self.buses.get(name) if (region, account) == (self.region, self.account_id) else None
        if bus is None:
            raise bus_not_found(name)
        return bus

    def _rule(self, params: dict, key: str = "Name") -> tuple[EventBus, Rule]:
        bus = self._bus(params.get("EventBusName"))
        name = params.get(key)
        rule = bus.rules.get(name)
        if rule is None:
            raise rule_not_found(name, bus.name)
        return bus, rule

    # -- event buses ------------------------------------------------------------------------
    def create_event_bus(self, ctx, params) -> dict:
        name = check_bus_name(params.get("Name"))
        if params.get("EventSourceName"):
            raise AWSError("NotImplemented", "Partner event buses are not implemented by iamulator.", 501)
        if "/" in name:
            raise validation("Event bus name must not contain '/'.")
        if name in self.buses:
            raise AWSError("ResourceAlreadyExistsException", f"Event bus {name} already exists.")
        bus = EventBus(name, self.account_id, self.region, params.get("Description"))
        self._configure(bus, params)
        self._add_tags(bus.tags, params.get("Tags") or [])
        self.buses[name] = bus
        out = {"EventBusArn": bus.arn}
        for key in ("Description", "KmsKeyIdentifier", "DeadLetterConfig", "LogConfig"):
            if params.get(key) is not None:
                out[key] = params[key]
        return out

    @staticmethod
    def _configure(bus: EventBus, params: dict) -> None:
        if params.get("Description") is not None:
            if len(params["Description"]) > 512:
                raise constraint(params["Description"], "description", "have length less than or equal to 512")
            bus.description = params["Description"]
        if params.get("KmsKeyIdentifier") is not None:
            bus.kms_key = params["KmsKeyIdentifier"]
        if params.get("DeadLetterConfig") is not None:
            arn = params["DeadLetterConfig"].get("Arn") or ""
            if not arn.startswith("arn:") or ":sqs:" not in arn:
                raise validation("Valid SQS queue ARN required for DeadLetterConfig.")
            bus.dead_letter = params["DeadLetterConfig"]
        if params.get("LogConfig") is not None:
            bus.log_config = params["LogConfig"]

    def update_event_bus(self, ctx, params) -> dict:
        bus = self._bus(params.get("Name"), "Name")
        self._configure(bus, params)
        bus.modified = clock.now()
        out = {"Arn": bus.arn, "Name": bus.name}
        for key, value in (("Description", bus.description), ("KmsKeyIdentifier", bus.kms_key),
                           ("DeadLetterConfig", bus.dead_letter), ("LogConfig", bus.log_config)):
            if value is not None:
                out[key] = value
        return out

    def delete_event_bus(self, ctx, params) -> dict:
        name = check_bus_name(params.get("Name"))
        if name == DEFAULT_BUS:
            raise validation("Cannot delete event bus default.")
        bus = self.buses.get(name)
        if bus is None:
            return {}
        if bus.rules:
            raise validation("EventBus can't be deleted since it has rules.")
        del self.buses[name]
        return {}

    def describe_event_bus(self, ctx, params) -> dict:
        return self._bus(params.get("Name"), "Name").describe()

    def list_event_buses(self, ctx, params) -> dict:
        prefix = params.get("NamePrefix") or ""
        buses = [b for n, b in sorted(self.buses.items()) if n.startswith(prefix)]
        chosen, token = _page(buses, params)
        out = {"EventBuses": [b.describe(listing=True) for b in chosen]}
        if token:
            out["NextToken"] = token
        return out

    # -- permissions --------------------------------------------------------------------------
    def put_permission(self, ctx, params) -> dict:
        bus = self._bus(params.get("EventBusName"))
        permissions.put(bus, params)
        bus.modified = clock.now()
        return {}

    def remove_permission(self, ctx, params) -> dict:
        bus = self._bus(params.get("EventBusName"))
        permissions.remove(bus, params)
        bus.modified = clock.now()
        return {}

    # -- rules ------------------------------------------------------------------------------
    def put_rule(self, ctx, params) -> dict:
        name = check_rule_name(params.get("Name"))
        bus = self._bus(params.get("EventBusName"))
        pattern, expression = params.get("EventPattern"), params.get("ScheduleExpression")
        if not pattern and not expression:
            raise validation("Parameter(s) EventPattern or ScheduleExpression must be specified.")
        if pattern:
            if len(pattern) > MAX_PATTERN:
                raise constraint(pattern, "eventPattern", f"have length less than or equal to {MAX_PATTERN}")
            compile_pattern(pattern)
        if expression:
            if not bus.is_default:
                raise validation("ScheduleExpression is supported only on the default event bus.")
            schedule.check(expression)
        state = params.get("State") or "ENABLED"
        if state not in ("ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"):
            raise constraint(state, "state", "satisfy enum value set: [ENABLED, DISABLED, "
                                             "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]")
        if params.get("Description") is not None and len(params["Description"]) > 512:
            raise constraint(params["Description"], "description", "have length less than or equal to 512")
        rule = bus.rules.get(name)
        tags = params.get("Tags") or []
        if rule is None:
            rule = Rule(bus, name)
            self._add_tags(rule.tags, tags)
            bus.rules[name] = rule
        elif tags:
            self._add_tags(rule.tags, tags)
        rule.pattern = pattern or None
        rule.schedule = expression or None
        rule.state = state
        rule.description = params.get("Description")
        rule.role_arn = params.get("RoleArn")
        return {"RuleArn": rule.arn}

    def describe_rule(self, ctx, params) -> dict:
        return self._rule(params)[1].describe()

    def list_rules(self, ctx, params) -> dict:
        bus = self._bus(params.get("EventBusName"))
        prefix = params.get("NamePrefix") or ""
        rules = [r for n, r in sorted(bus.rules.items()) if n.startswith(prefix)]
        chosen, token = _page(rules, params)
        out = {"Rules": [r.describe() for r in chosen]}
        if token:
            out["NextToken"] = token
        return out

    def enable_rule(self, ctx, params) -> dict:
        self._rule(params)[1].state = "ENABLED"
        return {}

    def disable_rule(self, ctx, params) -> dict:
        self._rule(params)[1].state = "DISABLED"
        return {}

    def delete_rule(self, ctx, params) -> dict:
        bus = self._bus(params.get("EventBusName"))
        rule = bus.rules.get(params.get("Name"))
        if rule is None:
            return {}
        if rule.targets:
            raise validation("Rule can't be deleted since it has targets.")
        del bus.rules[rule.name]
        return {}

    def list_rule_names_by_target(self, ctx, params) -> dict:
        bus = self._bus(params.get("EventBusName"))
        arn = params.get("TargetArn")
        if not arn:
            raise validation("Parameter TargetArn must be specified.")
        names = [n for n, r in sorted(bus.rules.items()) if any(t["Arn"] == arn for t in r.targets.values())]
        chosen, token = _page(names, params)
        out = {"RuleNames": chosen}
        if token:
            out["NextToken"] = token
        return out

    # -- targets ------------------------------------------------------------------------------
    def put_targets(self, ctx, params) -> dict:
        bus, rule = self._rule(params, "Rule")
        targets = params.get("Targets") or []
        if not targets:
            raise constraint("[]", "targets", "have length greater than or equal to 1")
        if len(targets) > MAX_TARGETS_PER_REQUEST:
            raise constraint("[Target]", "targets", f"have length less than or equal to {MAX_TARGETS_PER_REQUEST}")
        for target in targets:
            self._check_target(target)
        failed, accepted = [], []
        for target in targets:
            problem = self._target_problem(target)
            if problem is not None:
                failed.append({"TargetId": target["Id"], "ErrorCode": "ValidationException", "ErrorMessage": problem})
            else:
                accepted.append(target)
        ids = set(rule.targets) | {t["Id"] for t in accepted}
        if len(ids) > MAX_TARGETS:
            raise AWSError("LimitExceededException", "The requested resource exceeds the maximum number allowed.")
        for target in accepted:
            rule.targets[target["Id"]] = {k: v for k, v in target.items() if v is not None}
        return {"FailedEntryCount": len(failed), "FailedEntries": failed}

    @staticmethod
    def _check_target(target: dict) -> None:
        target_id, arn = target.get("Id"), target.get("Arn")
        if not target_id or not _TARGET_ID.match(target_id):
            raise constraint(target_id, "targets.member.id", "satisfy regular expression pattern: "
                                                            "[\\.\\-_A-Za-z0-9]+")
        if not arn or not _TARGET_ARN.match(arn):
            raise validation(f"Parameter {arn} is not valid. Reason: Provided Arn is not in correct format.")
        transform.check_target_input(target)

    def _target_problem(self, target: dict) -> str | None:
        arn = target["Arn"]
        parts = arn.split(":")
        if parts[2] == "sqs" and parts[5].endswith(".fifo") and not (target.get("SqsParameters") or {}).get(
                "MessageGroupId"):
            return f"Parameter(s) SqsParameters must be specified for target: {target['Id']}."
        bus = parse_bus_arn(arn)
        if bus is not None and bus[1] != self.account_id and any(
                target.get(k) is not None for k in ("Input", "InputPath", "InputTransformer")):
            return ("Input, InputPath and InputTransformer are not available for a target that is an event bus of "
                    "another account.")
        return None

    def remove_targets(self, ctx, params) -> dict:
        bus, rule = self._rule(params, "Rule")
        ids = params.get("Ids") or []
        if not ids:
            raise constraint("[]", "ids", "have length greater than or equal to 1")
        for target_id in ids:
            rule.targets.pop(target_id, None)
        return {"FailedEntryCount": 0, "FailedEntries": []}

    def list_targets_by_rule(self, ctx, params) -> dict:
        bus, rule = self._rule(params, "Rule")
        chosen, token = _page(list(rule.targets.values()), params)
        out = {"Targets": [dict(t) for t in chosen]}
        if token:
            out["NextToken"] = token
        return out

    # -- events -------------------------------------------------------------------------------
    def put_events(self, ctx, params) -> dict:
        entries = params.get("Entries") or []
        putevents.check_request(entries)
        if params.get("EndpointId"):
            raise AWSError("NotImplemented", "Global endpoints are not implemented by iamulator.", 501)
        now = clock.now()
        results = []
        pending = []
        for entry in entries:
            try:
                where = bus_reference(entry.get("EventBusName"), self.region, self.account_id)
                event = putevents.build(entry, self.account_id, self.region, now)
            except putevents.EntryError as err:
                results.append({"ErrorCode": err.code, "ErrorMessage": err.message})
                continue
            except AWSError as err:
                results.append({"ErrorCode": err.code, "ErrorMessage": err.message})
                continue
            results.append({"EventId": event["id"]})
            pending.append((len(results) - 1, where, event))
        request = getattr(ctx, "request", None)
        with released(self.lock):
            for index, (region, account, name), event in pending:
                found = routing.matching(self.store, region, account, name, event)
                if found is None:
                    results[index] = {"ErrorCode": "ResourceNotFoundException",
                                      "ErrorMessage": f"Event bus {name} does not exist."}
                    continue
                owner, matched = found
                routing.deliver(self.store, request, owner, matched, event,
                                json.dumps(event, separators=(",", ":"), ensure_ascii=False))
        failed = sum(1 for r in results if "ErrorCode" in r)
        return {"FailedEntryCount": failed, "Entries": results}

    def test_event_pattern(self, ctx, params) -> dict:
        pattern = compile_pattern(params.get("EventPattern") or "")
        try:
            event = json.loads(params.get("Event") or "")
        except ValueError:
            event = None
        if not isinstance(event, dict) or any(field not in event for field in _EVENT_FIELDS):
            raise validation("Parameter Event is not valid.")
        return {"Result": pattern.matches(event)}

    # -- tags -----------------------------------------------------------------------------------
    def _tagged(self, arn: str | None) -> dict:
        if not arn:
            raise validation("Parameter ResourceARN must be specified.")
        parts = arn.split(":", 5)
        if len(parts) != 6 or parts[2] != "events":
            raise validation(f"Parameter {arn} is not valid. Reason: Provided Arn is not in correct format.")
        resource = parts[5]
        if (parts[3], parts[4]) != (self.region, self.account_id):
            raise not_found(f"Resource {arn} not found.")
        if resource.startswith("event-bus/"):
            bus = self.buses.get(resource[len("event-bus/"):])
            if bus is None:
                raise bus_not_found(resource[len("event-bus/"):])
            return bus.tags
        if resource.startswith("rule/"):
            path = resource[len("rule/"):]
            bus_name, _, rule_name = path.rpartition("/")
            bus_name = bus_name or DEFAULT_BUS
            bus = self.buses.get(bus_name)
            rule = bus.rules.get(rule_name) if bus is not None else None
            if rule is None:
                raise rule_not_found(rule_name, bus_name)
            return rule.tags
        raise not_found(f"Resource {arn} not found.")

    @staticmethod
    def _add_tags(current: dict, tags: list) -> None:
        merged = dict(current)
        for tag in tags:
            key = tag.get("Key")
            if not key:
                raise constraint(key, "tags.member.key", "have length greater than or equal to 1")
            if key.startswith("aws:"):
                raise validation("Invalid tag key: tag keys starting with aws: are reserved.")
            merged[key] = tag.get("Value", "")
        if len(merged) > MAX_TAGS:
            raise AWSError("LimitExceededException", "The requested resource exceeds the maximum number allowed.")
        current.clear()
        current.update(merged)

    def tag_resource(self, ctx, params) -> dict:
        self._add_tags(self._tagged(params.get("ResourceARN")), params.get("Tags") or [])
        return {}

    def untag_resource(self, ctx, params) -> dict:
        tags = self._tagged(params.get("ResourceARN"))
        for key in params.get("TagKeys") or ():
            tags.pop(key, None)
        return {}

    def list_tags_for_resource(self, ctx, params) -> dict:
        return {"Tags": [{"Key": k, "Value": v} for k, v in self._tagged(params.get("ResourceARN")).items()]}
