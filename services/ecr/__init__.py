"""Amazon ECR: repositories with their settings, tags, repository and lifecycle policies,
image manifests (PutImage, BatchGetImage, ListImages, DescribeImages, BatchDeleteImage), layer
uploads and authorization tokens."""
from iamulator.authz import resource_policies as _resource_policies
from iamulator.services.ecr.backend import Backend
from iamulator.services.ecr.policies import resource_policy

_resource_policies.register("ecr", resource_policy)

__all__ = ["Backend", "resource_policy"]
