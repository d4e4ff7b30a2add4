"""IAM for one account (all regions): every operation group mixed into one backend.

Each operation first has its params checked against the model's constraints, as IAM does
whatever the client; every operation that may change state bumps ``generation`` so that the
identity source can cache what it derives from the state.
"""
from __future__ import annotations

from iamulator.services.iam.access_keys import AccessKeyOperations
from iamulator.services.iam.account import IamAccount
from iamulator.services.iam.account_info import AccountOperations
from iamulator.services.iam.constraints import validate
from iamulator.services.iam.groups import GroupOperations
from iamulator.services.iam.inline_policies import InlinePolicyOperations
from iamulator.services.iam.instance_profiles import InstanceProfileOperations
from iamulator.services.iam.login_profiles import LoginProfileOperations
from iamulator.services.iam.managed_policies import ManagedPolicyOperations
from iamulator.services.iam.roles import RoleOperations
from iamulator.services.iam.simulation import SimulationOperations
from iamulator.services.iam.users import UserOperations

_READ_ONLY = ("Get", "List", "Simulate", "Generate")


class Backend(UserOperations, GroupOperations, RoleOperations, InstanceProfileOperations,
              InlinePolicyOperations, ManagedPolicyOperations, AccessKeyOperations,
              LoginProfileOperations, AccountOperations, SimulationOperations, IamAccount):

    @classmethod
    def handler(cls, operation: str):
        table = cls.__dict__.get("_checked_handlers")
        if table is None:
            table = {}
            cls._checked_handlers = table
        if operation in table:
            return table[operation]
        fn = super().handler(operation)
        table[operation] = None if fn is None else _checked(operation, fn)
        return table[operation]


def _checked(operation: str, fn):
    if operation.startswith(_READ_ONLY):
        def run(backend, ctx, params):
            validate("iam", operation, params)
            return fn(backend, ctx, params)
    else:
        def run(backend, ctx, params):
            validate("iam", operation, params)
            try:
                return fn(backend, ctx, params)
            finally:
                backend.generation += 1
    run.__name__ = fn.__name__
    run.__doc__ = fn.__doc__
    return run
