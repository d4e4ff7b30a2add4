"""AWS Secrets Manager: secrets, versions and staging labels, deletion windows, rotation settings,
random passwords, tags and resource policies."""
from iamulator.authz import resource_policies as _resource_policies
from iamulator.services.secretsmanager.backend import Backend
from iamulator.services.secretsmanager.policies import resource_policy

_resource_policies.register("secretsmanager", resource_policy)

__all__ = ["Backend", "resource_policy"]
