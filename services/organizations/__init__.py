"""AWS Organizations: one organization per management account, OUs, accounts, SCPs and RCPs
enforced on every authorized request."""
from iamulator.services.organizations.backend import Backend

__all__ = ["Backend"]
