"""Amazon Simple Notification Service: standard and FIFO topics, subscriptions with filter
policies, and delivery to SQS queues and Lambda functions through their backends."""
from iamulator.authz import resource_policies as _resource_policies
from iamulator.services.sns.backend import Backend
from iamulator.services.sns.topic_policy import resource_policy

_resource_policies.register("sns", resource_policy)

__all__ = ["Backend", "resource_policy"]
