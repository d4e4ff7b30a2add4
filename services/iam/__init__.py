"""AWS Identity and Access Management: users, groups, roles, policies, keys, the simulator,
and the identity source authentication reads (``identity.py``)."""
from iamulator.services.iam.backend import Backend

__all__ = ["Backend"]
