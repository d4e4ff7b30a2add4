"""AWS Key Management Service: symmetric, RSA, ECC and HMAC keys with real cryptography,
aliases, grants, key policies, rotation and tags.

Other services encrypt and decrypt through ``iamulator.services.kms.access`` (no HTTP round
trip); the authorization layer reads key policies through ``resource_policy``.
"""
from iamulator.authz import resource_policies as _resource_policies
from iamulator.services.kms.access import resource_policy
from iamulator.services.kms.backend import Backend
from iamulator.services.kms.grant_authority import grant_allowing

_resource_policies.register("kms", resource_policy)
_resource_policies.register_grants("kms", grant_allowing)

__all__ = ["Backend", "resource_policy"]
