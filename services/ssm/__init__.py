"""AWS Systems Manager Parameter Store: String, StringList and SecureString parameters (encrypted
by the KMS backend), versions and labels, hierarchies, tiers, tags, and Secrets Manager
references. The rest of SSM is not emulated."""
from iamulator.services.ssm.backend import Backend

__all__ = ["Backend"]
