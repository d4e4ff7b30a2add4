"""IAM for one account (all regions): every operation group mixed into one backend.

Each operation first has its params checked against the model's constraints, as IAM does
whatever the client; every operation that may change state bumps ``generation`` so that the
identity source can cache what it derives from the state.
"""
from __future__ import annotations

from iamulator.services.constraints import ModelValidated
from iamulator.services.iam.access_keys import AccessKeyOperations
from iamulator.services.iam.account import IamAccount
from iamulator.services.iam.account_info import AccountOperations
from iamulator.services.iam.constraints import VALIDATOR
from iamulator.services.iam.groups import GroupOperations
from iamulator.services.iam.inline_policies import InlinePolicyOperations
from iamulator.services.iam.instance_profiles import InstanceProfileOperations
from iamulator.services.iam.login_profiles import LoginProfileOperations
from iamulator.services.iam.managed_policies import ManagedPolicyOperations
from iamulator.services.iam.roles import RoleOperations
from iamulator.services.iam.simulation import SimulationOperations
from iamulator.services.iam.users import UserOperations

_READ_ONLY = ("Get", "List", "Simulate", "Generate")


class Backend(ModelValidated, UserOperations, GroupOperations, RoleOperations, InstanceProfileOperations,
              InlinePolicyOperations, ManagedPolicyOperations, AccessKeyOperations,
              LoginProfileOperations, AccountOperations, SimulationOperations, IamAccount):
    validator = VALIDATOR

    @classmethod
    def checked(cls, operation: str, fn):
        if not operation.startswith(_READ_ONLY):
            fn = _counting(fn)
        return super().checked(operation, fn)


def _counting(fn):
    """``fn`` bumping ``generation`` afterwards, whether it changed anything or failed."""
    def run(backend, ctx, params):
        try:
            return fn(backend, ctx, params)
        finally:
            backend.generation += 1
    run.__name__ = fn.__name__
    run.__doc__ = fn.__doc__
    return run
