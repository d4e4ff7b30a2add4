"""AWS Identity and Access Management: users, groups, roles, policies, keys, the simulator,
and the identity source authentication reads (``identity.py``)."""
from iamulator.services.iam import identity as _identity
from iamulator.services.iam.backend import Backend

# IAM keys exist only once this package has run, so this is when authentication needs to
# find them; wiring that registered a source of its own keeps it.
_identity.install(replace=False)

__all__ = ["Backend"]
