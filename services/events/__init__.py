"""Amazon EventBridge: event buses and their permissions, rules with event patterns or schedules,
targets (SQS, SNS, Lambda, event buses, log groups) with input transformation, PutEvents with
delivery through the target services' backends, TestEventPattern, and tags."""
from iamulator.authz import resource_policies as _resource_policies
from iamulator.services.events.backend import Backend
from iamulator.services.events.outbox import delivered
from iamulator.services.events.policy import resource_policy
from iamulator.services.events.scheduled import fire_scheduled_rule

_resource_policies.register("events", resource_policy)

__all__ = ["Backend", "delivered", "fire_scheduled_rule", "resource_policy"]
