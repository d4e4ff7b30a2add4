"""ECR's errors, with the service's wording."""
from __future__ import annotations

from iamulator.services.errors import AWSError


def invalid(parameter: str, constraint: str) -> AWSError:
    """ECR's own constraint message: ``Invalid parameter at 'X' failed to satisfy constraint: 'C'``."""
    return AWSError("InvalidParameterException",
                    f"Invalid parameter at '{parameter}' failed to satisfy constraint: '{constraint}'")


def repository_not_found(name: str, registry: str) -> AWSError:
    return AWSError("RepositoryNotFoundException",
                    f"The repository with name '{name}' does not exist in the registry with id '{registry}'")


def repository_exists(name: str, registry: str) -> AWSError:
    return AWSError("RepositoryAlreadyExistsException",
                    f"The repository with name '{name}' already exists in the registry with id '{registry}'")


def repository_not_empty(name: str, registry: str) -> AWSError:
    return AWSError("RepositoryNotEmptyException",
                    f"The repository with name '{name}' in registry with id '{registry}' cannot be deleted "
                    "because it still contains images")


def policy_not_found(name: str, registry: str) -> AWSError:
    return AWSError("RepositoryPolicyNotFoundException",
                    f"Repository policy does not exist for the repository with name '{name}' in the registry "
                    f"with id '{registry}'")


def lifecycle_not_found(name: str, registry: str) -> AWSError:
    return AWSError("LifecyclePolicyNotFoundException",
                    f"Lifecycle policy does not exist for the repository with name '{name}' in the registry "
                    f"with id '{registry}'")
