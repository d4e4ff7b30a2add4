"""Amazon Simple Queue Service: standard and FIFO queues, long polling, dead-letter redrive."""
from iamulator.authz import resource_policies as _resource_policies
from iamulator.services.sqs.backend import Backend
from iamulator.services.sqs.queue_policy import resource_policy

_resource_policies.register("sqs", resource_policy)

__all__ = ["Backend", "resource_policy"]
